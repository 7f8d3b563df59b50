"""The offline gazetteer as a geopy geocoder: one name in, a `geopy.Location` out.

`GazetteerGeocoder` fills in geopy's `Geocoder` interface, so it composes with geopy's tooling
(RateLimiter, Location, other geocoders as fall-backs). It runs the same stages as a document:
the query is read as a tiny document, its mentions extracted and resolved. geopy is imported
here only, so `geo map` does not pay for it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.gazetteer import Gazetteer, load_gazetteer
from geo.geocode import describe
from geo.model import Document, Mention, Resolution


class GazetteerGeocoder(Geocoder):
    """Offline geocoder over the shipped gazetteer of Mali.

    >>> GazetteerGeocoder().geocode("科罗省").raw["kind"]
    'cercle'
    """

    def __init__(self, gazetteer: Gazetteer | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.gazetteer = gazetteer or load_gazetteer()

    def geocode(
        self, query: str, *, exactly_one: bool = True, timeout: Any = None
    ) -> Location | list[Location] | None:
        """Resolve a place name, in Chinese, French or English, with optional context."""
        resolutions = [r for r in self._resolve_query(query) if r.entry or r.parts]
        locations = [self.locate(r) for r in resolutions]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def locate(self, resolution: Resolution) -> Location | None:
        """The geopy Location of one resolution; `raw` carries kind, precision and provenance.

        None for a place with no coordinates at all (the Sahel): geopy has no empty point.
        """
        where = describe(resolution)
        if where.lat is None or where.lon is None:
            return None
        return Location(where.address, (where.lat, where.lon), where.as_raw())

    def _resolve_query(self, query: str) -> list[Resolution]:
        from geo.document import parse_document
        from geo.mentions import extract_mentions
        from geo.resolve import resolve_mentions

        document = parse_document(query.encode("utf-8"), source="<query>")
        mentions = extract_mentions(document, self.gazetteer)
        if not mentions:
            mentions = [_bare_mention(document)]
        mentions = [
            m
            for m in mentions
            if not any(o.parent == m.name and o.start > m.start for o in mentions)
        ] or mentions
        mentions.sort(key=lambda m: (m.kind_hint != "axis", m.parent is None, m.start - m.end))
        # A query names a place on purpose: no minor-village name needs confirming.
        mentions = [replace(m, weak=False) for m in mentions]
        resolved = resolve_mentions(document, mentions, self.gazetteer)
        order = {id(m): i for i, m in enumerate(mentions)}
        return sorted(resolved, key=lambda r: order.get(id(r.mention), 0))


def _bare_mention(document: Document) -> Mention:
    name = document.text.strip()
    sentence = document.sentences[0]
    return Mention(
        name,
        name,
        0,
        len(name),
        None,
        "latin" if document.language != "zh" else "cjk",
        sentence.index,
        sentence.paragraph,
    )
