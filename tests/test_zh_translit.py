"""Chinese reports as other people write them: transliterations no list has, the level a list
states, false places, places GeoNames lacks. Every text here was written for these tests."""

from __future__ import annotations

import re

import pytest

from geo import translit
from geo.document import parse_document
from geo.gazetteer import load_gazetteer
from geo.pipeline import run_document
from geo.text import fold, is_cjk


def _run(text: str):
    return run_document(parse_document(text.encode()))


def _by_surface(result) -> dict[str, object]:
    return {m.surface: p for p in result.places for m in p.mentions}


# --- the phonetic match itself -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("zh", "latin"),
    [
        ("南帕拉", "Nampala"),
        ("索法拉", "Sofara"),
        ("伊内卡尔", "Inékar"),
        ("贾巴利", "Diabali"),
        ("布雷姆", "Bourem"),
        ("卡伊", "Kayes"),
        ("阿盖洛克", "Aguelhok"),
    ],
)
def test_transliteration_sounds_like_its_name(zh, latin):
    score = max(
        translit.similarity(k, translit.latin_phonemes(latin)) for k in translit.zh_phonemes(zh)
    )
    assert score >= 0.85


@pytest.mark.parametrize(
    ("zh", "latin"), [("索法拉", "Kidal"), ("南帕拉", "Tessalit"), ("卡伊", "Bamako")]
)
def test_other_names_do_not_sound_alike(zh, latin):
    score = max(
        translit.similarity(k, translit.latin_phonemes(latin)) for k in translit.zh_phonemes(zh)
    )
    assert score < 0.6


def test_renderings_we_ship_are_found_by_sound_among_notable_places():
    """Leave the list out: each shipped rendering of a town or cercle, matched by sound alone
    against every notable place of Mali, should find its own place first."""
    gazetteer = load_gazetteer()
    index = translit.index_for(gazetteer)
    tried = right = 0
    for entry in gazetteer.entries:
        if entry.feature_code not in ("PPLA", "PPLA2") or not entry.name_zh:
            continue
        zh = entry.name_zh
        if not is_cjk(zh) or re.search(r"(区|區|省|县|地区)$", zh) or not translit.zh_phonemes(zh):
            continue
        tried += 1
        matches = index.search(zh, keep=lambda e: e.feature_code in ("PPLA", "PPLA2", "PPLC"))
        if matches and fold(matches[0].entry.name) == fold(entry.name):
            right += 1
    assert tried >= 30
    assert right / tried >= 0.8


def test_word_list_marks_ordinary_words_and_countries():
    assert translit.word_class("加纳") == "country"
    assert translit.word_class("尼日尔") == "country"
    assert translit.word_class("南帕拉") is None
    assert all(translit.is_translit_char(c) for c in "纽罗桑达雷戈吉")
    assert not any(translit.is_translit_char(c) for c in "的在和市场镇区省")


@pytest.mark.parametrize(
    ("zh_key", "latin_key", "score"),
    [
        ("niulo", "niolo", 0.94),
        ("jyai", "kai@", 0.7999999999999999),
        ("jyabali", "diabali", 0.9214285714285714),
        ("gubali", "diabali", 0.6857142857142857),
        ("bamak@", "tombugtu", 0.4125),
        ("", "gao", 0.2666666666666666),
    ],
)
def test_sound_similarity_is_the_weighted_edit_distance(zh_key, latin_key, score):
    # Exact floats: the fast row-by-row loop must add the same costs as the plain recurrence.
    assert translit.similarity(zh_key, latin_key) == score


def test_search_among_positions_finds_what_a_keep_filter_finds():
    gazetteer = load_gazetteer()
    index = translit.index_for(gazetteer)
    mopti = next(e for e in gazetteer.lookup("Mopti") if e.kind == "region")
    inside = gazetteer.within(mopti)
    among = index.positions(inside)
    assert 0 < len(among) < len(index.entries) and among == sorted(among)
    for zh in ("索法拉", "巴尼", "杰内", "孔纳"):
        by_keep = index.search(zh, keep=lambda e: gazetteer.contains(mopti, e))
        assert index.search(zh, among=among) == by_keep
    assert index.search("索法拉", among=among)  # the test compares real matches


def test_runs_of_transliteration_characters_stop_at_covered_text():
    from geo.mentions import _translit_runs

    text = "在纽罗和桑达雷戈的市场"
    covered = [False] * len(text)
    assert _translit_runs(text, covered) == [(1, 3), (4, 8)]
    covered[5] = True  # a known name inside the run
    assert _translit_runs(text, covered) == [(1, 3), (4, 5), (6, 8)]


# --- names no list has --------------------------------------------------------------------------


def test_suffix_and_stated_region_place_an_unlisted_name():
    result = _run(
        "6月2日，马军在塞古大区南帕拉镇附近遭到伏击，另在莫普提大区索法拉村发现爆炸装置。"
    )
    places = _by_surface(result)
    nampala, sofara = places["南帕拉镇"], places["索法拉村"]
    assert (nampala.name, nampala.admin1, nampala.geonames_id) == ("Nampala", "Ségou", 2453133)
    assert "matched by transliteration: nan pa la ~ Nampala" in nampala.note
    assert 0.5 <= nampala.confidence < 0.9
    assert (sofara.name, sofara.admin2) == ("Sofara", "Djenné")


def test_list_with_a_known_place_narrows_the_field():
    result = _run("武装分子同时袭击了杰内、索法拉和迪乌拉等地的哨所。")
    places = _by_surface(result)
    assert places["索法拉"].admin2 == "Djenné"
    # Two Dioura: the one in the region of the list (Mopti), not the one in Kayes.
    assert (places["迪乌拉"].name, places["迪乌拉"].admin1) == ("Dioura", "Mopti")


def test_frame_alone_accepts_only_a_notable_place():
    result = _run("部队随后前往伊内卡尔。")
    assert [(p.name, p.admin1) for p in result.places] == [("Inékar", "Gao")]
    # Dioura is a village in two regions and nothing says which: not placed, not listed.
    result = _run("部队随后前往迪乌拉。")
    assert result.places == ()


def test_alias_inside_a_longer_name_is_not_that_place():
    result = _run("卡拉班科罗的居民和巴马科科罗菲纳的居民都表示欢迎。")
    names = {p.name for p in result.places}
    assert "Koro" not in names
    assert {"Bamako", "Korofina"} <= names
    assert any(n.startswith("Kalaban") for n in names)
    assert _by_surface(result)["科罗菲纳"].admin1 == "Bamako"


def test_unknown_border_post_is_placed_at_the_unit_the_text_names():
    result = _run("马军在锡加索大区赫雷马科诺边境哨所逮捕两人。")
    post = _by_surface(result)["赫雷马科诺边境哨所"]
    # GeoNames has Hèrèmakono only in other regions: never one of those.
    assert post.admin1 == "Sikasso" and post.key.startswith("gn:2451184#")
    assert post.approximate and post.precision >= 3


def test_unmatched_village_stays_with_a_reason():
    result = _run("袭击发生在库巴巴纳姆维村。")
    assert result.places == ()
    (left,) = result.unresolved
    assert left.mention.name == "库巴巴纳姆维" and "sounds like" in left.note


# --- ordinary words are never places ------------------------------------------------------------


def test_ordinary_words_near_suffixes_are_not_places():
    result = _run(
        "巴马科市场的粮价上涨，该地区和萨赫勒地区的局势也很紧张。外长迪奥普和总理马伊加会见了"
        "加纳代表团。马上将在巴马科举行会议，多地加强了安全措施。"
    )
    assert {(p.name, p.kind) for p in result.places} == {("Bamako", "town"), ("Sahel", "area")}
    assert [m.surface for p in result.places for m in p.mentions if p.name == "Bamako"] == [
        "巴马科",
        "巴马科",
    ]
    assert result.unresolved == ()


def test_quoted_operation_and_media_names_are_not_places():
    result = _run("“凯莱亚”行动在莫普提展开。据Bamada网站和Maliweb网站报道，行动仍在继续。")
    assert {p.name for p in result.places} == {"Mopti"}


# --- the level the text states --------------------------------------------------------------


def test_suffix_after_a_list_applies_to_the_whole_list():
    result = _run("马军在塞古、莫普提及加奥大区开展行动。")
    assert {(p.name, p.kind) for p in result.places} == {
        ("Ségou", "region"),
        ("Mopti", "region"),
        ("Gao", "region"),
    }
    # Without the suffix the same names are the towns.
    result = _run("车队从塞古和莫普提出发。")
    assert {(p.name, p.kind) for p in result.places} == {("Ségou", "town"), ("Mopti", "town")}


def test_a_cercle_called_a_region_is_placed_at_the_cercle_with_a_note():
    result = _run("军队打击了基塔和加奥大区的多个据点。马军在基塔地区开展行动。")
    kita = _by_surface(result)["基塔"]
    assert (kita.kind, kita.geonames_id) == ("cercle", 7701501)
    assert "cercle" in kita.note and "region" in kita.note
    assert _by_surface(result)["基塔地区"].key == kita.key


def test_diqu_after_a_region_name_is_the_region():
    result = _run("一队士兵在塞古地区遭遇袭击。")
    (segou,) = result.places
    assert (segou.name, segou.kind) == ("Ségou", "region")


# --- broad areas ----------------------------------------------------------------------------


def test_bare_directions_are_parts_of_mali_but_not_after_another_name():
    result = _run(
        "中部、西部和南部的袭击有所增加，北部地区较为平静。伊朗南部和尼日尔西部不在此列。"
    )
    assert {p.name for p in result.places} == {
        "Central Mali",
        "Western Mali",
        "Southern Mali",
        "Northern Mali",
    }
    assert all(p.kind == "area" for p in result.places)
    surfaces = {m.surface for p in result.places for m in p.mentions}
    assert not any(s in surfaces for s in ("伊朗南部", "尼日尔西部"))
    assert sum(len(p.mentions) for p in result.places) == 4
    # A direction before a kind word describes the place that follows, which stays a town.
    result = _run("袭击发生在该国北部城镇基达尔和北部城市加奥。")
    assert {(p.name, p.kind) for p in result.places} == {
        ("Northern Mali", "area"),
        ("Kidal", "town"),
        ("Gao", "town"),
    }
    assert result.unresolved == ()


# --- homonyms and places GeoNames lacks -----------------------------------------------------


def test_a_bare_cercle_name_is_its_capital():
    result = _run("部队抵达马西纳。马西纳省局势平稳。")
    places = _by_surface(result)
    assert (places["马西纳"].name, places["马西纳"].kind) == ("Ké-Macina", "town")
    assert places["马西纳"].geonames_id == 2455465  # PPLA2, not a hamlet or GeoNames' region
    assert places["马西纳省"].kind == "cercle"
    # Only a capital that bears the cercle's name: Taoudenni (PPLA) also lies in Tombouctou cercle.
    (timbuktu,) = _run("部队抵达通布图。").places
    assert timbuktu.geonames_id == 2449067 and "Taoudenni" not in timbuktu.note


def test_post_in_the_one_unit_of_its_sentence():
    result = _run("在锡加索大区，军队在赫雷马科诺边境哨所逮捕两人。")
    post = _by_surface(result)["赫雷马科诺边境哨所"]
    assert post.admin1 == "Sikasso" and post.approximate


# --- traditional script -----------------------------------------------------------------------


def test_traditional_script_transliteration_and_level():
    result = _run("士兵離開位於塞古地區南帕拉鎮附近的營地。庫利科羅、基達爾及莫普提大區局勢緊張。")
    places = _by_surface(result)
    assert (places["塞古地區"].name, places["塞古地區"].kind) == ("Ségou", "region")
    assert (places["南帕拉鎮"].name, places["南帕拉鎮"].admin1) == ("Nampala", "Ségou")
    assert {(p.name, p.kind) for p in result.places} >= {
        ("Koulikoro", "region"),
        ("Kidal", "region"),
        ("Mopti", "region"),
    }


def test_foreign_cities_after_frames_and_in_lists_are_not_malian_places():
    result = _run(
        "代表团前往达喀尔，总统抵达尼亚美，会议在努瓦克肖特举行。"
        "航班连接加奥、尼亚美和瓦加杜古。车队往返于莫普提、阿比让和达喀尔之间。"
    )
    assert {p.name for p in result.places} == {"Gao", "Mopti"}
    # A list item that goes on past its transliteration characters (阿比让) is not cut short.
    assert not any(u.mention.name == "阿比" for u in result.unresolved)
