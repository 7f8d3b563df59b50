"""The corpus map: one offline, self-contained page for many documents.

The page is built like the one-document map (geo.render: folium figure, Leaflet inlined, one
JSON payload, document text only through textContent) with its own script module
(geo/static/map/corpus.js, after the shared core, symbols and popups modules) and
Leaflet.markercluster inlined from the xstatic-leaflet-markercluster package.

Size stays bounded for 1,000 documents: each place carries a pair of numbers per document
that names it, and quotes from at most corpus_export.MAX_QUOTED_DOCUMENTS documents.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from geo import assets, vocabulary
from geo.corpus_export import CorpusOutputs, PlaceTotal
from geo.render import (
    DATA_ATTRIBUTION,
    MAP_VAR,
    _bounds,
    _bounds_center,
    _clean_date,
    _clean_geometry,
    _clean_point,
    _context,
    _finite,
    _page,
    _tile_entry,
    script_json,
)
from geo.vocabulary import KINDS

MAX_PARAGRAPHS = 12  # paragraph numbers listed per place and document


def write_corpus_map(
    outputs: CorpusOutputs,
    path: Path,
    *,
    title: str | None = None,
    tiles: Sequence[str] = ("osm", "light"),
) -> Path:
    """The whole HTML page for a corpus, written to `path`.

    The page is rendered around a placeholder, then written with the payload streamed in its
    place one place at a time: the page never sits whole in memory (as a str it takes two to
    four bytes a character, copied several times by the templates).
    """
    ok = sum(1 for d in outputs.documents if d.status == "ok")
    page_title = title if title is not None else ""
    if not page_title.strip():
        page_title = f"Places mentioned in {ok} documents"
    payload = build_corpus_payload(outputs, title=page_title, tiles=tiles)
    # Dates without their year ("XXXX-03-05") say nothing about the corpus's span.
    dates = sorted(d["date"] for d in payload["documents"] if d["date"] and d["date"][:1].isdigit())
    parts = [f"{len(outputs.documents)} documents"]
    if outputs.failed:
        parts.append(f"{len(outputs.failed)} failed")
    if dates:
        parts.append(f"{dates[0]} to {dates[-1]}" if dates[0] != dates[-1] else dates[0])
    parts.append(f"{len(payload['places'])} places")
    placeholder = f"geo-payload-{secrets.token_hex(16)}"  # no document text can guess it
    page = _page(
        page_title,
        " · ".join(parts),
        placeholder,
        code=assets.map_script(assets.CORPUS_MODULES),
        head=assets.markercluster_head() + f"<style>\n{assets.static_text('corpus.css')}</style>\n",
    )
    before, after = page.split(placeholder)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(before)
        fh.writelines(corpus_payload_json(payload, outputs))
        fh.write(after)
    return path


def build_corpus_payload(
    outputs: CorpusOutputs, *, title: str, tiles: Sequence[str] = ("osm", "light")
) -> dict[str, Any]:
    """The JSON data corpus.js draws from, but for what grows with the corpus: each place's
    per-document lists, which corpus_payload_json adds one place at a time."""
    if isinstance(tiles, str):
        tiles = (tiles,)
    places = [_place_entry(i, total) for i, total in enumerate(outputs.places.values())]
    context = _context()
    return {
        "map_var": MAP_VAR,
        "title": title,
        "corpus": True,
        "documents": [
            {
                "label": d.document,
                "title": d.title,
                "date": _clean_date(d.date),
                "language": d.language,
                "status": d.status,
                "places": d.places,
                "mentions": d.mentions,
            }
            for d in outputs.documents
        ],
        "tiles": [_tile_entry(t) for t in tiles],
        "attribution": list(DATA_ATTRIBUTION),
        "vocabulary": vocabulary.payload(),
        "kinds": [k for k in KINDS if any(p["kind"] == k for p in places)],
        "places": places,
        # The shared popup module reads these; a corpus map has no per-document layers.
        "operations": [],
        "bases": [],
        "events": [],
        "context": {"regions": context["regions"], "outline": context["outline"]},
        "bounds": _bounds([p for p in places if p["drawn"]]) or context["bounds"],
    }


def corpus_payload_json(payload: dict[str, Any], outputs: CorpusOutputs) -> Iterator[str]:
    """render.script_json of the payload, in pieces, with every place's "docs" and "quotes"
    (its last keys) encoded one place at a time from the staging table, so that memory stays
    flat with the corpus. Compact JSON objects join at their commas: the pieces make the same
    text as one script_json call."""
    keys = list(payload)
    at = keys.index("places")
    head = script_json({k: payload[k] for k in keys[:at]})
    yield f'{head[:-1]},"places":['
    totals = outputs.places.values()
    for n, (entry, total) in enumerate(zip(payload["places"], totals, strict=True)):
        # [document index, mentions, paragraphs] for every document that names the place
        docs = [
            [index, mentions, named["paragraphs"][:MAX_PARAGRAPHS]]
            for index, mentions, named in outputs.named_in(total)
        ]
        # [document index, quoted sentences, sentences in all] for the first documents
        quotes = [[d, quoted, n] for d, quoted, n in total.quotes]
        yield "," if n else ""
        yield f'{script_json(entry)[:-1]},"docs":{script_json(docs)},'
        yield f'"quotes":{script_json(quotes)}}}'
    tail = script_json({k: payload[k] for k in keys[at + 1 :]})
    yield f"],{tail[1:]}"


def _place_entry(i: int, total: PlaceTotal) -> dict[str, Any]:
    props = total.properties
    shape = _clean_geometry(total.geometry)
    point = _clean_point(props.get("lat"), props.get("lon"))
    geometry = total.geometry or {}
    if point is None and geometry.get("type") == "Point":
        coords: Sequence[Any] = geometry.get("coordinates") or ()
        point = _clean_point(coords[1], coords[0]) if len(coords) >= 2 else None
    kind = props.get("kind", "")
    drawn = shape is not None or (point is not None and kind not in ("area", "country"))
    return {
        "id": i,
        "key": total.key,
        "name": props.get("name", ""),
        "name_zh": props.get("name_zh", ""),
        "kind": kind,
        "point": point,
        "drawn": drawn,
        "anchor": point or (_bounds_center(shape) if shape else None),
        "shape": shape,
        "shape_type": _shape_type(shape),
        "admin1": props.get("admin1", ""),
        "admin2": props.get("admin2", ""),
        "geonames_id": props.get("geonames_id"),
        "pcode": props.get("pcode", ""),
        "precision": props.get("precision"),
        "confidence": _finite(total.confidence),
        "source": props.get("source", ""),
        "geocoder": props.get("geocoder", ""),
        "approximate": bool(props.get("approximate")),
        "note": props.get("note", ""),
        # "docs" and "quotes" follow: corpus_payload_json
    }


def _shape_type(shape: dict[str, Any] | None) -> str | None:
    if not shape:
        return None
    return "line" if "Line" in shape["type"] else "polygon"
