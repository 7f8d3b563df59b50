"""Many reports at once: collect the inputs, run each through the pipeline, merge the results.

Design:
- The per-document function (`process_document`) takes the raw bytes and a file name and
  returns one JSON string: the document's metadata, its places (GeoJSON features with per-
  document counts and quotes) and its mentions.csv rows. The same string is what the cache
  stores and what travels back from a worker process or a Dask worker, so a cached, a local
  and a remote result are the same bytes.
- The main process reads and hashes each input (for the cache), hands it to a runner (in
  process, a process pool, or a dask.distributed client) and consumes the results strictly in
  input order through a bounded window of futures: outputs do not depend on the number of
  workers, and memory does not grow with the corpus.
- `geo.corpus_export.CorpusOutputs` streams the merged outputs to staging files; nothing in
  the output folder changes until the whole corpus is done (export.write_outputs).
"""

from __future__ import annotations

import contextlib
import csv
import glob
import hashlib
import json
import os
import signal
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from geo import __version__, paths
from geo.document import read_bytes, too_big_message
from geo.errors import DocumentError, GeoError
from geo.io import reason

if TYPE_CHECKING:
    from geo.model import Result
    from geo.online import OnlineGeocoder

# What a folder is searched for (case-insensitive). Other files in a folder are skipped.
ACCEPTED_SUFFIXES = (".txt", ".text", ".md", ".pdf", ".docx", ".html", ".htm")
QUOTES_PER_DOCUMENT = 2  # sentences quoted per place and document
MAX_QUOTE_CHARS = 400
RECORD_FORMAT = 4  # bump when the record layout changes: old cache entries are then ignored


@dataclass(frozen=True)
class Input:
    """One document of the corpus: its label in the outputs and where to read it."""

    document: str  # unique label: the path relative to the inputs' common folder
    path: str  # as given on the command line, or found under a folder / by a glob
    error: str = ""  # set when the argument names nothing readable


# ---------------------------------------------------------------- inputs


def is_url(arg: str) -> bool:
    """An fsspec URL such as s3://bucket/key or memory://x (not a Windows drive letter)."""
    head, sep, _ = arg.partition("://")
    return bool(sep) and len(head) > 1 and head.replace("+", "").replace("-", "").isalnum()


def collect_inputs(args: Sequence[str]) -> list[Input]:
    """Files, folders (searched recursively for ACCEPTED_SUFFIXES) and globs, in a stable order.

    Each argument's files come in the order given; a folder's or a glob's files sorted by path.
    A file named twice is read once. An argument that names nothing becomes an Input with an
    error, so it is reported in documents.csv like any other failed document.
    """
    found: list[tuple[str, str]] = []  # (path, error)
    for arg in args:
        found.extend(_expand(str(arg)))
    seen: set[str] = set()
    unique = []
    for path, error in found:
        identity = path if error or is_url(path) else os.path.realpath(path)
        if identity not in seen:
            seen.add(identity)
            unique.append((path, error))
    labels = _labels([p for p, _ in unique])
    return [Input(label, path, error) for label, (path, error) in zip(labels, unique, strict=True)]


def _expand(arg: str) -> list[tuple[str, str]]:
    if is_url(arg):
        return _expand_url(arg)
    if glob.has_magic(arg) and not os.path.exists(arg):
        matches = sorted(
            p for p in glob.glob(arg, recursive=True) if os.path.isfile(p) or os.path.isdir(p)
        )
        if not matches:
            return [(arg, f"{arg}: matches no file")]
        out: list[tuple[str, str]] = []
        for match in matches:
            out.extend(_expand_folder(match) if os.path.isdir(match) else [(match, "")])
        return out
    if os.path.isdir(arg):
        return _expand_folder(arg)
    if not os.path.lexists(arg):
        return [(arg, f"{arg}: no such file")]
    return [(arg, "")]


def _expand_folder(folder: str) -> list[tuple[str, str]]:
    """Accepted files under `folder`, recursively, hidden files and folders skipped."""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith(".") and name.lower().endswith(ACCEPTED_SUFFIXES):
                out.append(os.path.join(root, name))
    return [(p, "") for p in sorted(out, key=lambda p: PurePosixPath(Path(p).as_posix()).parts)]


def _expand_url(url: str) -> list[tuple[str, str]]:
    try:
        import fsspec
    except ImportError:
        return [(url, f"{url}: reading URLs needs fsspec (pip install 'geo[dask]')")]
    try:
        fs, _, roots = fsspec.get_fs_token_paths(url)
        protocol = url.split("://", 1)[0]
        out = []
        for root in sorted(roots):
            if fs.isdir(root):
                files = sorted(fs.find(root))
                out += [f for f in files if f.lower().endswith(ACCEPTED_SUFFIXES)]
            else:
                out.append(root)
    except Exception as exc:  # noqa: BLE001 - any backend's error becomes a one-line row
        return [(url, f"{url}: cannot list ({reason(exc)})")]
    if not out:
        return [(url, f"{url}: matches no file")]
    return [(p if "://" in p else f"{protocol}://{p.lstrip('/')}", "") for p in out]


def _labels(found: Sequence[str]) -> list[str]:
    """Each path relative to the local paths' common folder (URLs stay as they are)."""
    local = [os.path.abspath(p) for p in found if not is_url(p)]
    base = ""
    if local:
        base = os.path.commonpath(local)
        if len(local) == 1 or os.path.isfile(base):
            base = os.path.dirname(base)
    labels = []
    for path in found:
        if is_url(path):
            labels.append(path)
        else:
            labels.append(Path(os.path.relpath(os.path.abspath(path), base)).as_posix())
    return labels


# ---------------------------------------------------------------- reading


def read_input(item: Input, max_bytes: int) -> bytes:
    """The raw bytes of one input, refusing more than `max_bytes` (DocumentError otherwise)."""
    if item.error:
        raise DocumentError(item.error)
    if is_url(item.path):
        return _read_url(item.path, max_bytes)
    return read_bytes(item.path, max_bytes)


def _read_url(url: str, max_bytes: int) -> bytes:
    try:
        import fsspec

        with fsspec.open(url, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except ImportError:
        raise DocumentError(f"{url}: reading URLs needs fsspec (pip install 'geo[dask]')") from None
    except Exception as exc:  # noqa: BLE001 - any backend's error becomes a one-line row
        raise DocumentError(f"{url}: cannot be read ({reason(exc)})") from None
    if len(raw) > max_bytes:
        raise DocumentError(too_big_message(url, "", max_bytes))
    return raw


# ---------------------------------------------------------------- one document


def process_document(
    raw: bytes, name: str, max_bytes: int, online: OnlineGeocoder | None = None
) -> str:
    """The per-document function: bytes in, one JSON record out (never raises).

    `name` is the file's name (its extension helps tell a PDF, .docx or web page from text).
    Runs in a worker process or on a Dask worker as well as in process; the gazetteer is
    loaded once per process (load_gazetteer is cached).
    """
    from geo.document import parse_document
    from geo.gazetteer import load_gazetteer
    from geo.pipeline import run_document

    try:
        document = parse_document(raw, source=name, max_bytes=max_bytes)
        result = run_document(document, gazetteer=load_gazetteer(), online=online)
        record = document_record(result)
    except GeoError as exc:
        record = _error_record(str(exc), hashlib.sha256(raw).hexdigest())
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the corpus
        message = f"internal error: {type(exc).__name__}: {reason(exc)}"
        record = _error_record(f"{name}: {message}", hashlib.sha256(raw).hexdigest())
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _error_record(message: str, sha256: str = "") -> dict[str, Any]:
    return {"status": "error", "message": _one_line(message), "sha256": sha256}


def _one_line(message: str) -> str:
    return message.replace("\r", "\\r").replace("\n", "\\n")


def document_record(result: Result) -> dict[str, Any]:
    """What the corpus outputs need from one document's Result, as plain JSON data."""
    from geo.export import EVENT_COLUMNS, MENTION_COLUMNS, event_rows, mention_rows, place_features
    from geo.render import _evidence_block

    doc = result.document
    places = []
    for place, feature in zip(result.places, place_features(result), strict=True):
        props = feature["properties"]
        mentions = props.pop("mentions")
        quotes = _evidence_block(place.evidence, place.mentions)
        del quotes["evidence"][QUOTES_PER_DOCUMENT:]
        for quote in quotes["evidence"]:
            if len(quote["text"]) > MAX_QUOTE_CHARS:
                quote["text"] = quote["text"][:MAX_QUOTE_CHARS] + "…"
                quote["marks"] = [m for m in quote["marks"] if m[1] <= MAX_QUOTE_CHARS]
        places.append(
            {
                "key": feature["id"],
                # JSON text inside the record: the main process parses a place's shape once,
                # not once per document that names it (shapes are most of a record's bytes).
                "geometry": _geometry_text(feature["geometry"]),
                "properties": props,
                # What the main process keeps per place and document, as the JSON text it
                # stores (corpus_export.CorpusOutputs.named_in): it is not parsed there.
                "named": json.dumps(
                    {
                        "paragraphs": sorted({m["paragraph"] for m in mentions}),
                        "operations": props.pop("operations"),
                        "base": props.pop("base"),
                        "events": props.pop("events"),
                    },
                    ensure_ascii=False,
                    separators=(",", ":"),
                ),
                "quotes": quotes["evidence"],
                "sentences": quotes["sentences"],
            }
        )
    rows = csv_lines(MENTION_COLUMNS, mention_rows(result))
    events = csv_lines(EVENT_COLUMNS, event_rows(result))
    return {
        "status": "ok",
        "message": "",
        "format": RECORD_FORMAT,
        "geo": code_version(),  # which code made it: a Dask worker may run another geo
        "title": doc.title,
        "date": doc.date,
        "language": doc.language,
        "sha256": doc.sha256,
        "places": places,
        "unresolved": len(result.unresolved),
        "mentions": rows,
        "events": events,
    }


_GEOMETRY_TEXTS: dict[int, tuple[Any, str]] = {}


def _geometry_text(geometry: dict[str, Any] | None) -> str:
    """The geometry as JSON; a boundary shape (the same object in every document that names
    it, see export.rfc7946_geometry) is encoded once per process."""
    if geometry is None or geometry["type"] not in ("Polygon", "MultiPolygon"):
        return json.dumps(geometry, ensure_ascii=False)
    known = _GEOMETRY_TEXTS.get(id(geometry))
    if known is not None and known[0] is geometry:
        return known[1]
    text = json.dumps(geometry, ensure_ascii=False)
    if len(_GEOMETRY_TEXTS) >= 4096:
        _GEOMETRY_TEXTS.clear()
    _GEOMETRY_TEXTS[id(geometry)] = (geometry, text)
    return text


def csv_lines(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> list[str]:
    """Each row as its CSV line (line end included; a quoted field may hold line breaks).

    The main process writes them after the document column as they are, without parsing.
    """
    lines: list[str] = []
    sink = SimpleNamespace(write=lines.append)  # csv.writer writes each row in one call
    csv.writer(sink, lineterminator="\n").writerows(
        [row.get(c, "") for c in columns] for row in rows
    )
    return lines


# ---------------------------------------------------------------- cache


@cache
def gazetteer_version() -> str:
    """A digest of the reference data the pipeline reads (every .tsv and .geojson in data/)."""
    digest = hashlib.sha256()
    root = paths.DATA_DIR
    for path in sorted(root.rglob("*")):
        if path.suffix in (".tsv", ".geojson", ".json") and path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def code_version() -> str:
    """geo's version plus a digest of its Python sources: an edited pipeline is a new version."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("geo", appauthor=False)) / "documents"


class ResultCache:
    """One JSON record per document, keyed by content sha256 + gazetteer + geo versions.

    Entries are written atomically (temporary file + rename) by the main process only, so an
    interrupted run leaves whole entries, and the next run starts where this one stopped.
    Errors are never cached: a file that failed is tried again.
    """

    def __init__(self, folder: str | os.PathLike[str], *, salt: str = "") -> None:
        self.folder = Path(folder)
        self.salt = f"{RECORD_FORMAT}:{gazetteer_version()}:{code_version()}:{salt}"
        self.hits = 0
        self.usable = True

    def key(self, sha256: str) -> str:
        return hashlib.sha256(f"{sha256}:{self.salt}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, sha256: str) -> str | None:
        try:
            text = self._path(self.key(sha256)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        try:
            ok = text.startswith('{"status":"ok"') and json.loads(text)["format"] == RECORD_FORMAT
        except (ValueError, KeyError, TypeError):
            ok = False
        if not ok:
            return None  # damaged or foreign: computed again (and rewritten)
        self.hits += 1
        return text

    def put(self, sha256: str, record: str) -> None:
        if not self.usable:
            return
        path = self._path(self.key(sha256))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(record)
            os.replace(tmp, path)
        except OSError as exc:
            self.usable = False  # a cache is an optimisation: say so once and go on
            print(f"geo: warning: result cache disabled ({reason(exc)})", file=sys.stderr)


# ---------------------------------------------------------------- runners


def _ignore_sigint() -> None:
    # Ctrl-C is the main process's business: it cancels what is queued and keeps the outputs.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _die_with_parent() -> None:
    """Linux: end this worker when the main process dies (killed, not interrupted)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError):
        pass  # not Linux: an orphan finishes its few queued documents and exits


def _init_worker() -> None:
    from geo.gazetteer import load_gazetteer

    _ignore_sigint()
    _die_with_parent()
    load_gazetteer()  # already there when forked from a loaded main process


def _load_pipeline() -> None:
    """The pipeline's modules and the gazetteer, loaded once in this process."""
    import geo.export
    import geo.pipeline
    import geo.render  # noqa: F401 - document_record's helpers
    from geo.gazetteer import load_gazetteer

    load_gazetteer()


def _pool_context() -> Any:
    """fork on Linux: workers start at once with the main process's loaded gazetteer (shared
    copy-on-write) instead of each loading it again; elsewhere the platform's default, where
    each worker loads it once (_init_worker)."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class Runner:
    """Runs the per-document function somewhere; `window` futures may be in flight at once."""

    window = 1

    def submit(self, fn: Callable[..., str], *args: Any) -> Future[str]:
        future: Future[str] = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - delivered through the future
            future.set_exception(exc)
        return future

    def when_started(self, callback: Callable[[], None]) -> None:
        """Call `callback` once documents run elsewhere (never for this in-process runner)."""

    def close(self, cancel: bool = False) -> None:
        pass


class PoolRunner(Runner):
    """Worker processes on this machine, started at the first document the cache lacks."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.window = jobs * 4
        self.pool: Any = None
        self.context = _pool_context()
        self._on_start: list[Callable[[], None]] = []

    def submit(self, fn: Callable[..., str], *args: Any) -> Future[str]:
        if self.pool is not None:
            return self.pool.submit(fn, *args)
        first = None
        if self.context.get_start_method() == "fork":
            # The first document is mapped here, then the workers fork: they start with the
            # gazetteer and what the pipeline builds on first use (compiled patterns, indexes)
            # instead of each building them (0.25 s CPU a worker). A document crashing the
            # process would do the same with --jobs 1.
            _load_pipeline()  # also when that document fails before using the pipeline
            first = super().submit(fn, *args)
        self.pool = self._start()
        for callback in self._on_start:
            callback()
        return first if first is not None else self.pool.submit(fn, *args)

    def _start(self) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(
            max_workers=self.jobs, mp_context=self.context, initializer=_init_worker
        )
        # Start every worker now, while this process runs no other thread (when_started
        # callbacks may start one; the progress bar runs without tqdm's monitor thread).
        pool.submit(int)
        return pool

    def when_started(self, callback: Callable[[], None]) -> None:
        if self.pool is not None:
            callback()
        else:
            self._on_start.append(callback)

    def close(self, cancel: bool = False) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=cancel)


class DaskRunner(Runner):
    """A dask.distributed cluster: the same function, sent to the scheduler at `address`."""

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise GeoError("--dask needs dask.distributed: pip install 'geo[dask]'") from None
        try:
            self.client = Client(address, timeout="10s", set_as_default=False)
        except Exception as exc:  # noqa: BLE001 - OSError, TimeoutError, ValueError...
            raise GeoError(f"--dask {address}: cannot connect ({reason(exc)})") from None
        threads = sum(self.client.nthreads().values()) or 1
        self.window = threads * 4

    def submit(self, fn: Callable[..., str], *args: Any) -> Future[str]:
        return self.client.submit(fn, *args, pure=False)  # type: ignore[return-value]

    def when_started(self, callback: Callable[[], None]) -> None:
        callback()  # the cluster is there already

    def close(self, cancel: bool = False) -> None:
        self.client.close()


def make_runner(jobs: int, dask: str | None, todo: int, online: bool) -> Runner:
    if dask:
        return DaskRunner(dask)
    if jobs <= 1 or todo <= 1 or online:
        return Runner()  # --online stays in process: one polite client, one rate limit
    return PoolRunner(min(jobs, todo))


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _check_version(record: str) -> None:
    """Refuse a result made by other code (a cluster whose workers run another geo)."""
    # Quotes inside the document's text are escaped, so only the record's own field matches.
    if f'"geo":"{code_version()}"' not in record:
        made_by = json.loads(record).get("geo") or "of an older version"
        raise GeoError(
            f"a worker runs geo {made_by}, this is geo {code_version()}: "
            "install the same geo on the workers (pip install on each, then restart them)"
        )


# ---------------------------------------------------------------- the corpus run


def iter_records(
    inputs: Iterable[Input],
    runner: Runner,
    *,
    max_bytes: int,
    cache: ResultCache | None = None,
    online: OnlineGeocoder | None = None,
) -> Iterator[tuple[Input, str]]:
    """(input, JSON record) for every input, in input order, at most runner.window in flight."""
    pending: deque[tuple[Input, str, Future[str] | str]] = deque()

    def start(item: Input) -> tuple[Input, str, Future[str] | str]:
        try:
            raw = read_input(item, max_bytes)
        except DocumentError as exc:
            return item, "", json.dumps(_error_record(str(exc)), ensure_ascii=False)
        sha256 = hashlib.sha256(raw).hexdigest()
        cached = cache.get(sha256) if cache else None
        if cached is not None:
            return item, sha256, cached
        name = PurePosixPath(item.path).name or item.document
        args = (raw, name, max_bytes, online) if online else (raw, name, max_bytes)
        return item, sha256, runner.submit(process_document, *args)

    def finish(entry: tuple[Input, str, Future[str] | str]) -> tuple[Input, str]:
        item, sha256, outcome = entry
        if isinstance(outcome, str):
            return item, outcome
        try:
            record = outcome.result()
        except Exception as exc:  # noqa: BLE001 - a lost worker, a cluster error...
            message = f"{item.path}: failed in a worker ({type(exc).__name__}: {reason(exc)})"
            return item, json.dumps(_error_record(message, sha256), ensure_ascii=False)
        if record.startswith('{"status":"ok"'):
            _check_version(record)
            if cache is not None:
                cache.put(sha256, record)
        else:  # the worker only knew the file name: say which file
            failure = json.loads(record)
            name = PurePosixPath(item.path).name
            if failure["message"].startswith(f"{name}: "):
                failure["message"] = f"{item.path}: {failure['message'][len(name) + 2 :]}"
            record = json.dumps(failure, ensure_ascii=False)
        return item, record

    for item in inputs:
        pending.append(start(item))
        while len(pending) > runner.window:
            yield finish(pending.popleft())
    while pending:
        yield finish(pending.popleft())


@dataclass(frozen=True)
class CorpusRun:
    """What a corpus run did: the written files and every document's outcome."""

    written: list[Path]
    documents: int
    failed: list[tuple[Input, str]]
    places: int
    cached: int


def map_corpus(
    args: Sequence[str],
    out_dir: str | os.PathLike[str],
    *,
    jobs: int | None = None,
    dask: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    max_bytes: int | None = None,
    online: OnlineGeocoder | None = None,
    title: str | None = None,
    tiles: Sequence[str] = ("osm", "light"),
    progress: bool = False,
) -> CorpusRun:
    """Map every document that `args` name into `out_dir` (see the module docstring).

    Raises GeoError when the arguments name no document at all; a document that fails is a
    row of documents.csv with status "error" (CorpusRun.failed), not an exception.
    """
    from geo.corpus_export import CorpusOutputs
    from geo.corpus_map import write_corpus_map
    from geo.document import max_bytes_from_env
    from geo.export import write_outputs

    inputs = collect_inputs(args)
    if not inputs:
        kinds = ", ".join(ACCEPTED_SUFFIXES)
        raise GeoError(f"no documents found in {' '.join(map(str, args))} (looked for {kinds})")
    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    cache = None
    if use_cache:
        salt = "online" if online else ""
        cache = ResultCache(cache_dir or default_cache_dir(), salt=salt)
    runner = make_runner(jobs or default_jobs(), dask, len(inputs), online is not None)
    map_libraries = _MapLibraries(runner)
    with tempfile.TemporaryDirectory(prefix="geo-corpus-") as staging:
        outputs = CorpusOutputs(Path(staging))
        bar = _progress_bar(len(inputs), progress)
        cancelled = True
        try:
            records = iter_records(inputs, runner, max_bytes=limit, cache=cache, online=online)
            for item, record in records:
                outputs.add(item, record)
                bar.update(1)
            cancelled = False
        finally:
            bar.close()
            runner.close(cancel=cancelled)
            outputs.close()
        try:
            places = outputs.write_places_geojson(Path(staging) / "places.geojson")
            map_libraries.wait()
            page = write_corpus_map(outputs, Path(staging) / "map.html", title=title, tiles=tiles)
            written = write_outputs(
                out_dir,
                {
                    "places.geojson": places,
                    "mentions.csv": Path(staging) / "mentions.csv",
                    "events.csv": Path(staging) / "events.csv",
                    "documents.csv": Path(staging) / "documents.csv",
                    "map.html": page,
                },
            )
        finally:
            outputs.release()
    return CorpusRun(
        written=written,
        documents=len(outputs.documents),
        failed=outputs.failed,
        places=len(outputs.places),
        cached=cache.hits if cache else 0,
    )


class _MapLibraries:
    """folium (a third of a second to import), imported in a thread while the workers map
    the documents rather than after the last one; see Runner.when_started.

    Not for the in-process runner, whose pipeline it would slow down. A failure here is left
    to the import in write_corpus_map to report.
    """

    def __init__(self, runner: Runner) -> None:
        self.thread: threading.Thread | None = None
        runner.when_started(self.start)

    def start(self) -> None:
        self.thread = threading.Thread(target=self._load, name="geo-import-folium", daemon=True)
        self.thread.start()

    @staticmethod
    def _load() -> None:
        from geo.render import _import_folium

        with contextlib.suppress(Exception):
            _import_folium()

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()


def _progress_bar(total: int, show: bool) -> Any:
    """tqdm on stderr when asked and stderr is a terminal; otherwise a silent stand-in."""
    if show and sys.stderr.isatty():
        from tqdm import tqdm

        class Bar(tqdm):
            monitor_interval = 0  # no monitor thread: worker processes may fork later

        return Bar(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, leave=False)

    class Silent:
        def update(self, n: int) -> None:
            pass

        def close(self) -> None:
            pass

    return Silent()


def is_corpus(args: Sequence[str]) -> bool:
    """Several inputs, a folder, a glob or a URL make a corpus; one file is mapped as before."""
    if len(args) != 1:
        return len(args) > 1
    arg = str(args[0])
    if is_url(arg) or os.path.isdir(arg):
        return True
    return glob.has_magic(arg) and not os.path.exists(arg)
