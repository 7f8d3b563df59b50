"""Chinese in traditional script: the letter converted by OpenCC, and Hong Kong / Taiwan texts.

The traditional letters are made at test time with OpenCC (s2t, s2hk, s2twp); the short texts
below were written for these tests.
"""

from __future__ import annotations

import subprocess
import sys

import opencc
import pytest

from geo import paths
from geo.document import parse_document
from geo.gazetteer import load_gazetteer
from geo.pipeline import run_document
from geo.text import may_be_traditional, to_simplified

LETTER = paths.DEFAULT_DOCUMENT.read_text(encoding="utf-8")


def _run_text(text: str):
    return run_document(parse_document(text.encode()))


def _keys(result) -> set[tuple[str, str]]:
    return {(p.key, p.kind) for p in result.places}


@pytest.fixture(scope="module")
def simplified():
    return _run_text(LETTER)


@pytest.mark.parametrize("config", ["s2t", "s2hk", "s2twp"])
def test_traditional_letter_gives_the_same_places(simplified, config):
    traditional = opencc.OpenCC(config).convert(LETTER)
    assert traditional != LETTER
    result = _run_text(traditional)
    assert len(simplified.places) == 29
    assert _keys(result) == _keys(simplified)
    douna = next(p for p in result.places if p.name == "Douna-Pen")
    assert (douna.admin1, douna.admin2) == ("Mopti", "Koro")
    # Quotes and surfaces are the document's own traditional text, at the right offsets.
    text = result.document.text
    for place in result.places:
        for mention in place.mentions:
            assert mention.surface == text[mention.start : mention.end]
    gao = next(p for p in result.places if p.name == "Gao" and p.kind == "region")
    assert gao.name_zh == "加奧大區"


def test_traditional_letter_gives_the_same_operations_bases_and_events(simplified):
    result = _run_text(opencc.OpenCC("s2hk").convert(LETTER))
    ops = result.annotations.operations
    assert [(o.name, o.actor, o.place_keys) for o in ops] == [
        (o.name, o.actor, o.place_keys) for o in simplified.annotations.operations
    ]
    assert [o.name_local for o in ops] == ["馬利科", "塞卡", "布法羅"]
    assert [(b.place_key, b.date) for b in result.annotations.bases] == [
        (b.place_key, b.date) for b in simplified.annotations.bases
    ]
    assert "不到 48 小時" in [b.date_text for b in result.annotations.bases]

    def events(r):
        return sorted(str((e.type, e.date, sorted(e.place_keys))) for e in r.annotations.events)

    assert events(result) == events(simplified)


def test_letter_in_simplified_script_is_searched_as_it_is():
    assert not may_be_traditional(LETTER)
    assert to_simplified(LETTER) is LETTER
    # No OpenCC import for simplified text: it costs nothing it does not need.
    code = (
        "import sys; from geo.pipeline import run; run(sys.argv[1]); "
        "print('opencc' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(paths.DEFAULT_DOCUMENT)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"


def test_to_simplified_keeps_every_offset():
    text = "據報道，馬裏中部莫普提區、賈巴利鎮附近的綫路（Ségou）遭襲擊，衞兵撤離。"
    converted = to_simplified(text)
    assert len(converted) == len(text)
    assert converted == "据报道，马里中部莫普提区、贾巴利镇附近的线路（Ségou）遭袭击，卫兵撤离。"
    # Latin, digits and punctuation stay where they were.
    changed = [c for c, s in zip(text, converted, strict=True) if c != s]
    assert all("\u3400" <= c <= "\u9fff" for c in changed)


HK_TEXT = (
    "   2021年3月5日 本港電台報道\n\n"
    "馬裏政府表示，武裝分子週四襲擊了莫普提區的一個軍營，造成多人死亡。"
    "政府軍隨後增援錫卡索和塞古地區。索馬里首都同日亦發生爆炸，與馬裏局勢無關。\n"
)
TW_TEXT = (
    "   2022年1月10日 台北電\n\n"
    "馬利北部城市廷巴克圖與加奧之間的公路上發生伏擊，三名維和人員受傷。"
    "馬利共和國總統府在首都巴馬科發表聲明。"
    "索馬利亞、尼日和聖馬利諾的代表出席了會議。發言人馬利克表示將加強巡邏。\n"
)


def test_hong_kong_text():
    result = _run_text(HK_TEXT)
    places = {(p.name, p.kind): p for p in result.places}
    assert set(places) == {
        ("Mali", "country"),
        ("Mopti", "region"),
        ("Sikasso", "town"),
        ("Ségou", "region"),
    }
    assert places[("Mopti", "region")].name_zh == "莫普提區"
    # 索馬里 is Somalia: Mali is named twice, never inside 索馬里.
    assert [m.surface for m in places[("Mali", "country")].mentions] == ["馬裏", "馬裏"]


def test_taiwan_text():
    result = _run_text(TW_TEXT)
    places = {(p.name, p.kind): p for p in result.places}
    assert set(places) == {
        ("Mali", "country"),
        ("Northern Mali", "area"),
        ("Tombouctou", "town"),
        ("Gao", "town"),
        ("Bamako", "town"),
    }
    # Taiwan writes 馬利 for Mali; 索馬利亞 (Somalia), 聖馬利諾 (San Marino) and the name 馬利克
    # (Malik) are not Mali, and 尼日 (Taiwan's Niger) is no Malian place.
    mali = places[("Mali", "country")]
    assert [m.surface for m in mali.mentions] == ["馬利共和國"]
    assert places[("Northern Mali", "area")].mentions[0].surface == "馬利北部"


def test_hong_kong_text_matches_its_simplified_version():
    # (Not the Taiwan text: 馬利 is Mali only in traditional script, see below.)
    simplified = opencc.OpenCC("t2s").convert(HK_TEXT)
    assert _keys(_run_text(HK_TEXT)) == _keys(_run_text(simplified))


def test_simplified_text_with_taiwan_words_for_other_countries():
    text = "   2022年1月10日\n\n索马利亚和圣马利诺的代表与蒙哥马利市长会见了马利克先生。\n"
    assert _run_text(text).places == ()
    # Simplified text writes Mali 马里; 马利 there is part of another name, as in an operation.
    text = "   2022年1月10日\n\n“马利科”行动在马里北部展开，马利中部的马利先生出席。\n"
    places = _run_text(text).places
    assert {p.name for p in places} == {"Northern Mali"}


def test_gazetteer_lookup_in_either_script():
    gazetteer = load_gazetteer()
    for name in ("馬利", "马利", "馬裏", "馬里", "巴馬科", "廷巴克圖"):
        assert gazetteer.lookup(name), name
    assert {e.name for e in gazetteer.lookup("馬利")} == {"Mali"}
