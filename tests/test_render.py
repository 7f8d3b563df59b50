"""Unit tests for geo.render: the page is self-contained, stable, small and safe."""

from __future__ import annotations

import dataclasses
import html as htmlmod
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from render_fixtures import (
    ATTACKS,
    FLAG_ATTACKS,
    SCRIPTS_IN_PAGE,
    empty_result,
    hostile_result,
    letter_document,
    synthetic_result,
)

from geo import paths
from geo.model import Mention, Place, Quote, Result
from geo.render import build_payload, render_map, script_json

ROOT = Path(__file__).resolve().parent.parent
DATA_SCRIPT = re.compile(r'<script type="application/json" id="geo-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def result() -> Result:
    return synthetic_result()


@pytest.fixture(scope="module")
def page(result: Result) -> str:
    return render_map(result)


def payload_of(page: str) -> dict:
    match = DATA_SCRIPT.search(page)
    assert match, "no data blob"
    return json.loads(match.group(1))


def place(payload: dict, key: str) -> dict:
    return next(p for p in payload["places"] if p["key"] == key)


# ---------------------------------------------------------------- self-contained


def test_no_remote_scripts_styles_or_images(page: str) -> None:
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"<(img|iframe)\b", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page, re.I)
    assert not re.search(r"@import", page, re.I)
    for cdn in ("unpkg.com", "jsdelivr", "cdnjs", "code.jquery", "bootstrapcdn", 'leaflet.js"'):
        assert cdn not in page


def test_leaflet_inlined_with_data_uri_images(page: str) -> None:
    assert 'version="1.9.3"' in page or "1.9.3" in page
    assert "data:image/png;base64," in page
    assert "images/layers.png" not in page
    assert "sourceMappingURL" not in page


def test_size_budget(page: str) -> None:
    assert len(page.encode("utf-8")) <= 1_500_000


def test_page_is_built_by_folium(page: str) -> None:
    # A folium Map creates the Leaflet map under a fixed name; our script draws on it.
    assert "var map_geo = L.map(" in page
    assert '<div class="folium-map" id="map_geo"' in page
    assert '"map_var":"map_geo"' in page
    # folium's CDN defaults (Leaflet, jQuery, Bootstrap, awesome-markers) are gone.
    for cdn in ("jquery", "bootstrap", "awesome-markers", "cdn.jsdelivr", "unpkg.com"):
        assert cdn not in page.lower()


def test_map_script_joins_every_module_once_in_order(page: str) -> None:
    # Every file under geo/static/map/ is listed (a forgotten module would silently not run)
    # and the page holds the modules in the order that lets each use the earlier ones.
    from geo import assets

    on_disk = {p.stem for p in (assets.STATIC_DIR / "map").glob("*.js")}
    assert on_disk == set(assets.MAP_MODULES) | set(assets.CORPUS_MODULES)
    at = [page.index(f"/* ==== {name}.js ==== */") for name in assets.MAP_MODULES]
    assert at == sorted(at)
    assert all(page.count(f"/* ==== {name}.js ==== */") == 1 for name in assets.MAP_MODULES)


# ---------------------------------------------------------------- deterministic


def test_two_renders_are_identical(result: Result, page: str) -> None:
    assert render_map(result) == page


def test_identical_across_processes_and_hash_seeds(page: str) -> None:
    code = (
        "import sys; sys.path.insert(0, 'tests');"
        "from render_fixtures import synthetic_result; from geo.render import render_map;"
        "sys.stdout.write(render_map(synthetic_result()))"
    )
    for seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, env=env, check=True
        ).stdout.decode("utf-8")
        assert out == page


def test_no_random_ids(page: str) -> None:
    # folium/branca ids are 32 hex digits; nothing like that should be in our page
    assert not re.search(r"_[0-9a-f]{32}\b", page)


# ---------------------------------------------------------------- content


def test_payload_holds_everything(result: Result, page: str) -> None:
    data = payload_of(page)
    assert len(data["places"]) == len(result.places)
    assert [op["name"] for op in data["operations"]] == ["Maliko", "Sekab", "Buffalo"]
    assert len(data["bases"]) == 3 and all(b["place"] is not None for b in data["bases"])
    assert len(data["events"]) == len(result.annotations.events)
    assert len(data["context"]["regions"]) == 9
    assert {r["name"] for r in data["context"]["regions"]} >= {"Mopti", "Gao", "Kidal"}
    assert data["kinds"] == ["country", "area", "region", "cercle", "axis", "town", "village"]
    assert data["document"]["date"] == "2020-06-01"


def test_operations_reference_places_by_index(page: str) -> None:
    data = payload_of(page)
    buffalo = data["operations"][2]
    names = {data["places"][i]["name"] for i in buffalo["places"]}
    assert names == {"Bandiagara", "Koro", "Bankass"}
    assert buffalo["actor"] == "MINUSMA" and buffalo["name_local"] == "布法罗"
    assert buffalo["evidence"][0]["paragraph"] == 6
    # the operation's local name is highlighted in its quote
    ev = buffalo["evidence"][0]
    assert any(ev["text"][a:b] == "布法罗" for a, b in ev["marks"])


def test_place_popup_data(page: str) -> None:
    data = payload_of(page)
    koro = place(data, "gn:7701494")
    assert koro["kind"] == "cercle" and koro["shape_type"] == "polygon"
    assert koro["name_zh"] == "科罗" and koro["admin1"] == "Mopti"
    assert koro["precision"] == 3
    assert data["vocabulary"]["precision_labels"]["3"].startswith("cercle")
    for ev in koro["evidence"]:
        assert ev["paragraph"] > 0 and ev["marks"]
        assert all(ev["text"][a:b] == "科罗省" for a, b in ev["marks"])
    assert "Places: GeoNames (CC BY 4.0)" in data["attribution"]
    assert any("geoBoundaries MLI ADM2 (2017), CC BY 4.0" in a for a in data["attribution"])


def test_approximate_place_carries_its_note(page: str) -> None:
    douna = place(payload_of(page), "village:douna-pen")
    assert douna["approximate"] is True
    assert "not in the gazetteer" in douna["note"]
    assert douna["point"] and douna["shape"] is None


def test_evidence_capped_at_five_with_count(page: str) -> None:
    mali = place(payload_of(page), "gn:2453866")
    assert mali["sentences"] > 5
    assert len(mali["evidence"]) == 5
    assert mali["more"] == mali["sentences"] - 5


def test_thousands_of_mentions_stay_small() -> None:
    doc = letter_document()
    s = doc.sentences[5]
    m = Mention("马里", "马里", s.start, s.start + 2, None, "cjk", s.index, s.paragraph)
    mentions, evidence = [], []
    for i in range(5000):
        ev = Quote(i, 1 + i // 10, s.start, s.end, s.text)  # distinct sentence indices
        mentions.append(m)
        evidence.append(ev)
    base = synthetic_result().places[0]
    big = dataclasses.replace(base, mentions=tuple(mentions), evidence=tuple(evidence))
    data = build_payload(Result(doc, (big,), ()), title="t")
    entry = data["places"][0]
    assert entry["mentions"] == 5000 and entry["sentences"] == 5000
    assert len(entry["evidence"]) == 5 and entry["more"] == 4995
    assert len(render_map(Result(doc, (big,), ()))) < 600_000


def test_no_point_for_missing_or_null_island_coordinates() -> None:
    base = synthetic_result().places[-5]  # a village with a point
    cases = [
        dataclasses.replace(base, key="a", lat=0.0, lon=0.0),
        dataclasses.replace(base, key="b", lat=None, lon=None),
        dataclasses.replace(base, key="c", lat=float("nan"), lon=3.0),
        dataclasses.replace(base, key="d", lat=95.0, lon=3.0),
        dataclasses.replace(
            base, key="e", lat=None, lon=None, geometry={"type": "Point", "coordinates": [0, 0]}
        ),
        dataclasses.replace(
            base,
            key="f",
            kind="cercle",
            lat=None,
            lon=None,
            geometry={"type": "Polygon", "coordinates": [[[1, 2], [float("inf"), 3], [1, 2]]]},
        ),
    ]
    doc = letter_document()
    data = build_payload(Result(doc, tuple(cases), ()), title="t")
    for entry in data["places"]:
        assert entry["point"] is None and entry["shape"] is None and entry["anchor"] is None
    # nothing located: the view falls back to Mali
    assert data["bounds"] == build_payload(empty_result(), title="t")["bounds"]
    assert "(0 on the map)" in render_map(Result(doc, tuple(cases), ()))


def test_bounds_fit_the_places(page: str) -> None:
    (south, west), (north, east) = payload_of(page)["bounds"]
    assert 13 < south < 14 and 19 < north < 20  # Bankass cercle .. Gao region
    assert -6 < west < -5 and 4 < east < 5


def test_coordinates_are_rounded(page: str) -> None:
    data = payload_of(page)
    for entry in data["places"]:
        for x in entry["point"] or []:
            assert round(x, 5) == x


# ---------------------------------------------------------------- options


def test_title_override_and_default(result: Result) -> None:
    assert "<title>Custom map</title>" in render_map(result, title="Custom map")
    assert f"<title>{result.document.title}</title>" in render_map(result)
    untitled = dataclasses.replace(result, document=dataclasses.replace(result.document, title=""))
    assert "<title>Places mentioned in letter.zh.txt</title>" in render_map(untitled)


def test_default_tiles(page: str) -> None:
    tiles = payload_of(page)["tiles"]
    assert [t["id"] for t in tiles] == ["osm", "light"]
    assert "OpenStreetMap" in tiles[0]["attribution"] and "CARTO" in tiles[1]["attribution"]


def test_no_tiles(result: Result) -> None:
    page = render_map(result, tiles=())
    assert payload_of(page)["tiles"] == []
    assert "tile.openstreetmap.org" not in page and "cartocdn" not in page


def test_custom_tiles(result: Result) -> None:
    url = "https://tiles.example.org/{z}/{x}/{y}.png"
    tiles = payload_of(render_map(result, tiles=[url, "osm"]))["tiles"]
    assert tiles[0]["url"] == url and "tiles.example.org" in tiles[0]["name"]
    assert tiles[1]["id"] == "osm"
    local = payload_of(render_map(result, tiles=["file:///srv/tiles/{z}/{x}/{y}.png"]))["tiles"]
    assert local[0]["url"].startswith("file:///")


@pytest.mark.parametrize(
    "spec", ["satellite", "https://example.org/tiles.png", "javascript:alert(1)//{z}{x}{y}"]
)
def test_bad_tiles_raise(result: Result, spec: str) -> None:
    with pytest.raises(ValueError):
        render_map(result, tiles=[spec])


def test_custom_tile_attribution_is_escaped(result: Result) -> None:
    url = "https://<b>evil</b>.org/{z}/{x}/{y}.png"
    tile = payload_of(render_map(result, tiles=[url]))["tiles"][0]
    assert "<b>" not in tile["attribution"]


# ---------------------------------------------------------------- empty / missing data


def test_no_places_still_renders_mali() -> None:
    page = render_map(empty_result(), tiles=())
    data = payload_of(page)
    assert data["places"] == [] and data["operations"] == []
    (south, west), (north, east) = data["bounds"]
    assert south < 11 and north > 24 and west < -12 and east > 4  # all of Mali
    assert "No places found" in page  # the on-map message (built by the page script)
    assert "0 places (0 on the map)" in page


def test_missing_outline_file_is_skipped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(paths, "AREA_SHAPES", tmp_path / "absent.geojson")
    data = payload_of(render_map(synthetic_result()))
    assert data["context"]["outline"] is None
    assert len(data["context"]["regions"]) == 9


def test_outline_read_from_area_shapes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    regions = json.loads(paths.REGIONS.read_text(encoding="utf-8"))
    shape = regions["features"][1]["geometry"]
    areas = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"key": "area:x"}, "geometry": None},
            {"type": "Feature", "properties": {"key": "gn:2453866"}, "geometry": shape},
        ],
    }
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps(areas), encoding="utf-8")
    monkeypatch.setattr(paths, "AREA_SHAPES", path)
    outline = payload_of(render_map(synthetic_result()))["context"]["outline"]
    assert outline["type"] == "Polygon"
    assert outline["coordinates"][0][0] == shape["coordinates"][0][0]


def test_broken_boundary_files_do_not_stop_the_map(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(paths, "REGIONS", bad)
    monkeypatch.setattr(paths, "AREA_SHAPES", bad)
    data = payload_of(render_map(empty_result()))
    assert data["context"] == {"regions": [], "outline": None} and data["bounds"] is None


def test_unknown_place_keys_are_ignored(result: Result) -> None:
    op = dataclasses.replace(result.annotations.operations[0], place_keys=("nope", "gn:2455290"))
    ann = dataclasses.replace(result.annotations, operations=(op,))
    data = payload_of(render_map(dataclasses.replace(result, annotations=ann)))
    assert [data["places"][i]["key"] for i in data["operations"][0]["places"]] == ["gn:2455290"]


def test_bad_dates_become_undated(result: Result) -> None:
    ev = dataclasses.replace(result.annotations.events[0], date="26 April", date_end="2020-13-99x")
    ann = dataclasses.replace(result.annotations, events=(ev,))
    data = payload_of(render_map(dataclasses.replace(result, annotations=ann)))
    assert data["events"][0]["date"] is None and data["events"][0]["date_end"] is None


# ---------------------------------------------------------------- security


def test_script_json_cannot_break_out() -> None:
    text = script_json({"a": "</script><!--<script>&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!--<script>&\u2028"}


def test_hostile_text_is_escaped_everywhere() -> None:
    page = render_map(hostile_result())
    blob = DATA_SCRIPT.search(page).group(1)
    assert "<" not in blob and ">" not in blob and "&" not in blob
    outside = page.replace(blob, "")
    for attack in ATTACKS + FLAG_ATTACKS:
        if "<" in attack:
            assert attack not in outside, attack
    # exactly our three scripts: the data blob, Leaflet and the page script
    assert len(re.findall(r"<script\b", page)) == SCRIPTS_IN_PAGE
    assert page.count("</script>") == SCRIPTS_IN_PAGE
    assert "<!--" not in outside
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert htmlmod.unescape(title) == hostile_result().document.title
    # the payload still carries the literal text, for the page to show as text
    data = json.loads(blob)
    assert data["title"] == hostile_result().document.title
    assert any(FLAG_ATTACKS[0] in u["surface"] for u in data["unresolved"])


def test_hostile_title_argument_is_escaped(result: Result) -> None:
    page = render_map(result, title="</title><script>alert(1)</script>")
    assert "</title><script>" not in page
    assert "&lt;/title&gt;&lt;script&gt;" in page


def test_places_without_evidence_or_mentions(result: Result) -> None:
    bare = Place(
        key="x",
        name="X",
        name_zh="",
        kind="town",
        lat=14.5,
        lon=-4.2,
        geometry=None,
        admin1="",
        admin2="",
        geonames_id=None,
        pcode="",
        precision=1,
        source="",
        geocoder="",
        approximate=False,
        note="",
        confidence=float("nan"),
        mentions=(),
        evidence=(),
    )
    entry = build_payload(dataclasses.replace(result, places=(bare,)), title="t")["places"][0]
    assert entry["evidence"] == [] and entry["mentions"] == 0 and entry["confidence"] is None


def test_country_and_area_points_are_listed_not_drawn(page: str) -> None:
    data = payload_of(page)
    mali = place(data, "gn:2453866")  # a country with only a point
    assert mali["point"] and not mali["drawn"] and mali["anchor"] is None
    centre = place(data, "area:mali-centre")  # an area with neither point nor shape
    assert not centre["drawn"] and centre["anchor"] is None
    gao = place(data, "gn:2457161")  # a region: drawn, and bases/events can attach to it
    assert gao["drawn"] and gao["anchor"]


def test_tiles_given_as_one_string(result: Result) -> None:
    assert [t["id"] for t in payload_of(render_map(result, tiles="light"))["tiles"]] == ["light"]


def test_folium_is_imported_without_pandas() -> None:
    # pandas is a quarter of a second of every `geo map`; folium only needs it for DataFrames.
    code = (
        "import sys; sys.path.insert(0, 'tests');"
        "from render_fixtures import synthetic_result; from geo.render import render_map;"
        "render_map(synthetic_result());"
        "print('folium' in sys.modules, 'pandas' in sys.modules);"
        "import pandas; print(pandas.DataFrame is not None)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["True", "False", "True"]  # and pandas still imports afterwards
