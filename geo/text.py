"""Text normalisation shared by every stage: Latin folding and CJK character tests.

Document, gazetteer, mentions, resolve and geocode all compare names; they do it through these
helpers so that a name folds the same way wherever it is looked up.
"""

from __future__ import annotations

import re
import unicodedata

# CJK ideographs, kana, CJK punctuation and full-width forms.
CJK_RANGES = (
    r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u32ff"
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
CJK_CHAR = re.compile(f"[{CJK_RANGES}]")
# A name written wholly in Han characters (with the hyphen or middle dot of transliterations).
_HAN = re.compile(r"^[\u3400-\u9fff\-·]+$")


def fold(text: str) -> str:
    """Case, accent, hyphen and apostrophe insensitive form, for Latin lookups."""
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    base = re.sub(r"[\-‐‑–—_'’`.]+", " ", base.casefold())
    return " ".join(base.split())


def fold_same_length(text: str) -> str:
    """`fold` char by char, keeping offsets: for matching Latin names in running text."""
    out = []
    for c in text:
        d = unicodedata.normalize("NFKD", c)
        base = d[0] if d else c
        if unicodedata.combining(base) or len(base.casefold()) != 1:
            base = c
        base = base.casefold()
        out.append(" " if base in "-‐‑–—_'’`" else base)
    return "".join(out)


def is_cjk(text: str) -> bool:
    """True when `text` is a name written wholly in Han characters."""
    return bool(_HAN.match(text))


def has_cjk(text: str) -> bool:
    """True when `text` contains at least one CJK character."""
    return CJK_CHAR.search(text) is not None
