"""The Python API, for notebooks and scripts: `geo.read(source) -> Result`.

    >>> import geo
    >>> result = geo.read("report.pdf")          # a path (any accepted format) or the text itself
    >>> result.places_frame()                    # pandas: one row per place (places.geojson)
    >>> result.mentions_frame()                  # pandas: one row per mention (mentions.csv)
    >>> result.to_geojson()                      # the places.geojson dict
    >>> result.map()                             # a folium.Map, shown inline in Jupyter
    >>> result.write("output/")                  # what `geo map` writes

The command line is built on the same calls (`geo map` is `read(...).write(out)`).
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo import model
from geo.errors import DocumentError
from geo.vocabulary import LOCATION_FIELDS

if TYPE_CHECKING:
    import folium
    import pandas as pd

    from geo.gazetteer import Gazetteer
    from geo.online import OnlineGeocoder

# A string with one of these endings and no line break is taken for a path, never for text.
_PATH_SUFFIXES = (".txt", ".text", ".md", ".pdf", ".docx", ".html", ".htm", ".xhtml")


@dataclasses.dataclass(frozen=True)
class Result(model.Result):
    """Everything one run found, with the conversions a notebook wants."""

    def places_frame(self) -> pd.DataFrame:
        """One row per place: `key` (the GeoJSON id) and the properties of places.geojson."""
        import pandas as pd

        from geo.export import place_features

        rows = [{"key": f["id"], **f["properties"]} for f in place_features(self)]
        columns = ["key", *(rows[0] if rows else _PLACE_PROPERTIES)]
        frame = pd.DataFrame(rows, columns=list(dict.fromkeys(columns)))
        # Whole numbers with gaps (areas have no GeoNames id): nullable Int64, not float.
        return frame.astype({"geonames_id": "Int64"})

    def mentions_frame(self) -> pd.DataFrame:
        """One row per mention, located or not: the columns of mentions.csv."""
        from geo.export import MENTION_DTYPES

        return _csv_frame(self._export("mentions_csv"), MENTION_DTYPES)

    def events_frame(self) -> pd.DataFrame:
        """One row per event: the columns of events.csv."""
        return _csv_frame(self._export("events_csv"))

    def to_geojson(self) -> dict[str, Any]:
        """The places as a GeoJSON FeatureCollection (the content of places.geojson)."""
        result: dict[str, Any] = json.loads(self._export("places_geojson"))
        return result

    def map(
        self, *, title: str | None = None, tiles: Sequence[str] = ("osm", "light")
    ) -> folium.Map:
        """The interactive map as a folium.Map (displayed inline by Jupyter).

        The same page as map.html, Leaflet included, so it shows with no network too.
        """
        from geo.render import build_map

        return build_map(self, title=title, tiles=tiles)

    def outputs(
        self, *, title: str | None = None, tiles: Sequence[str] = ("osm", "light")
    ) -> dict[str, bytes]:
        """The files `geo map` writes: places.geojson, mentions.csv, events.csv, map.html."""
        from geo.export import events_csv, mentions_csv, places_geojson
        from geo.render import render_map

        html = render_map(self, title=title, tiles=tiles)
        return {
            "places.geojson": places_geojson(self).encode("utf-8"),
            "mentions.csv": mentions_csv(self).encode("utf-8"),
            "events.csv": events_csv(self).encode("utf-8"),
            "map.html": html.encode("utf-8"),
        }

    def write(
        self,
        folder: str | os.PathLike[str],
        *,
        title: str | None = None,
        tiles: Sequence[str] = ("osm", "light"),
    ) -> list[Path]:
        """Write the outputs into `folder`, all or nothing: a failure leaves the old files."""
        from geo.io import write_outputs

        return write_outputs(folder, self.outputs(title=title, tiles=tiles))

    def _export(self, name: str) -> str:
        from geo import export

        text: str = getattr(export, name)(self)
        return text


_PLACE_PROPERTIES = (
    "name",
    "name_zh",
    "kind",
    *LOCATION_FIELDS,
    "lat",
    "lon",
    "source",
    "geocoder",
    "note",
    "mention_count",
    "mentions",
    "operations",
    "base",
    "events",
)


def read(
    source: str | os.PathLike[str] | bytes | model.Document,
    *,
    date: str | None = None,
    online: bool | OnlineGeocoder = False,
    max_bytes: int | None = None,
    max_names: int | None = None,
    gazetteer: Gazetteer | None = None,
) -> Result:
    """Read a report and find, locate and annotate the places it mentions.

    `source` is a path (str or os.PathLike) of any accepted format, the text itself (a str
    with a line break, or one that is no file's name), raw bytes, or a parsed Document.
    `date` (YYYY-MM-DD) replaces the document's own date for relative dates. `online=True`
    asks Nominatim for names the offline gazetteer lacks (cached; off by default).
    Errors are geo.errors.GeoError subclasses with a one-line message.
    """
    from geo.pipeline import run_document

    document = _document(source, max_bytes)
    if date:
        document = dataclasses.replace(document, date=date)
    result = run_document(
        document, gazetteer=gazetteer, online=_geocoder(online), max_names=max_names
    )
    return Result(**{f.name: getattr(result, f.name) for f in dataclasses.fields(result)})


def _document(
    source: str | os.PathLike[str] | bytes | model.Document, max_bytes: int | None
) -> model.Document:
    from geo.document import load_document, parse_document

    if isinstance(source, model.Document):
        return source
    if isinstance(source, bytes):
        return parse_document(source, source="<bytes>")
    if isinstance(source, os.PathLike) or _looks_like_path(source):
        return load_document(source, max_bytes=max_bytes)
    if not isinstance(source, str):
        raise DocumentError(f"{source!r}: not a path, text or bytes")
    return parse_document(source.encode("utf-8"), source="<text>")


def _looks_like_path(text: str) -> bool:
    if "\n" in text or len(text) > 4096:
        return False
    return text.lower().endswith(_PATH_SUFFIXES) or os.path.isfile(text)


def _geocoder(online: bool | OnlineGeocoder) -> OnlineGeocoder | None:
    if online is False or online is None:
        return None
    if online is True:
        from geo import paths
        from geo.online import OnlineGeocoder

        return OnlineGeocoder(paths.ONLINE_CACHE)
    return online


def _csv_frame(text: str, dtypes: dict[str, str] | None = None) -> pd.DataFrame:
    import pandas as pd

    # Read back the CSV itself: the frame is exactly what pandas makes of the file, read
    # with the documented dtypes.
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""], dtype=dtypes)
