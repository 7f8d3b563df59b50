"""Text normalisation shared by every stage: Latin folding and CJK character tests.

Document, gazetteer, mentions, resolve and geocode all compare names; they do it through these
helpers so that a name folds the same way wherever it is looked up.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

# CJK ideographs, kana, CJK punctuation and full-width forms.
CJK_RANGES = (
    r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u32ff"
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
CJK_CHAR = re.compile(f"[{CJK_RANGES}]")
# A name written wholly in Han characters (with the hyphen or middle dot of transliterations).
_HAN = re.compile(r"^[\u3400-\u9fff\-·]+$")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case, accent, hyphen and apostrophe insensitive form, for Latin lookups."""
    # Cached: resolution folds the same few thousand names again for every mention.
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    base = re.sub(r"[\-‐‑–—_'’`.]+", " ", base.casefold())
    return " ".join(base.split())


def fold_same_length(text: str) -> str:
    """`fold` char by char, keeping offsets: for matching Latin names in running text."""
    # One translation table for the distinct characters, then str.translate: linear in C, where
    # normalising each character in Python took ~10 s per megabyte.
    table = {ord(c): _fold_char(c) for c in set(text)}
    return text.translate(table)


@lru_cache(maxsize=1 << 14)
def _fold_char(c: str) -> str:
    d = unicodedata.normalize("NFKD", c)
    base = d[0] if d else c
    if unicodedata.combining(base) or len(base.casefold()) != 1:
        base = c
    base = base.casefold()
    return " " if base in "-‐‑–—_'’`" else base


def is_cjk(text: str) -> bool:
    """True when `text` is a name written wholly in Han characters."""
    return bool(_HAN.match(text))


def has_cjk(text: str) -> bool:
    """True when `text` contains at least one CJK character."""
    return CJK_CHAR.search(text) is not None


# --- Script conversion -------------------------------------------------------------------------
# Traditional text (馬里, 莫普提區, 賈巴利鎮) is searched in a simplified copy of the same length,
# so every offset found in the copy points at the same characters of the original.

# Runs of Han characters (CJK Unified Ideographs, Extension A, compatibility ideographs).
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# OpenCC's Hong Kong → simplified chain: HK variant forms (綫, 衞), then OpenCC's standard
# traditional → simplified phrases and characters. It also reads Taiwan text. Every dictionary
# in that chain maps a phrase to one of the same length (checked in tests/test_text.py).
_OPENCC_CONFIG = "hk2s"
_converter: Callable[[str], str] | None = None


def may_be_traditional(text: str) -> bool:
    """True when `text` has a Han character outside GB2312, the character set of simplified
    Chinese. Cheap, and never false for real traditional text; a rare simplified character
    (a name such as 堃) only costs a conversion that leaves the text as it was."""
    if text.isascii():
        return False
    try:
        # One pass of the C codec; only runs it cannot encode reach _skip_unless_han.
        text.encode("gb2312", _SKIP_UNLESS_HAN)
    except UnicodeEncodeError:
        return True
    return False


def _skip_unless_han(error: UnicodeError) -> tuple[str, int]:
    """Encoding error handler: characters GB2312 lacks are skipped unless one is Han."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    if _HAN_RUN.search(error.object, error.start, error.end):
        raise error
    return "", error.end


_SKIP_UNLESS_HAN = "geo.text.skip-unless-han"
codecs.register_error(_SKIP_UNLESS_HAN, _skip_unless_han)


def to_simplified(text: str) -> str:
    """`text` with traditional characters written simplified, of exactly the same length.

    OpenCC converts whole phrases; a run of Han characters whose conversion would change its
    length (none does with the shipped dictionaries) is converted character by character, so
    offsets never shift. Text without traditional characters is returned as it is, and OpenCC
    is imported only when a text needs it.
    """
    if not may_be_traditional(text):
        return text
    convert = _opencc_convert()
    out: list[str] = []
    last = 0
    for run in _HAN_RUN.finditer(text):
        chunk = run.group(0)
        converted = convert(chunk)
        if len(converted) != len(chunk):
            converted = "".join(c2 if len(c2 := convert(c)) == 1 else c for c in chunk)
        out.append(text[last : run.start()])
        out.append(converted)
        last = run.end()
    out.append(text[last:])
    return "".join(out)


def _opencc_convert() -> Callable[[str], str]:
    global _converter
    if _converter is None:
        import opencc  # imported here: only traditional text pays for it

        _converter = opencc.OpenCC(_OPENCC_CONFIG).convert
    return _converter


def shorten(text: str, width: int, placeholder: str = "…") -> str:
    """`text` cut to at most `width` characters, never inside a word or a URL.

    Latin words and URLs are kept whole or dropped; Chinese, which has no spaces, may be cut
    between any two characters. Returns "" rather than a lone placeholder.
    """
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    room = width - len(placeholder)
    cut = text[:room]
    if not (has_cjk(text[room - 1 : room]) or text[room : room + 1] in (" ", "")):
        # The cut falls inside a word (or URL): back off to the last break before it.
        breaks = [i for i, c in enumerate(cut) if c == " " or has_cjk(c)]
        cut = cut[: breaks[-1] + (0 if cut[breaks[-1]] == " " else 1)] if breaks else ""
    while cut.count("(") > cut.count(")"):
        cut = cut[: cut.rindex("(")]  # no bracket left open: "passim (e.g." -> "passim"
    cut = cut.rstrip(" ,;:/(-–")
    return cut + placeholder if cut else ""
