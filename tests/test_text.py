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
