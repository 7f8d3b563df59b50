"""Stage 6: derive operations, temporary operating bases and dated events from the text.

Nothing here is specific to one letter: operations come from the pattern “X”行动 (opération X,
Operation X), bases from sentences that set up a 临时行动基地 (base opérationnelle temporaire,
temporary operating base); each links to the places mentioned in the same sentence, and carries
that sentence as evidence. Events (what happened, when, where, by whom) come from geo.events.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache, lru_cache

from geo import paths
from geo.dates import Resolver, find_dates
from geo.events import extract_events
from geo.model import (
    Annotations,
    Base,
    Document,
    Operation,
    Place,
    Quote,
    Sentence,
)
from geo.prefilter import Hits, Prefilter

_OPERATION_PATTERNS = [
    re.compile(r"[“\"「『]\s*([^”\"」』\s][^”\"」』]{0,15}?)\s*[”\"」』]\s*(?:军事)?行动"),
    re.compile(r"\b[Oo]p[ée]ration\s+[«“\"]?\s*([A-Z][\w’'-]+)"),
]
_ACTORS = [
    (
        re.compile(r"马里稳定团|稳定团|特派团|联马团|(?:la |the )?(?:MINUSMA|Mission)\b", re.I),
        "MINUSMA",
    ),
    (
        re.compile(
            r"国家武装部队|马里武装部队|马里国防和安全部队|马里军队|马里国防军|"
            r"(?:les |the )?(?:Forces armées maliennes|FAMa|"
            r"Malian (?:armed|defence and security) forces)",
            re.I,
        ),
        "Malian armed forces",
    ),
    (
        re.compile(r"巴尔赫内|法国部队|Barkhane|French forces|forces françaises", re.I),
        "French forces",
    ),
]
_CLAUSE = re.compile(r"[，,：:；;]")

_BASE_WORDS = re.compile(
    r"临时行动基地|临时作战基地|bases? op[ée]rationnelles? temporaires?|"
    r"temporary operating bases?|\bTOBs?\b",
    re.I,
)
_SET_UP = re.compile(
    r"建立|设立|设置|开设|部署|set up|established|deployed|install[ée]e?s?|établi", re.I
)

@cache
def known_operations() -> dict[str, tuple[str, str]]:
    """Local name -> (Latin name, actor) from data/operations.tsv (reference, not answers)."""
    out: dict[str, tuple[str, str]] = {}
    try:
        lines = paths.DATA_DIR.joinpath("operations.tsv").read_text(encoding="utf-8").splitlines()
    except OSError:
        return out
    for line in lines[1:]:
        name, local_names, actor, _ = (line.split("\t") + ["", "", "", ""])[:4]
        for local in local_names.split("|"):
            out[local.casefold()] = (name, actor)
    return out


def annotate(document: Document, places: Sequence[Place]) -> Annotations:
    """Operations, temporary bases and events the text reports, tied to places."""
    by_sentence: dict[int, list[tuple[int, Place]]] = {}
    for place in places:
        for mention in place.mentions:
            by_sentence.setdefault(mention.sentence, []).append((mention.start, place))
    for found in by_sentence.values():
        found.sort(key=lambda item: item[0])
    told = sorted(_operation_spans(document) + _base_spans(document))
    return Annotations(
        operations=tuple(_operations(document, by_sentence)),
        bases=tuple(_bases(document, by_sentence)),
        events=tuple(extract_events(document, places, skip=told)),
    )


def _operation_spans(document: Document) -> list[tuple[int, int]]:
    """Named operations ("布法罗"行动) are drawn as operations, not repeated as events."""
    return [
        (sentence.start + m.start(), sentence.start + m.end())
        for sentence in document.sentences
        for pattern in _operation_patterns(document, sentence)
        for m in pattern.finditer(_searched(document, sentence))
    ]


def _base_spans(document: Document) -> list[tuple[int, int]]:
    """Temporary operating bases are told as bases; the words setting them up are no event."""
    return [
        (sentence.start + max(0, m.start() - 16), sentence.start + m.end())
        for sentence in document.sentences
        if _may_name_a_base(document, sentence)
        for m in _BASE_WORDS.finditer(_searched(document, sentence))
    ]


@lru_cache(maxsize=1)
def _prefilter() -> Prefilter:
    return Prefilter([*_OPERATION_PATTERNS, _BASE_WORDS])


@lru_cache(maxsize=1)
def _hits(search_text: str) -> Hits:
    """Where operations and bases may be named: one pass per document, not four per sentence."""
    return _prefilter().scan(search_text)


def _operation_patterns(document: Document, sentence: Sentence) -> list[re.Pattern[str]]:
    found = _hits(document.search_text).within(sentence.start, sentence.end)
    return [_OPERATION_PATTERNS[i] for i in found if i < len(_OPERATION_PATTERNS)]


def _may_name_a_base(document: Document, sentence: Sentence) -> bool:
    found = _hits(document.search_text).within(sentence.start, sentence.end)
    return len(_OPERATION_PATTERNS) in found


def _searched(document: Document, sentence: Sentence) -> str:
    """The sentence in simplified script, same length (行動 is matched as 行动)."""
    return document.search_text[sentence.start : sentence.end]


def _evidence(document: Document, sentence: Sentence, offset: int) -> Quote:
    """The sentence, or a bounded window of it around `offset` (relative to the sentence)."""
    return document.quote(sentence.start + offset)


def _operations(document: Document, by_sentence) -> list[Operation]:
    found: OrderedDict[str, dict] = OrderedDict()
    place_kinds = {p.key: p.kind for found_here in by_sentence.values() for _, p in found_here}
    hits = []
    for sentence in document.sentences:
        said = _searched(document, sentence)
        for pattern in _operation_patterns(document, sentence):
            for m in pattern.finditer(said):
                # Looked up in simplified script, shown as the text writes it.
                written = sentence.text[m.start(1) : m.end(1)].strip()
                hits.append((sentence, m.start(), m.group(1).strip(), written))
    for sentence, offset, searched, local in hits:
        name, listed_actor = known_operations().get(searched.casefold(), (local, ""))
        op = found.setdefault(
            name,
            {"local": local, "actor": "", "listed": listed_actor, "keys": [], "ev": []},
        )
        op["actor"] = op["actor"] or _actor(_searched(document, sentence), offset)
        quote = _evidence(document, sentence, offset)
        if quote not in op["ev"]:
            op["ev"].append(quote)
        # A place belongs to the nearest operation before it in the sentence, else the next one.
        ops_here = sorted(o for s, o, *_ in hits if s.index == sentence.index)
        for start, place in by_sentence.get(sentence.index, []):
            position = start - sentence.start
            before = [o for o in ops_here if o <= position]
            owner = before[-1] if before else min(ops_here, key=lambda o: abs(o - position))
            if owner == offset and place.kind != "country" and place.key not in op["keys"]:
                op["keys"].append(place.key)
    operations = []
    for name, op in found.items():
        if not op["keys"]:
            # Nothing in its sentences: fall back to the places of its paragraphs.
            paragraphs = {e.paragraph for e in op["ev"]}
            for s in document.sentences:
                if s.paragraph in paragraphs:
                    for _, place in by_sentence.get(s.index, []):
                        if place.kind != "country" and place.key not in op["keys"]:
                            op["keys"].append(place.key)
        # The most specific places: "central Mali" adds nothing once its cercles are named.
        keys = [k for k in op["keys"] if place_kinds.get(k) not in ("area", "country")]
        op["keys"] = keys or op["keys"]
        actor = op["actor"] or (f"{op['listed']} (reference list)" if op["listed"] else "")
        operations.append(Operation(name, op["local"], actor, tuple(op["keys"]), tuple(op["ev"])))
    return operations


def _actor(text: str, offset: int) -> str:
    """Who runs the operation named at `offset`, as the sentence says it."""
    clause_start = max((m.end() for m in _CLAUSE.finditer(text, 0, offset)), default=0)
    own = text[clause_start:offset]
    if own.rstrip().endswith(("的", "de", "of")):
        # "旨在将国家武装部队集中……的“马利科”行动": the actor sits in the modifier.
        matches = [(m.start(), actor) for rx, actor in _ACTORS for m in rx.finditer(own)]
        if matches:
            return max(matches)[1]
    # Otherwise the subject: the nearest earlier clause that starts with an actor.
    starts = [0] + [m.end() for m in _CLAUSE.finditer(text, 0, offset)]
    for start in reversed(starts):
        clause = text[start:offset].lstrip()
        for rx, actor in _ACTORS:
            if rx.match(clause):
                return actor
    return ""


def _bases(document: Document, by_sentence) -> list[Base]:
    bases: list[Base] = []
    seen: set[str] = set()
    for sentence in document.sentences:
        said = _searched(document, sentence)
        word = _BASE_WORDS.search(said) if _may_name_a_base(document, sentence) else None
        if not word or not _SET_UP.search(said):
            continue
        date, _, date_text = _date(said, document.date)
        if not date_text:
            relative = re.search(
                r"不到\s*\d+\s*(?:小时|天)|within \d+ hours|moins de \d+ heures",
                said,
            )
            date_text = sentence.text[relative.start() : relative.end()] if relative else ""
        for _, place in by_sentence.get(sentence.index, []):
            if place.kind in ("town", "village") and place.key not in seen:
                seen.add(place.key)
                quote = _evidence(document, sentence, word.start())
                bases.append(Base(place.key, date, date_text, quote))
    return bases


def _date(text: str, document_date: str | None) -> tuple[str | None, str | None, str]:
    """(start, end, as written) of the first date in a sentence."""
    resolver = Resolver(document_date)
    for start, _end, kind, m in find_dates(text):
        date = resolver.resolve(kind, m, text[:start])
        if date is not None and date.start:
            return date.start, date.end, date.text
    return None, None, ""
