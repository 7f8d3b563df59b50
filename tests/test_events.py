"""Events: type, date, places and actor, on short reports written for these tests (zh, fr, en).

Every text here is invented; the places are real Malian places from the gazetteer.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from geo.dates import Resolver, document_date, find_dates
from geo.document import parse_document
from geo.export import events_csv, places_geojson
from geo.pipeline import run_document


def _run(text: str, date: str | None = None):
    document = parse_document(text.encode("utf-8"))
    if date:
        import dataclasses

        document = dataclasses.replace(document, date=date)
    return run_document(document)


def _events(result):
    names = {p.key: p.name for p in result.places}
    return [
        (e.type, e.date, frozenset(names[k] for k in e.place_keys), e.actor)
        for e in result.annotations.events
        if e.place_keys
    ]


# ---------------------------------------------------------------- document dates


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("新华社巴马科3月5日电（记者王明）莫普提消息：当天有人……", "XXXX-03-05"),
        ("新华社达喀尔2019年3月5日电 马里……", "2019-03-05"),
        ("GAO, March 5 (Reuters) - Gunmen attacked ...", "XXXX-03-05"),
        ("Mopti, 5 mars 2021 - Des hommes armés ...", "2021-03-05"),
        ("2024-11-03 08:15\n马里要闻", "2024-11-03"),
        ("Mali : Situation humanitaire à Ménaka – 12 avril 2022\n\nTexte.", "2022-04-12"),
        ("Date: 7 May 2023\nThe mission ...", "2023-05-07"),
        ("马里要闻摘编(2024年第12期)\n一、3月1日，……", "2024"),
        ("MALI : Bulletin humanitaire – Avril 2024\n\nLe 8 avril, ...", "2024-04"),
        ("Mali: Humanitarian Bulletin (December 2016 - January 2017)\n\nText.", "2017-01"),
        ("Nothing dated here.", None),
        ("Nothing happened in May 2020 here.\n\nText.", None),
    ],
)
def test_document_date_from_the_text(text, date):
    assert document_date(text) == date


def test_a_report_mentioned_inside_is_not_the_document_date():
    # The date of an earlier report, inside a sentence, is not a header or title.
    text = "Mali : rapport\n\nDepuis mon rapport du 2 mars 2019, la situation a changé."
    assert document_date(text) == "2019-03-02"  # only as the last resort: the first full date
    assert document_date("Rapport – situation\n\nLe conseil, après l'accord de 2015, ...") is None


# ---------------------------------------------------------------- relative dates


def _resolve(text: str, anchor: str | None, last: str | None = None) -> list[tuple]:
    resolver = Resolver(anchor, last)
    out = []
    for start, _end, kind, m in find_dates(text):
        d = resolver.resolve(kind, m, text[:start])
        if d is not None:
            out.append((d.start, d.end, d.precision, *d.others))
    return out


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("当天凌晨，村庄遇袭。", "2023-07-01", [("2023-07-01", None, "day")]),
        ("9日，哨所遭袭。", "2023-07-10", [("2023-07-09", None, "day")]),
        ("28日，哨所遭袭。", "2023-07-10", [("2023-06-28", None, "day")]),
        ("昨天，哨所遭袭。", "2023-03-01", [("2023-02-28", None, "day")]),
        ("上周，哨所遭袭。", "2023-07-12", [("2023-07-03", "2023-07-09", "day")]),
        ("12月27日，军方打击据点。", "2024-01-07", [("2023-12-27", None, "day")]),
        ("3月初，村庄遇袭。", "2020-06-01", [("2020-03", None, "month")]),
        (
            "8月22日和27日先后发生两起袭击。",
            "2020-09-10",
            [("2020-08-22", None, "day", "2020-08-27")],
        ),
        ("4月26日和27日移交营地。", "2020-06-01", [("2020-04-26", "2020-04-27", "day")]),
        ("自2006年以来第一次", "2020-06-01", []),
        ("On Monday, gunmen attacked.", "2022-03-09", [("2022-03-07", None, "day")]),
        ("Last Friday, gunmen attacked.", "2022-03-07", [("2022-03-04", None, "day")]),
        ("the same day", "2022-03-07", [("2022-03-07", None, "day")]),
        ("this morning", "2020-02-14", [("2020-02-14", None, "day")]),
        ("le 26 avril", "2020-06-01", [("2020-04-26", None, "day")]),
        ("du 23 au 29 juin", "2022-07-01", [("2022-06-23", "2022-06-29", "day")]),
        ("dans la nuit de samedi à dimanche", "2021-05-12", [("2021-05-08", "2021-05-09", "day")]),
        ("mercredi dernier", "2020-07-06", [("2020-07-01", None, "day")]),
        ("in October 2015", None, [("2015-10", None, "month")]),
        ("They may come in March.", None, [("XXXX-03", None, "month")]),  # "may" is no month
        ("en février", None, [("XXXX-02", None, "month")]),  # no year in the text
        (
            "Bulletin (December 2016 - January 2017)",  # a month in brackets is a date
            None,
            [("2016-12", None, "month"), ("2017-01", None, "month")],
        ),
        ("resolution 2227 (2015)", None, []),  # a citation, not a date
        ("le 3 mai", None, [("XXXX-05-03", None, "day")]),
        ("On Monday, gunmen attacked.", None, []),  # no document date: stays undated
        ("resolution 2227 (2015)", None, []),
    ],
)
def test_relative_dates(text, anchor, expected):
    assert _resolve(text, anchor) == expected


def test_same_day_and_next_day_follow_the_last_stated_date():
    assert _resolve("11月7日遭绑架，并于次日被杀害。同日另一村遇袭。", "2025-11-20") == [
        ("2025-11-07", None, "day"),
        ("2025-11-08", None, "day"),
        ("2025-11-08", None, "day"),
    ]


# ---------------------------------------------------------------- Chinese


ZH_DISPATCH = (
    "新华社巴马科3月5日电（记者王明）加奥消息：马里军方5日发表声明说，"
    "莫普提大区当天遭到恐怖袭击。\n\n"
    "声明说，当天凌晨，一伙武装分子袭击了莫普提大区邦卡省的 Ogossagou 村，"
    "随后马军在反击中打死多名袭击者。\n\n"
    "3日，马军在塞古大区开展联合行动，摧毁一处恐怖分子据点，并于次日在锡加索大区逮捕了3名嫌疑人。\n\n"
    "一名官员在巴马科表示，当局将向杰内县提供人道主义援助。\n"
)


@pytest.fixture(scope="module")
def zh():
    return _run(ZH_DISPATCH)


def test_zh_dateline_gives_the_date_not_the_place(zh):
    assert zh.document.date == "XXXX-03-05"
    places = {p for _, _, ps, _ in _events(zh) for p in ps}
    assert "Bamako" not in places  # the dateline city, and the place of a statement
    assert "Gao" not in places  # the reporter's city (加奥消息)


def test_zh_relative_dates_and_places(zh):
    events = _events(zh)
    # The attack: 当天 is the 5th; the region (莫普提大区) only contains the village.
    assert ("attack", "XXXX-03-05", frozenset({"Ogossagou"}), "一伙武装分子") in events
    # The summary "莫普提大区当天遭到恐怖袭击" is the same attack told at region level.
    assert not any(t == "attack" and ps == {"Mopti"} for t, _, ps, _ in events)
    # The riposte is part of the attack, not an operation of its own.
    assert not any(t == "operation" and "Ogossagou" in ps for t, _, ps, _ in events)


def test_zh_several_events_in_one_sentence(zh):
    events = _events(zh)
    assert ("operation", "XXXX-03-03", frozenset({"Ségou"}), "马军") in events
    assert ("arrest", "XXXX-03-04", frozenset({"Sikasso"}), "马军") in events


def test_zh_a_promise_is_no_event(zh):
    # "当局将向杰内县提供人道主义援助": future; the statement place (巴马科) is not its place.
    assert not any(t == "aid" for t, _, _, _ in _events(zh))


def test_zh_traditional_script():
    result = _run("9月1日，莫普提大区的 Ogossagou 村遭到襲擊。\n", date="2021-09-03")
    assert ("attack", "2021-09-01", frozenset({"Ogossagou"}), "") in _events(result)


# ---------------------------------------------------------------- French


FR_REPORT = (
    "Mopti, 14 mai 2021 - Communiqué\n\n"
    "Le 12 mai, des hommes armés non identifiés ont attaqué le village d'Ogossagou, "
    "dans le cercle de Bankass. Le même jour, les FAMa ont arrêté deux suspects à Tombouctou.\n\n"
    "Dans la nuit de samedi à dimanche, des affrontements ont opposé deux groupes à Ménaka.\n\n"
    "Des déplacés ont trouvé refuge à Djenné, selon les autorités locales.\n"
)


def test_fr_events_dates_and_actors():
    result = _run(FR_REPORT)
    assert result.document.date == "2021-05-14"
    events = _events(result)
    assert (
        "attack",
        "2021-05-12",
        frozenset({"Ogossagou"}),
        "des hommes armés non identifiés",
    ) in (events)
    assert ("arrest", "2021-05-12", frozenset({"Tombouctou"}), "FAMa") in events
    clash = next(e for e in result.annotations.events if e.type == "clash")
    assert (clash.date, clash.date_end) == ("2021-05-08", "2021-05-09")
    # No date in the text: undated, never the document date.
    displaced = next(e for e in result.annotations.events if e.type == "displacement")
    assert displaced.date is None and displaced.date_precision == ""
    # The dateline city (Mopti) is not where anything happened.
    assert not any("Mopti" in ps for _, _, ps, _ in events)


# ---------------------------------------------------------------- English


EN_REPORT = (
    "GAO, March 9 (Reuters) - Gunmen attacked a convoy near Ansongo on Monday and kidnapped "
    "two drivers, the army said in a statement in Bamako.\n\n"
    "The village of Ogossagou, located in the Bankass cercle, was attacked this morning. "
    "MINUSMA deployed a quick reaction force to the scene.\n\n"
    "In Ménaka, aid agencies distributed food, while more than 500 people fled to Gao.\n"
)


def test_en_events():
    result = _run(EN_REPORT)
    assert result.document.date == "XXXX-03-09"
    events = _events(result)
    # "on Monday" needs a full date: without a year the weekday is unknown, so undated.
    assert ("attack", None, frozenset({"Ansongo"}), "Gunmen") in events
    assert ("kidnapping", None, frozenset({"Ansongo"}), "Gunmen") in events
    assert not any("Bamako" in ps or "Gao" in ps and t != "displacement" for t, _, ps, _ in events)
    assert ("attack", "XXXX-03-09", frozenset({"Ogossagou"}), "") in events
    reinforcement = [e for e in events if e[0] == "reinforcement"]
    assert reinforcement == [("reinforcement", "XXXX-03-09", frozenset({"Ogossagou"}), "MINUSMA")]


def test_en_date_option_resolves_weekdays():
    result = _run(EN_REPORT, date="2022-03-09")
    events = _events(result)
    assert ("attack", "2022-03-07", frozenset({"Ansongo"}), "Gunmen") in events


# ---------------------------------------------------------------- outputs


def test_events_csv_and_geojson():
    result = _run(FR_REPORT)
    rows = list(csv.DictReader(io.StringIO(events_csv(result))))
    assert len(rows) == len(result.annotations.events)
    attack = next(r for r in rows if r["type"] == "attack")
    assert attack["date"] == "2021-05-12" and attack["date_precision"] == "day"
    assert attack["places"] == "Ogossagou" and attack["actor"].endswith("non identifiés")
    text = result.document.text
    start, end = int(attack["start"]), int(attack["end"])
    assert text[start:end] == attack["quote"] and len(attack["quote"]) <= 300
    assert text[int(attack["trigger_start"]) : int(attack["trigger_end"])] == attack["trigger"]
    features = json.loads(places_geojson(result))["features"]
    ogossagou = next(f for f in features if f["properties"]["name"] == "Ogossagou")
    (listed,) = [e for e in ogossagou["properties"]["events"] if e["type"] == "attack"]
    assert listed["date"] == "2021-05-12" and listed["quote"] == attack["quote"]


def test_unrelated_text_has_no_events():
    result = _run("The committee met in Geneva on 3 May 2021 to discuss the budget.")
    assert result.annotations.events == ()


# ---------------------------------------------------------------- clause rules


def test_a_list_of_places_is_one_clause_and_containers_drop():
    result = _run(
        "Date: 3 June 2022\n\nLes attaques survenues dans les villages de Ogossagou, Dioungani, "
        "dans le cercle de Koro, ont fait 40 morts.\n"
    )
    (attack,) = [e for e in _events(result) if e[0] == "attack"]
    assert attack[2] == {"Ogossagou", "Dioungani"} and attack[1] is None


def test_the_air_force_destroying_targets_during_an_escort_is_an_air_strike():
    result = _run(
        "2024-01-07 08:00\n\n12月29日，马空军在执行车队护航行动时摧毁了位于锡加索大区的4处目标。\n"
    )
    assert _events(result) == [("airstrike", "2023-12-29", frozenset({"Sikasso"}), "马空军")]


def test_an_armed_group_destroying_is_an_attack_and_the_riposte_is_no_operation():
    result = _run(
        "2024-01-07 08:00\n\n5日，武装分子在加奥大区摧毁了一座桥梁。"
        "6日，马军在莫普提大区予以还击，打死10名武装分子，现场缴获大批武器。\n"
    )
    events = _events(result)
    assert ("attack", "2024-01-05", frozenset({"Gao"}), "武装分子") in events
    assert not any(t == "operation" for t, _, _, _ in events)


def test_the_attack_refers_back_to_the_places_just_named():
    result = _run(
        "Ogossagou, 14 février 2020 – Les villages sont Ogossagou et Dioungani. Dans "
        "l'attaque, plusieurs personnes ont trouvé la mort.\n\nThe attack on Ménaka was repelled."
    )
    events = _events(result)
    assert ("attack", None, frozenset({"Dioungani"}), "") in events or any(
        t == "attack" and "Dioungani" in ps for t, _, ps, _ in events
    )
    assert any(t == "attack" and ps == {"Ménaka"} for t, _, ps, _ in events)


def test_people_described_are_no_displacement():
    result = _run("Aid agencies gave food to the displaced persons in Gao.\n")
    assert not any(t == "displacement" for t, _, _, _ in _events(result))


def test_the_village_is_the_last_village_named():
    result = _run(
        "Mopti, 3 mai 2021 – Le blocus continue autour d'Ogossagou, dans le cercle de Bankass.\n\n"
        "Les derniers vivres que l'armée a acheminés dans le village sont arrivés hier.\n"
    )
    assert ("aid", "2021-05-02", frozenset({"Ogossagou"}), "l'armée") in _events(result)


def test_bullets_end_clauses():
    result = _run(
        "Date: 2 February 2017\n\n• New displacements recorded in Ménaka in January 2017 "
        "• Attacks on aid workers in 2016\n"
    )
    events = _events(result)
    assert ("displacement", "2017-01", frozenset({"Ménaka"}), "") in events


def test_victims_and_speakers_are_not_actors():
    result = _run(
        "Date: 9 March 2022\n\nMINUSMA announced that a bomb attack killed two people in Mopti "
        "on 8 March.\n\nOn 8 March, a MINUSMA convoy hit an improvised explosive device near "
        "Gao.\n\n3月8日，马军位于加奥大区的哨所遭到武装分子袭击。\n"
    )
    actors = {ps: a for t, _, ps, a in _events(result) if t == "attack"}
    assert actors[frozenset({"Mopti"})] == ""
    assert actors[frozenset({"Gao"})] in ("", "武装分子")


def test_a_demonstrative_in_a_paragraph_without_places_refers_to_the_story():
    # The reinforcement is told first with "ce": it happened where (and when) the story is.
    result = _run(
        "Kidal, 3 mai 2021 – Le camp de la MINUSMA à Aguelhok a été attaqué ce matin.\n\n"
        "Les tirs ont cessé après l'arrivée de deux hélicoptères. Selon un habitant, ce renfort "
        "a fait fuir les assaillants.\n"
    )
    assert ("reinforcement", "2021-05-03", frozenset({"Aguelhok"}), "") in _events(result)


def test_without_a_demonstrative_a_paragraph_without_places_takes_none():
    result = _run(
        "Kidal, 3 mai 2021 – Le camp de la MINUSMA à Aguelhok a été attaqué ce matin.\n\n"
        "La mission a aussi reçu un renfort de deux compagnies.\n"
    )
    assert not any(t == "reinforcement" for t, _, _, _ in _events(result))


def test_an_attack_told_again_in_later_paragraphs_is_one_event():
    result = _run(
        "Attaque contre la MINUSMA à Aguelhok\n\n"
        "Le camp de la MINUSMA à Aguelhok a été attaqué par des hommes armés.\n\n"
        "Le chef de la mission condamne l'attaque. Des civils ont été arrêtés à Aguelhok "
        "après l'attaque.\n"
    )
    events = _events(result)
    assert [t for t, _, ps, _ in events if ps == {"Aguelhok"}] == ["attack", "arrest"]


def test_two_undated_attacks_at_different_places_stay_two():
    result = _run(
        "Insécurité au centre\n\nDes hommes armés ont attaqué le village d'Ogossagou.\n\n"
        "Des hommes armés ont attaqué Ménaka.\n"
    )
    places = sorted(next(iter(ps)) for t, _, ps, _ in _events(result) if t == "attack")
    assert places == ["Ménaka", "Ogossagou"]


def test_a_place_from_outside_the_clause_is_noted_in_events_csv_and_geojson():
    result = _run(
        "Kidal, 3 mai 2021 – Le camp de la MINUSMA à Aguelhok a été attaqué ce matin.\n\n"
        "Les tirs ont cessé après l'arrivée de deux hélicoptères. Selon un habitant, ce renfort "
        "a fait fuir les assaillants.\n"
    )
    rows = {r["type"]: r for r in csv.DictReader(io.StringIO(events_csv(result)))}
    assert rows["attack"]["note"] == ""  # its place is in its own clause
    assert rows["reinforcement"]["note"] == "place: the story told in an earlier paragraph"
    features = json.loads(places_geojson(result))["features"]
    (aguelhok,) = [f for f in features if f["properties"]["name"] == "Aguelhok"]
    notes = {e["type"]: e["note"] for e in aguelhok["properties"]["events"]}
    assert notes == {"attack": "", "reinforcement": rows["reinforcement"]["note"]}


def test_a_clause_pointing_back_with_a_demonstrative_takes_the_story_place_and_date():
    result = _run(
        "Mopti, 30 juin 2022 – Une mission humanitaire s'est rendue à Bankass le 23 juin.\n\n"
        "• Une assistance alimentaire a été remise aux autorités par cette mission.\n"
    )
    assert ("aid", "2022-06-23", frozenset({"Bankass"}), "") in _events(result)
    # "this morning" is a date, not a pointer into the story: the aid stays without a place.
    result = _run(
        "Report of 30 June 2022\n\nA humanitarian mission travelled to Bankass on 23 June.\n\n"
        "• Food assistance reached the authorities this morning.\n"
    )
    assert not any(t == "aid" for t, _, _, _ in _events(result))


def test_a_landmine_struck_is_an_attack_and_a_gold_mine_is_not():
    result = _run(
        "Report of 3 March 2021\n\nTwo soldiers were wounded when their vehicle struck a "
        "landmine near Boni, in the Douentza cercle.\n\nThe gold mine near Kéniéba employs 500 "
        "people.\n"
    )
    events = _events(result)
    assert any(t == "attack" and ps == {"Boni"} for t, _, ps, _ in events)
    assert not any("Kéniéba" in ps for _, _, ps, _ in events)


@pytest.mark.parametrize(
    "text",
    [
        "Bulletin du 12 mai 2021\n\nLa MINUSMA a livré des vivres aux déplacés de Ménaka.\n",
        "Update of 12 May 2021\n\nWFP delivered food to internally displaced people in Ménaka.\n",
        "2021年5月12日\n\n世界粮食计划署向梅纳卡的流离失所者发放了粮食援助。\n",
    ],
)
def test_the_people_aid_reaches_are_no_displacement(text):
    types = [t for t, _, ps, _ in _events(_run(text)) if ps == {"Ménaka"}]
    assert types == ["aid"]


def test_displaced_people_counted_are_a_displacement():
    result = _run(
        "Bulletin du 12 mai 2021\n\n500 personnes déplacées ont été enregistrées à Ménaka.\n"
    )
    assert [t for t, _, ps, _ in _events(result) if ps == {"Ménaka"}] == ["displacement"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "新华社巴马科3月3日电 莫普提大区一村庄1日遭武装分子袭击。"
            "马里军队随后向该地区派出增援部队。",
            "Mopti",
        ),
        (
            "Mopti, 3 mars 2021 – Des combats ont eu lieu dans le cercle de Koro. L'armée a envoyé "
            "des renforts dans la zone.",
            "Koro",
        ),
    ],
)
def test_the_area_is_the_last_unit_named(text, place):
    events = _events(_run(text))
    assert any(t == "reinforcement" and ps == {place} for t, _, ps, _ in events)


def test_the_area_with_no_unit_named_before_stays_unplaced():
    result = _run("Mopti, 3 mars 2021 – L'armée a envoyé des renforts dans la zone.")
    assert not any(t == "reinforcement" for t, _, _, _ in _events(result))


def test_an_undated_headline_is_the_dated_event_the_story_tells():
    result = _run(
        "Mali : une embuscade fait six morts près de Niono\n\n"
        "Ségou, 14 septembre 2021 – Six soldats ont été tués mardi dans une embuscade près de "
        "Niono.\n"
    )
    attacks = [(d, ps) for t, d, ps, _ in _events(result) if t == "attack"]
    assert attacks == [("2021-09-14", frozenset({"Niono"}))]


def test_an_undated_event_in_the_body_stays_beside_a_dated_one_elsewhere():
    result = _run(
        "Bulletin\n\nLe 3 mars 2021, une attaque a visé le village d'Ogossagou.\n\n"
        "Dans le centre du Mali, les attaques contre les civils se poursuivent.\n"
    )
    places = {ps for t, _, ps, _ in _events(result) if t == "attack"}
    assert frozenset({"Central Mali"}) in places and frozenset({"Ogossagou"}) in places


def test_who_repelled_an_attack_is_not_its_actor():
    result = _run(
        "Report of 3 March 2021\n\nUN peacekeepers repelled an attack on their camp in "
        "Tessalit on Saturday.\n"
    )
    assert [(t, a) for t, _, _, a in _events(result)] == [("attack", "")]


def test_fama_is_the_army_not_the_village_of_fama():
    result = _run("Report of 3 March 2021\n\nThe Malian Armed Forces (FAMa) patrolled near Gao.\n")
    assert [p.name for p in result.places if p.kind != "country"] == ["Gao"]
    assert [u.mention.surface for u in result.unresolved] == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "Report of 15 April 2023\n\nThe army conducted an operation in the Inékar area.\n",
            "Inékar",
        ),
        (
            "Bulletin du 15 avril 2023\n\nLes FAMa ont mené une opération près de Boni, dans le "
            "cercle de Douentza.\n",
            "Boni",
        ),
        ("2023年4月15日\n\n马里军队在加奥大区开展了反恐行动。\n", "Gao"),
    ],
)
def test_an_operation_conducted(text, place):
    assert any(t == "operation" and ps == {place} for t, _, ps, _ in _events(_run(text)))


def test_troops_sent_to_the_locality_are_a_reinforcement_at_the_scene():
    result = _run(
        "（中央社達喀爾8日綜合外電報導）北部加奧地區一座村莊遭武裝分子襲擊。"
        "馬利軍方隨後派兵前往當地。\n"
    )
    assert any(t == "reinforcement" and ps == {"Gao"} for t, _, ps, _ in _events(result))
    # 当地官员 (local officials) is no scene.
    result = _run("2023年4月15日\n\n加奥大区发生袭击。\n\n当地官员表示，马里军方派兵增援。\n")
    assert not any(t == "reinforcement" for t, _, _, _ in _events(result))


def test_notamment_goes_on_with_the_places_of_the_same_event():
    result = _run(
        "Rapport\n\nDans la région de Mopti, les enlèvements de civils se sont multipliés, "
        "notamment dans les cercles de Bandiagara et de Bankass.\n"
    )
    (kidnapping,) = [ps for t, _, ps, _ in _events(result) if t == "kidnapping"]
    assert kidnapping == {"Bandiagara", "Bankass"}


def test_a_place_that_qualifies_armed_groups_is_not_where_the_agreement_was_signed():
    result = _run("2025年7月2日\n\n2015年5月，马里政府与北部地区部分武装组织签署和平协议。\n")
    assert not any(t == "mediation" for t, _, _, _ in _events(result))
    result = _run("2025年7月2日\n\n2015年5月，马里政府与武装组织在北部地区签署和平协议。\n")
    assert any(t == "mediation" and ps == {"Northern Mali"} for t, _, ps, _ in _events(result))


def test_a_device_that_struck_a_convoy_is_an_attack_and_those_under_attack_are_no_actor():
    result = _run(
        "Report of 1 June 2021\n\nOn 3 April, MINUSMA peacekeepers came under a complex attack at "
        "their camp in Aguelhok. On 10 May, an improvised explosive device struck a convoy near "
        "Douentza.\n"
    )
    events = _events(result)
    assert ("attack", "2021-04-03", frozenset({"Aguelhok"}), "") in events
    assert ("attack", "2021-05-10", frozenset({"Douentza"}), "") in events


def test_this_month_and_last_month_days_in_chinese():
    result = _run(
        "【香港電台2021年4月4日】軍隊本月2日在莫普提地區展開軍事行動。上月28日，加奧遭襲。"
    )
    events = {(t, d) for t, d, _, _ in _events(result)}
    assert events == {("operation", "2021-04-02"), ("attack", "2021-03-28")}


def test_a_meeting_of_the_agreement_monitoring_committee_is_mediation():
    result = _run(
        "Report of 1 June 2021\n\nOn 15 May, the parties met in Kidal for the fifth meeting of "
        "the Agreement Monitoring Committee.\n"
    )
    assert ("mediation", "2021-05-15", frozenset({"Kidal"}), "") in _events(result)


def test_the_attack_referred_to_does_not_take_the_places_of_a_new_event():
    result = _run(
        "Report of 12 October 2022\n\nThe attack came two days after a drone strike destroyed a "
        "militant base in the Hombori area.\n"
    )
    assert [(t, ps) for t, _, ps, _ in _events(result)] == [("airstrike", frozenset({"Hombori"}))]


def test_a_bulletin_of_a_month_dates_its_days_and_the_people_aid_reaches_stay_people():
    result = _run(
        "MALI : Bulletin humanitaire – Avril 2024\n\nLe 8 avril, des opérations militaires ont "
        "été menées dans le cercle de Niono.\n\nDu 15 au 18 avril, le PAM a distribué des vivres "
        "à 20 000 personnes déplacées à Tombouctou.\n"
    )
    events = [(t, d, ps) for t, d, ps, _ in _events(result)]
    assert ("operation", "2024-04-08", frozenset({"Niono"})) in events
    assert [t for t, _, ps in events if ps == {"Tombouctou"}] == ["aid"]
    zh = _run("2024年4月15日\n\n世界粮食计划署向通布图大区约2万名流离失所者发放了粮食援助。\n")
    assert [t for t, _, ps, _ in _events(zh)] == ["aid"]


def test_an_event_told_in_the_headline_quotes_the_story():
    result = _run(
        "Violente attaque contre la MINUSMA à Aguelhok\n\n"
        "Violente attaque contre la MINUSMA à Aguelhok\n\n"
        "Le camp de la MINUSMA à Aguelhok a été attaqué ce matin par des hommes armés.\n"
    )
    (attack,) = [e for e in result.annotations.events if e.type == "attack"]
    assert attack.evidence.text.startswith("Le camp de la MINUSMA")
    assert attack.actor == "des hommes armés"
