"""The rendered map in a real browser (Playwright + Debian chromium), with no network.

Every http(s) request is aborted, so these tests see what a user sees offline. They skip
when /usr/bin/chromium (or playwright) is missing, except under CI, where they fail.
"""

from __future__ import annotations

import json
import os
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from render_fixtures import (
    ATTACKS,
    FLAG_ATTACKS,
    SCRIPTS_IN_PAGE,
    empty_result,
    hostile_result,
    synthetic_result,
)

from geo.render import render_map

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path("/tmp/geo_render_browser.png")
OP_FILLS = (
    "[...document.querySelectorAll('.leaflet-geo-ops-pane path')].map(p => p.getAttribute('fill'))"
)
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"browser tests cannot run under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        yield b
        b.close()


@dataclass
class MapPage:
    page: Any
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def payload(self) -> dict:
        return json.loads(self.page.evaluate("document.getElementById('geo-data').textContent"))

    def count(self, selector: str) -> int:
        return self.page.evaluate("s => document.querySelectorAll(s).length", selector)

    def popup_text(self) -> str:
        # textContent: the words in the popup, before CSS capitalises any heading
        self.page.wait_for_selector(".leaflet-popup-content", state="visible")
        return self.page.text_content(".leaflet-popup-content")


OPEN_EVERY_POPUP = """() => { const g = geoMap, all = [], texts = [];
  Object.values(g.places).forEach(l => all.push(l));
  g.operations.forEach(gr => gr.eachLayer(l => all.push(l)));
  g.bases.forEach(l => l && all.push(l));
  g.events().forEach(l => l && all.indexOf(l) < 0 && all.push(l));
  all.forEach(l => { l.openPopup(); const p = l.getPopup();
    texts.push(p && p.getElement() ? p.getElement().innerText : ''); });
  return texts; }"""


def open_every_popup(page: Any) -> list[str]:
    """Open the popup of every place, operation, base and event; return their texts."""
    return page.evaluate(OPEN_EVERY_POPUP)


def _png() -> bytes:
    """A 1x1 PNG, served as every tile when a test pretends to be online."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\xcc\xdd\xcc"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def open_map(browser: Any, tmp_path: Path) -> Iterator[Any]:
    pages = []

    def opener(
        html: str, *, serve_tiles: bool = False, width: int = 1280, height: int = 800
    ) -> MapPage:
        path = tmp_path / f"map{len(pages)}.html"
        path.write_text(html, encoding="utf-8")
        page = browser.new_page(viewport={"width": width, "height": height})
        pages.append(page)
        mp = MapPage(page)
        png = _png()

        def handle(route: Any) -> None:
            mp.requests.append(route.request.url)
            if serve_tiles and route.request.resource_type == "image":
                route.fulfill(status=200, content_type="image/png", body=png)
            else:
                route.abort()

        page.route(re.compile(r"^https?://"), handle)
        page.on("pageerror", lambda e: mp.page_errors.append(str(e)))
        page.on(
            "console",
            lambda m: mp.console_errors.append(m.text) if m.type == "error" else None,
        )

        def on_dialog(d: Any) -> None:
            mp.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        page.goto(path.as_uri())
        page.wait_for_function("window.geoMap !== undefined")
        page.wait_for_timeout(300)
        return mp

    yield opener
    for page in pages:
        page.close()


def _index(payload: dict, key: str) -> int:
    return next(p["id"] for p in payload["places"] if p["key"] == key)


# ---------------------------------------------------------------- loads cleanly offline


def test_offline_with_default_tiles_has_no_js_errors(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result()))
    assert mp.page_errors == []
    # tile requests fail (no network); nothing else may log an error
    assert all(e.startswith("Failed to load resource") for e in mp.console_errors)
    assert mp.requests and all(
        "tile.openstreetmap.org" in u or "cartocdn" in u for u in mp.requests
    )
    # tiles failed, so the page keeps its tile-less look
    assert not mp.page.evaluate(
        "document.getElementById('geo-app').classList.contains('geo-tiles-on')"
    )


def test_without_tiles_there_is_no_request_and_no_error(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result(), tiles=()))
    assert mp.page_errors == [] and mp.console_errors == [] and mp.requests == []
    assert mp.count(".leaflet-tile") == 0
    assert mp.count(".leaflet-control-layers-base input") == 0


def test_tiles_switch_the_look_when_they_load(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result()), serve_tiles=True)
    mp.page.wait_for_function(
        "document.getElementById('geo-app').classList.contains('geo-tiles-on')", timeout=5000
    )
    assert mp.page_errors == [] and mp.console_errors == []
    assert mp.count(".leaflet-tile-loaded") > 0


# ---------------------------------------------------------------- what is drawn


def test_polygons_lines_and_markers_are_drawn(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result(), tiles=()))
    data = mp.payload()
    polygons = [
        p for p in data["places"] if p["shape_type"] == "polygon" and p["kind"] != "country"
    ]
    lines = [p for p in data["places"] if p["shape_type"] == "line"]
    points = [
        p
        for p in data["places"]
        if p["point"] and not p["shape"] and p["kind"] not in ("area", "country")
    ]
    assert mp.count(".leaflet-overlay-pane path") >= 9 + len(polygons) + len(lines)
    assert mp.count(".leaflet-geo-context-pane path") >= 9  # every region of Mali
    assert mp.count(".leaflet-geo-areas-pane path") == len(polygons) == 5
    assert mp.count(".leaflet-geo-lines-pane path") == len(lines) == 1
    assert mp.count(".geo-pt") == len(points) == 12
    assert mp.count(".geo-pt.geo-approx") == 2
    assert mp.count(".geo-pt-town") == 6 and mp.count(".geo-pt-village") == 6
    # nothing sits at (0, 0): every marker is inside the map's view of Mali
    inside = mp.page.evaluate(
        """() => { const m = geoMap.map, b = L.latLngBounds([[9, -13], [26, 5]]); let ok = true;
        m.eachLayer(l => { if (l.getLatLng && !b.contains(l.getLatLng())) ok = false; });
        return ok; }"""
    )
    assert inside
    # labels in French and Chinese
    # names in French and Chinese; crowded ones wait for a closer zoom
    labels = mp.page.text_content(".leaflet-geo-labels-pane")
    assert "Koro" in labels and "科罗" in labels and "Gao" in labels and "加奥" in labels
    koro = _index(data, "gn:7701494")
    mp.page.evaluate("geoMap.map.setView([14.2, -2.9], 9, {animate: false})")
    mp.page.wait_for_timeout(100)
    assert mp.page.evaluate(
        f"!geoMap.labels[{koro}].getElement().classList.contains('geo-label-hidden')"
    )


def test_three_operations_each_a_layer(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result(), tiles=()))
    mp.page.hover(".leaflet-control-layers")
    names = mp.page.inner_text(".leaflet-control-layers-overlays")
    for label in (
        "Operation Maliko (马利科)",
        "Operation Sekab (塞卡)",
        "Operation Buffalo (布法罗)",
    ):
        assert label in names
    fills = mp.page.evaluate(OP_FILLS)
    # Sekab: Gao region hatched + the axis as a thick line; Buffalo: three cercles hatched
    assert fills.count("url(#geo-hatch-1)") == 1 and fills.count("url(#geo-hatch-2)") == 3
    assert mp.count(".leaflet-geo-opmarks-pane path") == 3  # Maliko rings around three towns
    assert mp.count("#geo-hatch-0, #geo-hatch-1, #geo-hatch-2") == 3
    # switching Buffalo off in the layer control removes its three hatched cercles
    mp.page.get_by_text("Operation Buffalo (布法罗)").click()
    after = mp.page.evaluate(OP_FILLS)
    assert after.count("url(#geo-hatch-2)") == 0 and after.count("url(#geo-hatch-1)") == 1


def test_operation_popup_quotes_its_sentences(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result(), tiles=()))
    mp.page.click('[data-operation="2"]')
    text = mp.popup_text()
    assert "Buffalo" in text and "布法罗" in text and "MINUSMA" in text
    assert "¶ 6" in text and "¶ 14" in text


def test_three_bases_with_dates_and_evidence(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result(), tiles=()))
    assert mp.count(".geo-base") == 3
    mp.page.click('[data-base="0"]')
    text = mp.popup_text()
    assert "Temporary operating base" in text and "Douna-Pen" in text
    assert "Jan 2020" in text and "1 月份" in text
    assert "¶ 11" in text and "建立了一个临时行动基地" in text


def test_clicking_a_marker_shows_its_source_sentence(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result(), tiles=()))
    mp.page.click('.geo-pt[title="Dioungani"]')
    text = mp.popup_text()
    assert "Dioungani" in text and "¶ 12" in text
    assert "遭到暴力袭击后不到 48 小时" in text
    assert mp.page.inner_text(".leaflet-popup-content mark") == "Dioungani"
    assert "1 — exact" in text and "Koro" in text and "Mopti" in text  # precision, cercle, region
    assert "GeoNames" in text and "gazetteer" in text


def test_approximate_village_popup_says_so(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result(), tiles=()))
    mp.page.click('.geo-pt[title="Femaye"]')
    text = mp.popup_text()
    assert "approximate" in text.lower() and "not in the gazetteer" in text


def test_side_panel_flies_to_a_place_and_opens_it(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result(), tiles=()))
    koro = _index(mp.payload(), "gn:7701494")
    zoom = mp.page.evaluate("geoMap.map.getZoom()")
    mp.page.click(f'[data-place="{koro}"]')
    text = mp.popup_text()
    assert "Koro" in text and "科罗" in text and "Mentioned 6 times" in text
    assert mp.page.evaluate("geoMap.map.getZoom()") > zoom


def test_place_without_shape_is_listed_with_details(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result(), tiles=()))
    centre = _index(mp.payload(), "area:mali-centre")
    mp.page.click(f'[data-place="{centre}"]')
    text = mp.page.inner_text(f'li:has([data-place="{centre}"]) .geo-inline')
    assert "No shape on the map" in text and "马里中部" in text and "¶" in text


def test_many_mentions_are_cut_at_five(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result(), tiles=()))
    mali = _index(mp.payload(), "gn:2453866")
    mp.page.click(f'[data-place="{mali}"]')
    inline = f'li:has([data-place="{mali}"]) .geo-inline'
    assert mp.page.evaluate(f"document.querySelectorAll('{inline} .geo-evidence li').length") == 5
    assert re.search(r"… and \d+ more", mp.page.inner_text(inline))


def test_legend_explains_every_symbol(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result(), tiles=()))
    legend = mp.page.inner_text(".geo-legend")
    for text in (
        "Region",
        "Cercle",
        "Axis",
        "Town",
        "Village",
        "approximate",
        "Maliko",
        "Sekab",
        "Buffalo",
        "Temporary operating base",
        "Attack",
        "Handover",
        "Inspection",
        "Reinforcement",
        "Plan",
        "Return",
        "Assessment",
        "undated",
        "Border of Mali",
    ):
        assert text in legend, text


def test_title_scale_and_attribution(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result(), tiles=()))
    assert mp.page.inner_text("#geo-title") == "2020 年 6 月 1 日秘书长给安全理事会主席的信"
    assert "2020-06-01" in mp.page.inner_text(".geo-subtitle")
    assert mp.count(".leaflet-control-scale") == 1
    attribution = mp.page.inner_text(".leaflet-control-attribution")
    assert "GeoNames (CC BY 4.0)" in attribution
    assert "geoBoundaries MLI ADM2 (2017), CC BY 4.0; data DNCT/DNP, UN OCHA Mali" in attribution


def test_fullscreen_button(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result(), tiles=()))
    if not mp.page.evaluate("document.fullscreenEnabled"):
        assert mp.count('.geo-fs a[title="Full screen"]') == 0
        return
    mp.page.click('.geo-fs a[title="Full screen"]')
    mp.page.wait_for_function("document.fullscreenElement !== null")
    assert mp.page.evaluate("document.fullscreenElement.id") == "geo-app"
    mp.page.click('.geo-fs a[title="Exit full screen"]')
    mp.page.wait_for_function("document.fullscreenElement === null")


# ---------------------------------------------------------------- timeline


def _shown_events(mp: MapPage) -> list[int]:
    return mp.page.evaluate("geoMap.events().map((m, i) => m ? i : -1).filter(i => i >= 0)")


def _slide(mp: MapPage, value: int, mode: str = "upto", undated: bool = True) -> None:
    mp.page.evaluate(
        """([v, mode, u]) => { const t = document.querySelector('.geo-timeline');
        const s = t.querySelector('input[type=range]'), c = t.querySelector('input[type=checkbox]');
        const m = t.querySelector('select');
        m.value = mode; m.dispatchEvent(new Event('change'));
        if (c.checked !== u) { c.checked = u; c.dispatchEvent(new Event('change')); }
        s.value = String(v); s.dispatchEvent(new Event('input')); }""",
        [value, mode, undated],
    )


def test_timeline_filters_events_by_month(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result(), tiles=()))
    events = mp.payload()["events"]
    months = sorted({e["date"][:7] for e in events if e["date"]})
    assert months == ["2020-01", "2020-03", "2020-04"]
    undated = {i for i, e in enumerate(events) if not e["date"]}
    assert _shown_events(mp) == list(range(len(events)))  # "all dates" to begin with

    _slide(mp, 2)  # up to March 2020
    expected = {i for i, e in enumerate(events) if e["date"] and e["date"][:7] <= "2020-03"}
    assert set(_shown_events(mp)) == expected | undated
    assert "Mar 2020" in mp.page.inner_text(".geo-tl-label")

    _slide(mp, 2, mode="only", undated=False)  # only March, no undated
    expected = {i for i, e in enumerate(events) if e["date"] and e["date"][:7] == "2020-03"}
    assert set(_shown_events(mp)) == expected and len(expected) == 3
    assert mp.count(".geo-event") == 3

    _slide(mp, 3, mode="only", undated=False)  # April: the 26-27 April handover, at two towns
    assert [events[i]["type"] for i in _shown_events(mp)] == ["handover"]
    assert mp.count(".geo-event") == 2
    # the side panel greys out filtered events; clicking one brings back all dates
    hidden = next(i for i, e in enumerate(events) if e["type"] == "attack")
    assert "geo-filtered" in mp.page.get_attribute(f'[data-event="{hidden}"]', "class")
    mp.page.click("summary:has-text('Events')")
    mp.page.click(f'[data-event="{hidden}"]')
    assert "Series of violent attacks" in mp.popup_text()
    assert len(_shown_events(mp)) == len(events)


def test_busy_places_stack_their_events(open_map: Any) -> None:
    result = synthetic_result()
    ann = result.annotations
    koro_events = tuple(
        type(ann.events[0])(
            "attack", f"Attack {n}", f"2020-0{n}", None, "", ("gn:7701494",), ann.events[0].evidence
        )
        for n in range(1, 6)
    )
    busy = type(result)(
        result.document,
        result.places,
        result.unresolved,
        type(ann)(ann.operations, ann.bases, ann.events + koro_events),
    )
    mp = open_map(render_map(busy, tiles=()))
    assert mp.count(".geo-event-stack") >= 1
    mp.page.click(".geo-event-stack")
    text = mp.popup_text()
    assert "events here" in text and "Attack 3" in text
    # zooming far in splits stacks of nearby places apart (Koro alone still has > 3)
    mp.page.evaluate("geoMap.map.setView([14.384, -2.853], 12, {animate: false})")
    assert mp.count(".geo-event-stack") == 1


# ---------------------------------------------------------------- empty


def test_no_places_message(open_map: Any) -> None:
    mp = open_map(render_map(empty_result(), tiles=()))
    assert mp.page.is_visible(".geo-empty")
    assert "No places found" in mp.page.inner_text(".geo-empty")
    assert mp.count(".leaflet-geo-context-pane path") >= 9
    assert mp.page_errors == [] and mp.console_errors == []
    # the view is Mali
    center = mp.page.evaluate("geoMap.map.getCenter()")
    assert 12 < center["lat"] < 22 and -8 < center["lng"] < 1


# ---------------------------------------------------------------- hostile text


def test_hostile_text_stays_text(open_map: Any) -> None:
    hostile = hostile_result()
    mp = open_map(render_map(hostile))
    page = mp.page
    # open every popup and tooltip the map has, one after the other
    contents = open_every_popup(page)
    assert len(contents) > 20 and all(contents)
    for details in page.query_selector_all("details"):
        details.evaluate("d => d.open = true")
    for i in range(len(hostile.places)):  # also the panel's inline details
        page.click(f'[data-place="{i}"]')
    page.hover(".leaflet-control-layers")
    page.wait_for_timeout(300)

    assert mp.dialogs == [] and mp.page_errors == []
    assert page.evaluate("window.__pwned") is None
    assert mp.count("img:not(.leaflet-tile)") == 0
    assert mp.count("[onerror], [onload]") == 0
    assert mp.count("script") == SCRIPTS_IN_PAGE
    assert page.inner_text("#geo-title") == hostile.document.title
    assert page.title() == hostile.document.title
    assert Path(hostile.document.source).name in page.inner_text(".geo-subtitle")
    everything = "\n".join(contents) + page.inner_text("body")
    for attack in ATTACKS + FLAG_ATTACKS:
        assert attack in everything, attack  # shown literally...
    assert "&lt;b&gt;entity&lt;/b&gt;" in everything  # ...and not decoded either
    overlays = page.inner_text(".leaflet-control-layers-overlays")
    assert "</script>" in overlays or "<img" in overlays or "${" in overlays


# ---------------------------------------------------------------- how it looks


def test_screenshot_for_people(open_map: Any) -> None:
    """Not an assertion on looks: leaves a picture to inspect by eye."""
    mp = open_map(render_map(synthetic_result()))
    mp.page.click('.geo-pt[title="Dioungani"]')
    mp.popup_text()
    mp.page.wait_for_timeout(400)  # let the popup finish fading in
    mp.page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 20_000


# ---------------------------------------------------------------- the real letter

LETTER_MAP = Path(__file__).resolve().parent.parent / "output" / "map.html"


def test_letter_map_offline(open_map: Any) -> None:
    """output/map.html as committed: opened with every http(s) request blocked."""
    mp = open_map(LETTER_MAP.read_text(encoding="utf-8"))
    # The committed map has online base layers: their blocked tiles are the only errors allowed.
    others = [e for e in mp.console_errors if not e.startswith("Failed to load resource")]
    assert mp.page_errors == [] and others == [] and mp.dialogs == []
    assert mp.requests and all("tile" in url for url in mp.requests)
    page = mp.page
    # Regions and cercles as polygons, the axis as a line, towns and villages as markers.
    assert mp.count(".leaflet-overlay-pane path") >= 3 + 5 + 1
    assert mp.count(".leaflet-marker-pane .leaflet-marker-icon") >= 11 + 5
    page.hover(".leaflet-control-layers")
    overlays = page.inner_text(".leaflet-control-layers-overlays")
    for label in (
        "Operation Maliko (马利科)",
        "Operation Seka (塞卡)",
        "Operation Buffalo (布法罗)",
    ):
        assert label in overlays
    assert mp.count(".geo-base") == 3
    panel = page.inner_text("#geo-panel")
    for name in ("Douna-Pen", "Dioungani", "Ogossogou", "Femaye", "Labézanga"):
        assert name in panel


def test_letter_marker_popup_quotes_its_sentence(open_map: Any) -> None:
    mp = open_map(LETTER_MAP.read_text(encoding="utf-8"))
    mp.page.click('.geo-pt[title="Dioungani"]')  # the marker on the map, not the side list
    text = mp.popup_text()
    assert "马里稳定团在获悉科罗省的 Dioungani 村和邦卡省的 Ogossogou 村遭到暴力" in text
    assert "¶ 12" in text and "Koro" in text and "GeoNames" in text

    mp = open_map(LETTER_MAP.read_text(encoding="utf-8"))
    mp.page.click('[data-base="0"]')
    text = mp.popup_text()
    assert "Temporary operating base" in text and "Douna-Pen" in text and "临时行动基地" in text


HOSTILE_DOCUMENT = """   <img src=x onerror="window.__pwned=1"> 2020 年 6 月 1 日的报告

 马里稳定团在科罗省的 Dioungani 村建立了临时行动基地</script><script>window.__pwned=1</script>。

 “<i>X</i>”行动在邦卡省开展，<svg onload="window.__pwned=1">。

 ${window.__pwned=1} 3 月 2 日，加奥大区的安松戈遭到袭击 `;window.__pwned=1;` <!-- 。
"""


def test_hostile_document_through_the_cli_stays_text(open_map: Any, tmp_path: Path) -> None:
    """The whole way: a hostile report -> `geo map` -> the browser, every popup opened."""
    from click.testing import CliRunner

    from geo.cli import main

    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE_DOCUMENT, encoding="utf-8")
    result = CliRunner().invoke(main, ["map", str(source), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    mp = open_map((tmp_path / "out" / "map.html").read_text(encoding="utf-8"))
    page = mp.page
    texts = open_every_popup(page)
    for details in page.query_selector_all("details"):
        details.evaluate("d => d.open = true")
    page.hover(".leaflet-control-layers")
    page.wait_for_timeout(300)
    assert len(texts) >= 4 and all(texts)
    assert mp.dialogs == [] and mp.page_errors == []
    assert page.evaluate("window.__pwned") is None
    assert mp.count("img:not(.leaflet-tile), i, #geo-app svg[onload]") == 0
    assert mp.count("script") == SCRIPTS_IN_PAGE
    everything = "\n".join(texts) + page.inner_text("body")
    for literal in (
        "</script><script>window.__pwned=1</script>",
        "${window.__pwned=1}",
        '<svg onload="window.__pwned=1">',
    ):
        assert literal in everything, literal
    assert '<img src=x onerror="window.__pwned=1">' in page.title()
    assert "<i>X</i>" in page.inner_text(".leaflet-control-layers-overlays")


# ---------------------------------------------------------------- the first view, offline

SCREENS = [(1366, 850), (1920, 1080), (1024, 700)]

# Boxes of the visible names, of the place symbols, and of what floats over the map.
FIRST_VIEW_BOXES = """() => {
  const rect = el => { const r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  const visible = el => !el.closest('.geo-label-hidden') && el.getBoundingClientRect().width > 0;
  const labels = [...document.querySelectorAll('.geo-lbl .geo-lbl-in')].filter(visible)
    .map(el => ({text: el.innerText.replace(/\\s+/g, ' '), box: rect(el)}));
  const points = [...document.querySelectorAll('.leaflet-marker-pane .geo-pt')].map(rect);
  const floating = ['.geo-timeline', '.leaflet-control-zoom', '.leaflet-control-layers',
    '.geo-fs', '.leaflet-control-scale', '.leaflet-control-attribution']
    .flatMap(s => [...document.querySelectorAll(s)])
    .map(el => ({name: el.className, box: rect(el)}));
  return {labels, points, floating, map: rect(document.getElementById('geo-map'))};
}"""


def _overlap(a: list[float], b: list[float], slack: float = 0.5) -> bool:
    return (
        a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]
    )


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_first_view_names_do_not_overlap(open_map: Any, width: int, height: int) -> None:
    mp = open_map(LETTER_MAP.read_text(encoding="utf-8"), width=width, height=height)
    view = mp.page.evaluate(FIRST_VIEW_BOXES)
    labels = view["labels"]
    assert len(labels) >= 12, [x["text"] for x in labels]  # most names stay on the map
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not _overlap(a["box"], b["box"]), (a["text"], b["text"])
        for point in view["points"]:
            assert not _overlap(a["box"], point, slack=3), a["text"]
    shown = " ".join(x["text"] for x in labels)
    for name in ("Bamako", "Gao", "Kidal", "Tombouctou", "Ménaka"):
        assert name in shown


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_first_view_keeps_the_places_clear_of_the_boxes(
    open_map: Any, width: int, height: int
) -> None:
    mp = open_map(LETTER_MAP.read_text(encoding="utf-8"), width=width, height=height)
    view = mp.page.evaluate(FIRST_VIEW_BOXES)
    left, top, right, bottom = view["map"]
    assert len(view["points"]) >= 15
    for point in view["points"]:
        assert left <= point[0] and point[2] <= right and top <= point[1] and point[3] <= bottom
        for box in view["floating"]:
            assert not _overlap(point, box["box"]), box["name"]


def test_offline_the_map_falls_back_to_vector_layers(open_map: Any) -> None:
    mp = open_map(LETTER_MAP.read_text(encoding="utf-8"))
    page = mp.page
    checked = "document.querySelector('.leaflet-control-layers-base input:checked')"
    page.wait_for_function(
        f"{checked} && {checked}.nextSibling.textContent.includes('No tiles')", timeout=5000
    )
    assert mp.count(".leaflet-tile-pane img") == 0
    assert "OpenStreetMap" not in page.inner_text(".leaflet-control-attribution")
    # The tiles are one click away.
    page.hover(".leaflet-control-layers")
    page.get_by_text("OpenStreetMap", exact=True).click()
    page.wait_for_function("document.querySelectorAll('.leaflet-tile-pane img').length > 0")
    assert not page.evaluate(f"{checked}.nextSibling.textContent.includes('No tiles')")


def test_online_the_tiles_stay(open_map: Any) -> None:
    mp = open_map(render_map(synthetic_result()), serve_tiles=True)
    mp.page.wait_for_timeout(500)
    assert mp.count(".leaflet-tile-loaded") > 0
    checked = mp.page.evaluate(
        "document.querySelector('.leaflet-control-layers-base input:checked')"
        ".nextSibling.textContent"
    )
    assert "No tiles" not in checked


def test_base_dates_are_english_with_the_quote_apart(open_map: Any) -> None:
    mp = open_map(LETTER_MAP.read_text(encoding="utf-8"))
    page = mp.page
    subs = page.eval_on_selector_all(
        "[data-base] .geo-item-sub",
        "els => els.map(e => [e.innerText, (e.querySelector('q') || {}).lang || ''])",
    )
    assert ["Jan 2020", ""] in subs
    relative = [s for s in subs if "48" in s[0]]
    assert relative and all(
        text.startswith("no calendar date · as written") and lang == "zh" for text, lang in relative
    )
    for text, _ in subs:  # no Chinese outside the quote
        outside = text.split("as written")[0]
        assert not re.search(r"[\u4e00-\u9fff]", outside), text
    page.click("[data-base='1']")
    text = mp.popup_text()
    assert "Dateno calendar date" in text and "As written不到 48 小时" in text


# ---------------------------------------------------------------- notices in the side panel


def test_a_capped_map_says_how_many_places_it_leaves_out(
    open_map: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = synthetic_result()
    mp = open_map(render_map(result, tiles=()))
    assert mp.count(".geo-capped") == 0  # every place drawn: nothing to say

    import geo.render

    monkeypatch.setattr(geo.render, "MAX_MAP_PLACES", 3)
    mp = open_map(render_map(result, tiles=()))
    note = mp.page.inner_text(".geo-capped")
    assert f"3 most-mentioned of {len(result.places)} places" in note
    assert mp.page_errors == []


def test_the_font_notice_follows_what_the_system_has(open_map: Any) -> None:
    import shutil
    import subprocess

    if not shutil.which("fc-list"):
        pytest.skip("fc-list (fontconfig) is not installed")
    has_cjk_font = bool(
        subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True, check=False
        ).stdout.strip()
    )
    mp = open_map(render_map(synthetic_result(), tiles=()))  # names in Chinese
    assert (mp.count(".geo-font") == 1) is not has_cjk_font
    # A page with no Chinese on it never shows the notice.
    mp = open_map(render_map(empty_result(), title="Rapport sans noms", tiles=()))
    assert mp.count(".geo-font") == 0
