"""Stage 8: write places.geojson and mentions.csv, atomically."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from geo.errors import OutputError
from geo.model import Result


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write one file through a temporary file and a rename: never a torn file."""
    path = Path(path)
    write_outputs(path.parent, {path.name: data})


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def check_output_folder(folder: str | os.PathLike[str]) -> None:
    """Fail early, before any work, when `folder` can obviously not be written.

    Nothing is created; write_outputs still reports whatever goes wrong later.
    """
    folder = Path(folder)
    probe = folder
    while not probe.exists():
        if probe.is_symlink():
            raise OutputError(f"{folder}: {probe} is a broken symbolic link")
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        if probe == folder:
            raise OutputError(f"{folder}: exists and is not a folder")
        raise OutputError(f"{folder}: cannot create the output folder ({probe} is a file)")
    if probe.is_dir() and not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(f"{folder}: cannot write here (permission denied on {probe})")


def write_outputs(folder: str | os.PathLike[str], files: dict[str, bytes]) -> list[Path]:
    """Write several files so that a failure leaves every previous file untouched.

    All files are staged as temporaries in `folder` first; only when every one is on disk are
    they renamed into place. Each file being replaced is kept under a hard-linked (or copied)
    backup name until all renames succeed, so a failure half-way through the renames puts the
    old files back, byte for byte and with their old timestamps. No temporary file survives,
    and a folder created for this run is removed again when the run fails.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: exists and is not a folder")
    created = _missing_parents(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _remove_created(created)
        raise OutputError(f"{folder}: cannot create the output folder ({_reason(exc)})") from None
    temporaries: list[Path] = []
    staged: list[tuple[Path, Path]] = []  # (target, new content)
    backups: dict[Path, Path] = {}  # target -> its previous content
    replaced: list[Path] = []
    done = False
    try:
        for name, data in files.items():
            target = folder / name
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            except OSError as exc:
                raise OutputError(f"{folder}: cannot write here ({_reason(exc)})") from None
            temporaries.append(Path(tmp))
            staged.append((target, Path(tmp)))
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, 0o644)
            except OSError as exc:
                raise OutputError(f"{target}: cannot write ({_reason(exc)})") from None
        for target, _ in staged:
            if target.is_dir():
                raise OutputError(f"{target}: is a folder; cannot replace it with a file")
            if target.exists():
                backup = _backup(target, folder)
                temporaries.append(backup)
                backups[target] = backup
        for target, tmp in staged:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise OutputError(f"{target}: cannot write ({_reason(exc)})") from None
            replaced.append(target)
        _fsync_folder(folder)
        done = True
    except OSError as exc:  # anything not reported more precisely above
        raise OutputError(f"{folder}: cannot write ({_reason(exc)})") from None
    finally:
        if not done:
            _roll_back(replaced, backups)
        for tmp in temporaries:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
        if not done:
            _remove_created(created)
    return [target for target, _ in staged]


def _reason(exc: OSError) -> str:
    return str(exc.strerror or exc).splitlines()[0]


def _backup(target: Path, folder: Path) -> Path:
    """A second name for `target`'s current content, in the same folder."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".old", dir=folder)
    os.close(fd)
    backup = Path(tmp)
    try:
        backup.unlink()
        os.link(target, backup)  # same inode: same bytes, same timestamps, no copying
    except OSError:
        try:
            shutil.copy2(target, backup)  # file systems without hard links
        except OSError as exc:
            backup.unlink(missing_ok=True)
            raise OutputError(f"{target}: cannot keep a backup ({_reason(exc)})") from None
    return backup


def _roll_back(replaced: list[Path], backups: dict[Path, Path]) -> None:
    """Put back what was there before the renames began (best effort: we are failing already)."""
    for target in reversed(replaced):
        try:
            if target in backups:
                os.replace(backups[target], target)
            else:
                target.unlink(missing_ok=True)  # the run created it
        except OSError:
            pass


def _missing_parents(folder: Path) -> list[Path]:
    """The folders that mkdir(parents=True) would create, deepest first."""
    missing = []
    probe = folder
    while not probe.exists() and probe.parent != probe:
        missing.append(probe)
        probe = probe.parent
    return missing


def _remove_created(created: list[Path]) -> None:
    for path in created:
        try:
            path.rmdir()  # only when empty: never removes anything but our own folder
        except OSError:
            return


def _fsync_folder(folder: Path) -> None:
    """Make the renames durable (POSIX); harmless where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def places_geojson(result: Result) -> str:
    """RFC 7946 FeatureCollection, one feature per distinct place (WGS84 lon/lat)."""
    ops_by_place: dict[str, list[str]] = {}
    for op in result.annotations.operations:
        for key in op.place_keys:
            ops_by_place.setdefault(key, []).append(op.name)
    bases = {b.place_key: b for b in result.annotations.bases}
    events_by_place: dict[str, list[dict[str, Any]]] = {}
    for event in result.annotations.events:
        for key in event.place_keys:
            events_by_place.setdefault(key, []).append(
                {
                    "type": event.type,
                    "label": event.label,
                    "date": event.date,
                    "date_end": event.date_end,
                    "paragraph": event.evidence.paragraph,
                }
            )
    features = []
    for place in result.places:
        base = bases.get(place.key)
        features.append(
            {
                "type": "Feature",
                "id": place.key,
                "geometry": place.geometry,
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
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


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
    "admin1",
    "admin2",
    "geonames_id",
    "pcode",
    "precision",
    "approximate",
    "confidence",
    "geocoder",
    "status",
    "sentence_text",
)


def mentions_csv(result: Result) -> str:
    """One row per mention, located or not, in document order."""
    rows = []
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
                        "sentence_text": e.text,
                    },
                )
            )
    for resolution in result.unresolved:
        m = resolution.mention
        sentence = result.document.sentences[m.sentence]
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
                    "sentence_text": sentence.text,
                },
            )
        )
    rows.sort(key=lambda r: (r[0], -r[1]))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=MENTION_COLUMNS, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(r[2] for r in rows)
    return buf.getvalue()
