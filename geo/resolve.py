"""Stage 4: decide which real place each mention means.

Order of evidence: the kind the text states (科罗省 is the cercle), the parent the text states
(邦卡省的 Ogossogou 村 must lie inside Bankass), other admin units named in the same sentence or
paragraph, then feature code and population. Spelling variants go through a fuzzy match whose
threshold is tested. A village the gazetteer lacks is placed at its stated parent, flagged as
approximate; it is never given an invented point.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from geo.gazetteer import NAME_ONLY, Gazetteer, name_similarity
from geo.model import (
    Document,
    GazetteerEntry,
    Mention,
    Resolution,
)
from geo.text import fold, is_cjk
from geo.vocabulary import (
    PRECISION_CERCLE,
    PRECISION_COUNTRY,
    PRECISION_EXACT,
    PRECISION_NEAR,
    PRECISION_REGION,
    PRECISION_WIDE,
)

if TYPE_CHECKING:
    from geo.translit import Match

# Fuzzy thresholds (rapidfuzz ratio, 0-100). Inside a stated parent the candidate set is small,
# so spelling variants such as Ogossogou/Ogassagou (86) or Djimidon/Djimindo (80) are accepted,
# N'Tahaka/Intalak (76) is not; across the whole country only close variants are.
FUZZY_IN_PARENT = 80.0
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
    # Units named anywhere in the document: a report often states its cercle once, in the title.
    document_units: tuple[GazetteerEntry, ...] = ()
    # Places already resolved in the same sentence (卡伊、纽罗、桑达雷和戈吉: Nioro is near Kayes).
    sentence_places: tuple[GazetteerEntry, ...] = ()
    # Cercles of the towns the same sentence names ("à Tonka et à Goundam"): weaker than a unit
    # the text states, stronger than one named paragraphs away.
    town_units: tuple[GazetteerEntry, ...] = ()
    # The document's spelling searches, shared by its mentions (None: one query, no budget).
    searches: _Searches | None = None

    def tiers(self) -> tuple[tuple[GazetteerEntry, ...], ...]:
        """Units the text names, narrowest evidence first."""
        return (self.sentence_units, self.town_units, self.paragraph_units, self.document_units)

    def any_units(self) -> bool:
        return any(self.tiers())


def resolve_mentions(
    document: Document, mentions: Sequence[Mention], gazetteer: Gazetteer
) -> list[Resolution]:
    """One Resolution per mention, in order; ordinary words and people's names are dropped."""
    units = _admin_units(mentions, gazetteer)
    by_sentence = _UnitsAround(units, lambda m: m.sentence)
    by_paragraph = _UnitsAround(units, lambda m: m.paragraph)
    in_document = _UnitsAround(units, lambda m: 0)
    near_towns = _UnitsAround(_town_cercles(mentions, gazetteer), lambda m: m.sentence)
    resolved: dict[int, Resolution | None] = {}
    searches = _Searches()
    # Places resolved so far in each sentence, in the order they were resolved.
    placed: dict[int, list[GazetteerEntry]] = {}
    # Chinese names known only by their sound go last: the places resolved around them help.
    by_sound = [i for i, m in enumerate(mentions) if _by_sound(m, gazetteer)]
    sound = set(by_sound)
    for i in [i for i in range(len(mentions)) if i not in sound] + by_sound:
        mention = mentions[i]
        context = _Context(
            by_sentence.excluding(mention),
            by_paragraph.excluding(mention),
            in_document.excluding(mention),
            tuple(placed.get(mention.sentence, ())),
            near_towns.excluding(mention) if _is_latin(mention) else (),
            searches,
        )
        resolved[i] = found = resolve_one(mention, gazetteer, context, document.language)
        if found is not None and found.entry is not None:
            placed.setdefault(mention.sentence, []).append(found.entry)
    return [r for _, r in sorted(resolved.items()) if r is not None]


class _UnitsAround:
    """The units named in each sentence (paragraph, document) but by a given mention.

    Each unit once, in the order the text first names it: the context only asks whether a
    place lies in one of them, so a unit named 10,000 times costs no more than one named once
    (a long list must not make resolution quadratic).
    """

    def __init__(
        self, units: list[tuple[Mention, GazetteerEntry]], group: Callable[[Mention], int]
    ) -> None:
        self._group = group
        self._units: dict[int, list[tuple[Mention, GazetteerEntry]]] = {}
        for m, e in units:
            self._units.setdefault(group(m), []).append((m, e))
        self._first: dict[int, set[int]] = {}  # id() of the mentions that first name a unit
        self._all: dict[int, tuple[GazetteerEntry, ...]] = {}
        for g, found in self._units.items():
            firsts: dict[str, Mention] = {}
            for m, e in found:
                firsts.setdefault(e.key, m)
            self._first[g] = {id(m) for m in firsts.values()}
            self._all[g] = tuple({e.key: e for _, e in found}.values())
        self._cache: dict[int, tuple[GazetteerEntry, ...]] = {}

    def excluding(self, mention: Mention) -> tuple[GazetteerEntry, ...]:
        g = self._group(mention)
        if id(mention) not in self._first.get(g, ()):
            return self._all.get(g, ())  # naming a unit again changes neither set nor order
        if id(mention) not in self._cache:
            others = (e for m, e in self._units[g] if m is not mention)
            self._cache[id(mention)] = tuple({e.key: e for e in others}.values())
        return self._cache[id(mention)]


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


def _town_cercles(
    mentions: Sequence[Mention], gazetteer: Gazetteer
) -> list[tuple[Mention, GazetteerEntry]]:
    """The cercle of each Latin name that only one town bears (Goundam, not Gao)."""
    out = []
    for m in mentions:
        if m.kind_hint is not None or not _is_latin(m):
            continue
        found = [e for e in gazetteer.lookup(m.name) if e.kind == "town"]
        if len(found) == 1 and (cercle := gazetteer.by_pcode.get(found[0].admin2_pcode)):
            out.append((m, cercle))
    return out


def _admin(gazetteer: Gazetteer, name: str, kind: str | None) -> GazetteerEntry | None:
    found = [e for e in gazetteer.lookup(name) if e.kind == kind and e.pcode]
    if not found and kind == "region":
        found = [e for e in gazetteer.lookup(name) if e.kind == "region"]
    if not found and kind in ("region", "cercle"):
        found = [u for u, _ in _units_of_capital(gazetteer, name, kind)]
    return found[0] if len(found) == 1 else None


def _units_of_capital(
    gazetteer: Gazetteer, name: str, kind: str
) -> list[tuple[GazetteerEntry, str]]:
    """'Timbuktu region', 'Région de Bandiagara': the unit whose capital bears the name.

    A region of the 2016 reform that the 2017 boundaries lack (Bandiagara) is drawn as the
    cercle of its capital, with a note.
    """
    out = []
    for town in gazetteer.lookup(name):
        if town.feature_code not in ("PPLA", "PPLC", "PPLA2"):
            continue
        unit = None
        if kind == "region" and town.feature_code in ("PPLA", "PPLC"):
            unit = gazetteer.by_pcode.get(town.admin1_pcode)
        if unit is None:
            unit = gazetteer.by_pcode.get(town.admin2_pcode)
        if unit is not None:
            note = f"the {unit.kind} whose capital is {town.name}"
            if unit.kind != kind:
                note = (
                    f"no {kind} {name} in the reference boundaries (2017); drawn as the "
                    f"{unit.kind} of its capital {town.name}"
                )
            out.append((unit, note))
    return list({u.key: (u, n) for u, n in out}.values())


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
    if _by_sound(mention, gazetteer):
        return _resolve_by_sound(mention, gazetteer, context, parent)
    candidates, method, note = _named(mention, gazetteer)
    # A name the gazetteer knows only by name (no coordinates): a real place to place by parent.
    known_name = next((c for c in candidates if c.feature_code == NAME_ONLY), None)
    candidates = [c for c in candidates if c.feature_code != NAME_ONLY]

    scope: list[GazetteerEntry] | None = None
    if parent is not None:
        inside = [c for c in candidates if gazetteer.contains(parent, c)]
        if not inside and mention.kind_hint in ("region", "cercle"):
            inside = candidates  # a cercle named under its region needs no point check
        candidates = inside
        scope = gazetteer.within(parent)
    elif context.any_units():
        # Narrowest first: a cercle in the same sentence beats a region in the paragraph.
        for units in _narrowest_first(context):
            inside = [c for c in candidates if any(gazetteer.contains(u, c) for u in units)]
            if inside:
                candidates = inside
                break
        else:
            if (
                _is_latin(mention)
                and candidates
                and context.sentence_units
                and not any(_notable(c) for c in candidates)
            ):
                # A minor place under a unit the sentence names lies in that unit, not in
                # another region: look for its spelling there, else place it at the unit.
                candidates = []
                scope = _entries_within(gazetteer, context.sentence_units)

    if not candidates and _is_latin(mention):
        if scope is None:
            scope = _context_scope(gazetteer, context)
        candidates, method = _spelling_variants(mention, gazetteer, scope, context.searches)

    if not candidates:
        found = _not_found(mention, parent, known_name, context)
        if method == _UNSEARCHED and found is not None and found.entry is None:
            found = replace(found, note=_UNSEARCHED_NOTE)
        return found
    confirmed = parent is not None or _confirmed(candidates, gazetteer, context)
    if mention.weak and not confirmed and not _accepted_alone(mention, candidates):
        return _unconfirmed(mention, candidates)
    return _resolution(mention, candidates, method, note, parent, context, language, confirmed)


def _named(mention: Mention, gazetteer: Gazetteer) -> tuple[list[GazetteerEntry], str, str]:
    """Entries that bear the mention's name, of the kind the text states."""
    candidates = gazetteer.lookup(mention.name)
    note = ""
    if _is_latin(mention) and mention.kind_hint is None:
        # "Macina" means the cercle's capital (Ké-Macina), not a hamlet that is called Macina.
        candidates += [c for c in _cercle_capitals(gazetteer, mention.name) if c not in candidates]
    elif mention.kind_hint in (None, "town") and is_cjk(mention.name):
        # Chinese too: 马西纳 is Ké-Macina, the capital, not GeoNames' region of the same name.
        capitals = _cercle_capitals(gazetteer, mention.name)
        if capitals:
            candidates = capitals + [c for c in candidates if c.kind not in ("area", "village")]
    if not candidates and _is_latin(mention):
        candidates = variant_lookup(gazetteer, mention.name)
        method = "variant"
    else:
        method = "alias"
    typed = _by_kind(candidates, mention.kind_hint)
    if not typed and mention.kind_hint == "region":
        # A region of the 2016 reform (Bandiagara) that the 2017 boundaries know as a cercle.
        cercles = [c for c in candidates if c.kind == "cercle" and c.pcode]
        if len(cercles) == 1:
            note = (
                f"no region {mention.name} in the reference boundaries (2017); drawn as the "
                f"cercle {cercles[0].name}"
            )
            return cercles, method, note
    if not typed and mention.kind_hint in ("region", "cercle"):
        units = _units_of_capital(gazetteer, mention.name, mention.kind_hint)
        if len(units) == 1:
            return [units[0][0]], method, units[0][1]
    return typed, method, note


def _cercle_capitals(gazetteer: Gazetteer, name: str) -> list[GazetteerEntry]:
    out: list[GazetteerEntry] = []
    for cercle in gazetteer.lookup(name):
        if cercle.kind == "cercle" and cercle.pcode:
            out += _capitals_of(gazetteer, cercle.key)
    return out


@cache  # per cercle, not per mention: the scan covers every place in the cercle
def _capitals_of(gazetteer: Gazetteer, cercle_key: str) -> tuple[GazetteerEntry, ...]:
    cercle = gazetteer.by_key[cercle_key]
    # The capital bears the cercle's name: Taoudenni (PPLA) lies in Tombouctou cercle.
    return tuple(
        e
        for e in gazetteer.within(cercle)
        if e.feature_code in ("PPLA2", "PPLA", "PPLC") and fold(cercle.name) in fold(e.name)
    )


def _notable(entry: GazetteerEntry) -> bool:
    return entry.kind not in _POPULATED or entry.kind == "town" or entry.population > 0


def _entries_within(gazetteer: Gazetteer, units: Iterable[GazetteerEntry]) -> list[GazetteerEntry]:
    return list({e.key: e for u in units for e in gazetteer.within(u)}.values())


def _context_scope(gazetteer: Gazetteer, context: _Context) -> list[GazetteerEntry] | None:
    narrowest = _narrowest_first(context)
    return _entries_within(gazetteer, narrowest[0]) if narrowest else None


def _spelling_variants(
    mention: Mention,
    gazetteer: Gazetteer,
    scope: list[GazetteerEntry] | None,
    searches: _Searches | None = None,
) -> tuple[list[GazetteerEntry], str]:
    """Douna-Pen is Dounapé, Aguelhoc is Aguelhok: a close spelling inside the unit the text
    names beats the first part of the name; across the whole country only long names match."""
    kind = mention.kind_hint
    searches = searches or _Searches()
    if searches.exhausted():
        return [], _UNSEARCHED
    if scope is not None:
        found, score = searches.fuzzy(mention.name, _by_kind(scope, kind), FUZZY_IN_PARENT)
        if found:
            return found, f"fuzzy {score:.0f}"
    first = re.split(r"[-‐ ]", mention.name)[0]
    if first != mention.name and len(first) >= 4:
        partial = _by_kind(gazetteer.lookup(first), kind)
        if scope is not None:
            keys = {e.key for e in scope}
            partial = [e for e in partial if e.key in keys]
        if partial:
            return partial, "partial"
    if scope is None and len(spelling_key(mention.name)) > SHORT_NAME:
        everywhere = _by_kind(gazetteer.entries, kind)
        found, score = searches.fuzzy(mention.name, everywhere, FUZZY_ANYWHERE)
        if found:
            return found, f"fuzzy {score:.0f}"
    return [], "alias"


# A document that names more unknown places than this is not searched by spelling past them:
# each search compares a name with every place of its kind (about 15 ms), and no report comes
# near (the dev set's reports name at most a dozen unknown places).
MAX_FUZZY_SEARCHES = 500
_UNSEARCHED = "unsearched"
_UNSEARCHED_NOTE = (
    f"not searched by spelling: the document names more than {MAX_FUZZY_SEARCHES:,} unknown "
    "places"
)


class _Searches:
    """The spelling searches of one document: each name once per scope, and a bounded number."""

    def __init__(self) -> None:
        self._done: dict[tuple[str, float, int], tuple[list[GazetteerEntry], float]] = {}

    def exhausted(self) -> bool:
        return len(self._done) >= MAX_FUZZY_SEARCHES

    def fuzzy(
        self, name: str, entries: list[GazetteerEntry], threshold: float
    ) -> tuple[list[GazetteerEntry], float]:
        key = (spelling_key(name), threshold, hash(tuple(e.key for e in entries)))
        if key not in self._done:
            self._done[key] = fuzzy_candidates(name, entries, threshold)
        return self._done[key]


def _not_found(
    mention: Mention,
    parent: GazetteerEntry | None,
    known_name: GazetteerEntry | None,
    context: _Context,
) -> Resolution | None:
    if parent is not None:
        return _at_parent(mention, parent, known_name)
    narrowest = _narrowest_first(context)
    cued = mention.kind_hint in ("town", "village")
    if _is_latin(mention) and cued and narrowest and len(narrowest[0]) == 1:
        # A camp, a post or a village the gazetteer lacks: at the unit the text names.
        return _at_parent(mention, narrowest[0][0], known_name)
    if mention.framed and mention.kind_hint is None and not context.any_units():
        return None  # "met in Geneva" in a text that names no unit of Mali: a place elsewhere
    note = "not found in the gazetteer"
    if known_name is not None:
        note = f"a known place name ({known_name.source}) that no unit in the text locates"
    kind = mention.kind_hint or "village"
    return Resolution(mention, None, kind, 0, 0.0, "unresolved", note)


def _accepted_alone(mention: Mention, candidates: Sequence[GazetteerEntry]) -> bool:
    """A minor place name that needs no unit around it: the only place in Mali with that name
    (Sévaré), or one of few that the text uses as a place (à X, in X)."""
    if len(fold(mention.name)) < 5:
        return False
    return len(candidates) == 1 or (mention.framed and len(candidates) <= 3)


def _unconfirmed(mention: Mention, candidates: Sequence[GazetteerEntry]) -> Resolution:
    where = sorted({c.admin2_name or c.admin1_name or "?" for c in candidates})
    note = (
        f"{len(candidates)} minor places in Mali bear this name ({', '.join(where[:4])}"
        f"{'...' if len(where) > 4 else ''}); nothing in the text says which"
    )
    return Resolution(mention, None, "village", 0, 0.0, "unresolved", note)


def _resolution(
    mention: Mention,
    candidates: Sequence[GazetteerEntry],
    method: str,
    note: str,
    parent: GazetteerEntry | None,
    context: _Context,
    language: str,
    confirmed: bool,
) -> Resolution:
    best = max(candidates, key=lambda e: _rank(e, mention))
    kind = _kind(best, mention)
    exact = method in ("alias", "variant")
    precision = _KIND_PRECISION[kind] if exact or kind not in _POPULATED else PRECISION_NEAR
    # A place that bears the name only as an alternate form is no rival to one named so.
    rivals = [
        c
        for c in candidates
        if c.key != best.key
        and _same_kind(c, best)
        and _named_so(c, mention) >= _named_so(best, mention)
    ]
    ambiguous = bool(rivals)
    confidence = 0.95 if parent is not None else 0.9
    if ambiguous:
        confidence -= 0.15 if context.sentence_units or parent else 0.3
    if method == "variant":
        confidence -= 0.1
    elif method == "partial":
        confidence -= 0.3
    elif method.startswith("fuzzy"):
        # A spelling variant is never surer than the name itself: the further, the less sure.
        score = float(method.split()[1])
        confidence -= 0.2 + (100 - score) / 100
    if mention.weak and not confirmed:
        confidence -= 0.3
    if method == "partial":
        note = f"located at GeoNames “{best.name}”, the first part of “{mention.name}”"
    elif method.startswith("fuzzy"):
        note = f"located at GeoNames “{best.name}”, a spelling variant ({method})"
    elif method == "variant":
        note = f"located at GeoNames “{best.name}”, the same name spelt differently"
    elif mention.weak and not confirmed:
        note = "a minor place that no unit in the text confirms"
    if ambiguous:
        note = (note + "; " if note else "") + _also_matches(rivals)
    return Resolution(mention, best, kind, precision, round(max(confidence, 0.1), 2), method, note)


def _also_matches(rivals: Sequence[GazetteerEntry]) -> str:
    others = [f"{c.name} ({c.admin2_name or c.admin1_name or '?'})" for c in rivals[:3]]
    more = f" and {len(rivals) - 3} more" if len(rivals) > 3 else ""
    return "also matches " + ", ".join(others) + more


def _narrowest_first(context: _Context) -> list[list[GazetteerEntry]]:
    groups = []
    for units in context.tiers():
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


# Spellings of one name that people write interchangeably: I-n-Tillit / N'Tillit / Ntillit,
# Diabaly / Diabali, Aguelhoc / Aguelhok, Ouagadou / Wagadou, doubled letters.
_NOT_LETTER = re.compile(r"[^a-z]+")
_K_SOUND = re.compile(r"qu|q|ck|c(?![eiy])")
_DOUBLED = re.compile(r"(.)\1+")
_PLAIN_SUBSTITUTIONS = (("y", "i"), ("ph", "f"), ("dj", "j"), ("ou", "u"), ("w", "u"))
# The letters a key's first letter can come from (c, q -> k; y -> i; ou, w -> u; dj -> j...).
_INITIALS = {"k": "kcq", "i": "iy", "u": "uwo", "j": "jd", "f": "fp", "n": "ni"}
# Below this many letters (after folding) a name needs an exact or variant match: "Ber" is not
# "Béra"; up to SHORT_NAME letters, a fuzzy match needs FUZZY_SHORT and a unit to look in.
SHORT_NAME = 5
FUZZY_SHORT = 85.0
_MIN_FUZZY = 5


def spelling_key(name: str) -> str:
    """The name without the differences of spelling that do not make another name."""
    return _key_of_folded(fold(name))


@cache
def _key_of_folded(folded: str) -> str:
    key = _NOT_LETTER.sub("", folded)
    if key.startswith("in") and key[2:3] not in ("", "a", "e", "i", "o", "u", "y"):
        key = key[1:]  # Tamasheq I-n-Tillit, In Tillit, N'Tillit
    key = _K_SOUND.sub("k", key)
    for old, new in _PLAIN_SUBSTITUTIONS:
        key = key.replace(old, new)
    return _DOUBLED.sub(r"\1", key)


@cache
def _aliases_by_initial(gazetteer: Gazetteer) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for alias in gazetteer.by_alias:
        if "a" <= alias[:1] <= "z":
            out.setdefault(alias[0], []).append(alias)
    return out


@cache
def _aliases_by_key(gazetteer: Gazetteer, initial: str) -> dict[str, list[str]]:
    """The aliases that start with `initial`, by spelling key (built per letter, when asked)."""
    out: dict[str, list[str]] = {}
    for alias in _aliases_by_initial(gazetteer).get(initial, ()):
        out.setdefault(_key_of_folded(alias), []).append(alias)
    return out


def variant_lookup(gazetteer: Gazetteer, name: str) -> list[GazetteerEntry]:
    """Entries whose name is `name` spelt differently (same `spelling_key`)."""
    key = spelling_key(name)
    if len(key) < _MIN_FUZZY:
        return []
    found: list[GazetteerEntry] = []
    for initial in _INITIALS.get(key[0], key[0]):
        for alias in _aliases_by_key(gazetteer, initial).get(key, ()):
            if len(key) <= len(alias) <= 2 * len(key) + 4:
                found += gazetteer.by_alias[alias]
    return [e for e in dict.fromkeys(found) if e.lat is not None]


def fuzzy_candidates(
    name: str, entries: Iterable[GazetteerEntry], threshold: float
) -> tuple[list[GazetteerEntry], float]:
    """Entries whose name (or its first part) is within `threshold` of `name`; best score only.

    Scored on spelling keys by `name_similarity` (edit distance, vowels discounted). The first
    letter must agree, which people rarely get wrong; short names need a closer match.
    """
    target = spelling_key(name)
    if len(target) < _MIN_FUZZY:
        return [], 0.0
    if len(target) <= SHORT_NAME:
        threshold = max(threshold, FUZZY_SHORT)
    best_score, best = 0.0, []
    initial, size = target[:1], len(target)
    for entry in entries:
        if entry.lat is None:
            continue
        score = 0.0
        for key in _fuzzy_keys(entry.aliases).get(initial, ()):
            if abs(len(key) - size) <= size // 2:
                score = max(score, name_similarity(target, key))
        if score >= threshold:
            if score > best_score + 1e-9:
                best_score, best = score, [entry]
            elif abs(score - best_score) <= 1e-9:
                best.append(entry)
    return best, best_score


@cache  # a place's names are keyed once per process, not once per fuzzy search
def _fuzzy_keys(aliases: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The spelling keys of the Latin names (and first words) a fuzzy search compares, by the
    initial they are compared under: a key's own, if the name or its key starts with it."""
    table: dict[str, list[str]] = {}
    for alias in aliases:
        if is_cjk(alias):
            continue
        initials = {alias[:1], _key_of_folded(alias)[:1]}
        for form in {alias, alias.split(" ")[0]}:
            key = _key_of_folded(form)
            if key[:1] in initials:
                table.setdefault(key[:1], []).append(key)
    return {initial: tuple(keys) for initial, keys in table.items()}


def _confirmed(
    candidates: Sequence[GazetteerEntry], gazetteer: Gazetteer, context: _Context
) -> bool:
    units = [u for tier in context.tiers() for u in tier]
    return any(gazetteer.contains(u, c) for u in units for c in candidates)


def _named_so(entry: GazetteerEntry, mention: Mention) -> bool:
    return fold(entry.name) == fold(mention.name) or entry.name_zh == mention.name


def _rank(entry: GazetteerEntry, mention: Mention) -> tuple:
    kind_order: float = _BARE_KIND_ORDER.get(entry.kind, 0) if mention.kind_hint is None else 0
    if entry.kind == "area" and entry.feature_code != "AREA" and _is_latin(mention):
        # A GeoNames historical region (Macina, the Massina) after the town of that name.
        kind_order = 3.5 if mention.kind_hint is None else 0
    exact_name = _named_so(entry, mention)
    geonames_id = -(entry.geonames_id or 0)  # the older, usually better curated, id first
    return (
        kind_order,
        _FEATURE_RANK.get(entry.feature_code, 0),
        exact_name,
        entry.population,
        geonames_id,
        entry.key,
    )


def _kind(entry: GazetteerEntry, mention: Mention) -> str:
    """Town or village: the text's own word (村, 镇, "village", "town") wins; otherwise the
    gazetteer's, from GeoNames' feature code and population. Never the report's language: a
    place has the same kind in a Chinese, French or English report."""
    if entry.kind not in _POPULATED:
        return entry.kind
    if mention.kind_hint in _POPULATED:
        return mention.kind_hint
    return entry.kind


def _at_parent(
    mention: Mention, parent: GazetteerEntry, known_name: GazetteerEntry | None = None
) -> Resolution:
    # Not in the gazetteer, so nothing says it is a town unless the text does.
    kind = mention.kind_hint if mention.kind_hint in _POPULATED else "village"
    if mention.kind_hint == "area":
        kind = "area"  # a forest or a valley the gazetteer lacks, drawn at its unit
    precision = PRECISION_CERCLE if parent.kind == "cercle" else PRECISION_REGION
    name = known_name.name if known_name else mention.name
    missing = "has no coordinates in" if known_name else "is not in"
    note = (
        f"“{name}” {missing} the gazetteer; placed approximately at its "
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


# ---------------------------------------------------------------------------------------------
# Chinese names that no list has, matched by sound (geo.translit)

# Without a unit to narrow the field, only places that reports name often are tried.
_NOTABLE_CODES = {"PPLC", "PPLA", "PPLA2", "PPLA3", "ADM1", "ADM2", "ADM3"}
_SOUND_SCORE_ANYWHERE = 0.9
_SOUND_SCORE_ANYWHERE_SHORT = 0.93
# Two characters carry little sound: even inside a unit, only a close match.
_SOUND_SCORE_SHORT = 0.86
_WIDER_SCOPE_PENALTY = 0.03
_ANYWHERE = "the notable places of Mali (no unit in the text narrows it)"


def _by_sound(mention: Mention, gazetteer: Gazetteer) -> bool:
    """A Chinese name that no rendering in the gazetteer gives."""
    return mention.script == "cjk" and is_cjk(mention.name) and not gazetteer.lookup(mention.name)


def _resolve_by_sound(
    mention: Mention,
    gazetteer: Gazetteer,
    context: _Context,
    parent: GazetteerEntry | None,
) -> Resolution | None:
    kinds = {"region": ("region",), "cercle": ("cercle",)}.get(mention.kind_hint or "", _POPULATED)
    scopes = _sound_scopes(gazetteer, context, parent)
    matches, scope_label = _sound_matches(mention, gazetteer, scopes, kinds, parent is None)
    if not matches and parent is None and mention.kind_hint and len(context.sentence_units) == 1:
        # A post, a camp or a quarter the gazetteer lacks, in the one unit the sentence names.
        parent = context.sentence_units[0]
    if not matches:
        return _unmatched_by_sound(mention, parent)
    return _matched_by_sound(mention, context, parent, matches, scope_label)


def _sound_scopes(
    gazetteer: Gazetteer, context: _Context, parent: GazetteerEntry | None
) -> list[tuple[str, list[GazetteerEntry]]]:
    """Where to look for a name heard, not read, narrowest first, each with its label."""
    scopes: list[tuple[str, list[GazetteerEntry]]] = []
    if parent is not None:
        scopes.append((f"the {parent.kind} the text names", [parent]))
        return scopes
    # Units named in the same sentence or paragraph; the document's other units only break
    # ties (a whole region is too wide a field for a name heard, not read).
    for units, where in ((context.sentence_units, "sentence"), (context.paragraph_units, "")):
        for kind in ("cercle", "region"):
            group = [u for u in units if u.kind == kind]
            if group:
                scopes.append((f"the {kind} named in the same {where or 'paragraph'}", group))
    for level, label in (("admin2_pcode", "cercle"), ("admin1_pcode", "region")):
        codes = sorted({getattr(e, level) for e in context.sentence_places} - {""})
        near = [gazetteer.by_pcode[c] for c in codes if c in gazetteer.by_pcode]
        if near:
            scopes.append((f"the {label} of the places named with it", near))
    return scopes


def _sound_matches(
    mention: Mention,
    gazetteer: Gazetteer,
    scopes: list[tuple[str, list[GazetteerEntry]]],
    kinds: tuple[str, ...],
    anywhere: bool,
) -> tuple[list[Match], str]:
    """The best-sounding matches and the label of the scope they were found in."""
    from geo import translit

    index = translit.index_for(gazetteer)
    # Every scope is searched; a wider one must sound clearly better to win over a narrower one.
    found: list[tuple[float, str, translit.Match]] = []
    short = len(mention.name) <= 2
    for rank, (label, scope_units) in enumerate(scopes):
        inside = sorted({i for u in scope_units for i in _sound_positions(gazetteer, u, kinds)})
        for match in index.search(
            mention.name,
            min_score=_SOUND_SCORE_SHORT if short else translit.MIN_SCORE,
            among=inside,
        ):
            found.append((match.score - _WIDER_SCOPE_PENALTY * rank, label, match))
    if anywhere:
        for match in index.search(
            mention.name,
            among=_notable_positions(gazetteer, kinds),
            min_score=_SOUND_SCORE_ANYWHERE_SHORT if short else _SOUND_SCORE_ANYWHERE,
        ):
            found.append((match.score - _WIDER_SCOPE_PENALTY * (len(scopes) + 1), _ANYWHERE, match))
    top = max((f[0] for f in found), default=0.0)
    best_found = [f for f in found if f[0] >= top - 0.02]
    scope_label = best_found[0][1] if best_found else ""
    return [m for _, label, m in best_found if label == scope_label], scope_label


@cache  # per unit and kinds: a scope's places are listed once per process, not per name
def _sound_positions(
    gazetteer: Gazetteer, unit: GazetteerEntry, kinds: tuple[str, ...]
) -> list[int]:
    """Positions in the phonetic index of the places of `kinds` inside a unit."""
    from geo import translit

    inside = gazetteer.within(unit)
    return translit.index_for(gazetteer).positions(e for e in inside if e.kind in kinds)


@cache
def _notable_positions(gazetteer: Gazetteer, kinds: tuple[str, ...]) -> list[int]:
    """Positions in the phonetic index of the towns and notable places of `kinds`."""
    from geo import translit

    return translit.index_for(gazetteer).positions(
        e
        for e in gazetteer.entries
        if e.kind in kinds and (e.kind == "town" or e.feature_code in _NOTABLE_CODES)
    )


def _unmatched_by_sound(mention: Mention, parent: GazetteerEntry | None) -> Resolution | None:
    from geo import translit

    if parent is not None:
        resolution = _at_parent(mention, parent)
        return replace(
            resolution,
            note=f"no place in {parent.name} sounds like “{mention.name}”; " + resolution.note,
        )
    if mention.weak:
        return None
    return Resolution(
        mention,
        None,
        mention.kind_hint or "village",
        0,
        0.0,
        "unresolved",
        f"no place in the gazetteer sounds like “{mention.name}” "
        f"({translit.reading_of(mention.name)})",
    )


def _matched_by_sound(
    mention: Mention,
    context: _Context,
    parent: GazetteerEntry | None,
    matches: list[Match],
    scope_label: str,
) -> Resolution:
    document_cercles = {u.pcode for u in context.document_units if u.kind == "cercle"}
    best = max(
        matches,
        key=lambda m: (
            (m.whole_name, m.entry.admin2_pcode in document_cercles)
            + (_FEATURE_RANK.get(m.entry.feature_code, 0), m.entry.population)
            + (-(m.entry.geonames_id or 0), m.entry.key)
        ),
    )
    entry = best.entry
    rivals = [
        m.entry
        for m in matches
        if m.entry.key != entry.key and m.entry.admin2_pcode != entry.admin2_pcode
    ]
    kind = _kind(entry, mention)
    confidence = 0.6 if scope_label == _ANYWHERE else 0.75 if parent is not None else 0.7
    if rivals:
        confidence -= 0.2
    note = f"matched by transliteration: {best.reading} ~ {entry.name}"
    if fold(best.latin) != fold(entry.name):
        note += f" (as “{best.latin}”)"
    note += f", score {best.score:.2f}, within {scope_label}"
    if rivals:
        note += "; " + _also_matches(rivals)
    return Resolution(
        mention, entry, kind, _KIND_PRECISION[kind], round(confidence, 2), "translit", note
    )
