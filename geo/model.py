"""Plain dataclasses that flow one way through the pipeline.

document -> mentions -> resolve -> geocode -> annotate -> render / export

Each stage takes the outputs of the stages before it and returns new objects;
no stage reaches back into an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

# Kinds and precision codes live in geo.vocabulary (shared with the map).


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based, in document order
    start: int  # character offsets into Document.text
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    index: int  # 0-based, in document order
    paragraph: int  # Paragraph.number
    start: int
    end: int
    text: str


# A quote is at most this long: a mention in a 2 MB "sentence" (a text with no full stop) must
# not carry the whole text into every output row.
QUOTE_MAX_CHARS = 300
# Where a quote may be cut, best first: sentence ends, then clause marks, then spaces.
_CUT_MARKS = ("。！？!?.", "；;：:，,、—", " \u3000\t\n")


@dataclass(frozen=True)
class Quote:
    """Words of the document quoted as provenance for a place, operation, base or event.

    The whole sentence when it is short; else a window of at most QUOTE_MAX_CHARS characters
    around what it supports, cut at sentence or clause marks (or spaces) where the text has them.
    `text` is always exactly Document.text[start:end].
    """

    sentence: int  # Sentence.index
    paragraph: int  # Paragraph.number
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    """A report, decoded and normalised; every offset points into `text`."""

    source: str  # path or label of the input
    text: str
    language: str  # "zh", "fr" or "en"
    encoding: str
    sha256: str  # of the raw bytes
    title: str
    date: str | None  # ISO date of the document, when the text gives one
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]

    @cached_property
    def search_text(self) -> str:
        """`text` in simplified script, of the same length: the matching stages search this copy
        and take surfaces and quotes from `text` (馬里 is found as 马里 and quoted as 馬里)."""
        from geo.text import to_simplified

        return to_simplified(self.text)

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence that contains character `offset`."""
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.sentences[lo]

    def quote(self, start: int, end: int | None = None, limit: int = QUOTE_MAX_CHARS) -> Quote:
        """The words around text[start:end] (a mention, a clause), bounded: see Quote."""
        end = start if end is None else end
        sentence = self.sentence_at(start)
        lo, hi = sentence.start, sentence.end
        if hi - lo > limit:
            lo, hi = _window(self.text, (lo, hi), (start, min(max(end, start), hi)), limit)
        return Quote(sentence.index, sentence.paragraph, lo, hi, self.text[lo:hi])


def _window(
    text: str, bounds: tuple[int, int], span: tuple[int, int], limit: int
) -> tuple[int, int]:
    """At most `limit` characters of text[bounds] around `span`, cut at the best marks found."""
    (lo, hi), (start, end) = bounds, span
    if end - start >= limit:
        return start, start + limit
    room = limit - (end - start)
    left = max(lo, start - room // 2)
    right = min(hi, end + room - (start - left))
    left = max(lo, start - (room - (right - end)))
    # Start just after the first mark before the span, end just after the last one after it.
    for marks in _CUT_MARKS:
        found = [i for i in (text.find(m, left, start) for m in marks) if i >= 0]
        if found:
            left = min(found) + 1
            break
    for marks in _CUT_MARKS:
        found = [i for i in (text.rfind(m, end, right) for m in marks) if i >= 0]
        if found:
            right = max(found) + 1
            break
    while left < start and text[left].isspace():
        left += 1
    return left, right


@dataclass(frozen=True)
class GazetteerEntry:
    """One real place from the reference data."""

    key: str  # stable id: "gn:<geonameid>", "area:<slug>"
    name: str  # French/Latin form
    kind: str  # one of KINDS
    lat: float | None
    lon: float | None
    geonames_id: int | None
    feature_code: str  # GeoNames feature code ("PPLA2", "ADM2", ...) or "AREA"
    population: int
    pcode: str  # the entry's own OCHA P-code (regions and cercles), else ""
    admin1_pcode: str  # region that contains it
    admin1_name: str
    admin2_pcode: str  # cercle that contains it
    admin2_name: str
    aliases: tuple[str, ...]  # every form it can be written in
    name_zh: str  # preferred Chinese form, "" if none is known
    source: str  # where the entry and its coordinates come from


@dataclass(frozen=True)
class Mention:
    """A span of the document that names a place."""

    surface: str  # exactly as in Document.text[start:end]
    name: str  # the name proper, without kind suffix ("科罗" in "科罗省")
    start: int
    end: int
    kind_hint: str | None  # kind stated by the text (suffix or cue word), if any
    script: str  # "cjk" or "latin"
    sentence: int  # Sentence.index
    paragraph: int  # Paragraph.number
    parent: str | None = None  # name of an enclosing unit stated in the text
    parent_kind: str | None = None
    parts: tuple[str, ...] = ()  # axis end points, in order
    # Needs confirmation by context (a Latin name that only minor villages bear).
    weak: bool = False
    # Written in a locative frame ("à X", "in X", "near X"): the text uses it as a place.
    framed: bool = False


@dataclass(frozen=True)
class Resolution:
    """The gazetteer entry a mention refers to, or why there is none."""

    mention: Mention
    entry: GazetteerEntry | None
    kind: str
    precision: int
    confidence: float  # 0..1
    method: str  # "alias", "fuzzy", "parent", "context", "online", "unresolved"
    note: str = ""
    parts: tuple[GazetteerEntry, ...] = ()  # axis end points
    name: str = ""  # the place's name when no entry gives it (a village placed by its parent)


@dataclass(frozen=True)
class Located:
    """Where a resolution is and how that is known: what geocode passes from a resolution to
    its place (and what geo.geocoder hands geopy as Location.raw, through `as_raw`)."""

    key: str  # the place's key: gazetteer key, "axis:A--B", "<key>#<name>" or "osm:<name>"
    address: str  # "Koro, Koro, Mopti, Mali"
    lat: float | None
    lon: float | None
    kind: str
    precision: int
    confidence: float
    method: str  # Resolution.method, or "online"
    note: str
    geonames_id: int | None
    pcode: str
    source: str
    geocoder: str  # "gazetteer", "nominatim" or "nominatim-cache"

    def as_raw(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Place:
    """One distinct located place, with every mention of it."""

    key: str
    name: str
    name_zh: str  # as written in the document ("" when written in Latin)
    kind: str
    lat: float | None  # representative point
    lon: float | None
    geometry: dict[str, Any] | None  # GeoJSON geometry
    admin1: str
    admin2: str
    geonames_id: int | None
    pcode: str
    precision: int
    source: str  # gazetteer source of the coordinates
    geocoder: str  # which geocoder answered: "gazetteer", "nominatim", "nominatim-cache"
    approximate: bool
    note: str
    confidence: float
    mentions: tuple[Mention, ...]
    evidence: tuple[Quote, ...]  # one per mention, same order


@dataclass(frozen=True)
class Operation:
    name: str  # Latin name, e.g. "Buffalo"
    name_local: str  # as written in the document, e.g. "布法罗"
    actor: str  # "MINUSMA", "Malian armed forces" or ""
    place_keys: tuple[str, ...]
    evidence: tuple[Quote, ...]


@dataclass(frozen=True)
class Base:
    """A temporary operating base the document says was set up."""

    place_key: str
    date: str | None  # ISO date or month ("2020-01")
    date_text: str
    evidence: Quote


@dataclass(frozen=True)
class Event:
    """Something the text says happened: a trigger word in a clause (see geo.events)."""

    type: str  # one of geo.vocabulary.EVENT_TYPES
    label: str
    # ISO day ("2020-04-26"), month ("2020-03") or year ("2020"); "XXXX-07-01" when the text
    # gives no year; None when the text gives no date for the event.
    date: str | None
    date_end: str | None  # last day of a range, else None
    date_text: str  # the date as written
    place_keys: tuple[str, ...]
    evidence: Quote  # the quote: the event's clause (and the clause giving its place or date)
    date_precision: str = ""  # "day", "month", "year", or "" when undated
    subtype: str = ""  # base: "set up"/"withdrawn"; operation: "patrol"/"escort"
    actor: str = ""  # who did it, as the clause says it
    trigger: str = ""  # the event word as written
    trigger_start: int = -1  # offsets into Document.text
    trigger_end: int = -1
    note: str = ""  # where the places or date came from when not from the event's own clause


@dataclass(frozen=True)
class Annotations:
    operations: tuple[Operation, ...] = ()
    bases: tuple[Base, ...] = ()
    events: tuple[Event, ...] = ()


@dataclass(frozen=True)
class Result:
    """Everything one run produces, ready for rendering and export."""

    document: Document
    places: tuple[Place, ...]
    unresolved: tuple[Resolution, ...]
    annotations: Annotations = field(default_factory=Annotations)
