"""Stage 8: write places.geojson, mentions.csv and events.csv, atomically."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from geo.io import atomic_write_bytes, atomic_write_text, check_output_folder, write_outputs
from geo.model import Result
from geo.vocabulary import LOCATION_FIELDS

# Re-exported: callers that write outputs find the writers here too.
__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "check_output_folder",
    "MENTION_DTYPES",
    "events_csv",
    "mentions_csv",
    "places_geojson",
    "rfc7946_geometry",
    "write_outputs",
]


def places_geojson(result: Result) -> str:
    """RFC 7946 FeatureCollection, one feature per distinct place (WGS84 lon/lat)."""
    document = result.document
    collection = {
        "type": "FeatureCollection",
        # Foreign member (RFC 7946 section 6.1): which document these places come from.
        "document": {
            "source": Path(document.source).name,
            "title": document.title,
            "date": document.date,
            "language": document.language,
            "sha256": document.sha256,
        },
        "features": place_features(result),
    }
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def place_features(result: Result) -> list[dict[str, Any]]:
    """The GeoJSON features of places.geojson, one per distinct place, in result order."""
    ops_by_place: dict[str, list[str]] = {}
    for op in result.annotations.operations:
        for key in op.place_keys:
            ops_by_place.setdefault(key, []).append(op.name)
    bases = {b.place_key: b for b in result.annotations.bases}
    events_by_place: dict[str, list[dict[str, Any]]] = {}
    for n, event in enumerate(result.annotations.events, 1):
        for key in event.place_keys:
            events_by_place.setdefault(key, []).append(
                {
                    "id": n,  # the event_id of events.csv
                    "type": event.type,
                    "subtype": event.subtype,
                    "label": event.label,
                    "date": event.date,
                    "date_end": event.date_end,
                    "date_precision": event.date_precision,
                    "actor": event.actor,
                    "paragraph": event.evidence.paragraph,
                    "quote": event.evidence.text,
                    "note": event.note,
                }
            )
    features = []
    for place in result.places:
        base = bases.get(place.key)
        features.append(
            {
                "type": "Feature",
                "id": place.key,
                "geometry": rfc7946_geometry(place.geometry),
                "properties": {
                    "name": place.name,
                    "name_zh": place.name_zh,
                    "kind": place.kind,
                    "admin1": place.admin1,
                    "admin2": place.admin2,
                    "geonames_id": place.geonames_id,
                    "pcode": place.pcode,
                    "precision": place.precision,
                    "approximate": place.approximate,
                    "confidence": place.confidence,
                    "lat": place.lat,
                    "lon": place.lon,
                    "source": place.source,
                    "geocoder": place.geocoder,
                    "note": place.note,
                    "mention_count": len(place.mentions),
                    "mentions": [
                        {
                            "surface": m.surface,
                            "start": m.start,
                            "end": m.end,
                            "sentence": e.sentence,
                            "paragraph": e.paragraph,
                            "text": e.text,
                        }
                        for m, e in zip(place.mentions, place.evidence, strict=True)
                    ],
                    "operations": ops_by_place.get(place.key, []),
                    "base": {"date": base.date, "date_text": base.date_text} if base else None,
                    "events": events_by_place.get(place.key, []),
                },
            }
        )
    return features


def rfc7946_geometry(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    """The geometry with RFC 7946 winding: outer rings counterclockwise, holes clockwise.

    The OCHA boundaries wind clockwise. Written out here rather than with shapely's
    `orient`, which is only installed with the gazetteer builder.
    """
    if geometry is None or geometry["type"] not in ("Polygon", "MultiPolygon"):
        return geometry
    known = _WOUND.get(id(geometry))
    if known is not None and known[0] is geometry:
        return known[1]
    if geometry["type"] == "Polygon":
        wound = {**geometry, "coordinates": _wound(geometry["coordinates"])}
    else:
        wound = {**geometry, "coordinates": [_wound(poly) for poly in geometry["coordinates"]]}
    if len(_WOUND) >= _WOUND_LIMIT:
        _WOUND.clear()
    _WOUND[id(geometry)] = (geometry, wound)  # holding the shape keeps its id from reuse
    return wound


# Boundary shapes are shared by every document that names them (geo.geocode): each is wound
# once per process, not once per document. Callers never modify a feature's geometry.
_WOUND: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
_WOUND_LIMIT = 4096


def _wound(rings: list) -> list:
    return [
        ring if (_signed_area(ring) > 0) == (i == 0) else ring[::-1] for i, ring in enumerate(rings)
    ]


def _signed_area(ring: list) -> float:
    """Shoelace formula: positive when the ring runs counterclockwise (lon east, lat north)."""
    pairs = zip(ring, ring[1:], strict=False)
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in pairs) / 2


# pandas reads an integer column with empty cells as float (2453866.0): pass these dtypes,
# `pandas.read_csv(path, dtype=MENTION_DTYPES)`, to keep ids and counts whole (nullable Int64).
MENTION_DTYPES = {
    "start": "Int64",
    "end": "Int64",
    "sentence": "Int64",
    "paragraph": "Int64",
    "geonames_id": "Int64",
    "precision": "Int64",
}

MENTION_COLUMNS = (
    "place_key",
    "name",
    "name_zh",
    "kind",
    "surface",
    "start",
    "end",
    "sentence",
    "paragraph",
    "lat",
    "lon",
    *LOCATION_FIELDS,
    "geocoder",
    "status",
    "note",
    "sentence_text",
)


def csv_text(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    """A CSV file's text: the header, then one line per row (missing values empty)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def mentions_csv(result: Result) -> str:
    """One row per mention, located or not, in document order."""
    return csv_text(MENTION_COLUMNS, mention_rows(result))


def mention_rows(result: Result) -> list[dict[str, Any]]:
    """The rows of mentions.csv (MENTION_COLUMNS), located or not, in document order."""
    rows: list[tuple[int, int, dict[str, Any]]] = []
    for place in result.places:
        for m, e in zip(place.mentions, place.evidence, strict=True):
            rows.append(
                (
                    m.start,
                    m.end,
                    {
                        "place_key": place.key,
                        "name": place.name,
                        "name_zh": place.name_zh,
                        "kind": place.kind,
                        "surface": m.surface,
                        "start": m.start,
                        "end": m.end,
                        "sentence": e.sentence,
                        "paragraph": e.paragraph,
                        "lat": "" if place.lat is None else place.lat,
                        "lon": "" if place.lon is None else place.lon,
                        "admin1": place.admin1,
                        "admin2": place.admin2,
                        "geonames_id": place.geonames_id or "",
                        "pcode": place.pcode,
                        "precision": place.precision,
                        "approximate": place.approximate,
                        "confidence": place.confidence,
                        "geocoder": place.geocoder,
                        "status": "approximate" if place.approximate else "located",
                        "note": place.note,
                        "sentence_text": e.text,
                    },
                )
            )
    for resolution in result.unresolved:
        m = resolution.mention
        quote = result.document.quote(m.start, m.end)
        rows.append(
            (
                m.start,
                m.end,
                {
                    "place_key": "",
                    "name": m.name,
                    "name_zh": "",
                    "kind": resolution.kind,
                    "surface": m.surface,
                    "start": m.start,
                    "end": m.end,
                    "sentence": m.sentence,
                    "paragraph": m.paragraph,
                    "status": "unresolved",
                    "note": resolution.note,
                    "sentence_text": quote.text,
                },
            )
        )
    rows.sort(key=lambda r: (r[0], -r[1]))
    return [r[2] for r in rows]


EVENT_COLUMNS = (
    "event_id",
    "type",
    "subtype",
    "date",
    "date_end",
    "date_precision",
    "date_text",
    "places",
    "place_keys",
    "actor",
    "trigger",
    "quote",
    "note",
    "paragraph",
    "sentence",
    "start",
    "end",
    "trigger_start",
    "trigger_end",
)


def events_csv(result: Result) -> str:
    """One row per event, in reading order; `start`/`end` are the quote's offsets in the text."""
    return csv_text(EVENT_COLUMNS, event_rows(result))


def event_rows(result: Result) -> list[dict[str, Any]]:
    """The rows of events.csv (EVENT_COLUMNS)."""
    names = {p.key: p.name for p in result.places}
    rows = []
    for n, event in enumerate(result.annotations.events, 1):
        ev = event.evidence
        rows.append(
            {
                "event_id": n,
                "type": event.type,
                "subtype": event.subtype,
                "date": event.date or "",
                "date_end": event.date_end or "",
                "date_precision": event.date_precision,
                "date_text": event.date_text,
                "places": "|".join(names.get(k, k) for k in event.place_keys),
                "place_keys": "|".join(event.place_keys),
                "actor": event.actor,
                "trigger": event.trigger,
                "quote": ev.text,
                "note": event.note,
                "paragraph": ev.paragraph,
                "sentence": ev.sentence,
                "start": ev.start,
                "end": ev.end,
                "trigger_start": event.trigger_start,
                "trigger_end": event.trigger_end,
            }
        )
    return rows
