"""Reports the pipeline has never seen: other places, other renderings, other languages.

The texts in tests/data/ were written for these tests. They reuse names that several villages
share (Boni, Léré, Douna), so only the context tells which one is meant.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.document import parse_document
from geo.pipeline import run, run_document

DATA = Path(__file__).parent / "data"


def _run_text(text):
    return run_document(parse_document(text.encode()))


def _places(result):
    return {(p.name, p.kind): p for p in result.places}


@pytest.fixture(scope="module")
def zh():
    return run(DATA / "unseen_report.zh.txt")


def test_zh_variant_renderings(zh):
    places = _places(zh)
    assert places[("Mopti", "region")].name_zh == "莫普提区"
    assert places[("Tombouctou", "town")].name_zh == "廷巴克图"
    assert places[("Douentza", "cercle")].geonames_id == 7670549
    assert places[("Youwarou", "cercle")].geonames_id == 8299587
    assert places[("Tessalit", "town")].admin1 == "Kidal"


def test_zh_same_name_told_apart_by_context(zh):
    bonis = {p.geonames_id: p for p in zh.places if p.name == "Boni"}
    # 杜恩扎省的 Boni 村 is the Douentza one; 卡伊大区的 Boni 村 the one in Kayes region.
    assert set(bonis) == {2459917, 2459918}
    assert bonis[2459917].admin2 == "Douentza" and len(bonis[2459917].mentions) == 2
    assert bonis[2459918].admin1 == "Kayes"
    leres = {p.admin2: p.geonames_id for p in zh.places if p.name == "Léré"}
    assert leres == {"Niafunké": 2454104, "Koro": 6866964}
    (douna,) = [p for p in zh.places if p.name == "Douna"]
    assert douna.admin1 == "Ségou" and douna.geonames_id == 2458224


def test_zh_annotations(zh):
    names = {p.key: p.name for p in zh.places}
    (op,) = zh.annotations.operations
    assert op.name_local == "雷霆" and op.actor == "MINUSMA"
    assert {names[k] for k in op.place_keys} >= {"Douentza", "Youwarou"}
    assert [names[b.place_key] for b in zh.annotations.bases] == ["Boni"]
    events = {(e.type, e.date) for e in zh.annotations.events}
    assert ("attack", "2021-08-03") in events
    assert ("handover", "2021-07-12") in events
    (returned,) = [e for e in zh.annotations.events if e.type == "return"]
    assert "2,500" in returned.label


@pytest.mark.parametrize("language", ["fr", "en"])
def test_latin_reports(language):
    result = run(DATA / f"unseen_report.{language}.txt")
    assert result.document.language == language
    assert result.document.date == "2021-09-30"
    places = _places(result)
    for name in ("Bandiagara", "Bankass", "Koro"):
        assert places[(name, "cercle")].pcode.startswith("ML05")
    assert places[("Gao", "region")].pcode == "ML07"
    ogossagou = places[("Ogossagou", "village")]
    assert ogossagou.admin2 == "Bankass" and ogossagou.precision == 2
    assert places[("Dioungani", "village")].admin2 == "Koro"
    assert places[("Tombouctou", "town")].geonames_id == 2449067
    assert places[("Gao–Labézanga", "axis")].geometry["type"] == "LineString"
    assert ("Central Mali", "area") in places
    ops = {op.name: op for op in result.annotations.operations}
    assert set(ops) == {"Buffalo", "Seka"}
    assert ops["Buffalo"].actor == "MINUSMA"
    names = {p.key: p.name for p in result.places}
    assert [names[b.place_key] for b in result.annotations.bases] == ["Dioungani"]
    assert any(e.type == "attack" and e.date == "2021-02-14" for e in result.annotations.events)


def test_no_places_in_unrelated_text():
    text = "The committee met in Geneva on 3 May 2021 to discuss the budget. Nothing else."
    result = _run_text(text)
    # "in Geneva" is used as a place, but the text names no unit of Mali: a place elsewhere.
    assert result.places == () and result.unresolved == ()


def test_common_words_are_not_villages():
    # Several Malian villages share names with French words; a bare capitalised word that only a
    # minor village bears is not a place unless the text confirms it.
    text = "Le Conseil a tenu une Session. La Force et la Police ont travaillé à Bamako."
    result = _run_text(text)
    assert [p.name for p in result.places] == ["Bamako"]


def test_unknown_village_with_parent_is_placed_at_the_cercle():
    text = "   2022 年 1 月 5 日的报告\n\n 稳定团协助流离失所者返回邦卡省的 Zzyzxville 村。\n"
    result = _run_text(text)
    (village,) = [p for p in result.places if p.kind == "village"]
    assert village.approximate and village.admin2 == "Bankass" and village.precision == 3
    (cercle,) = [p for p in result.places if p.kind == "cercle"]
    assert (village.lat, village.lon) == (cercle.lat, cercle.lon)


def test_unknown_village_without_parent_is_reported_not_placed():
    text = "   2022 年 1 月 5 日的报告\n\n 稳定团在 Zzyzxville 村开展巡逻。\n"
    result = _run_text(text)
    assert all(p.kind != "village" for p in result.places)
    assert [r.mention.name for r in result.unresolved] == ["Zzyzxville"]


def test_chinese_renderings_of_names_geonames_spells_differently():
    text = (
        "   2019 年 3 月 30 日的报告\n\n"
        " 3 月 23 日，莫普提区邦卡斯省的奥戈萨古村遭到袭击。"
        "稳定团协助流离失所者返回杰内县费马耶镇。\n"
    )
    result = _run_text(text)
    places = {p.name: p for p in result.places}
    assert places["Ogassagou-Dogon"].admin2 == "Bankass"  # GeoNames spelling of 奥戈萨古
    femaye = places["Femaye"]
    assert femaye.approximate and femaye.admin2 == "Djenné" and femaye.name_zh == "费马耶镇"
    assert any(e.type == "attack" and e.date == "2019-03-23" for e in result.annotations.events)


def test_region_forms_and_the_2016_regions():
    text = (
        "   2021 年 12 月 15 日的报告\n\n"
        " 在加奥地区，梅纳卡大区的 Inékar 村遭到袭击。稳定团在马里中部和北部分发了选举材料。\n"
    )
    result = _run_text(text)
    places = _places(result)
    assert places[("Gao", "region")].name_zh == "加奥地区"  # the region, not the town
    assert ("Gao", "town") not in places
    # Ménaka region (2016) has no 2017 polygon: its villages are those of the Ménaka cercle.
    assert places[("Inékar", "village")].geonames_id == 2596483
    assert places[("Ménaka", "region")].admin1 == "Ménaka"
    assert places[("Northern Mali", "area")].name_zh == "马里北部"


def test_french_cued_lists_and_english_village_after_name():
    text = (
        "Rapport sur le Mali, 1er juin 2020\n\n"
        "Dans la région de Mopti, les villages de Dioungani et d'Ogossagou ont été attaqués.\n\n"
        "In Bankass cercle, the Ogossagou village was attacked again.\n"
    )
    result = _run_text(text)
    places = _places(result)
    assert places[("Dioungani", "village")].admin2 == "Koro"
    ogossagou = places[("Ogossagou", "village")]
    assert ogossagou.admin2 == "Bankass" and len(ogossagou.mentions) == 2


def test_somalia_is_not_mali():
    text = "   2020 年 6 月 1 日的报告\n\n 索马里和马里的局势都很复杂。\n"
    result = _run_text(text)
    (mali,) = result.places
    assert mali.name == "Mali" and len(mali.mentions) == 1
    assert mali.mentions[0].start == result.document.text.index("和马里") + 1
