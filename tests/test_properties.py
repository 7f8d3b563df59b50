"""Property-based tests: whatever text or bytes come in, stage 1 to 3 either refuse them with a
DocumentError or produce a document, mentions and resolutions whose offsets all hold."""

from __future__ import annotations

import codecs
import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from geo.document import parse_document
from geo.errors import DocumentError
from geo.mentions import extract_mentions
from geo.resolve import resolve_mentions
from geo.sources import detect_format
from geo.text import CJK_CHAR
from geo.vocabulary import KINDS

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Names the gazetteer knows, in both scripts, and the words around them that drive the parser.
PLACE_TOKENS = [
    "Gao", "加奥", "科罗省", "Douna-Pen 村", "莫普蒂大区", "邦卡省的 Ogossogou 村", "梅纳卡",
    "Mopti", "Ménaka", "Tombouctou", "cercle de Koro", "région de Mopti", "Bandiagara",
    "Sévaré", "塞瓦雷", "Boni", "Hombori", "加奥—梅纳卡", "Gao-Ménaka", "axe Gao–Ansongo",
    "杰内县 Femaye 镇", "萨赫勒", "马里", "Mali", "le village d'Ogossagou",
]  # fmt: skip
GLUE_TOKENS = [
    "。", "；", "：", "，", "、", "！", "？", "“", "”", "(", ")", ".", ";", ":", ",", "!", "?",
    "的", "和", "在", "至", "公路", "村", "省", "县", "大区", "年", "月", "日", "2020", "3 120",
    "2 0 2 0", "1", " ", "  ", "\t", "\u3000", "\u00a0", "\n", "\n\n", "\n  ", "\r\n", "-",
    "-\n", "et", "de", "la", "the", "and", "of", "No.", "p.", "A.", "...", "\ufeff", "\u200b",
    "包括：", "：甲；乙；", "；\n", "1. ", "12、",
]  # fmt: skip
ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "S", "Z", "Cc"),
)
CJK_RANGES = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x3000, max_codepoint=0x303F),
    st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF),
    st.characters(min_codepoint=0xF900, max_codepoint=0xFAFF),
)
TOKEN = st.sampled_from(PLACE_TOKENS + GLUE_TOKENS)
# Mostly known tokens, sometimes a few arbitrary characters.
PIECE = st.one_of(
    TOKEN, TOKEN, TOKEN, st.text(alphabet=st.one_of(CJK_RANGES, ALPHABET), max_size=4)
)
LINE = st.lists(PIECE, min_size=1, max_size=10).map("".join)
BREAK = st.sampled_from(["\n", "\n", "\n\n", "\n  ", "\r\n", "\n\n  ", ""])
# Wrapped lines, as a PDF extraction gives them.
DOCUMENT = st.lists(st.tuples(LINE, BREAK), min_size=1, max_size=12).map(
    lambda lines: "".join(line + brk for line, brk in lines)
)
TEXTS = st.one_of(
    DOCUMENT,
    DOCUMENT,
    st.text(max_size=200),
    st.text(alphabet=CJK_RANGES, max_size=100),
)
SPACE_BETWEEN_CJK = re.compile(f"{CJK_CHAR.pattern}[ \t]+{CJK_CHAR.pattern}")
METHODS = (
    "alias",
    "variant",
    "translit",
    "fuzzy",
    "parent",
    "context",
    "online",
    "partial",
    "unresolved",
)


def check_document(doc) -> None:
    text = doc.text
    assert text.strip() and "\r" not in text
    assert doc.language in ("zh", "fr", "en")
    assert len(doc.sha256) == 64
    # Paragraphs: numbered in order, separated by one blank line, trimmed.
    assert [p.number for p in doc.paragraphs] == list(range(1, len(doc.paragraphs) + 1))
    assert "\n\n".join(p.text for p in doc.paragraphs) == text
    for p in doc.paragraphs:
        assert text[p.start : p.end] == p.text
        assert p.text and p.text == p.text.strip() and "\n" not in p.text
    # Sentences: in order, inside their paragraph, trimmed, and together they cover it.
    assert [s.index for s in doc.sentences] == list(range(len(doc.sentences)))
    covered = {p.number: [] for p in doc.paragraphs}
    previous_end = -1
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= previous_end
        previous_end = s.end
        para = doc.paragraphs[s.paragraph - 1]
        assert para.start <= s.start < s.end <= para.end
        covered[s.paragraph].append(s)
    for para in doc.paragraphs:
        assert covered[para.number], f"paragraph {para.number} has no sentence"
        rest = para.text
        for s in reversed(covered[para.number]):
            rest = rest[: s.start - para.start] + rest[s.end - para.start :]
        assert rest.strip() == "", f"paragraph {para.number} text outside its sentences"
    assert not SPACE_BETWEEN_CJK.search(text)


def check_pipeline(doc, gazetteer) -> None:
    mentions = extract_mentions(doc, gazetteer)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(doc.text)
        assert doc.text[m.start : m.end] == m.surface
        sentence = doc.sentences[m.sentence]
        assert sentence.start <= m.start < sentence.end
        assert m.paragraph == sentence.paragraph
        assert m.script in ("cjk", "latin")
        assert m.kind_hint is None or m.kind_hint in KINDS
        assert m.name
    assert [(m.start, -m.end) for m in mentions] == sorted((m.start, -m.end) for m in mentions)
    resolutions = resolve_mentions(doc, mentions, gazetteer)
    positions = {id(m): i for i, m in enumerate(mentions)}
    order = [positions[id(r.mention)] for r in resolutions]  # KeyError: an invented mention
    assert order == sorted(order) and len(set(order)) == len(order)
    for r in resolutions:
        assert 0.0 <= r.confidence <= 1.0
        assert r.method.split()[0] in METHODS
        if r.method == "unresolved":
            assert r.entry is None and r.precision == 0
        else:
            assert 1 <= r.precision <= 6
            assert r.entry is not None or r.name or len(r.parts) == 2  # an axis: its end points


def parse_or_refuse(raw: bytes):
    try:
        return parse_document(raw, source="fuzz.txt")
    except DocumentError as exc:
        message = str(exc)
        assert message.startswith("fuzz.txt: ") and "\n" not in message
        return None


@SETTINGS
@given(text=TEXTS)
def test_random_text(text, gazetteer):
    doc = parse_or_refuse(text.encode("utf-8"))
    if doc is None:
        return
    check_document(doc)
    check_pipeline(doc, gazetteer)


@SETTINGS
@given(raw=st.one_of(st.binary(max_size=600), TEXTS.map(lambda t: t.encode("gb18030"))))
def test_random_bytes(raw, gazetteer):
    doc = parse_or_refuse(raw)
    if doc is None:
        return
    check_document(doc)
    check_pipeline(doc, gazetteer)


@SETTINGS
@given(text=TEXTS)
def test_encodings_agree(text):
    # A text starting with U+FEFF or "%PDF-" reads differently with a BOM in front: skip those.
    # A text that starts like a PDF, a zip or a web page is read as one: skip those too.
    assume(not text.startswith("\ufeff"))
    assume(detect_format(text.encode("utf-8"), "in.txt") == "text")
    utf8 = parse_or_refuse(text.encode("utf-8"))
    for raw in (
        codecs.BOM_UTF8 + text.encode("utf-8"),
        codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    ):
        other = parse_or_refuse(raw)
        if utf8 is not None and other is not None:
            assert other.text == utf8.text
            assert other.paragraphs == utf8.paragraphs
            assert other.sentences == utf8.sentences
        elif "\x00" not in text:
            # Only a NUL byte (refused as binary without a BOM) may make them disagree.
            assert utf8 is None and other is None


def test_the_strategies_reach_places(gazetteer):
    # Guard against a vacuous property: the token soup does produce located places.
    doc = parse_document("。".join(PLACE_TOKENS).encode("utf-8"))
    check_document(doc)
    resolutions = resolve_mentions(doc, extract_mentions(doc, gazetteer), gazetteer)
    assert sum(r.entry is not None for r in resolutions) >= 10
