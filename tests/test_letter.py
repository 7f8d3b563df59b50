"""The MINUSMA letter of 1 June 2020: every place, with the right kind and location.

The gold list below was written by reading the letter (data/letter.zh.txt), not by running the
pipeline. GeoNames ids identify the expected places; the Ogossogou village of the letter is one of
the two Ogassagou hamlets of Bankass cercle (the Bandiagara 'Ogossogou' is the wrong one).
"""

from __future__ import annotations

import pytest

from geo import paths
from geo.pipeline import run

REGIONS = {"Gao": 2457161, "Tombouctou": 2449066, "Mopti": 2453347}
CERCLES = {
    "Bandiagara": 8299591,
    "Koro": 7701494,
    "Bankass": 7701493,
    "Ténenkou": 8299589,
    "Djenné": 8299590,
}
# Town or village follows one rule in every language: the text's own word (村 village, 镇
# town) wins, else GeoNames (PPLC/PPLA/PPLA2/PPLA3 or 5,000+ people is a town). GeoNames records
# Sévaré, Tonka and Labézanga as plain populated places with no population, so they are
# villages here, as they would be in a French or English report.
TOWNS = {
    "Gao": 2457163,
    "Tombouctou": 2449067,
    "Ansongo": 2461003,
    "Ménaka": 2453514,
    "Goundam": 2456917,
    "Niafunké": 2452830,
    "Kidal": 2455290,
    "Bamako": 2460596,
}
# "Femaye 镇": a town by the text's word, but not in GeoNames: placed at its cercle, flagged.
TOWNS_AT_CERCLE = {"Femaye": "Djenné"}
# village -> (acceptable GeoNames ids, cercle it must lie in)
VILLAGES = {
    "Douna-Pen": ({6893546}, "Koro"),  # GeoNames "Dounapé", 8 km from Dioungani
    "Dioungani": ({2458641}, "Koro"),
    "Ogossogou": ({2452382, 12232587}, "Bankass"),
    "Malémana": ({2453870}, "Ténenkou"),
    "Sévaré": ({2451285}, "Mopti"),
    "Tonka": ({2449018}, "Goundam"),
    "Labézanga": ({2454210}, "Ansongo"),
}
AREAS = {"area:northern-mali", "area:central-mali", "area:sahel"}


@pytest.fixture(scope="module")
def result():
    return run(paths.DEFAULT_DOCUMENT)


def _by_kind(result, kind):
    return [p for p in result.places if p.kind == kind]


def test_regions(result):
    regions = _by_kind(result, "region")
    assert {p.name: p.geonames_id for p in regions} == REGIONS
    for p in regions:
        assert p.geometry["type"] in ("Polygon", "MultiPolygon")
        assert p.pcode.startswith("ML") and len(p.pcode) == 4


def test_cercles(result):
    cercles = _by_kind(result, "cercle")
    assert {p.name: p.geonames_id for p in cercles} == CERCLES
    for p in cercles:
        assert p.geometry["type"] in ("Polygon", "MultiPolygon")
        assert p.admin1 == "Mopti"
        assert p.precision == 3


def test_towns(result):
    towns = {p.name: p for p in _by_kind(result, "town")}
    assert set(towns) == set(TOWNS) | set(TOWNS_AT_CERCLE)
    for name, geonames_id in TOWNS.items():
        p = towns[name]
        assert p.geonames_id == geonames_id, name
        assert p.geometry == {"type": "Point", "coordinates": [p.lon, p.lat]}
        assert p.precision == 1
        assert "GeoNames" in p.source
    for name, cercle in TOWNS_AT_CERCLE.items():
        _assert_at_cercle(towns[name], cercle)


def test_villages(result):
    villages = {p.name: p for p in _by_kind(result, "village")}
    assert set(villages) == set(VILLAGES)
    for name, (ids, cercle) in VILLAGES.items():
        place = villages[name]
        assert place.admin2 == cercle, name
        assert place.geonames_id in ids, name
        assert not place.approximate


def _assert_at_cercle(place, cercle):
    assert place.admin2 == cercle
    assert place.approximate and place.geonames_id is None
    assert place.precision == 3
    assert "no coordinates in the gazetteer" in place.note


def test_axis_and_areas(result):
    (axis,) = _by_kind(result, "axis")
    assert axis.geometry["type"] == "LineString"
    by_id = {p.geonames_id: p for p in result.places}
    (labezanga_id,) = VILLAGES["Labézanga"][0]
    ends = [by_id[TOWNS["Gao"]], by_id[labezanga_id]]
    assert axis.geometry["coordinates"] == [[e.lon, e.lat] for e in ends]
    assert axis.name_zh == "加奥-拉贝赞加轴心"
    assert {p.key for p in _by_kind(result, "area")} == AREAS
    assert [p.name for p in _by_kind(result, "country")] == ["Mali"]


def test_no_false_places(result):
    expected = 3 + 5 + (8 + 1) + 7 + 1 + 3 + 1  # 29
    assert len(result.places) == expected
    assert result.unresolved == ()
    # The mission (马里稳定团) is never a mention of Mali.
    for place in result.places:
        for mention in place.mentions:
            assert not result.document.text.startswith("马里稳定团", mention.start)


def test_mentions_point_into_the_text(result):
    text = result.document.text
    for place in result.places:
        assert len(place.mentions) == len(place.evidence)
        for mention, evidence in zip(place.mentions, place.evidence, strict=True):
            assert text[mention.start : mention.end] == mention.surface
            assert evidence.start <= mention.start < evidence.end
            assert evidence.text == text[evidence.start : evidence.end]


def test_chinese_forms_as_written(result):
    by_name = {(p.name, p.kind): p for p in result.places}
    assert by_name[("Koro", "cercle")].name_zh == "科罗省"
    assert by_name[("Mopti", "region")].name_zh == "莫普蒂大区"
    assert by_name[("Bankass", "cercle")].name_zh == "邦卡省"
    assert by_name[("Ténenkou", "cercle")].name_zh == "泰南库省"


def test_operations(result):
    ops = {op.name: op for op in result.annotations.operations}
    assert set(ops) == {"Maliko", "Seka", "Buffalo"}
    assert ops["Maliko"].actor == "Malian armed forces"
    assert ops["Seka"].actor == ops["Buffalo"].actor == "MINUSMA"
    keys = {p.key: p for p in result.places}
    assert "area:northern-mali" in ops["Maliko"].place_keys
    seka_kinds = {keys[k].kind for k in ops["Seka"].place_keys}
    assert "axis" in seka_kinds
    buffalo_cercles = {keys[k].name for k in ops["Buffalo"].place_keys if keys[k].kind == "cercle"}
    assert buffalo_cercles == {"Bandiagara", "Koro", "Bankass"}
    assert all("“布法罗”" in e.text for e in ops["Buffalo"].evidence)


def test_temporary_bases(result):
    names = {p.key: p.name for p in result.places}
    bases = {names[b.place_key]: b for b in result.annotations.bases}
    assert set(bases) == {"Douna-Pen", "Dioungani", "Ogossogou"}
    assert bases["Douna-Pen"].date == "2020-01"
    assert "临时行动基地" in bases["Dioungani"].evidence.text
    assert "48" in bases["Ogossogou"].date_text


def test_dated_events(result):
    """The letter's dated events, listed by reading data/letter.zh.txt:

    - 4月26日和27日: the mission hands the security of the camps at Gao and Tombouctou over
      to the Malian forces (two consecutive days: one event over a range);
    - 1月份: four mediation missions in Koro cercle, made possible by the Douna-Pen base;
    - 3月初: a series of attacks on villages of Bankass cercle;
    - 3月19日和4月29日: the legislative elections, during which election material was
      distributed in northern and central Mali (two rounds: two dates).
    Nothing else in the letter is both dated and placed: 3月10日 (a needs assessment) and
    3月 (an escort that cleared IEDs) name no place, 3月12日 discusses a plan (not an event),
    and 1月份 at Douna-Pen is the temporary base, shown as a base.
    """
    names = {p.key: p.name for p in result.places}
    dated = {
        (e.type, e.date, e.date_end, frozenset(names[k] for k in e.place_keys))
        for e in result.annotations.events
        if e.date and e.place_keys
    }
    assert dated == {
        ("handover", "2020-04-26", "2020-04-27", frozenset({"Gao", "Tombouctou"})),
        ("mediation", "2020-01", None, frozenset({"Koro"})),
        ("attack", "2020-03", None, frozenset({"Bankass"})),
        ("election", "2020-03-19", None, frozenset({"Northern Mali", "Central Mali"})),
        ("election", "2020-04-29", None, frozenset({"Northern Mali", "Central Mali"})),
    }
    handover = next(e for e in result.annotations.events if e.type == "handover" and e.date)
    assert handover.actor == "马里稳定团" and handover.date_precision == "day"
    assert handover.evidence.text.startswith("4 月 26 日和 27 日") and "移交" in handover.trigger


def test_undated_events(result):
    names = {p.key: p.name for p in result.places}
    events = [
        (e.type, e.date, {names[k] for k in e.place_keys}) for e in result.annotations.events
    ]
    assert ("inspection", None, {"Kidal", "Gao"}) in events
    assert ("attack", None, {"Dioungani", "Ogossogou"}) in events
    reinforced = set().union(*(p for t, _, p in events if t == "reinforcement"))
    assert {"Ansongo", "Ménaka", "Goundam", "Niafunké", "Tonka", "Sévaré"} <= reinforced
    assert "Gao" not in reinforced  # the region of Ansongo, named as its container
    (returned,) = [e for e in result.annotations.events if e.type == "return"]
    assert "3,120" in returned.label and returned.date is None
    assert {names[k] for k in returned.place_keys} == {"Femaye"}
    # "preventing attacks on civilians" and "an attack was imminent" are no attacks.
    assert not any(t == "attack" and p == {"Central Mali"} for t, _, p in events)
    # "稳定团随后护送了……联合调查团": the escort goes on from the sentence naming Malémana.
    assert ("operation", None, {"Malémana"}) in events
    # Named operations and temporary bases are not repeated as events.
    assert not any(t == "base" for t, _, _ in events)
