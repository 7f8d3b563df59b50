"""The whole run, stage after stage: document -> mentions -> resolve -> geocode -> annotate."""

from __future__ import annotations

import dataclasses
import os
from typing import TYPE_CHECKING

from geo.annotate import annotate
from geo.document import load_document
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.geocode import geocode_places
from geo.mentions import extract_mentions
from geo.model import Document, Result
from geo.resolve import resolve_mentions

if TYPE_CHECKING:
    from geo.online import OnlineGeocoder


def run(
    path: str | os.PathLike[str],
    *,
    gazetteer: Gazetteer | None = None,
    online: OnlineGeocoder | None = None,
    max_bytes: int | None = None,
    date: str | None = None,
) -> Result:
    """Read a report and return its located places and what happened there.

    `date` (ISO YYYY-MM-DD) replaces the document's own date, which relative dates ("the same
    day", 当天, "on Monday") are resolved against.
    """
    document = load_document(path, max_bytes=max_bytes)
    if date:
        document = dataclasses.replace(document, date=date)
    return run_document(document, gazetteer=gazetteer, online=online)


def run_document(
    document: Document,
    *,
    gazetteer: Gazetteer | None = None,
    online: OnlineGeocoder | None = None,
) -> Result:
    gazetteer = gazetteer or load_gazetteer()
    mentions = extract_mentions(document, gazetteer)
    resolutions = resolve_mentions(document, mentions, gazetteer)
    places, unresolved = geocode_places(document, resolutions, online=online)
    return Result(document, tuple(places), tuple(unresolved), annotate(document, places))
