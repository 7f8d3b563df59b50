"""Every accepted input stays bounded: quotes, the page, the outputs (issue 8 §3).

The full-size adversarial inputs (megabytes) are measured by scripts/bench_adversarial.py; these
are small versions of the same shapes, with the size bounds asserted (never a time).
"""

from __future__ import annotations

import csv
import json
import re

import pytest

from geo import render
from geo.cli import main
from geo.document import parse_document
from geo.errors import DocumentError
from geo.model import QUOTE_MAX_CHARS
from geo.pipeline import run_document


def test_a_short_sentence_is_quoted_whole():
    document = parse_document("Les FAMa ont patrouillé à Gao. Le calme est revenu.".encode())
    start = document.text.index("Gao")
    quote = document.quote(start, start + 3)
    assert quote.text == "Les FAMa ont patrouillé à Gao."
    assert document.text[quote.start : quote.end] == quote.text


def test_a_runaway_sentence_is_quoted_as_a_bounded_window_around_the_mention():
    text = "Gao " * 5000  # 20,000 characters and no full stop
    document = parse_document(text.encode())
    start = 10_000
    quote = document.quote(start, start + 3)
    assert len(quote.text) <= QUOTE_MAX_CHARS
    assert quote.start <= start and start + 3 <= quote.end
    assert document.text[quote.start : quote.end] == quote.text


def test_a_long_sentence_is_cut_at_clause_marks():
    filler = "并在周边地区开展了长时间的巡逻和安全评估工作" * 10  # ~220 characters, no mark
    text = f"{filler}，{filler}，联合国部队在加奥附近遭到袭击，{filler}，{filler}。"
    document = parse_document(text.encode())
    start = text.index("加奥")
    quote = document.quote(start, start + 2)
    assert quote.text == "联合国部队在加奥附近遭到袭击，"
    # With no clause mark near, a window of spaces or characters, never the whole sentence.
    latin = "word " * 200 + "Gao " + "word " * 200
    document = parse_document(latin.encode())
    quote = document.quote(latin.index("Gao"), latin.index("Gao") + 3)
    assert "Gao" in quote.text and len(quote.text) <= QUOTE_MAX_CHARS
    assert not quote.text.startswith(" ") and quote.text.split()[0] == "word"


def test_a_document_naming_places_too_often_is_refused_quickly(gazetteer):
    document = parse_document(("加奥、" * 300).encode(), source="list.txt")
    with pytest.raises(DocumentError, match=r"list.txt: names places more than 100 times"):
        run_document(document, gazetteer=gazetteer, max_names=100)
    # Just under the limit it is mapped.
    small = parse_document(("加奥、" * 30).encode())
    assert run_document(small, gazetteer=gazetteer, max_names=100).places


def test_over_the_limit_geo_map_fails_in_one_line_and_keeps_earlier_outputs(
    runner, tmp_path, monkeypatch
):
    report = tmp_path / "list.txt"
    report.write_text("Gao, Mopti, Kidal, " * 50, encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(main, ["map", str(report), "--out", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    monkeypatch.setenv("GEO_MAX_NAMES", "100")
    result = runner.invoke(main, ["map", str(report), "--out", str(out)])
    assert result.exit_code == 1
    assert "names places more than 100 times" in result.output
    assert "GEO_MAX_NAMES" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    monkeypatch.setenv("GEO_MAX_NAMES", "lots")
    result = runner.invoke(main, ["map", str(report), "--out", str(out)])
    assert result.exit_code == 1 and "GEO_MAX_NAMES='lots'" in result.output


def test_repeated_mentions_with_no_sentence_end_give_bounded_outputs(runner, tmp_path):
    report = tmp_path / "gao.txt"
    report.write_text("Gao " * 3000, encoding="utf-8")  # one 12,000-character "sentence"
    out = tmp_path / "out"
    result = runner.invoke(main, ["map", str(report), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with open(out / "mentions.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 3000
    assert max(len(r["sentence_text"]) for r in rows) <= QUOTE_MAX_CHARS
    # Each row quotes its own mention, not the start of the text.
    assert all(r["surface"] in r["sentence_text"] for r in rows)
    page = (out / "map.html").read_text(encoding="utf-8")
    assert len(page.encode()) < 1_500_000  # the page without data is about 250 KB
    payload = _payload(page)
    (place,) = [p for p in payload["places"] if p["name"] == "Gao"]
    assert place["mentions"] == 3000
    assert len(place["evidence"]) <= render.MAX_EVIDENCE
    assert all(len(e["text"]) <= QUOTE_MAX_CHARS for e in place["evidence"])


def test_a_long_list_of_places_is_capped_on_the_map(gazetteer, monkeypatch):
    towns = sorted({e.name for e in gazetteer.entries if e.kind == "town"})[:40]
    document = parse_document((", ".join(towns) + ".").encode())
    result = run_document(document, gazetteer=gazetteer)
    assert len(result.places) >= 30
    monkeypatch.setattr(render, "MAX_MAP_PLACES", 10)
    monkeypatch.setattr(render, "QUOTE_BUDGET_CHARS", 1000)
    payload = render.build_payload(result, title="list")
    assert len(payload["places"]) == 10
    assert payload["places_total"] == len(result.places)
    for place in payload["places"]:
        assert len(place["evidence"]) == 1
        assert len(place["evidence"][0]["text"]) <= 1000 // 10  # the budget, shared
    # Everything that points at places points at the ones drawn.
    drawn = set(range(10))
    for group in ("operations", "events"):
        assert all(set(item["places"]) <= drawn for item in payload[group])


def _payload(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="geo-data">(.*?)</script>', page, re.S)
    assert found, "payload script not found"
    return json.loads(found.group(1))
