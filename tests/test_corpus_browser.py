"""The corpus map in a real browser (Playwright + Debian chromium), with no network.

Skips like test_browser.py when chromium or playwright is missing (fails under CI).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from test_browser import browser, open_map  # noqa: F401 - the shared browser fixtures
from test_corpus import LETTER, TEXTS

from geo.corpus import map_corpus

HOSTILE_TITLE = "<img src=x onerror=alert(1)> Gao & Kidal </script> 1 June 2021"


@pytest.fixture(scope="module")
def corpus_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "letter.txt").write_bytes(LETTER.read_bytes())
    (folder / "hostile.txt").write_text(
        f"{HOSTILE_TITLE}\n\nOn 1 June 2021 a patrol left Gao for Kidal.\n", encoding="utf-8"
    )
    (folder / "broken.txt").write_bytes(b"\x00\x01binary")
    out = folder / "out"
    run = map_corpus([str(folder)], out, jobs=1, use_cache=False, tiles=())
    assert len(run.failed) == 1
    return (out / "map.html").read_text(encoding="utf-8")


def _doc_index(mp: Any, name: str) -> int:
    labels = [d["label"] for d in mp.payload()["documents"]]
    return labels.index(name)


def test_corpus_map_loads_offline_without_errors(open_map: Any, corpus_html: str) -> None:  # noqa: F811
    mp = open_map(corpus_html)
    assert mp.page_errors == [] and mp.console_errors == [] and mp.dialogs == []
    assert mp.requests == []  # nothing fetched: markercluster and Leaflet are inlined
    assert re.findall(r'<(?:script|link)[^>]+(?:src|href)="https?://', corpus_html) == []
    payload = mp.payload()
    assert len(payload["documents"]) == 6
    # One checkbox per document; the one that failed cannot be ticked.
    assert mp.count(".geo-doc input[type=checkbox]") == 6
    assert mp.count(".geo-doc input[type=checkbox]:disabled") == 1
    assert mp.page.evaluate("typeof L.MarkerClusterGroup") == "function"
    assert mp.page.evaluate("geoMap.cluster.getLayers().length") > 5
    # The hostile title is text in the list, never markup.
    titles = mp.page.evaluate(
        "[...document.querySelectorAll('.geo-doc .geo-item-main')].map(e => e.textContent)"
    )
    assert HOSTILE_TITLE in titles
    assert mp.count("img[src=x]") == 0


def test_document_filter_shows_one_several_or_all(open_map: Any, corpus_html: str) -> None:  # noqa: F811
    mp = open_map(corpus_html)
    listed = "[...document.querySelectorAll('[data-place] .geo-item-main')].map(e => e.textContent)"
    everything = mp.page.evaluate(listed)
    assert {"Aguelhok", "Koro", "Ogossagou"} <= set(everything)

    en = _doc_index(mp, "en.txt")
    mp.page.click("text=None")
    assert mp.page.evaluate(listed) == []
    assert mp.page.evaluate("geoMap.cluster.getLayers().length") == 0
    mp.page.check(f".geo-doc input[data-doc='{en}']")
    only_en = set(mp.page.evaluate(listed))
    assert "Aguelhok" in only_en and "Koro" not in only_en and "Ogossagou" not in only_en

    fr = _doc_index(mp, "fr.txt")
    mp.page.check(f".geo-doc input[data-doc='{fr}']")
    two = set(mp.page.evaluate(listed))
    assert {"Aguelhok", "Ogossagou"} <= two and "Koro" not in two

    mp.page.click("text=All")
    assert set(mp.page.evaluate(listed)) == set(everything)


def test_timeline_spans_the_documents_dates(open_map: Any, corpus_html: str) -> None:  # noqa: F811
    mp = open_map(corpus_html)
    label = mp.page.text_content(".geo-timeline summary")
    assert "all dates" in label and "5 documents" in label
    ticks = mp.page.text_content(".geo-tl-ticks")
    assert "Mar 2019 → Jun 2021" in ticks
    # Only in March 2019: the English report alone.
    mp.page.evaluate("geoMap.timeline.set(1, 'only')")
    assert "Mar 2019 — 1 document" in mp.page.text_content(".geo-timeline summary")
    shown = mp.page.evaluate("geoMap.shown()")
    assert [i for i, on in enumerate(shown) if on] == [_doc_index(mp, "en.txt")]
    # Up to June 2020: 2019 and 2020 reports, not the July 2020 or 2021 ones.
    months = sorted({d["date"][:7] for d in mp.payload()["documents"] if d["date"]})
    mp.page.evaluate(f"geoMap.timeline.set({months.index('2020-06') + 1}, 'upto')")
    shown = mp.page.evaluate("geoMap.shown()")
    on = {d["label"] for d, s in zip(mp.payload()["documents"], shown, strict=True) if s}
    assert on == {"en.txt", "fr.txt", "letter.txt"}


def test_popup_quotes_per_document(open_map: Any, corpus_html: str) -> None:  # noqa: F811
    mp = open_map(corpus_html)
    mp.page.click("[data-place] >> text=Gao")
    text = mp.popup_text()
    assert "shown documents" in text
    # Each document that names Gao has its heading and its own quoted sentence.
    assert "Security update, 12 March 2019" in text and "Patrols continued between Gao" in text
    assert "a patrol left Gao for Kidal" in text
    assert HOSTILE_TITLE in text  # as text: the popup builds nodes, never HTML
    assert mp.page_errors == [] and mp.dialogs == []


def test_screenshot_renders(open_map: Any, corpus_html: str) -> None:  # noqa: F811
    mp = open_map(corpus_html)
    png = mp.page.screenshot()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    Path("/tmp/geo_corpus_browser.png").write_bytes(png)


@pytest.fixture(scope="module")
def tiled_corpus_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A corpus map with the default tile layers (which never load in this sandbox)."""
    folder = tmp_path_factory.mktemp("tiled")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    map_corpus([str(folder)], folder / "out", jobs=1, use_cache=False)
    return (folder / "out" / "map.html").read_text(encoding="utf-8")


CHECKED_BASE = "document.querySelector('.leaflet-control-layers-base input:checked')"
PAPER_FILL = "geoMap.map.getPane('geo-context').querySelector('path').getAttribute('fill-opacity')"
TILES_ON = "document.getElementById('geo-app').classList.contains('geo-tiles-on')"


def test_offline_the_corpus_map_falls_back_to_vector_layers(
    open_map: Any,  # noqa: F811
    tiled_corpus_html: str,
) -> None:
    mp = open_map(tiled_corpus_html)
    page = mp.page
    assert any("tile.openstreetmap.org" in u for u in mp.requests)  # tried, and failed
    page.wait_for_function(
        f"{CHECKED_BASE} && {CHECKED_BASE}.nextSibling.textContent.includes('No tiles')",
        timeout=5000,
    )
    assert mp.count(".leaflet-tile-pane img") == 0
    assert "OpenStreetMap" not in page.inner_text(".leaflet-control-attribution")
    # The offline look: regions filled like paper, not faint lines over a missing map.
    assert page.evaluate(PAPER_FILL) == "1"
    assert not page.evaluate(TILES_ON)
    assert mp.page_errors == [] and mp.dialogs == []
    # The tiles are one click away.
    page.hover(".leaflet-control-layers")
    page.get_by_text("OpenStreetMap", exact=True).click()
    page.wait_for_function("document.querySelectorAll('.leaflet-tile-pane img').length > 0")
    assert not page.evaluate(f"{CHECKED_BASE}.nextSibling.textContent.includes('No tiles')")


def test_online_the_corpus_map_keeps_its_tiles(open_map: Any, tiled_corpus_html: str) -> None:  # noqa: F811
    mp = open_map(tiled_corpus_html, serve_tiles=True)
    mp.page.wait_for_function(TILES_ON, timeout=5000)
    mp.page.wait_for_timeout(500)
    assert mp.count(".leaflet-tile-loaded") > 0
    assert "No tiles" not in mp.page.evaluate(f"{CHECKED_BASE}.nextSibling.textContent")
    assert mp.page.evaluate(PAPER_FILL) == "0"  # faint lines over the tiles
    assert mp.page_errors == [] and mp.dialogs == []


def test_a_date_without_its_year_stays_off_the_timeline(
    open_map: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    (tmp_path / "dated.txt").write_text(
        "Mopti, 5 mars 2020 – Une attaque a visé Ogossagou.\n", encoding="utf-8"
    )
    (tmp_path / "no-year.txt").write_text(
        "GAO, March 5 (Reuters) - Gunmen attacked a village near Gao.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    map_corpus([str(tmp_path)], out, jobs=1, use_cache=False, tiles=())
    mp = open_map((out / "map.html").read_text(encoding="utf-8"))
    assert "XXXX" not in mp.page.text_content(".geo-subtitle")  # only the span of known dates
    assert "XXXX" not in mp.page.text_content(".geo-tl-ticks")
    assert "undated documents (1)" in mp.page.text_content(".geo-timeline")
    mp.page.evaluate("geoMap.timeline.set(1, 'only')")
    shown = mp.page.evaluate("geoMap.shown()")
    labels = [d["label"] for d in mp.payload()["documents"]]
    assert [labels[i] for i, on in enumerate(shown) if on] == ["dated.txt", "no-year.txt"]
