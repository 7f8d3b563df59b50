"""Stage 4: decide which real place each mention means.

Order of evidence: the kind the text states (科罗省 is the cercle), the parent the text states
(邦卡省的 Ogossogou 村 must lie inside Bankass), other admin units named in the same sentence or
paragraph, then feature code and population. Spelling variants go through a fuzzy match whose
threshold is tested. A village the gazetteer lacks is placed at its stated parent, flagged as
approximate; it is never given an invented point.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from geo.gazetteer import NAME_ONLY, Gazetteer, name_similarity
from geo.model import (
    PRECISION_CERCLE,
    PRECISION_COUNTRY,
    PRECISION_EXACT,
    PRECISION_NEAR,
    PRECISION_REGION,
    PRECISION_WIDE,
    Document,
    GazetteerEntry,
    Mention,
    Resolution,
)
from geo.text import fold, is_cjk

# Fuzzy thresholds (rapidfuzz ratio, 0-100). Inside a stated parent the candidate set is small,
# so spelling variants such as Ogossogou/Ogassagou (78) are accepted; across the whole country
# only close variants (Labbezanga/Labezanga, 95) are.
FUZZY_IN_PARENT = 75.0
FUZZY_ANYWHERE = 88.0

_FEATURE_RANK = {
    "PPLC": 6,
    "PPLA": 5,
    "PPLA2": 4,
    "PPLA3": 3,
    "PPL": 2,
    "PPLX": 1,
    "CMP": 1,
}
_KIND_PRECISION = {
    "country": PRECISION_COUNTRY,
    "area": PRECISION_WIDE,
    "axis": PRECISION_WIDE,
    "region": PRECISION_REGION,
    "cercle": PRECISION_CERCLE,
    "town": PRECISION_EXACT,
    "village": PRECISION_EXACT,
}
# Without a stated kind, a bare name means the settlement before the admin unit named after it
# ("加奥" is the town of Gao, "加奥大区" the region).
_BARE_KIND_ORDER = {
    "country": 6,
    "area": 5,
    "town": 4,
    "village": 3,
    "cercle": 2,
    "region": 1,
}
_POPULATED = ("town", "village")


@dataclass(frozen=True)
class _Context:
    sentence_units: tuple[GazetteerEntry, ...]
    paragraph_units: tuple[GazetteerEntry, ...]


def resolve_mentions(
    document: Document, mentions: Sequence[Mention], gazetteer: Gazetteer
) -> list[Resolution]:
    """One Resolution per mention, in order; weak mentions that nothing confirms are dropped."""
    by_sentence: dict[int, list[tuple[Mention, GazetteerEntry]]] = {}
    by_paragraph: dict[int, list[tuple[Mention, GazetteerEntry]]] = {}
    for m, e in _admin_units(mentions, gazetteer):
        by_sentence.setdefault(m.sentence, []).append((m, e))
        by_paragraph.setdefault(m.paragraph, []).append((m, e))
    out = []
    for mention in mentions:
        context = _Context(
            tuple(e for m, e in by_sentence.get(mention.sentence, ()) if m is not mention),
            tuple(e for m, e in by_paragraph.get(mention.paragraph, ()) if m is not mention),
        )
        resolution = resolve_one(mention, gazetteer, context, document.language)
        if resolution is not None:
            out.append(resolution)
    return out


def _admin_units(
    mentions: Sequence[Mention], gazetteer: Gazetteer
) -> list[tuple[Mention, GazetteerEntry]]:
    """Regions and cercles the text names explicitly, used as context for their neighbours."""
    units = []
    for m in mentions:
        if m.kind_hint in ("region", "cercle"):
            entry = _admin(gazetteer, m.name, m.kind_hint)
            if entry:
                units.append((m, entry))
    return units


def _admin(gazetteer: Gazetteer, name: str, kind: str | None) -> GazetteerEntry | None:
    found = [e for e in gazetteer.lookup(name) if e.kind == kind and e.pcode]
    if not found and kind == "region":
        found = [e for e in gazetteer.lookup(name) if e.kind == "region"]
    return found[0] if len(found) == 1 else None


def resolve_one(
    mention: Mention,
    gazetteer: Gazetteer,
    context: _Context | None = None,
    language: str = "zh",
) -> Resolution | None:
    """Resolve a single mention (also used by the gazetteer geocoder for one query)."""
    context = context or _Context((), ())
    if mention.kind_hint == "axis":
        return _resolve_axis(mention, gazetteer, context, language)
    parent = _admin(gazetteer, mention.parent, mention.parent_kind) if mention.parent else None
    candidates = gazetteer.lookup(mention.name)
    method = "alias"
    if not candidates and mention.script == "latin":
        first = re.split(r"[-‐ ]", mention.name)[0]
        if first != mention.name and len(first) >= 4:
            candidates, method = gazetteer.lookup(first), "partial"
    candidates = _by_kind(candidates, mention.kind_hint)
    # A name the gazetteer knows only by name (no coordinates): a real place to place by parent.
    known_name = next((c for c in candidates if c.feature_code == NAME_ONLY), None)
    candidates = [c for c in candidates if c.feature_code != NAME_ONLY]

    scope: Iterable[GazetteerEntry] | None = None
    if parent is not None:
        inside = [c for c in candidates if gazetteer.contains(parent, c)]
        if not inside and mention.kind_hint in ("region", "cercle"):
            inside = candidates  # a cercle named under its region needs no point check
        if not inside and candidates and not _is_latin(mention):
            inside = []  # a Chinese name under the wrong parent: trust the parent, fuzzy below
        candidates = inside
        scope = gazetteer.within(parent)
    elif context.sentence_units or context.paragraph_units:
        # Narrowest first: a cercle in the same sentence beats a region in the paragraph.
        for units in _narrowest_first(context):
            inside = [c for c in candidates if any(gazetteer.contains(u, c) for u in units)]
            if inside:
                candidates = inside
                break

    if not candidates and _is_latin(mention):
        if scope is None and (context.sentence_units or context.paragraph_units):
            units = context.sentence_units or context.paragraph_units
            scope = list({e.key: e for u in units for e in gazetteer.within(u)}.values())
        candidates, score = fuzzy_candidates(
            mention.name,
            _by_kind(scope if scope is not None else gazetteer.entries, mention.kind_hint),
            FUZZY_IN_PARENT if scope is not None else FUZZY_ANYWHERE,
        )
        method = f"fuzzy {score:.0f}" if candidates else method

    if not candidates:
        if mention.weak:
            return None
        if parent is not None:
            return _at_parent(mention, parent, known_name)
        note = "not found in the gazetteer"
        if known_name is not None:
            note = f"a known place name ({known_name.source}) that no unit in the text locates"
        kind = mention.kind_hint or "village"
        return Resolution(mention, None, kind, 0, 0.0, "unresolved", note)
    if mention.weak and parent is None and not _confirmed(candidates, gazetteer, context):
        return None

    best = max(candidates, key=lambda e: _rank(e, mention))
    kind = _kind(best, mention, language)
    exact = method == "alias"
    precision = _KIND_PRECISION[kind] if exact or kind not in _POPULATED else PRECISION_NEAR
    rivals = [c for c in candidates if c.key != best.key and _same_kind(c, best)]
    ambiguous = bool(rivals)
    confidence = 0.95 if parent is not None else 0.9
    if ambiguous:
        confidence -= 0.15 if context.sentence_units or parent else 0.3
    if not exact:
        confidence -= 0.2
    note = ""
    if method == "partial":
        note = f"located at GeoNames “{best.name}”, the first part of “{mention.name}”"
    elif method.startswith("fuzzy"):
        note = f"located at GeoNames “{best.name}”, a spelling variant ({method})"
    if ambiguous:
        others = [f"{c.name} ({c.admin2_name or c.admin1_name or '?'})" for c in rivals[:3]]
        more = f" and {len(rivals) - 3} more" if len(rivals) > 3 else ""
        note = (note + "; " if note else "") + "also matches " + ", ".join(others) + more
    return Resolution(mention, best, kind, precision, round(max(confidence, 0.1), 2), method, note)


def _narrowest_first(context: _Context) -> list[list[GazetteerEntry]]:
    groups = []
    for units in (context.sentence_units, context.paragraph_units):
        for kind in ("cercle", "region"):
            group = [u for u in units if u.kind == kind]
            if group:
                groups.append(group)
    return groups


def _same_kind(a: GazetteerEntry, b: GazetteerEntry) -> bool:
    return a.kind == b.kind or (a.kind in _POPULATED and b.kind in _POPULATED)


def _is_latin(mention: Mention) -> bool:
    return mention.script == "latin" and not is_cjk(mention.name)


def _by_kind(entries: Iterable[GazetteerEntry], kind: str | None) -> list[GazetteerEntry]:
    entries = list(entries)
    if kind in ("region", "cercle"):
        return [e for e in entries if e.kind == kind]
    if kind in _POPULATED:
        return [e for e in entries if e.kind in _POPULATED]
    if kind == "area":
        return [e for e in entries if e.kind == "area"]
    return entries


def fuzzy_candidates(
    name: str, entries: Iterable[GazetteerEntry], threshold: float
) -> tuple[list[GazetteerEntry], float]:
    """Entries whose name (or its first part) is within `threshold` of `name`; best score only.

    Scored by `name_similarity` (edit distance, vowels discounted).
    """
    target = fold(name)
    best_score, best = 0.0, []
    for entry in entries:
        if entry.lat is None:
            continue
        score = 0.0
        for alias in entry.aliases:
            if is_cjk(alias):
                continue
            for form in {alias, alias.split(" ")[0]}:
                score = max(score, name_similarity(target, form))
        if score >= threshold:
            if score > best_score + 1e-9:
                best_score, best = score, [entry]
            elif abs(score - best_score) <= 1e-9:
                best.append(entry)
    return best, best_score


def _confirmed(
    candidates: Sequence[GazetteerEntry], gazetteer: Gazetteer, context: _Context
) -> bool:
    units = context.sentence_units + context.paragraph_units
    return any(gazetteer.contains(u, c) for u in units for c in candidates)


def _rank(entry: GazetteerEntry, mention: Mention) -> tuple:
    kind_order = _BARE_KIND_ORDER.get(entry.kind, 0) if mention.kind_hint is None else 0
    exact_name = fold(entry.name) == fold(mention.name) or entry.name_zh == mention.name
    geonames_id = -(entry.geonames_id or 0)  # the older, usually better curated, id first
    return (
        kind_order,
        _FEATURE_RANK.get(entry.feature_code, 0),
        exact_name,
        entry.population,
        geonames_id,
        entry.key,
    )


def _kind(entry: GazetteerEntry, mention: Mention, language: str) -> str:
    if entry.kind not in _POPULATED:
        return entry.kind
    if mention.kind_hint == "village":
        return "village"
    if language == "zh" and mention.script == "latin":
        # A Chinese translation keeps a name in Latin letters when it has no Chinese rendering:
        # a minor locality, whatever suffix follows (Femaye 镇).
        return "village"
    if mention.kind_hint == "town" or (language == "zh" and is_cjk(mention.name)):
        return "town"
    return entry.kind


def _at_parent(
    mention: Mention, parent: GazetteerEntry, known_name: GazetteerEntry | None = None
) -> Resolution:
    kind = "village" if mention.script == "latin" else (mention.kind_hint or "village")
    precision = PRECISION_CERCLE if parent.kind == "cercle" else PRECISION_REGION
    name = known_name.name if known_name else mention.name
    note = (
        f"“{name}” has no coordinates in the gazetteer; placed approximately at its "
        f"{parent.kind} {parent.name}, which the text names"
    )
    return Resolution(mention, parent, kind, precision, 0.4, "parent", note, name=name)


def _resolve_axis(
    mention: Mention, gazetteer: Gazetteer, context: _Context, language: str
) -> Resolution:
    ends = []
    for part in mention.parts:
        sub = Mention(
            surface=part,
            name=part,
            start=mention.start,
            end=mention.end,
            kind_hint="town",
            script="cjk" if is_cjk(part) else "latin",
            sentence=mention.sentence,
            paragraph=mention.paragraph,
            parent=mention.parent,
            parent_kind=mention.parent_kind,
        )
        resolved = resolve_one(sub, gazetteer, context, language)
        if resolved is None or resolved.entry is None or resolved.method == "parent":
            return Resolution(
                mention,
                None,
                "axis",
                0,
                0.0,
                "unresolved",
                f"end point {part} not located",
            )
        ends.append(resolved.entry)
    confidence = 0.85
    return Resolution(
        mention,
        None,
        "axis",
        PRECISION_WIDE,
        confidence,
        "alias",
        f"straight line between {ends[0].name} and {ends[1].name}; the road itself is not mapped",
        parts=tuple(ends),
    )
