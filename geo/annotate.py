"""Stage 6: derive operations, temporary operating bases and dated events from the text.

Nothing here is specific to one letter: operations come from the pattern “X”行动 (opération X,
Operation X), bases from sentences that set up a 临时行动基地 (base opérationnelle temporaire,
temporary operating base), events from a small lexicon of event words. Each links to the places
mentioned in the same sentence, and carries that sentence as evidence.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache

from geo import paths
from geo.document import _MONTH_RE, _MONTHS
from geo.model import (
    Annotations,
    Base,
    Document,
    Event,
    Evidence,
    Operation,
    Place,
    Sentence,
)

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

# Event types and their words (zh, fr, en). Order matters only for display.
EVENT_TYPES: OrderedDict[str, tuple[str, re.Pattern[str]]] = OrderedDict(
    [
        (
            "attack",
            (
                "Attack",
                re.compile(r"袭击|攻击|遇袭|屠杀|attaqu|attack|massacr", re.I),
            ),
        ),
        (
            "handover",
            (
                "Handover",
                re.compile(
                    r"移交|交接|hand(?:ed|s)? over|handover|transf[ée]r|remis|r[ée]troc[ée]d", re.I
                ),
            ),
        ),
        ("inspection", ("Inspection", re.compile(r"视察|巡视|inspection", re.I))),
        (
            "reinforcement",
            (
                "Reinforcement of police and gendarmerie",
                re.compile(r"增援|renfor|reinforce", re.I),
            ),
        ),
        ("plan", ("Plan", re.compile(r"计划|plan\b|projet", re.I))),
        (
            "return",
            (
                "Return of displaced people",
                re.compile(r"返回|回返|返乡|retour|return", re.I),
            ),
        ),
        ("patrol", ("Patrols", re.compile(r"巡逻|patrouille|patrol", re.I))),
        ("mediation", ("Mediation", re.compile(r"调解|médiation|mediation", re.I))),
        ("election", ("Elections", re.compile(r"选举|élection|election", re.I))),
    ]
)
# Words that make an event word hypothetical: "prevent attacks", "threat of an attack".
_NOT_AN_EVENT = re.compile(r"防止|预防|避免|威胁|即将|pr[ée]ven|threat|menace|risque|risk", re.I)
_PLAN_ONLY_WITH = re.compile(r"讨论|通过|宣布|discu|adopt|annon|announc", re.I)

_DATE_RANGE_ZH = re.compile(
    r"(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:和|至|到|-|—|–)\s*(\d{1,2})\s*日"
)
_DATE_ZH = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTH_ZH = re.compile(
    r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(份|初|上旬|中旬|下旬|底|末)?(?!\s*\d{1,2}\s*日)"
)
_DATE_RANGE_LATIN = re.compile(
    rf"\b(\d{{1,2}})(?:er)?\s*(?:et|and|-|–|to|au)\s*(\d{{1,2}})\s+({_MONTH_RE})(?:\s+(\d{{4}}))?",
    re.I,
)
_DATE_LATIN = re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({_MONTH_RE})(?:\s+(\d{{4}}))?", re.I)
_MONTH_LATIN = re.compile(rf"\b(?:in|en|début|early|late|fin|mid-?)\s+({_MONTH_RE})\b", re.I)
_PEOPLE = re.compile(r"(\d[\d ,]*\d|\d)\s*(?:名|人|personnes|people|persons)")


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
    return Annotations(
        operations=tuple(_operations(document, by_sentence)),
        bases=tuple(_bases(document, by_sentence)),
        events=tuple(_events(document, by_sentence)),
    )


def _evidence(sentence: Sentence) -> Evidence:
    return Evidence(sentence.index, sentence.paragraph, sentence.start, sentence.end, sentence.text)


def _operations(document: Document, by_sentence) -> list[Operation]:
    found: OrderedDict[str, dict] = OrderedDict()
    place_kinds = {p.key: p.kind for found_here in by_sentence.values() for _, p in found_here}
    hits = []
    for sentence in document.sentences:
        for pattern in _OPERATION_PATTERNS:
            for m in pattern.finditer(sentence.text):
                hits.append((sentence, m.start(), m.group(1).strip()))
    for sentence, offset, local in hits:
        name, listed_actor = known_operations().get(local.casefold(), (local, ""))
        op = found.setdefault(
            name,
            {"local": local, "actor": "", "listed": listed_actor, "keys": [], "ev": []},
        )
        op["actor"] = op["actor"] or _actor(sentence.text, offset)
        if _evidence(sentence) not in op["ev"]:
            op["ev"].append(_evidence(sentence))
        # A place belongs to the nearest operation before it in the sentence, else the next one.
        ops_here = sorted(o for s, o, _ in hits if s.index == sentence.index)
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
        word = _BASE_WORDS.search(sentence.text)
        if not word or not _SET_UP.search(sentence.text):
            continue
        date, _, date_text = _date(sentence.text, document.date)
        if not date_text:
            relative = re.search(
                r"不到\s*\d+\s*(?:小时|天)|within \d+ hours|moins de \d+ heures",
                sentence.text,
            )
            date_text = relative.group(0) if relative else ""
        for _, place in by_sentence.get(sentence.index, []):
            if place.kind in ("town", "village") and place.key not in seen:
                seen.add(place.key)
                bases.append(Base(place.key, date, date_text, _evidence(sentence)))
    return bases


def _events(document: Document, by_sentence) -> list[Event]:
    events = []
    for sentence in document.sentences:
        located = by_sentence.get(sentence.index, [])
        places = [p for _, p in located if p.kind != "country"]
        if not places:
            continue
        keys = tuple(dict.fromkeys(p.key for p in places))
        date, date_end, date_text = _date(sentence.text, document.date)
        for kind, (label, pattern) in EVENT_TYPES.items():
            m = pattern.search(sentence.text)
            if not m:
                continue
            if kind == "plan" and not _PLAN_ONLY_WITH.search(sentence.text):
                continue
            if kind == "attack" and _NOT_AN_EVENT.search(
                sentence.text[max(0, m.start() - 12) : m.start()]
            ):
                continue
            people = _PEOPLE.search(sentence.text) if kind == "return" else None
            names = ", ".join(dict.fromkeys(p.name for p in places))
            full = label + (f" of {_number(people.group(1)):,} people" if people else "")
            if people and label.startswith("Return of displaced"):
                full = f"Return of {_number(people.group(1)):,} displaced people"
            events.append(
                Event(
                    kind,
                    f"{full}: {names}",
                    date,
                    date_end,
                    date_text,
                    keys,
                    _evidence(sentence),
                )
            )
    return events


def _number(text: str) -> int:
    return int(re.sub(r"[ ,]", "", text))


def _year_for(month: int, document_date: str | None) -> int | None:
    """A month without a year belongs to the latest such month on or before the document."""
    if not document_date:
        return None
    year, doc_month = int(document_date[:4]), int(document_date[5:7])
    return year if month <= doc_month else year - 1


def _date(text: str, document_date: str | None) -> tuple[str | None, str | None, str]:
    """(start, end, as written) of the first date in a sentence; ISO day or month."""

    def iso(year, month, day=None):
        month = int(month)
        y = int(year) if year else _year_for(month, document_date)
        if y is None or not 1 <= month <= 12:
            return None
        return f"{y:04d}-{month:02d}" + (f"-{int(day):02d}" if day else "")

    m = _DATE_RANGE_ZH.search(text)
    if m:
        return (
            iso(None, m.group(1), m.group(2)),
            iso(None, m.group(1), m.group(3)),
            m.group(0),
        )
    m = _DATE_ZH.search(text)
    if m:
        return iso(m.group(1), m.group(2), m.group(3)), None, m.group(0)
    m = _MONTH_ZH.search(text)
    if m:
        return iso(m.group(1), m.group(2)), None, m.group(0)
    m = _DATE_RANGE_LATIN.search(text)
    if m:
        month = _MONTHS[m.group(3).lower()]
        return (
            iso(m.group(4), month, m.group(1)),
            iso(m.group(4), month, m.group(2)),
            m.group(0),
        )
    m = _DATE_LATIN.search(text)
    if m:
        return (
            iso(m.group(3), _MONTHS[m.group(2).lower()], m.group(1)),
            None,
            m.group(0),
        )
    m = _MONTH_LATIN.search(text)
    if m:
        return iso(None, _MONTHS[m.group(1).lower()]), None, m.group(0)
    return None, None, ""
