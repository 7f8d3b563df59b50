"""The shared text helpers: folding keeps what matching needs, CJK tests tell names apart."""

from __future__ import annotations

from geo.text import CJK_CHAR, fold, fold_same_length, has_cjk, is_cjk


def test_fold_ignores_case_accents_hyphens_and_apostrophes() -> None:
    assert fold("Ségou") == fold("SEGOU") == "segou"
    assert fold("Douna-Pen") == fold("douna pen") == "douna pen"
    assert fold("N'Tillit") == "n tillit"
    assert fold("Ségou") != fold("Sékou")


def test_fold_same_length_keeps_offsets() -> None:
    text = "À Tombouctou, l'armée – 马里 Gao-Ber"
    folded = fold_same_length(text)
    assert len(folded) == len(text)
    assert folded[2:12] == "tombouctou"
    assert folded.endswith("马里 gao ber")


def test_is_cjk_means_a_name_wholly_in_han_has_cjk_means_any() -> None:
    assert is_cjk("莫普提") and is_cjk("杜纳-彭")
    assert not is_cjk("Mopti") and not is_cjk("Mopti 莫普提")
    assert has_cjk("Mopti 莫普提") and has_cjk("，")
    assert not has_cjk("Mopti, Gao") and CJK_CHAR.search("Mopti") is None


def test_shorten_never_cuts_a_word_or_a_url() -> None:
    from geo.text import shorten

    assert shorten("short enough", 20) == "short enough"
    assert shorten("CK2 zh localisation a public GitHub file", 26) == "CK2 zh localisation a…"
    # A URL is kept whole or left out, and no bracket is left open.
    assert shorten("Xinhua/CCTV passim (e.g. http://www.example.org/news/1.htm)", 40) == (
        "Xinhua/CCTV passim…"
    )
    assert shorten("a.htm (安松戈省(Ansongo), UN Panel-of-Experts", 28) == "a.htm…"
    assert shorten("see http://www.example.org/x and more", 12) == "see…"
    # Chinese has no spaces: any character boundary will do.
    assert shorten("塞瓦雷以西约三十公里处发生袭击事件", 8) == "塞瓦雷以西约三…"
    # One word longer than the width: nothing rather than a stump.
    assert shorten("Supercalifragilistic", 10) == ""
    for width in range(2, 40):
        cut = shorten("Les casques bleus ont patrouillé http://un.org/x à Gao", width)
        assert len(cut) <= width
        assert cut == "" or cut.endswith("…")
        words = cut.rstrip("…").split()
        assert all(
            w in "Les casques bleus ont patrouillé http://un.org/x à Gao".split() for w in words
        )


def test_traditional_script_is_told_by_the_characters_gb2312_lacks():
    from geo.text import may_be_traditional

    # Every Han code point, between characters GB2312 has and lacks (é, •, ç): the answer is
    # whether the Han character itself is outside GB2312.
    for low, high in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)):
        for code in range(low, high + 1):
            char = chr(code)
            try:
                char.encode("gb2312")
                outside = False
            except UnicodeEncodeError:
                outside = True
            assert may_be_traditional(f"马里ç{char}•é") == outside, hex(code)
    assert may_be_traditional("馬里莫普提區")
    assert may_be_traditional("Ségou – 賈巴利")
    assert not may_be_traditional("马里莫普提大区，Ségou – “•”ç")  # no Han outside GB2312
    assert not may_be_traditional("Mopti")
    assert not may_be_traditional("")
