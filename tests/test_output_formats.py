"""What users load the outputs into: pandas, GIS tools (RFC 7946), and their own reading.

Kinds, sources and notes must not depend on the language the report is written in.
"""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from shapely.geometry import shape

from geo import paths
from geo.document import parse_document
from geo.export import MENTION_DTYPES, mentions_csv, places_geojson, rfc7946_geometry
from geo.pipeline import run, run_document

SEVARE_AND_GAO = {
    "zh": "报告\n\n2021年3月，武装分子袭击了塞瓦雷和加奥。\n",
    "fr": "Rapport\n\nEn mars 2021, des hommes armés ont attaqué Sévaré et Gao.\n",
    "en": "Report\n\nIn March 2021, gunmen attacked Sévaré and Gao.\n",
}


def _places(text: str):
    return run_document(parse_document(text.encode("utf-8"), source="test.txt")).places


@pytest.fixture(scope="module")
def letter():
    return run(paths.DEFAULT_DOCUMENT)


def test_town_or_village_does_not_depend_on_the_language():
    kinds = {
        lang: {p.geonames_id: p.kind for p in _places(text)}
        for lang, text in SEVARE_AND_GAO.items()
    }
    assert kinds["zh"] == kinds["fr"] == kinds["en"]
    assert sorted(kinds["fr"].values()) == ["town", "village"]  # Gao PPLA; Sévaré PPL, no pop.


def test_the_texts_own_word_decides_town_or_village():
    (zh,) = _places("报告\n\n2021年3月，武装分子袭击了塞瓦雷镇。\n")
    (fr,) = _places("Rapport\n\nEn mars 2021, des hommes ont attaqué la ville de Sévaré.\n")
    (en,) = _places("Report\n\nIn March 2021, gunmen attacked the village of Ansongo.\n")
    assert (zh.name, zh.kind) == ("Sévaré", "town")
    assert (fr.name, fr.kind) == ("Sévaré", "town")
    assert (en.name, en.kind) == ("Ansongo", "village")  # a PPLA2, but the text says village


def test_a_french_report_says_nothing_about_chinese_sources():
    for place in _places(SEVARE_AND_GAO["fr"]) + _places(SEVARE_AND_GAO["en"]):
        assert "Chinese" not in place.source and "zh_names" not in place.source
        assert "lower reliability" not in place.source and "Chinese" not in place.note
        assert place.name_zh == ""
    # A Chinese report keeps where its Chinese names were seen.
    gao = {p.name: p for p in _places(SEVARE_AND_GAO["zh"])}["Gao"]
    assert "; Chinese: " in gao.source


def test_source_strings_end_on_whole_words(letter):
    shipped = paths.ZH_NAMES.read_text(encoding="utf-8")
    words = {w.rstrip(",;:/") for w in shipped.split()}
    cut = 0
    for place in letter.places:
        for stump in re.findall(r"(\S+)…", place.source):
            cut += 1
            assert stump in words, (place.name, stump)
    assert cut  # the letter's places do have shortened sources: the test checks something


def test_camp_is_shown_under_its_settlement_name():
    (tessit, cercle) = _places(
        "Rapport\n\nDes hommes armés ont attaqué Tessit, dans le cercle d'Ansongo, en mai 2021.\n"
    )
    assert tessit.name == "Tessit" and tessit.geonames_id == 2449881  # GeoNames' camp "Tessi"
    assert tessit.admin2 == "Ansongo" and cercle.name == "Ansongo"


def test_geonames_id_reads_as_whole_numbers_in_pandas(letter):
    text = mentions_csv(letter)
    assert not re.search(r",\d{6,8}\.0,", text)
    frame = pd.read_csv(io.StringIO(text), dtype=MENTION_DTYPES)
    assert str(frame["geonames_id"].dtype) == "Int64"
    assert frame["geonames_id"].isna().any()  # areas and Femaye have none
    assert 2453866 in set(frame["geonames_id"].dropna())  # Mali, not 2453866.0
    assert str(frame["paragraph"].dtype) == "Int64"
    features = json.loads(places_geojson(letter))["features"]
    ids = [f["properties"]["geonames_id"] for f in features]
    assert all(i is None or isinstance(i, int) for i in ids) and None in ids


def test_polygons_wind_counterclockwise_as_rfc7946_asks(letter):
    features = json.loads(places_geojson(letter))["features"]
    polygons = [
        f["geometry"] for f in features if f["geometry"] and "Polygon" in f["geometry"]["type"]
    ]
    assert len(polygons) >= 8  # regions, cercles, northern and central Mali
    for geometry in polygons:
        shapes = shape(geometry)
        for polygon in getattr(shapes, "geoms", [shapes]):
            assert polygon.exterior.is_ccw
            assert all(not ring.is_ccw for ring in polygon.interiors)


def test_winding_fix_reverses_clockwise_rings_and_keeps_the_rest():
    cw = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]
    hole_ccw = [[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8], [0.2, 0.2]]
    fixed = rfc7946_geometry({"type": "Polygon", "coordinates": [cw, hole_ccw]})
    assert fixed["coordinates"] == [cw[::-1], hole_ccw[::-1]]
    point = {"type": "Point", "coordinates": [1.0, 2.0]}
    assert rfc7946_geometry(point) is point and rfc7946_geometry(None) is None


def test_api_frames_keep_geonames_ids_whole(letter):
    import geo

    result = geo.read(paths.DEFAULT_DOCUMENT)
    for frame in (result.places_frame(), result.mentions_frame()):
        assert str(frame["geonames_id"].dtype) == "Int64"
        assert 2453866 in set(frame["geonames_id"].dropna())
