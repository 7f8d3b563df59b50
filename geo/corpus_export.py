"""Merge per-document records into the corpus outputs, streaming what grows with the corpus.

documents.csv and mentions.csv are written row by row to staging files as the records arrive;
places are merged in memory by key (one entry per distinct place, with a few numbers per
document and a capped number of quotes), so memory is bounded by the gazetteer, not the corpus.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from geo.corpus import Input
from geo.export import MENTION_COLUMNS

DOCUMENT_COLUMNS = (
    "document",
    "path",
    "title",
    "date",
    "language",
    "sha256",
    "status",
    "message",
    "places",
    "mentions",
)
CORPUS_MENTION_COLUMNS = ("document", *MENTION_COLUMNS)
# Quotes kept per place for the map (one document each); the counts cover every document.
MAX_QUOTED_DOCUMENTS = 40
# Per-document properties that become lists per document in the corpus features.
_PER_DOCUMENT = ("mention_count", "operations", "base", "events")


@dataclass
class DocumentInfo:
    document: str
    path: str
    title: str
    date: str | None
    language: str
    status: str
    places: int
    mentions: int


@dataclass
class PlaceTotal:
    """One distinct place across the corpus."""

    key: str
    geometry: Any
    properties: dict[str, Any]  # from the first document that names it
    confidence: float
    # (document index, mentions, paragraphs, operations, base, events) per naming document
    documents: list[tuple[int, int, list[int], list[str], Any, list[Any]]] = field(
        default_factory=list
    )
    # (document index, quotes) for the first MAX_QUOTED_DOCUMENTS naming documents
    quotes: list[tuple[int, list[dict[str, Any]], int]] = field(default_factory=list)


class CorpusOutputs:
    """Receives (input, record) in input order; writes documents.csv and mentions.csv as it goes."""

    def __init__(self, staging: Path) -> None:
        self.staging = staging
        self._documents_file: IO[str] = open(
            staging / "documents.csv", "w", encoding="utf-8", newline=""
        )
        self._mentions_file: IO[str] = open(
            staging / "mentions.csv", "w", encoding="utf-8", newline=""
        )
        self._documents = csv.writer(self._documents_file, lineterminator="\n")
        self._mentions = csv.writer(self._mentions_file, lineterminator="\n")
        self._documents.writerow(DOCUMENT_COLUMNS)
        self._mentions.writerow(CORPUS_MENTION_COLUMNS)
        self.documents: list[DocumentInfo] = []
        self.places: dict[str, PlaceTotal] = {}
        self.failed: list[tuple[Input, str]] = []

    def add(self, item: Input, record_json: str) -> DocumentInfo:
        record = json.loads(record_json)
        index = len(self.documents)
        ok = record["status"] == "ok"
        places = record.get("places", []) if ok else []
        mentions = record.get("mentions", []) if ok else []
        info = DocumentInfo(
            document=item.document,
            path=item.path,
            title=record.get("title", ""),
            date=record.get("date"),
            language=record.get("language", ""),
            status=record["status"],
            places=len(places),
            mentions=len(mentions),
        )
        self.documents.append(info)
        self._documents.writerow(
            (
                info.document,
                info.path,
                info.title,
                info.date or "",
                info.language,
                record.get("sha256", ""),
                info.status,
                record.get("message", ""),
                info.places if ok else "",
                info.mentions if ok else "",
            )
        )
        if not ok:
            self.failed.append((item, record.get("message", "")))
            return info
        for row in mentions:
            self._mentions.writerow((item.document, *row))
        for place in places:
            self._add_place(index, place)
        return info

    def _add_place(self, index: int, place: dict[str, Any]) -> None:
        props = place["properties"]
        total = self.places.get(place["key"])
        if total is None:
            static = {k: v for k, v in props.items() if k not in _PER_DOCUMENT}
            total = PlaceTotal(place["key"], place["geometry"], static, props["confidence"])
            self.places[place["key"]] = total
        else:
            total.confidence = max(total.confidence, props["confidence"])
            if not total.properties.get("name_zh") and props.get("name_zh"):
                total.properties["name_zh"] = props["name_zh"]
        total.documents.append(
            (
                index,
                props["mention_count"],
                place["paragraphs"],
                props["operations"],
                props["base"],
                props["events"],
            )
        )
        if len(total.quotes) < MAX_QUOTED_DOCUMENTS:
            total.quotes.append((index, place["quotes"], place["sentences"]))

    def close(self) -> None:
        self._documents_file.close()
        self._mentions_file.close()

    def places_geojson(self) -> str:
        """One feature per distinct place across the corpus, with its mentions per document."""
        features = []
        for total in self.places.values():
            docs = [self.documents[d[0]] for d in total.documents]
            dates = sorted({doc.date for doc in docs if doc.date})
            properties = {
                **total.properties,
                "confidence": total.confidence,
                "mention_count": sum(d[1] for d in total.documents),
                "document_count": len(total.documents),
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
                "dates": dates,
                "documents": [
                    {
                        "document": doc.document,
                        "date": doc.date,
                        "mentions": n,
                        "paragraphs": paragraphs,
                        "operations": operations,
                        "base": base,
                        "events": events,
                    }
                    for doc, (_, n, paragraphs, operations, base, events) in zip(
                        docs, total.documents, strict=True
                    )
                ],
            }
            features.append(
                {
                    "type": "Feature",
                    "id": total.key,
                    "geometry": total.geometry,
                    "properties": properties,
                }
            )
        collection = {
            "type": "FeatureCollection",
            # Foreign member (RFC 7946 section 6.1): the documents these places come from.
            "corpus": {
                "documents": len(self.documents),
                "ok": sum(1 for d in self.documents if d.status == "ok"),
                "failed": len(self.failed),
            },
            "features": features,
        }
        return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
