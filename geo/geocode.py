"""Stage 5: locate resolved mentions and merge them into distinct places.

The gazetteer already says where each resolved mention is (`describe`); this stage merges the
mentions of one place and attaches its geometry. Names the gazetteer lacks can optionally go to
Nominatim (geo.online) when the user asks for --online. `geo.geocoder.GazetteerGeocoder` offers
the same answers through geopy's Geocoder interface, for one name at a time.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from geo.gazetteer import MALI_KEY, ZH_SOURCE_SEPARATOR, boundary_features
from geo.model import (
    Document,
    GazetteerEntry,
    Located,
    Place,
    Resolution,
)
from geo.text import fold, has_cjk, to_simplified
from geo.vocabulary import PRECISION_NEAR

if TYPE_CHECKING:
    from geo.online import OnlineGeocoder

NOMINATIM_SOURCE = "OpenStreetMap Nominatim (ODbL)"


def describe(resolution: Resolution) -> Located:
    """What the gazetteer knows about where a resolution is, with its provenance."""
    entry = resolution.entry
    if resolution.parts:
        a, b = resolution.parts
        lat = lon = None
        if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
            lat, lon = (a.lat + b.lat) / 2, (a.lon + b.lon) / 2
        address = f"{a.name}–{b.name} axis, Mali"
    else:
        assert entry is not None
        lat, lon = entry.lat, entry.lon
        name = entry.name
        if resolution.method == "parent":
            name = resolution.name or resolution.mention.name
        parts = (name, entry.admin2_name, entry.admin1_name, "Mali")
        address = "Mali" if entry.kind == "country" else ", ".join(p for p in parts if p)
    return Located(
        key=_place_key(resolution),
        address=address,
        lat=lat,
        lon=lon,
        kind=resolution.kind,
        precision=resolution.precision,
        confidence=resolution.confidence,
        method=resolution.method,
        note=resolution.note,
        geonames_id=entry.geonames_id if entry else None,
        pcode=entry.pcode if entry else "",
        source=place_source(resolution, has_cjk(resolution.mention.surface)),
        geocoder="gazetteer",
    )


def place_source(resolution: Resolution, chinese: bool) -> str:
    """Where the place comes from; where its Chinese name was seen only when the text is Chinese.

    A French or English report has no use for the provenance of Chinese renderings.
    """

    def source(entry: GazetteerEntry) -> str:
        return entry.source if chinese else entry.source.split(ZH_SOURCE_SEPARATOR)[0]

    if resolution.entry is not None:
        return source(resolution.entry)
    return "; ".join(source(p) for p in resolution.parts)


def _place_key(resolution: Resolution) -> str:
    if resolution.parts:
        return "axis:" + "--".join(p.key for p in resolution.parts)
    assert resolution.entry is not None
    if resolution.method == "parent":
        name = resolution.name or resolution.mention.name
        return f"{resolution.entry.key}#{fold(name).replace(' ', '-')}"
    return resolution.entry.key


def geocode_places(
    document: Document,
    resolutions: Sequence[Resolution],
    online: OnlineGeocoder | None = None,
) -> tuple[list[Place], list[Resolution]]:
    """Merge resolutions into distinct located places; return them and what stayed unlocated."""
    groups: OrderedDict[str, list[tuple[Resolution, Located]]] = OrderedDict()
    unresolved: list[Resolution] = []
    for resolution in resolutions:
        if resolution.entry is None and not resolution.parts:
            raw = _online_location(resolution, online) if online else None
            if raw is None:
                unresolved.append(resolution)
                continue
        elif online and _weak_spelling_match(resolution):
            # A distant spelling variant loses to a place Nominatim knows by the name itself.
            raw = _online_location(resolution, online) or describe(resolution)
        else:
            raw = describe(resolution)
        groups.setdefault(raw.key, []).append((resolution, raw))
    places = [_place(document, group) for group in groups.values()]
    return places, unresolved


# Below this confidence a fuzzy or first-part match is asked of Nominatim when --online is on.
WEAK_MATCH_CONFIDENCE = 0.6


def _weak_spelling_match(resolution: Resolution) -> bool:
    fuzzy = resolution.method.startswith("fuzzy") or resolution.method == "partial"
    return fuzzy and resolution.confidence < WEAK_MATCH_CONFIDENCE


def _online_location(resolution: Resolution, online: OnlineGeocoder) -> Located | None:
    answer = online.geocode(f"{resolution.mention.name}, Mali")
    if answer is None:
        return None
    beaten = (
        f" (the gazetteer's closest spelling, {resolution.entry.name}, was a weak match)"
        if resolution.entry is not None
        else ""
    )
    return Located(
        key=f"osm:{fold(resolution.mention.name).replace(' ', '-')}",
        address=answer.display_name,
        lat=answer.lat,
        lon=answer.lon,
        kind=resolution.kind,
        precision=PRECISION_NEAR,
        confidence=0.5,
        method="online",
        note=f"not in the gazetteer; located by Nominatim as “{answer.display_name}”{beaten}",
        geonames_id=None,
        pcode="",
        source=NOMINATIM_SOURCE,
        geocoder=answer.source,
    )


def _place(document: Document, group: list[tuple[Resolution, Located]]) -> Place:
    # The most confident resolution speaks for the place; every mention is kept.
    best, raw = max(group, key=lambda rr: (rr[0].confidence, -rr[0].mention.start))
    entry = best.entry
    mentions = tuple(r.mention for r, _ in group)
    # As the document writes it: the first mention that spells the whole name ("北部" in
    # "马里中部和北部" stands for 马里北部 but does not spell it).
    written = [m.surface.strip() for m in mentions if has_cjk(m.surface)]
    whole = [
        m.surface.strip()
        for m in mentions
        if has_cjk(m.surface) and (m.name in to_simplified(m.surface) or m.parts)
    ]
    named = [m.name for m in mentions if has_cjk(m.name)]
    name_zh = (whole or named or written or [""])[0]
    lat, lon = raw.lat, raw.lon
    approximate = best.method == "parent"
    geometry = _geometry(best, entry, lat, lon)
    if best.parts:
        name = "–".join(p.name for p in best.parts)
        admin1 = best.parts[0].admin1_name
        admin2 = ""
    elif entry is not None:
        # A spelling the gazetteer only approximates keeps the document's form as its name.
        as_written = approximate or best.method == "partial" or best.method.startswith("fuzzy")
        name = (best.name or best.mention.name) if as_written else entry.name
        admin1 = entry.admin1_name
        admin2 = entry.admin2_name
    else:
        name, admin1, admin2 = best.mention.name, "", ""
    return Place(
        key=raw.key,
        name=name,
        name_zh=name_zh,
        kind=best.kind,
        lat=round(lat, 5) if lat is not None else None,
        lon=round(lon, 5) if lon is not None else None,
        geometry=geometry,
        admin1=admin1,
        admin2=admin2,
        geonames_id=None if approximate else raw.geonames_id,
        pcode="" if approximate else raw.pcode,
        precision=raw.precision,
        source=(
            place_source(best, chinese=bool(written)) if raw.geocoder == "gazetteer" else raw.source
        ),
        geocoder=raw.geocoder,
        approximate=approximate,
        note=raw.note,
        confidence=raw.confidence,
        mentions=mentions,
        evidence=tuple(document.quote(m.start, m.end) for m in mentions),
    )


def _geometry(
    resolution: Resolution,
    entry: GazetteerEntry | None,
    lat: float | None,
    lon: float | None,
) -> dict[str, Any] | None:
    if resolution.parts:
        return {
            "type": "LineString",
            "coordinates": [[p.lon, p.lat] for p in resolution.parts],
        }
    if resolution.method == "parent" or entry is None or entry.kind in ("town", "village"):
        return {"type": "Point", "coordinates": [lon, lat]} if lat is not None else None
    feature = None
    if entry.kind == "region":
        feature = boundary_features("region").get(entry.pcode) or boundary_features("area").get(
            entry.key
        )
    elif entry.kind == "cercle":
        feature = boundary_features("cercle").get(entry.pcode)
    elif entry.kind == "country":
        feature = boundary_features("area").get(MALI_KEY)
    elif entry.kind == "area":
        feature = boundary_features("area").get(entry.key)
    if feature is None and entry.kind in ("region", "cercle") and lat is not None:
        # A unit created after the 2017 boundaries (Taoudénit): its GeoNames point.
        return {"type": "Point", "coordinates": [lon, lat]}
    return feature["geometry"] if feature else None
