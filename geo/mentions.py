"""Stage 3: find the place names a document mentions.

Chinese text: gazetteer aliases through an Aho-Corasick automaton, Latin names embedded in the
Chinese, kind suffixes (大区, 省, 县, 村, 镇...), stated parents (X大区的Y省), road axes (X-Y轴心)
and broad areas (马里北部/中部, 萨赫勒地区). French and English text: see geo.latin.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from itertools import pairwise

import ahocorasick

from geo import latin
from geo.gazetteer import Gazetteer
from geo.latin import latin_spans
from geo.model import Document, Mention
from geo.text import fold

# Kind suffixes written right after a Chinese name (longest first).
_ZH_SUFFIX = re.compile(r"\s*(大区|地区|省|县|縣|区(?!域)|區|市|城(?!市)|村|镇|鎮|营地)")
_ZH_SUFFIX_KIND = {
    "大区": "region",
    "区": "region",
    "區": "region",
    "省": "cercle",
    "县": "cercle",
    "縣": "cercle",
    "市": "town",
    "城": "town",
    "镇": "town",
    "鎮": "town",
    "村": "village",
    "营地": "village",
    "地区": None,  # "X地区" is used for regions and for vaguer areas alike
}
_ZH_TOWN_PREFIX = re.compile(r"(城市|城镇|市镇|镇)\s*$")
_ZH_VILLAGE_PREFIX = re.compile(r"(村庄|村子|村落)\s*$")
# Words after a name that make it part of an organisation or a title, not a place.
_ZH_NOT_PLACE_AFTER = re.compile(r"\s*(稳定团|特派团)")
_ZH_PARENT_LINK = re.compile(r"^\s*的?\s*$")
_ZH_LIST_LINK = re.compile(r"^\s*(、|和|及|与|以及|或)\s*$")
_ZH_AXIS = re.compile(r"^\s*[-–—－~～至到]\s*$")
_ZH_AXIS_SUFFIX = re.compile(r"\s*(轴心|轴线|公路|沿线|道路|路段|走廊)")
_ZH_AREA_PAIR = re.compile(
    r"马里(北部|中部|南部|东部|西部)(?:地区)?(?:和|、|及|与|以及)(北部|中部|南部|东部|西部)"
)
_ZH_THE_COUNTRY = re.compile(r"该国(北部|中部|南部|东部|西部)")
# Longer words that contain an alias but name something else (索马里 is Somalia, not Mali):
# they win the longest match and are then dropped. Traditional text is searched in simplified
# script, so Taiwan's 马利 (Mali) needs its own: 索马利亚 (Somalia), 圣马利诺 (San Marino),
# 北马利安纳 (Northern Marianas) in OpenCC's TWPhrases, and the names Malik, Maliki, Maria.
_ZH_NOT_PLACES = (
    "索马里",
    "马里兰",
    "马里奥",
    "马里亚纳",
    "马里乌波尔",
    "阿马里",
    "索马利亚",
    "圣马利诺",
    "马利安纳",
    "马利亚",
    "马利克",
    "马利基",
    "蒙哥马利",
    "马利布",
)
# Aliases that only traditional script writes for the place: Taiwan's 馬利 is Mali, but 马利 in
# simplified text is a syllable pair of other names (“马利科”行动, 马利克).
_ZH_TRADITIONAL_ONLY = frozenset({"马利", "马利共和国"})
_BLOCKED = "not-a-place"

# A Latin name inside Chinese text: capitalised words joined by hyphens or spaces.
_LATIN_NAME = re.compile(
    r"(?<![A-Za-zÀ-ÿ0-9/])[A-ZÀ-Þ][a-zà-ÿ'’]+(?:[-‐ ][A-ZÀ-Þa-zà-ÿ][a-zà-ÿ'’]+)*(?![A-Za-zÀ-ÿ0-9])"
)

_LATIN_AXIS_BEFORE = re.compile(r"(?:axe|axis|route|road|corridor)\s+(?:de\s+|of\s+)?$", re.I)
_LATIN_AXIS_AFTER = re.compile(r"\s*(?:axis|road|route|corridor)\b", re.I)
_LATIN_AXIS_LINK = re.compile(r"^\s*[-–—]\s*$|^\s+(?:to|à|-)\s+$")


@cache
def _cjk_automaton(gazetteer: Gazetteer) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for alias in gazetteer.cjk_aliases():
        if len(alias) >= 2:
            automaton.add_word(alias, alias)
    for word in _ZH_NOT_PLACES:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


def extract_mentions(document: Document, gazetteer: Gazetteer) -> list[Mention]:
    """Every place mention in `document`, in text order."""
    if document.language == "zh":
        spans = _cjk_spans(document, gazetteer) + _latin_in_cjk_spans(document, gazetteer)
    else:
        spans = latin_spans(document, gazetteer)
    spans = [span for span in _leftmost_longest(spans) if span[3] != _BLOCKED]
    mentions = [_mention(document, *span) for span in spans]
    if document.language == "zh":
        mentions = _link_parents(document.search_text, mentions, document.language)
    else:
        mentions = latin.share_list_kinds(document.text, mentions)
        mentions = latin.link_parents(document.text, mentions, gazetteer)
    axes = _axes(document, mentions)
    # The end points of a road axis are places in their own right, whatever their size.
    mentions = [
        replace(m, weak=False) if m.weak and any(a.start <= m.start < a.end for a in axes) else m
        for m in mentions
    ]
    mentions += axes
    return sorted(mentions, key=lambda m: (m.start, -m.end, m.kind_hint or ""))


# A span: (start, end, name, kind_hint, script, weak)
Span = tuple[int, int, str, "str | None", str, bool]


def _leftmost_longest(spans: list[Span]) -> list[Span]:
    chosen: list[Span] = []
    last_end = -1
    # Longest span first; at equal length the longer alias ("加奥地区", the region) beats a
    # shorter one plus suffix ("加奥" + "地区").
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]), -len(s[2]))):
        if span[0] >= last_end:
            chosen.append(span)
            last_end = span[1]
    return chosen


def _zh_suffix(text: str, end: int) -> tuple[int, str | None]:
    m = _ZH_SUFFIX.match(text, end)
    if not m:
        return end, None
    return m.end(), _ZH_SUFFIX_KIND[m.group(1)]


def _cjk_spans(document: Document, gazetteer: Gazetteer) -> list[Span]:
    text = document.search_text
    raw: list[tuple[int, int, str]] = []
    for end_index, alias in _cjk_automaton(gazetteer).iter(text):
        raw.append((end_index + 1 - len(alias), end_index + 1, alias))
    for m in _ZH_AREA_PAIR.finditer(text):
        raw.append((m.start(2), m.end(2), "马里" + m.group(2)))
    for m in _ZH_THE_COUNTRY.finditer(text):
        raw.append((m.start(1), m.end(1), "马里" + m.group(1)))
    spans: list[Span] = []
    for start, end, name in raw:
        if name in _ZH_NOT_PLACES:
            spans.append((start, end, name, _BLOCKED, "cjk", False))
            continue
        if name not in gazetteer.by_alias:
            continue
        if name in _ZH_TRADITIONAL_ONLY and document.text[start:end] == name:
            continue
        if _ZH_NOT_PLACE_AFTER.match(text, end) or _in_title(text, start):
            continue
        stop, kind = _zh_suffix(text, end)
        if kind is None:
            before = text[max(0, start - 4) : start]
            if _ZH_TOWN_PREFIX.search(before):
                kind = "town"
            elif _ZH_VILLAGE_PREFIX.search(before):
                kind = "village"
        spans.append((start, stop, name, kind, "cjk", False))
    return spans


def _in_title(text: str, start: int) -> bool:
    """Inside 《...》: the title of an agreement or a document, not a place."""
    opened = text.rfind("《", max(0, start - 60), start)
    return opened != -1 and text.find("》", opened, start) == -1


def _latin_in_cjk_spans(document: Document, gazetteer: Gazetteer) -> list[Span]:
    text = document.search_text
    spans: list[Span] = []
    for m in _LATIN_NAME.finditer(text):
        name = m.group(0)
        if fold(name) in latin.STOP:
            continue
        stop, kind = _zh_suffix(text, m.end())
        known = bool(gazetteer.lookup(name)) or bool(gazetteer.lookup(re.split(r"[-‐ ]", name)[0]))
        if not known and kind is None:
            continue  # an unknown Latin word with nothing that says it is a place
        before = text[max(0, m.start() - 4) : m.start()]
        if kind is None and _ZH_TOWN_PREFIX.search(before):
            kind = "town"
        spans.append((m.start(), stop, name, kind, "latin", False))
    return spans


def _mention(document: Document, start, end, name, kind, script, weak, framed=False) -> Mention:
    sentence = document.sentence_at(start)
    return Mention(
        surface=document.text[start:end],
        name=name,
        start=start,
        end=end,
        kind_hint=kind,
        script=script,
        sentence=sentence.index,
        paragraph=sentence.paragraph,
        weak=weak,
        framed=framed,
    )


def _link_parents(text: str, mentions: list[Mention], language: str) -> list[Mention]:
    """Attach the enclosing unit the text states: 莫普蒂大区的科罗省 (French and English text:
    `latin.link_parents`)."""
    out = list(mentions)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        between = text[prev.end : cur.start]
        if prev.kind_hint in ("region", "cercle") and _ZH_PARENT_LINK.match(between):
            out[i] = replace(cur, parent=prev.name, parent_kind=prev.kind_hint)
            continue
        if prev.parent and _ZH_LIST_LINK.match(between) and cur.parent is None:
            # A list shares its parent: 通布图大区的贡达姆、尼亚丰凯和通卡.
            if cur.kind_hint in (None, "town", "village") or cur.kind_hint == prev.kind_hint:
                out[i] = replace(cur, parent=prev.parent, parent_kind=prev.parent_kind)
    return out


def _axes(document: Document, mentions: list[Mention]) -> list[Mention]:
    """Road axes between two named places: 加奥-拉贝赞加轴心, axe Gao-Labbezanga."""
    text = document.search_text
    axes = []
    for a, b in pairwise(mentions):
        if not _ZH_AXIS.match(text[a.end : b.start]) and not _LATIN_AXIS_LINK.match(
            text[a.end : b.start]
        ):
            continue
        if a.kind_hint in ("region", "cercle", "area") or b.kind_hint in (
            "region",
            "cercle",
        ):
            continue
        if document.language == "zh":
            suffix = _ZH_AXIS_SUFFIX.match(text, b.end)
            if not suffix:
                continue
            start, end = a.start, suffix.end()
        else:
            before = text[max(0, a.start - 20) : a.start]
            m_before = _LATIN_AXIS_BEFORE.search(before)
            m_after = _LATIN_AXIS_AFTER.match(text, b.end)
            if not (m_before or m_after):
                continue
            start = a.start - (len(before) - m_before.start()) if m_before else a.start
            end = m_after.end() if m_after else b.end
        axes.append(
            Mention(
                surface=document.text[start:end],
                name=f"{a.name}–{b.name}",
                start=start,
                end=end,
                kind_hint="axis",
                script=a.script,
                sentence=a.sentence,
                paragraph=a.paragraph,
                parent=a.parent,
                parent_kind=a.parent_kind,
                parts=(a.name, b.name),
            )
        )
    return axes
