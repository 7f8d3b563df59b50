"""Merge per-document records into the corpus outputs, streaming what grows with the corpus.

documents.csv, mentions.csv and events.csv are written row by row to staging files as the
records arrive.
Places are merged by key: what is per place (its properties, totals and a capped number of
quotes) stays in memory, bounded by the gazetteer; what is per place and document goes to a
SQLite table in the staging folder and is read back one place at a time when places.geojson
and the map are written. Memory is bounded by the gazetteer, not by the corpus.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from geo.corpus import Input
from geo.export import EVENT_COLUMNS, MENTION_COLUMNS

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
CORPUS_EVENT_COLUMNS = ("document", *EVENT_COLUMNS)  # event_id counts within its document
# Quotes kept per place for the map (one document each); the counts cover every document.
MAX_QUOTED_DOCUMENTS = 40
# Per-document properties: counted, or listed per document in the corpus features (the
# record sends operations, base and events apart, in "named").
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
    """One distinct place across the corpus (its per-document rows are in the SQLite table)."""

    key: str
    number: int  # order of first appearance
    geometry: Any
    properties: dict[str, Any]  # from the first document that names it
    confidence: float
    documents: int = 0
    mentions: int = 0
    # (document index, quotes, sentences) for the first MAX_QUOTED_DOCUMENTS naming documents
    quotes: list[tuple[int, list[dict[str, Any]], int]] = field(default_factory=list)


def csv_cells(*cells: str) -> str:
    """`cells` as the start of a CSV line, up to and with the comma that follows them."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow((*cells, ""))
    return buf.getvalue()[:-1]


class CorpusOutputs:
    """Receives (input, record) in input order; writes the three CSV files as it goes."""

    def __init__(self, staging: Path) -> None:
        self.staging = staging
        self._documents_file: IO[str] = open(
            staging / "documents.csv", "w", encoding="utf-8", newline=""
        )
        self._mentions_file: IO[str] = open(
            staging / "mentions.csv", "w", encoding="utf-8", newline=""
        )
        self._events_file: IO[str] = open(staging / "events.csv", "w", encoding="utf-8", newline="")
        self._events = csv.writer(self._events_file, lineterminator="\n")
        self._events.writerow(CORPUS_EVENT_COLUMNS)
        self._documents = csv.writer(self._documents_file, lineterminator="\n")
        self._mentions = csv.writer(self._mentions_file, lineterminator="\n")
        self._documents.writerow(DOCUMENT_COLUMNS)
        self._mentions.writerow(CORPUS_MENTION_COLUMNS)
        self.documents: list[DocumentInfo] = []
        self.places: dict[str, PlaceTotal] = {}
        self._db = sqlite3.connect(staging / "places.sqlite")
        self._db.execute(
            "CREATE TABLE named (place INTEGER, document INTEGER, mentions INTEGER, entry TEXT)"
        )
        self._indexed = False
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
        # Rows come as CSV lines (geo.corpus.csv_lines): the label's cell goes before each.
        prefix = csv_cells(item.document)
        self._mentions_file.write("".join([prefix + line for line in mentions]))
        self._events_file.write("".join([prefix + line for line in record.get("events", [])]))
        for place in places:
            self._add_place(index, place)
        return info

    def _add_place(self, index: int, place: dict[str, Any]) -> None:
        props = place["properties"]
        total = self.places.get(place["key"])
        if total is None:
            static = {k: v for k, v in props.items() if k not in _PER_DOCUMENT}
            shape = json.loads(place["geometry"])  # parsed once per place (JSON text)
            total = PlaceTotal(place["key"], len(self.places), shape, static, props["confidence"])
            self.places[place["key"]] = total
        else:
            total.confidence = max(total.confidence, props["confidence"])
            if not total.properties.get("name_zh") and props.get("name_zh"):
                total.properties["name_zh"] = props["name_zh"]
        total.documents += 1
        total.mentions += props["mention_count"]
        self._db.execute(
            "INSERT INTO named VALUES (?, ?, ?, ?)",
            (total.number, index, props["mention_count"], place["named"]),
        )
        if len(total.quotes) < MAX_QUOTED_DOCUMENTS:
            total.quotes.append((index, place["quotes"], place["sentences"]))

    def close(self) -> None:
        self._documents_file.close()
        self._mentions_file.close()
        self._events_file.close()
        self._db.commit()

    def release(self) -> None:
        """Close the staging table (after the outputs are written)."""
        self._db.close()

    def named_in(self, total: PlaceTotal) -> Iterator[tuple[int, int, dict[str, Any]]]:
        """(document index, mentions, entry) for every document naming the place, in order."""
        rows = self._query(
            "SELECT document, mentions, entry FROM named WHERE place = ? ORDER BY document", total
        )
        for document, mentions, entry in rows:
            yield document, mentions, json.loads(entry)

    def dates_of(self, total: PlaceTotal) -> list[str]:
        """The distinct dates of the documents naming the place, sorted."""
        rows = self._query("SELECT DISTINCT document FROM named WHERE place = ?", total)
        return sorted({date for (index,) in rows if (date := self.documents[index].date)})

    def _query(self, sql: str, total: PlaceTotal) -> Iterator[tuple[Any, ...]]:
        if not self._indexed:  # once every row is in
            self._db.execute("CREATE INDEX named_place ON named (place, document)")
            self._indexed = True
        return self._db.execute(sql, (total.number,))

    def write_places_geojson(self, path: Path) -> Path:
        """places.geojson: one feature per distinct place across the corpus, one per line.

        Written feature by feature, so no second copy of the corpus's places is built in
        memory; each line is a complete feature (easy to grep, diff and stream).
        """
        summary = {
            "documents": len(self.documents),
            "ok": sum(1 for d in self.documents if d.status == "ok"),
            "failed": len(self.failed),
        }
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            # "corpus" is a foreign member (RFC 7946 section 6.1): what the places come from.
            fh.write('{"type": "FeatureCollection",\n"corpus": ')
            fh.write(json.dumps(summary, ensure_ascii=False))
            fh.write(',\n"features": [')
            for n, total in enumerate(self.places.values()):
                fh.write(",\n" if n else "\n")
                self._write_feature(fh, total)
            fh.write("\n]}\n")
        return path

    def _write_feature(self, fh: IO[str], total: PlaceTotal) -> None:
        """One feature; its "documents" (the last property) written one document at a time,
        so a place named in every document of a large corpus is never a list in memory."""
        text = json.dumps(self._feature(total), ensure_ascii=False)
        fh.write(text[: -len("]}}")])  # the same text as dumping the feature with its list
        for n, (index, mentions, entry) in enumerate(self.named_in(total)):
            doc = self.documents[index]
            named = {"document": doc.document, "date": doc.date, "mentions": mentions, **entry}
            fh.write(", " if n else "")
            fh.write(json.dumps(named, ensure_ascii=False))
        fh.write("]}}")

    def _feature(self, total: PlaceTotal) -> dict[str, Any]:
        """The feature but for its documents, an empty list here (see _write_feature)."""
        ordered = self.dates_of(total)
        properties = {
            **total.properties,
            "confidence": total.confidence,
            "mention_count": total.mentions,
            "document_count": total.documents,
            "first_date": ordered[0] if ordered else None,
            "last_date": ordered[-1] if ordered else None,
            "dates": ordered,
            "documents": [],
        }
        return {
            "type": "Feature",
            "id": total.key,
            "geometry": total.geometry,
            "properties": properties,
        }
