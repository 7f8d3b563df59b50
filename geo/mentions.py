"""Stage 3: find the place names a document mentions.

Chinese text: gazetteer aliases through an Aho-Corasick automaton, Latin names embedded in the
Chinese, kind suffixes (大区, 省, 县, 村, 镇...), stated parents (X大区的Y省), road axes (X-Y轴心)
and broad areas (马里北部/中部, 萨赫勒地区). French and English text: see geo.latin.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from itertools import islice, pairwise
from typing import Any, TypeVar

import ahocorasick

from geo import latin
from geo.gazetteer import Gazetteer
from geo.latin import latin_spans
from geo.model import Document, Mention
from geo.text import fold

# Kind suffixes written right after a Chinese name (longest first).
_ZH_SUFFIX = re.compile(r"\s*(大区|地区|省|县|縣|区(?!域)|區|市(?!场)|城(?!市)|村|镇|鎮|营地)")
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
_ZH_THE_COUNTRY = re.compile(r"(?:该国|马里\s*[(（][A-Za-z ]{1,20}[)）])(北部|中部|南部|东部|西部)")
# A bare direction in a report on Mali (在北部地区, 中部、西部和南部) is that part of Mali; after
# another name (里海南部, 尼日尔西部) it is not, nor before 非洲 (西部非洲).
_ZH_BARE_DIRECTION = re.compile(
    r"(?:(?<=[在于从向与和及、，,。；;：:\s])|^)(北部|中部|南部|东部|西部)(?:地区)?"
    r"(?!非洲|非|亚|欧|美|邻国|国家|省|州|沿海|海岸)",
    re.M,
)
# Words after a Latin name that make it a website, a medium or a company (Bamada网站).
_ZH_MEDIUM_AFTER = re.compile(r"\s*(网站|网|報|报|电视台|电台|通讯社|公司|集团|杂志|频道|平台)")
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
# Taiwan's 馬利北部 / 馬利(Mali)中部 is 马里北部 / 马里中部 (checked to be written traditional).
_ZH_TW_MALI_AREA = re.compile(r"马利\s*(?:[(（][A-Za-z ]{1,20}[)）])?(北部|中部|南部|东部|西部)")
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
    spans: list[tuple[Any, ...]]
    if document.language == "zh":
        zh_spans = _cjk_spans(document, gazetteer) + _latin_in_cjk_spans(document, gazetteer)
        known = _leftmost_longest(zh_spans)
        spans = list(_with_transliterations(document.search_text, known, gazetteer))
    else:
        spans = list(latin_spans(document, gazetteer))
    spans = [span for span in _leftmost_longest(spans) if span[3] != _BLOCKED]
    mentions = [_mention(document, *span) for span in spans]
    if document.language == "zh":
        mentions = _share_zh_list_suffix(document.search_text, mentions, gazetteer)
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


def count_name_occurrences(document: Document, gazetteer: Gazetteer, stop_after: int) -> int:
    """Occurrences of gazetteer names in the text, counted up to `stop_after` + 1.

    A cheap bound (the automaton alone) on the work `extract_mentions` will do, so that a
    document of nothing but place names is refused before it takes minutes and gigabytes.
    """
    if document.language == "zh":
        hits = _cjk_automaton(gazetteer).iter(document.search_text)
    else:
        hits = latin._gazetteer_hits(document.text, gazetteer)
    return len(list(islice(hits, stop_after + 1)))  # iterated in C: no Python step per name


# A span: (start, end, name, kind_hint, script, weak)
Span = tuple[int, int, str, "str | None", str, bool]


_AnySpan = TypeVar("_AnySpan", bound=tuple[Any, ...])


def _leftmost_longest(spans: Sequence[_AnySpan]) -> list[_AnySpan]:
    chosen: list[_AnySpan] = []
    last_end = -1
    # Longest span first; at equal length the longer alias ("加奥地区", the region) beats a
    # shorter one plus suffix ("加奥" + "地区").
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]), -len(s[2]))):
        if span[0] >= last_end:
            chosen.append(span)
            last_end = span[1]
    return chosen


def _zh_suffix(
    text: str, end: int, gazetteer: Gazetteer | None = None, name: str = ""
) -> tuple[int, str | None]:
    m = _ZH_SUFFIX.match(text, end)
    if not m:
        return end, None
    kind = _ZH_SUFFIX_KIND[m.group(1)]
    if m.group(1) == "地区" and gazetteer is not None:
        # Xinhua usage: 地区 after the name of a region means the region (塞古地区). A cercle's
        # name (基塔地区) gets the same level; resolution falls back to the cercle and says so.
        if any(e.kind in ("region", "cercle") for e in gazetteer.lookup(name)):
            kind = "region"
    return m.end(), kind


def _cjk_spans(document: Document, gazetteer: Gazetteer) -> list[Span]:
    text = document.search_text
    raw: list[tuple[int, int, str]] = []
    for end_index, alias in _cjk_automaton(gazetteer).iter(text):
        raw.append((end_index + 1 - len(alias), end_index + 1, alias))
    for m in _ZH_AREA_PAIR.finditer(text):
        raw.append((m.start(2), m.end(2), "马里" + m.group(2)))
    for m in _ZH_THE_COUNTRY.finditer(text):
        raw.append((m.start(1), m.end(1), "马里" + m.group(1)))
    for m in _ZH_BARE_DIRECTION.finditer(text):
        raw.append((m.start(1), m.end(0), "马里" + m.group(1)))
    for m in _ZH_TW_MALI_AREA.finditer(text):
        if document.text[m.start() : m.start() + 2] != "马利":
            raw.append((m.start(), m.end(1), "马里" + m.group(1)))
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
        stop, kind = _zh_suffix(text, end, gazetteer, name)
        if all(e.kind == "area" for e in gazetteer.by_alias[name]) and kind is not None:
            stop, kind = end, None  # 北部城镇奇达: the town is what follows, not the area
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
        if fold(name) in latin.STOP or _ZH_MEDIUM_AFTER.match(text, m.end()):
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


# ---------------------------------------------------------------------------------------------
# Chinese: names that no list has, tried by sound (geo.translit) where the text marks a place

# After a name: a kind suffix (strong), a locative word or a facility named after a place.
_ZH_TRANSLIT_AFTER = re.compile(
    r"\s*(?:(?P<kind>大区|省|县|市(?!场)|镇(?![压守静定])|鎮|村|乡(?!村|亲)|营地|边境哨所|哨所|社区)"
    r"|(?P<vague>地区|附近|一带|周边|境内|等地|以[东南西北])"
    r"|(?P<facility>(?:太阳能|水力|光伏|火力)?电站|机场|金矿|大坝|水坝))"
)
_ZH_TRANSLIT_KIND = {
    "大区": "region",
    "省": "cercle",
    "县": "cercle",
    "市": "town",
    "镇": "town",
    "鎮": "town",
    "村": "village",
    "乡": "village",
    "营地": "village",
    "边境哨所": "village",
    "哨所": "village",
    "社区": "village",
}
# Before a name: a locative frame.
_ZH_TRANSLIT_BEFORE = re.compile(
    r"(?:在|于|从|向|往|到达|抵达|前往|进入|位于|途经|离开|城镇|城市|小镇|市镇|村庄|[东南西北中]部)\s*$"
)
# What may follow the last character of a list item: a link, punctuation, 等/的, the end.
_ZH_LIST_ITEM_END = re.compile(r"[、，,。；;：:！!？?\s)）」”\"'的等和及与或之]|$")
# Quote marks around an operation's or a group's name (“塞卡”行动): never a place.
_ZH_OPEN_QUOTES = "“‘「『\"'"
_ZH_CLOSE_QUOTES = "”’」』\"'"
# A transliterated name is rarely longer than this.
_ZH_TRANSLIT_MAX = 7


def _with_transliterations(text: str, known: list[Span], gazetteer: Gazetteer) -> list[Span]:
    """Known spans, minus aliases that are only part of a longer name (科罗 in 科罗菲纳), plus
    runs of transliteration characters that the text marks as places (see geo.translit)."""

    covered = [False] * len(text)
    for span in known:
        covered[span[0] : span[1]] = [True] * (span[1] - span[0])
    kept: list[Span] = []
    for span in known:
        run = _embedding_run(text, span, covered, gazetteer)
        if run is None:
            kept.append(span)
            continue
        covered[span[0] : span[1]] = [False] * (span[1] - span[0])
        kept.append((run[0], run[1], text[run[0] : run[1]], None, "cjk", False))
        covered[run[0] : run[1]] = [True] * (run[1] - run[0])
    out = list(kept)
    in_list: set[int] = {s[1] for s in kept if s[3] != _BLOCKED}  # ends of list members
    starts = {s[0] for s in kept if s[3] != _BLOCKED}
    for start, end in _translit_runs(text, covered):
        if end - start < 2:
            continue  # too short for a name (_marked_candidate keeps none)
        candidate = _marked_candidate(text, start, end, in_list, starts)
        if candidate is not None:
            out.append(candidate)
            if candidate[5] is False:
                in_list.add(candidate[1])
    return out


def _translit_runs(text: str, covered: list[bool]) -> list[tuple[int, int]]:
    """The longest runs of transliteration characters outside `covered`."""
    from geo import translit

    pattern = translit.load_tables().run_pattern
    runs: list[tuple[int, int]] = []
    for free in re.finditer(rb"\x00+", bytes(covered)):  # the stretches not covered
        runs.extend(m.span() for m in pattern.finditer(text, free.start(), free.end()))
    return runs


def _embedding_run(
    text: str, span: Span, covered: list[bool], gazetteer: Gazetteer
) -> tuple[int, int] | None:
    """The longer name a Chinese alias is part of (科罗 in 巴马科科罗菲纳), when that whole
    run of transliteration characters sounds like a real place."""
    from geo import translit

    start, end, name, kind, script = span[:5]
    if script != "cjk" or kind == _BLOCKED or end - start != len(name):
        return None  # a suffixed name (科罗省) ends where the text says

    def free(i: int) -> bool:
        return 0 <= i < len(text) and not covered[i] and translit.is_translit_char(text[i])

    left, right = start, end
    while free(left - 1) and end - left < _ZH_TRANSLIT_MAX:
        left -= 1
    if _ZH_SUFFIX.match(text, end) is None:
        while free(right) and right - left < _ZH_TRANSLIT_MAX:
            right += 1
    if (start - left) + (right - end) < 2:
        return None
    run = text[left:right]
    if any(translit.word_class(w) for w in (run, text[left:start], text[end:right]) if w):
        return None
    matches = translit.index_for(gazetteer).search(run, min_score=0.85)
    return (left, right) if matches else None


def _marked_candidate(
    text: str, start: int, end: int, list_ends: set[int], known_starts: set[int]
) -> Span | None:
    """The part of a run that the text marks as a place name, or None."""
    from geo import translit

    if (start > 0 and text[start - 1] in "·•") or (end < len(text) and text[end] in "·•"):
        return None  # a person's name (玛利亚姆·西塞)
    if start > 0 and text[start - 1] in _ZH_OPEN_QUOTES:
        return None  # a quoted name: an operation or a group
    after = _ZH_TRANSLIT_AFTER.match(text, end)
    listed = _listed(text, start, end, list_ends, known_starts)
    before = _ZH_TRANSLIT_BEFORE.search(text, max(0, start - 4), start)
    if after:
        # The name ends at the marker; it starts where the run does (ordinary words trimmed).
        name_start = _trim_words(text, max(start, end - _ZH_TRANSLIT_MAX), end, from_left=True)
        name_end = end
    elif listed and not before and not _ZH_LIST_ITEM_END.match(text, end):
        return None  # the item goes on past the run (阿比让, 努瓦克肖特): another kind of name
    elif listed or before:
        name_start = start
        name_end = _trim_words(text, start, min(end, start + _ZH_TRANSLIT_MAX), from_left=False)
    else:
        return None
    name = text[name_start:name_end]
    if len(name) < 2 or translit.word_class(name):
        return None
    if after and after.group("kind"):
        kind = _ZH_TRANSLIT_KIND[after.group("kind")]
        return (name_start, after.end(), name, kind, "cjk", False)
    if after and after.group("facility"):
        return (name_start, name_end, name, None, "cjk", False)
    # A name in a list with known places is a place; one only in a frame must sound like one.
    return (name_start, name_end, name, None, "cjk", not listed)


def _listed(text: str, start: int, end: int, list_ends: set[int], known_starts: set[int]) -> bool:
    before = re.search(r"(、|和|及|与|以及|或)\s*$", text[max(0, start - 3) : start])
    if before and (start - len(before.group(0))) in list_ends:
        return True
    after = re.match(r"\s*(、|和|及|与|以及|或)\s*", text[end : end + 4])
    return after is not None and end + after.end() in known_starts


def _trim_words(text: str, start: int, end: int, from_left: bool) -> int:
    """Drop ordinary words (多地, 加纳) from the far side of a candidate; the new boundary."""
    from geo import translit

    while end - start > 2:
        for size in (4, 3, 2):
            word = text[start : start + size] if from_left else text[end - size : end]
            if end - start - size >= 2 and translit.word_class(word) == "word":
                if from_left:
                    start += size
                else:
                    end -= size
                break
        else:
            break
    return start if from_left else end


def _share_zh_list_suffix(
    text: str, mentions: list[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """库利科罗、基达尔、通布图及莫普提大区 and 基塔和通布图大区: the suffix after the last name
    of a list gives the level of every name in it that has a unit of that level (or a cercle)."""
    out = list(mentions)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and _ZH_LIST_LINK.match(text[out[j].end : out[j + 1].start]):
            j += 1
        last = out[j]
        if j > i and last.kind_hint in ("region", "cercle") and last.surface != last.name:
            for k in range(i, j):
                m = out[k]
                units = {e.kind for e in gazetteer.lookup(m.name)} & {"region", "cercle"}
                if m.kind_hint is None and units:
                    out[k] = replace(m, kind_hint=last.kind_hint)
        i = j + 1
    return out
