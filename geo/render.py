"""Render a Result as one self-contained, offline HTML map, built with folium.

Design:
- folium builds the page: a branca Figure holds the head, body and scripts, and a
  `folium.Map` creates the Leaflet map. Its CDN defaults (Leaflet, jQuery,
  Bootstrap, awesome-markers) are dropped; Leaflet is inlined from xstatic-leaflet
  instead, so the page needs no network.
- Python turns the Result into a plain JSON payload (places, operations, bases,
  events, context boundaries, tile settings). Our own script (geo/static/map/*.js),
  attached to the folium map as a MacroElement, draws it on that map.
- Document text only ever reaches the page inside that JSON blob, with `<`, `>`
  and `&` escaped, and the script puts it into the DOM with textContent. The only
  other place it lands, the <title> and the header, goes through html.escape.
  (folium's own Popup/Tooltip are not used: they put HTML into JS strings.)
- folium's elements get random ids; every element gets a deterministic one
  before rendering, so the same Result always gives byte-identical HTML.
"""

from __future__ import annotations

import html
import json
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from geo import assets, paths, vocabulary
from geo.model import QUOTE_MAX_CHARS, Document, Mention, Place, Quote, Result
from geo.vocabulary import KINDS

DATA_ATTRIBUTION = (
    "Places: GeoNames (CC BY 4.0)",
    "Boundaries: geoBoundaries MLI ADM2 (2017), CC BY 4.0; data DNCT/DNP, UN OCHA Mali",
)

# Built-in tile layers; their attributions are our own HTML (Leaflet inserts them as HTML).
TILE_PRESETS: dict[str, dict[str, Any]] = {
    "osm": {
        "name": "OpenStreetMap",
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">'
        "OpenStreetMap</a> contributors",
        "subdomains": "abc",
        "max_zoom": 19,
    },
    "light": {
        "name": "Light (CARTO Positron)",
        "url": "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">'
        'OpenStreetMap</a> contributors &copy; <a href="https://carto.com/attributions">'
        "CARTO</a>",
        "subdomains": "abcd",
        "max_zoom": 20,
    },
}

MAP_VAR = "map_geo"  # the JS variable (and div id) of the folium map
MALI_OUTLINE_KEY = "gn:2453866"  # GeoNames "Republic of Mali" in AREA_SHAPES

MAX_EVIDENCE = 5  # sentences quoted per popup; the rest are counted
MAX_SENTENCE_CHARS = 1200  # a runaway "sentence" (no punctuation) must not bloat the page
MAX_UNRESOLVED = 500
# The page stays under ~5 MB whatever the input: at most this many places are drawn (the most
# mentioned first; places.geojson has them all) ...
MAX_MAP_PLACES = 3000
# ... and their quotes share this many characters, so a long list of places gets fewer, shorter
# quotes per popup (at least one of QUOTE_MIN_CHARS each).
QUOTE_BUDGET_CHARS = 1_000_000
QUOTE_MIN_CHARS = 80
COORD_DIGITS = 5  # about 1 m; keeps the page small and the output stable

# ISO day, month or year; "XXXX-07-01" when the text gives no year (see geo.dates).
_DATE = re.compile(r"^(?:\d{4}|XXXX)(?:-\d{2}(?:-\d{2})?)?$")
_SHAPE_TYPES = {
    "Polygon": "polygon",
    "MultiPolygon": "polygon",
    "LineString": "line",
    "MultiLineString": "line",
}


def render_map(
    result: Result,
    *,
    title: str | None = None,
    tiles: Sequence[str] = ("osm", "light"),
) -> str:
    """The whole HTML page for `result`, as a string.

    `tiles` lists base layers: "osm", "light" or an XYZ URL template containing
    {z}, {x} and {y}; the first one is shown initially. An empty sequence gives a
    map without any tile layer (fully offline).
    """
    page_title = _page_title(result, title)
    payload = build_payload(result, title=page_title, tiles=tiles)
    return _page(page_title, _subtitle(result, payload), payload)


def _page_title(result: Result, title: str | None) -> str:
    doc = result.document
    page_title = title if title is not None else (doc.title or "").strip()
    if not page_title:
        name = _source_name(doc.source)
        page_title = f"Places mentioned in {name}" if name else "Places mentioned"
    return page_title


def build_payload(
    result: Result, *, title: str, tiles: Sequence[str] = ("osm", "light")
) -> dict[str, Any]:
    """The JSON data the page script draws from (exposed for tests and other front ends)."""
    if isinstance(tiles, str):  # tiles="osm" would otherwise be read letter by letter
        tiles = (tiles,)
    shown = _places_shown(result.places)
    quotes, quote_chars = _quote_allowance(len(shown))
    places = [
        _place_entry(i, _requoted(result.document, p, quotes, quote_chars))
        for i, p in enumerate(shown)
    ]
    index = {p.key: i for i, p in enumerate(shown)}
    by_key = {p.key: p for p in shown}
    context = _context()
    bounds = _bounds([e for e in places if e["drawn"]]) or context["bounds"]
    ann = result.annotations
    doc = result.document
    return {
        "map_var": MAP_VAR,
        "title": title,
        "document": {
            "title": doc.title,
            "date": doc.date,
            "source": _source_name(doc.source),
            "language": doc.language,
            "sha256": doc.sha256,
        },
        "tiles": [_tile_entry(t) for t in tiles],
        "attribution": list(DATA_ATTRIBUTION),
        "vocabulary": vocabulary.payload(),
        "kinds": _kind_order(result.places),
        "places": places,
        "operations": [
            {
                "name": op.name,
                "name_local": op.name_local,
                "actor": op.actor,
                "places": _place_ids(op.place_keys, index),
                **_evidence_block(op.evidence, terms=[op.name_local, op.name]),
            }
            for op in ann.operations
        ],
        "bases": [
            {
                "place": index.get(b.place_key),
                "date": _clean_date(b.date),
                "date_text": b.date_text,
                **_evidence_block((b.evidence,), terms=_place_terms([b.place_key], by_key)),
            }
            for b in ann.bases
            if b.place_key in index
        ],
        "events": [
            {
                "type": ev.type,
                "label": ev.label,
                "date": _clean_date(ev.date),
                "date_end": _clean_date(ev.date_end),
                "date_text": ev.date_text,
                "date_precision": ev.date_precision,
                "subtype": ev.subtype,
                "actor": ev.actor,
                "trigger": ev.trigger,
                "note": ev.note,
                "places": _place_ids(ev.place_keys, index),
                **_evidence_block(
                    (ev.evidence,), terms=[ev.trigger, *_place_terms(ev.place_keys, by_key)]
                ),
            }
            for ev in ann.events
        ],
        "unresolved": [
            {
                "surface": r.mention.surface,
                "kind": r.kind,
                "method": r.method,
                "note": r.note,
                "paragraph": r.mention.paragraph,
            }
            for r in result.unresolved[:MAX_UNRESOLVED]
        ],
        "unresolved_total": len(result.unresolved),
        "places_total": len(result.places),  # more than len(places) when the map is capped
        "context": {"regions": context["regions"], "outline": context["outline"]},
        "bounds": bounds,
    }


# ---------------------------------------------------------------- places


def _places_shown(places: Sequence[Place]) -> list[Place]:
    """All places, or the MAX_MAP_PLACES most mentioned ones (in their original order)."""
    if len(places) <= MAX_MAP_PLACES:
        return list(places)
    ranked = sorted(range(len(places)), key=lambda i: (-len(places[i].mentions), i))
    keep = set(ranked[:MAX_MAP_PLACES])
    return [p for i, p in enumerate(places) if i in keep]


def _quote_allowance(n_places: int) -> tuple[int, int]:
    """(quotes per place, characters per quote) that keep all popups within QUOTE_BUDGET_CHARS."""
    per_place = QUOTE_BUDGET_CHARS // max(1, n_places)
    quotes = max(1, min(MAX_EVIDENCE, per_place // QUOTE_MAX_CHARS))
    return quotes, max(QUOTE_MIN_CHARS, min(QUOTE_MAX_CHARS, per_place // quotes))


def _requoted(document: Document, place: Place, quotes: int, chars: int) -> Place:
    """`place` with shorter quotes for its first mentions when the page must be smaller."""
    if quotes >= MAX_EVIDENCE and chars >= QUOTE_MAX_CHARS:
        return place
    # Only the first quotes: the popup counts the mentions from place.mentions.
    evidence = tuple(document.quote(m.start, m.end, limit=chars) for m in place.mentions[:quotes])
    return replace(place, evidence=evidence)


def _place_entry(i: int, place: Place) -> dict[str, Any]:
    shape = _clean_geometry(place.geometry)
    point = _clean_point(place.lat, place.lon)
    if point is None and place.geometry and place.geometry.get("type") == "Point":
        coords = place.geometry.get("coordinates") or (None, None)
        point = _clean_point(coords[1], coords[0]) if len(coords) >= 2 else None
    # The same rule as map/layers.js: shapes are drawn, points too except for areas and countries
    # (a country's or a wide area's single point would pretend to be a precise place).
    drawn = shape is not None or (point is not None and place.kind not in ("area", "country"))
    anchor = None
    if drawn and place.kind != "country":  # no base, event or ring pinned on a whole country
        anchor = point or (_bounds_center(shape) if shape else None)
    evidence = _evidence_block(place.evidence, place.mentions)
    return {
        "id": i,
        "key": place.key,
        "name": place.name,
        "name_zh": place.name_zh,
        "kind": place.kind,
        "point": point,
        "drawn": drawn,
        "anchor": anchor,  # where bases/events/rings attach: the point, else the shape's centre
        "shape": shape,
        "shape_type": _SHAPE_TYPES[shape["type"]] if shape else None,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "geonames_id": place.geonames_id,
        "pcode": place.pcode,
        "precision": place.precision,
        "confidence": _finite(place.confidence),
        "source": place.source,
        "geocoder": place.geocoder,
        "approximate": bool(place.approximate),
        "note": place.note,
        "mentions": len(place.mentions) or len(place.evidence),
        **evidence,
    }


def _kind_order(places: Iterable[Place]) -> list[str]:
    present = {p.kind for p in places}
    return [k for k in KINDS if k in present] + sorted(present - set(KINDS))


def _place_ids(keys: Iterable[str], index: dict[str, int]) -> list[int]:
    ids: list[int] = []
    for key in keys:
        i = index.get(key)
        if i is not None and i not in ids:
            ids.append(i)
    return ids


# ---------------------------------------------------------------- evidence


def _evidence_block(
    evidence: Sequence[Quote],
    mentions: Sequence[Mention] = (),
    terms: Iterable[str] = (),
) -> dict[str, Any]:
    """Distinct sentences (the first MAX_EVIDENCE of them) with the spans to highlight.

    `mentions` run parallel to `evidence` (Place.evidence[i] quotes Place.mentions[i]) and
    mark exactly what the document said; `terms` are names to find in the sentence when
    there are no mentions (operations, bases, events).
    """
    terms = sorted({t for t in terms if t}, key=lambda t: (-len(t), t))
    quoted: dict[tuple[int, int], dict[str, Any]] = {}
    seen: set[tuple[int, int]] = set()
    for n, ev in enumerate(evidence):
        sid = (ev.sentence, ev.start)
        seen.add(sid)
        if sid not in quoted:
            if len(quoted) >= MAX_EVIDENCE:
                continue  # past the quota only the count matters
            text = ev.text
            if len(text) > MAX_SENTENCE_CHARS:
                text = text[:MAX_SENTENCE_CHARS] + "…"
            quoted[sid] = {
                "paragraph": ev.paragraph,
                "text": text,
                "marks": _find_terms(text, terms),
            }
        marks = quoted[sid]["marks"]
        if n < len(mentions):
            lo, hi = mentions[n].start - ev.start, mentions[n].end - ev.start
            if 0 <= lo < hi <= min(len(ev.text), MAX_SENTENCE_CHARS) and [lo, hi] not in marks:
                marks.append([lo, hi])
    for entry in quoted.values():
        entry["marks"] = _disjoint(entry["marks"])
    return {
        "evidence": list(quoted.values()),
        "sentences": len(seen),
        "more": len(seen) - len(quoted),
    }


def _find_terms(text: str, terms: Sequence[str]) -> list[list[int]]:
    marks = []
    for term in terms:
        start = text.find(term)
        while start >= 0:
            marks.append([start, start + len(term)])
            start = text.find(term, start + len(term))
    return marks


def _disjoint(marks: list[list[int]]) -> list[list[int]]:
    """Sorted, non-overlapping spans (an earlier or longer span wins)."""
    out: list[list[int]] = []
    for lo, hi in sorted(marks, key=lambda m: (m[0], -m[1])):
        if not out or lo >= out[-1][1]:
            out.append([lo, hi])
    return out


def _place_terms(keys: Iterable[str], places: dict[str, Place]) -> list[str]:
    """The forms in which the document wrote these places."""
    terms = []
    for key in keys:
        place = places.get(key)
        if place:
            terms += [m.surface for m in place.mentions] + [place.name_zh, place.name]
    return terms


# ---------------------------------------------------------------- geometry


def _finite(x: Any) -> float | None:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _clean_point(lat: Any, lon: Any) -> list[float] | None:
    """[lat, lon] rounded, or None for missing, non-finite, out-of-range or (0, 0)."""
    la, lo = _finite(lat), _finite(lon)
    if la is None or lo is None or not (-90 <= la <= 90 and -180 <= lo <= 180):
        return None
    if la == 0 and lo == 0:  # the classic "no coordinates" placeholder
        return None
    return [round(la, COORD_DIGITS), round(lo, COORD_DIGITS)]


def _clean_coords(coords: Any, depth: int) -> list[Any] | None:
    """Coordinates nested `depth` levels above positions, rounded; None if malformed."""
    if not isinstance(coords, (list, tuple)) or not coords:
        return None
    if depth == 0:
        if len(coords) < 2:
            return None
        pt = _clean_point(coords[1], coords[0])
        return [pt[1], pt[0]] if pt else None
    out = [_clean_coords(c, depth - 1) for c in coords]
    return None if any(c is None for c in out) else out


def _clean_geometry(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    """A drawable GeoJSON polygon or line geometry, rounded, or None."""
    if not isinstance(geometry, dict) or geometry.get("type") not in _SHAPE_TYPES:
        return None
    depth = {"LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
    coords = _clean_coords(geometry.get("coordinates"), depth[geometry["type"]])
    return {"type": geometry["type"], "coordinates": coords} if coords else None


def _positions(coords: Any) -> Iterable[list[float]]:
    if coords and isinstance(coords[0], (int, float)):
        yield coords
    else:
        for c in coords:
            yield from _positions(c)


def _bbox(points: Iterable[list[float]]) -> list[list[float]] | None:
    """[[south, west], [north, east]] of lon/lat positions."""
    lons, lats = [], []
    for lon, lat in points:
        lons.append(lon)
        lats.append(lat)
    if not lons:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _bounds_center(shape: dict[str, Any]) -> list[float] | None:
    box = _bbox(_positions(shape["coordinates"]))
    if not box:
        return None
    return [
        round((box[0][0] + box[1][0]) / 2, COORD_DIGITS),
        round((box[0][1] + box[1][1]) / 2, COORD_DIGITS),
    ]


def _bounds(entries: Sequence[dict[str, Any]]) -> list[list[float]] | None:
    def positions() -> Iterable[list[float]]:
        for e in entries:
            if e["kind"] == "country":  # the whole country would swamp the fit
                continue
            if e["shape"]:
                yield from _positions(e["shape"]["coordinates"])
            elif e["point"]:
                yield [e["point"][1], e["point"][0]]

    return _bbox(positions())


# ---------------------------------------------------------------- context layers


def _context() -> dict[str, Any]:
    # Keyed on modification times too, so a regenerated file is picked up in a long process.
    return _load_context(
        str(paths.REGIONS), _mtime(paths.REGIONS), str(paths.AREA_SHAPES), _mtime(paths.AREA_SHAPES)
    )


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return -1.0


@lru_cache(maxsize=4)
def _load_context(
    regions_path: str, regions_mtime: float, areas_path: str, areas_mtime: float
) -> dict[str, Any]:
    """All regions of Mali (faint background) and the country outline, if available."""
    regions = []
    for feature in _read_features(Path(regions_path)):
        props = feature.get("properties") or {}
        shape = _clean_geometry(feature.get("geometry"))
        if shape:
            regions.append({"name": props.get("adm1_fr", ""), "pcode": props.get("adm1_pcode", "")})
            regions[-1]["shape"] = shape
    outline = None
    for feature in _read_features(Path(areas_path)):
        if (feature.get("properties") or {}).get("key") == MALI_OUTLINE_KEY:
            outline = _clean_geometry(feature.get("geometry"))
            break
    shapes = [r["shape"] for r in regions] + ([outline] if outline else [])
    bounds = _bbox(p for s in shapes for p in _positions(s["coordinates"]))
    return {"regions": regions, "outline": outline, "bounds": bounds}


def _read_features(path: Path) -> list[dict[str, Any]]:
    # Context is decoration: a missing or unreadable file must not stop the map.
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    features = data.get("features") if isinstance(data, dict) else None
    return [f for f in features or [] if isinstance(f, dict)]


# ---------------------------------------------------------------- tiles


def _tile_entry(spec: str) -> dict[str, Any]:
    if spec in TILE_PRESETS:
        return {"id": spec, **TILE_PRESETS[spec]}
    if not all(part in spec for part in ("{z}", "{x}", "{y}")):
        raise ValueError(
            f"unknown tile layer {spec!r}: use 'osm', 'light' "
            "or a URL template containing {z}, {x} and {y}"
        )
    if spec.strip().lower().startswith(("javascript:", "data:")):
        raise ValueError(f"refusing tile URL {spec!r}")
    host = urlsplit(spec).netloc or spec.split("{", 1)[0] or "custom"
    return {
        "id": "custom",
        "name": f"Tiles: {host}",
        "url": spec,
        "attribution": html.escape(f"Tiles: {host}"),
        "subdomains": "abc",
        "max_zoom": 19,
    }


# ---------------------------------------------------------------- page


def _clean_date(value: str | None) -> str | None:
    return value if value and _DATE.match(value) else None


def _subtitle(result: Result, payload: dict[str, Any]) -> str:
    doc = result.document
    parts = []
    if doc.date:
        parts.append(f"Document date: {doc.date}")
    if doc.source:
        parts.append(f"Source: {_source_name(doc.source)}")
    drawn = sum(1 for e in payload["places"] if e["drawn"])
    parts.append(f"{len(result.places)} places ({drawn} on the map)")
    return " · ".join(parts)


def _source_name(source: str) -> str:
    # The file name only: the same input renders the same bytes wherever it is stored.
    return Path(source).name if source else ""


def script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element: no `<`, `>` or `&` can close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _import_folium() -> Any:
    """folium, imported without pandas unless pandas is already loaded.

    folium imports pandas only to recognise DataFrames, inside try/except ImportError; we never
    pass it one, and pandas is a quarter of a second of every `geo map`. A None entry in
    sys.modules makes that optional import fail; the entry is removed right after.
    """
    if "folium" in sys.modules or "pandas" in sys.modules:
        import folium

        return folium
    sys.modules["pandas"] = None  # type: ignore[assignment]
    try:
        import folium
    finally:
        if sys.modules.get("pandas", 0) is None:
            del sys.modules["pandas"]
    return folium


def _page(
    title: str,
    subtitle: str,
    payload: dict[str, Any] | str,
    *,
    code: str | None = None,
    head: str = "",
) -> str:
    """The page around `payload`: `code` is its script (default: the map's), `head` more <head>.

    `payload` may come as its script_json text already (the corpus map streams it).
    """
    return _map(title, subtitle, payload, code=code, head=head).get_root().render()


def build_map(
    result: Result, *, title: str | None = None, tiles: Sequence[str] = ("osm", "light")
) -> Any:
    """The map of `result` as a folium.Map inside the page of render_map (for notebooks)."""
    page_title = _page_title(result, title)
    payload = build_payload(result, title=page_title, tiles=tiles)
    return _map(page_title, _subtitle(result, payload), payload)


def _map(
    title: str,
    subtitle: str,
    payload: dict[str, Any] | str,
    *,
    code: str | None = None,
    head: str = "",
) -> Any:
    """The folium.Map of the page, in its branca Figure with our layout and assets."""
    folium = _import_folium()
    from branca.element import Element, Figure, MacroElement
    from jinja2 import Template

    class OfflineMap(folium.Map):  # type: ignore[name-defined]
        # Leaflet is inlined in the head; folium's CDN links are not wanted.
        default_js: list[tuple[str, str]] = []
        default_css: list[tuple[str, str]] = []

    class GeoLayers(MacroElement):
        """Our payload and the script that draws it on the folium map."""

        _template = Template(
            "{% macro html(this, kwargs) %}"
            '<script type="application/json" id="geo-data">{{ this.payload }}</script>\n'
            "<script>document.getElementById('geo-map')"
            ".appendChild(document.getElementById('{{ this._parent.get_name() }}'));</script>\n"
            "{% endmacro %}"
            "{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}"
        )

        def __init__(self, payload_json: str, code: str) -> None:
            super().__init__()
            self._name = "GeoLayers"
            self.payload, self.code = payload_json, code

    t, sub = html.escape(title), html.escape(subtitle)
    figure = Figure()
    figure.header.add_child(
        Element(
            f'<meta charset="utf-8">\n<meta name="generator" content="geo render_map (folium)">\n'
            f"<title>{t}</title>\n<style>\n{assets.leaflet_css()}</style>\n"
            f"<style>\n{assets.static_text('map.css')}</style>\n"
            f"<script>\n{assets.leaflet_js()}</script>\n{head}"
        ),
        name="geo_head",
    )
    figure.html.add_child(
        Element(
            f"""<div id="geo-app" class="geo-app">
<header class="geo-header">
<button type="button" id="geo-panel-toggle" class="geo-btn" aria-controls="geo-panel"
 aria-expanded="true" title="Show or hide the list of places">&#9776;</button>
<div class="geo-titles"><h1 id="geo-title">{t}</h1><div class="geo-subtitle">{sub}</div></div>
</header>
<div class="geo-body">
<aside id="geo-panel" class="geo-panel" aria-label="Places, operations and events"></aside>
<main id="geo-map" class="geo-map"></main>
</div>
</div>
<noscript><p class="geo-noscript">This map needs JavaScript.</p></noscript>
"""
        ),
        name="geo_layout",
    )
    fmap = OfflineMap(
        location=[17.5, -4.0], zoom_start=5, tiles=None, zoom_snap=0.25, prefer_canvas=False
    )
    figure.add_child(fmap, name="map")
    code = assets.map_script() if code is None else code
    payload_json = payload if isinstance(payload, str) else script_json(payload)
    fmap.add_child(GeoLayers(payload_json, code), name="geo")
    _deterministic_ids(figure)
    fmap._id = MAP_VAR.removeprefix("map_")
    return fmap


def _deterministic_ids(figure: Any) -> None:
    """Replace branca's random element ids (os.urandom) by a counter, in tree order."""
    counter = iter(range(1, 1 << 30))

    def visit(element: Any) -> None:
        element._id = f"{next(counter):08x}"
        for child in element._children.values():
            visit(child)

    for element in (figure, figure.header, figure.html, figure.script):
        visit(element)
