"""The whole run, stage after stage: document -> mentions -> resolve -> geocode -> annotate."""

from __future__ import annotations

import dataclasses
import os
from typing import TYPE_CHECKING

from geo.annotate import annotate
from geo.document import load_document, max_names_from_env
from geo.errors import DocumentError
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.geocode import geocode_places
from geo.mentions import count_name_occurrences, extract_mentions
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
    max_names: int | None = None,
) -> Result:
    gazetteer = gazetteer or load_gazetteer()
    check_name_count(document, gazetteer, max_names)
    mentions = extract_mentions(document, gazetteer)
    resolutions = resolve_mentions(document, mentions, gazetteer)
    places, unresolved = geocode_places(document, resolutions, online=online)
    return Result(document, tuple(places), tuple(unresolved), annotate(document, places))


def check_name_count(document: Document, gazetteer: Gazetteer, limit: int | None = None) -> None:
    """Refuse, in about a second, a document that names places too often to map in bounded time.

    `limit` defaults to GEO_MAX_NAMES, else 40,000 (document.DEFAULT_MAX_NAMES).
    """
    limit = limit if limit is not None else max_names_from_env()
    count = count_name_occurrences(document, gazetteer, stop_after=limit)
    if count > limit:
        raise DocumentError(
            f"{document.source}: names places more than {limit:,} times; split it, or raise the "
            "limit with GEO_MAX_NAMES (time and memory grow with the count)"
        )
