"""The Python API for notebooks: geo.read -> Result, DataFrames, GeoJSON, folium map."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

import geo
from geo import paths
from geo.errors import DocumentError
from geo.export import MENTION_COLUMNS, mentions_csv, places_geojson


@pytest.fixture(scope="module")
def letter_result() -> geo.Result:
    return geo.read(paths.DEFAULT_DOCUMENT)


def test_read_the_letter_gives_its_29_places_as_dataframes(letter_result):
    places = letter_result.places_frame()
    assert len(places) == 29
    assert places["key"].is_unique
    features = json.loads(places_geojson(letter_result))["features"]
    assert list(places.columns) == ["key", *features[0]["properties"]]
    koro = places[places["name"] == "Koro"].iloc[0]
    assert koro["kind"] == "cercle" and koro["admin1"] == "Mopti"
    mentions = letter_result.mentions_frame()
    assert list(mentions.columns) == list(MENTION_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(mentions_csv(letter_result))))
    assert len(mentions) == len(rows) > 29
    located = mentions[mentions["status"] != "unresolved"]
    lat = located["lat"].dropna()  # a wide area (the Sahel) has no single point
    assert located["lat"].dtype.kind == "f" and len(lat) > 29 and lat.between(10, 25).all()
    assert len(letter_result.events_frame()) == len(letter_result.annotations.events)


def test_to_geojson_is_places_geojson(letter_result):
    collection = letter_result.to_geojson()
    assert collection == json.loads(places_geojson(letter_result))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 29


def test_map_is_a_folium_map_that_renders_inline_with_no_network(letter_result):
    import folium

    fmap = letter_result.map(title="MINUSMA <letter>")
    assert isinstance(fmap, folium.Map)
    inline = fmap._repr_html_()  # what Jupyter shows: the page in an iframe
    assert "<iframe" in inline
    page = fmap.get_root().render()
    assert 'id="geo-data"' in page and "MINUSMA &lt;letter&gt;" in page
    # Self-contained: Leaflet is inlined, no script or stylesheet is fetched.
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', page)
    payload = re.search(r'id="geo-data">(.*?)</script>', page, re.S)
    assert payload and len(json.loads(payload.group(1))["places"]) == 29


def test_write_gives_what_geo_map_writes(letter_result, tmp_path):
    written = letter_result.write(tmp_path)
    assert sorted(p.name for p in written) == [
        "events.csv",
        "map.html",
        "mentions.csv",
        "places.geojson",
    ]
    assert (tmp_path / "places.geojson").read_text(encoding="utf-8") == places_geojson(
        letter_result
    )


def test_read_accepts_text_bytes_and_paths(tmp_path):
    text = "Les FAMa ont patrouillé à Gao et à Kidal le 3 mars 2020."
    by_text = geo.read(text)
    assert [p.name for p in by_text.places] == ["Gao", "Kidal"]
    assert by_text.document.source == "<text>"
    assert [p.name for p in geo.read(text.encode("utf-8")).places] == ["Gao", "Kidal"]
    report = tmp_path / "report.txt"
    report.write_text(text, encoding="utf-8")
    for source in (report, str(report)):
        result = geo.read(source)
        assert result.document.source == str(report) and len(result.places) == 2
    # A name of a file that is not there is an error, not a text without places.
    with pytest.raises(DocumentError, match="no such file"):
        geo.read(str(tmp_path / "missing.txt"))
    with pytest.raises(DocumentError, match="no such file"):
        geo.read(Path("missing.pdf"))


def test_read_options(tmp_path):
    result = geo.read("加奥发生袭击。", date="2020-06-01")
    assert result.document.date == "2020-06-01"
    with pytest.raises(DocumentError, match="names places more than 2 times"):
        geo.read("加奥、基达尔、莫普提。", max_names=2)
    empty = geo.read("Nothing here names a place.")
    assert empty.places == () and empty.places_frame().empty
    assert list(empty.places_frame().columns)[:3] == ["key", "name", "name_zh"]
