"""The literal prefilter that lets the event rules run only where they can match.

It must never hide a match: the event words found with it are those found without it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from geo import annotate, dates, events
from geo.document import parse_document
from geo.prefilter import Hits, Prefilter, fold_case, required_literals

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [ROOT / "data" / "letter.zh.txt", *sorted((ROOT / "tests" / "data").glob("*.txt"))]


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"foo|ba[rz]", {"foo", "ba"}),
        (r"\bAttaqu[ée]s?\b", {"attaqu"}),
        (r"(?:建立|设立)[^，,。]{0,8}(?:基地|营地)", {"建立", "设立"}),
        (r"x(?:long enough)+", {"long enough"}),
        (r"(?:abc)?d", {"d"}),
    ],
)
def test_required_literals(pattern, literals):
    assert required_literals(re.compile(pattern, re.I)) == literals


@pytest.mark.parametrize("pattern", [r"\d+", r"(?:abc)?", r"a|\w", r"[ab]c?"])
def test_no_required_literal_means_always_run(pattern):
    compiled = re.compile(pattern)
    assert required_literals(compiled) is None
    hits = Prefilter([re.compile("zzz"), compiled]).scan("nothing here")
    assert hits.within(0, 12) == [1]


def test_hits_only_inside_the_span():
    hits = Prefilter([re.compile("attack", re.I), re.compile("攻击")]).scan("An ATTACK; 攻击")
    assert hits.within(0, 9) == [0]
    assert hits.within(0, 8) == []  # the word runs past the span
    assert hits.within(3, 13) == [0, 1]
    assert hits.within(4, 13) == [1]  # starts inside the word
    prefilter = Prefilter([re.compile("attack", re.I), re.compile("攻击"), re.compile(r"\d")])
    for text in ("An ATTACK; 攻击", "攻击", "nothing", ""):
        assert prefilter.possible(text) == prefilter.scan(text).within(0, len(text))
    assert prefilter.possible("nothing") == [2]


def test_folding_covers_every_character_ignorecase_matches():
    # Each character of the rules' literals, against every code point: a character that
    # re.IGNORECASE matches to it must fold to it (ı, ſ, İ, the Kelvin sign...).
    chars = set()
    for pattern in [r.pattern for r in events._RULES] + [p for _, p in dates._PATTERNS]:
        chars.update("".join(required_literals(pattern) or ()))
    assert {"i", "s", "k", "é", "袭"} <= chars
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    for char in chars:
        for other in re.findall(re.escape(char), every, re.I):
            assert fold_case(other) == fold_case(char), (char, other)
    assert len(fold_case(every)) == len(every)


@pytest.mark.parametrize(
    "text",
    [
        "Des hommes armés ont attaqué Ogossagou, puis la population a fui vers Bankass.",
        "GAO — ATTACKS ON A CONVOY; Gunmen ambuſhed the eſcort near Gao, kılling two.",
        "3月5日，恐怖分子袭击了莫普提的一个哨所；马军随后击毙5名袭击者，并建立临时基地。",
    ],
)
def test_same_event_words_with_and_without_the_prefilter(text):
    _assert_same_triggers(parse_document(text.encode("utf-8")))


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_same_event_words_on_whole_reports(path):
    _assert_same_triggers(parse_document(path.read_bytes(), source=path.name))


def _assert_same_triggers(document):
    hits = events._rule_hits(document.search_text)
    for sentence in document.sentences:
        text = document.search_text[sentence.start : sentence.end]
        # Every clause, and every span between two word starts (a clause cut anywhere).
        spans = events._clauses(sentence)
        starts = [m.start() for m in re.finditer(r"\w+", text)][:40]
        spans += [(sentence.start + a, sentence.start + b) for a in starts for b in starts if a < b]
        for span in spans:
            everywhere = events._triggers(text, sentence.start, span, [])
            rules = [events._RULES[i] for i in hits.within(*span)]
            assert events._triggers(text, sentence.start, span, [], rules) == everywhere, span


class _Everything:
    def possible(self, text):
        return list(range(len(dates._PATTERNS)))


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_same_dates_with_and_without_the_prefilter(path, monkeypatch):
    document = parse_document(path.read_bytes(), source=path.name)
    texts = [document.search_text[s.start : s.end] for s in document.sentences]
    texts += [
        "Le 3 mars 2021, puis le lundi; on May 12, in 2019, in June 2020, hier.",
        "2019年3月5日至6日；9日，5月初，2020年，当天，本月2日",
    ]

    def found(text):
        return [(a, b, kind, m[0]) for a, b, kind, m in dates.find_dates(text)]

    filtered = [found(t) for t in texts]
    monkeypatch.setattr(dates, "_date_filter", _Everything)
    assert filtered == [found(t) for t in texts]
    assert {kind for hits in filtered for _, _, kind, _ in hits} == {k for k, _ in dates._PATTERNS}


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_same_actors_with_and_without_the_prefilter(path):
    document = parse_document(path.read_bytes(), source=path.name)
    hits = events._actor_hits(document.search_text)
    everywhere = Hits([], [], [0])
    named = 0
    for sentence in document.sentences:
        text = document.search_text[sentence.start : sentence.end]
        clauses = events._clauses(sentence)
        for ci, (lo, hi) in enumerate(clauses):
            for m in re.finditer(r"\w+", text[lo - sentence.start : hi - sentence.start]):
                trigger = (lo + m.start(), lo + m.end())
                actor = events._actor(text, sentence.start, clauses, ci, trigger, hits)
                assert actor == events._actor(
                    text, sentence.start, clauses, ci, trigger, everywhere
                ), trigger
                named += bool(actor)
    assert named


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_same_operations_and_bases_with_and_without_the_prefilter(path, monkeypatch):
    document = parse_document(path.read_bytes(), source=path.name)
    filtered = annotate._operation_spans(document), annotate._base_spans(document)
    monkeypatch.setattr(annotate, "_hits", lambda text: Hits([], [], [0, 1, 2]))
    assert filtered == (annotate._operation_spans(document), annotate._base_spans(document))
    if path.name == "letter.zh.txt":
        assert filtered[0] and filtered[1]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_one_scan_per_document_finds_what_one_per_sentence_finds(path):
    document = parse_document(path.read_bytes(), source=path.name)
    hits = dates.date_hits(document.search_text)
    for sentence in document.sentences:
        text = document.search_text[sentence.start : sentence.end]
        possible = hits.within(sentence.start, sentence.end)
        assert possible == dates._date_filter().possible(text)
        found = [(a, b, kind, m[0]) for a, b, kind, m in dates.find_dates(text, possible)]
        assert found == [(a, b, kind, m[0]) for a, b, kind, m in dates.find_dates(text)]
