"""The `geo` command line: map a report, list its places, geocode a name, rebuild the gazetteer.

Heavy libraries are imported inside the commands that need them, so `geo --help` is instant and
`geo map` pays only for what it uses.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import click

from geo import __version__

if TYPE_CHECKING:
    from geo.api import Result

DEFAULT_OUT = Path("output")
EXIT_ERROR = 1


class GeoGroup(click.Group):
    """Turns our errors into one line and exit 1; `--debug` adds the traceback.

    Usage errors (a missing DOCUMENT, a bad option value) stay click's: exit 2.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("geo: interrupted; earlier outputs are unchanged", err=True)
            sys.exit(130)
        except BrokenPipeError:
            _silence_stdout()  # `geo places ... | head`: the reader has gone, nothing to say
            sys.exit(EXIT_ERROR)
        except Exception as exc:  # noqa: BLE001 - the one place that reports every failure
            from geo.errors import GeoError

            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            if isinstance(exc, GeoError):
                click.echo(f"geo: error: {_one_line(str(exc))}", err=True)
            else:
                click.echo(
                    f"geo: internal error: {type(exc).__name__}: {_one_line(str(exc))} "
                    "(rerun with --debug)",
                    err=True,
                )
            sys.exit(EXIT_ERROR)


def _one_line(message: str) -> str:
    """Error messages stay on one line even when a file name holds a line break."""
    return message.replace("\r", "\\r").replace("\n", "\\n")


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (as under click's test runner)


@click.group(cls=GeoGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geo")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors (for developers).")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Find the places a UN report on Mali mentions, locate them and map what happened where.

    Works offline: the gazetteer (GeoNames, OCHA boundaries, Chinese renderings) ships in data/.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        root = ctx.find_root()
        root.ensure_object(dict)
        root.obj["debug"] = True


# `geo map report.txt --debug` works as well as `geo --debug map report.txt`.
_debug_option = click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_set_debug,
    help="Show full tracebacks on errors (for developers).",
)


def _document_argument(required: bool = True):
    # geo.document checks the path itself (missing, a folder, unreadable) so that every
    # problem with the input is one line naming the file, exit 1. "-" is standard input.
    return click.argument("document", required=required, type=click.Path(path_type=Path))


def _check_out(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """Refuse an --out folder that cannot be created before doing any work (one line, exit 1)."""
    from geo.export import check_output_folder

    check_output_folder(value)
    return value


_max_bytes_option = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Refuse documents larger than this many bytes (default 5,000,000, or GEO_MAX_BYTES).",
)
_online_option = click.option(
    "--online",
    is_flag=True,
    help="Ask OpenStreetMap Nominatim (1 request/s, cached) for names the gazetteer lacks.",
)
_cache_option = click.option(
    "--cache",
    "cache_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Cache file for --online answers (default: ~/.cache/geo/nominatim.json).",
)


def _online_geocoder(online: bool, cache_path: Path | None):
    if not online:
        return None
    from geo import paths
    from geo.online import OnlineGeocoder

    return OnlineGeocoder(cache_path or paths.ONLINE_CACHE)


def _report_online(geocoder) -> None:
    for warning in getattr(geocoder, "warnings", []) or []:
        click.echo(f"geo: note: {warning}", err=True)


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    import datetime

    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2020-06-01") from None


_date_option = click.option(
    "--date",
    "document_date",
    default=None,
    callback=_check_date,
    help="Date of the document (YYYY-MM-DD), for texts that give none: relative dates "
    "('the same day', 当天, 'on Monday') are resolved against it. Replaces the text's own date.",
)


def _run(
    document: Path | None,
    online: bool,
    cache_path: Path | None,
    max_bytes: int | None,
    date: str | None = None,
) -> Result:
    """The API's `geo.read` on a path, the default letter, or standard input ("-")."""
    from geo import api, paths

    geocoder = _online_geocoder(online, cache_path)
    if document is not None and str(document) == "-":
        result = api.read(_read_stdin(max_bytes), online=geocoder or False, date=date)
    else:
        path = document or paths.DEFAULT_DOCUMENT
        result = api.read(path, online=geocoder or False, max_bytes=max_bytes, date=date)
    _report_online(geocoder)
    return result


def _read_stdin(max_bytes: int | None):
    """The document piped in on standard input, read within the same size limit as a file."""
    from geo.document import max_bytes_from_env, parse_document, too_big_message
    from geo.errors import DocumentError

    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    stream = click.get_binary_stream("stdin")
    if stream.isatty():
        raise DocumentError("-: standard input is a terminal; pipe a document into geo")
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise DocumentError(too_big_message("<stdin>", "", limit))
    if not raw:
        raise DocumentError("<stdin>: is empty; pipe a document into geo")
    return parse_document(raw, source="<stdin>")


@main.command("map", short_help="Map a report into map.html, places.geojson, mentions.csv.")
@_debug_option
@click.argument("documents", nargs=-1, type=str)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    callback=_check_out,
    help="Folder for map.html, places.geojson, mentions.csv and events.csv "
    "(and documents.csv for a corpus).",
)
@click.option("--title", default=None, help="Map title (default: the document's own title).")
@click.option(
    "--tiles",
    multiple=True,
    default=("osm", "light"),
    show_default=True,
    help="Base layers: 'osm', 'light' or an XYZ URL template; repeat for several.",
)
@click.option("--no-tiles", is_flag=True, help="No online base layers: vector layers only.")
@click.option("--open", "open_browser", is_flag=True, help="Open the map in the browser.")
@_online_option
@_cache_option
@_max_bytes_option
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Corpus: worker processes (default: every core).",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    default=None,
    help="Corpus: run the documents on a dask.distributed scheduler (tcp://HOST:PORT).",
)
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Corpus: per-document result cache (default: the user cache folder, geo/documents).",
)
@click.option("--no-cache", is_flag=True, help="Corpus: neither read nor write the result cache.")
@click.option("-q", "--quiet", is_flag=True, help="Corpus: no progress bar.")
@_date_option
def map_command(
    documents: tuple[str, ...],
    out_dir: Path,
    title: str | None,
    tiles: tuple[str, ...],
    no_tiles: bool,
    open_browser: bool,
    online: bool,
    cache_path: Path | None,
    max_bytes: int | None,
    jobs: int | None,
    dask_address: str | None,
    cache_dir: Path | None,
    no_cache: bool,
    quiet: bool,
    document_date: str | None,
) -> None:
    """Map DOCUMENTS (default: the MINUSMA letter in data/) into the --out folder.

    One file writes map.html (self-contained, opens offline), places.geojson, mentions.csv and
    events.csv.
    Several files, folders (searched recursively for .txt, .md, .pdf, .docx, .html) or globs
    make a corpus: the same files merged across documents (mentions.csv and events.csv with a
    document column), plus documents.csv (one row per input, status ok or error); exit code 1
    if any document failed. Files are replaced only
    when the whole run succeeds; a failed run leaves the folder as it was.
    """
    from geo.corpus import is_corpus

    if is_corpus(documents):
        if document_date:
            raise click.UsageError(
                "--date sets one document's date; in a corpus each keeps its own"
            )
        _map_corpus(
            documents,
            out_dir,
            title=title,
            tiles=() if no_tiles else tiles,
            open_browser=open_browser,
            online=online,
            cache_path=cache_path,
            max_bytes=max_bytes,
            jobs=jobs,
            dask_address=dask_address,
            cache_dir=cache_dir,
            no_cache=no_cache,
            quiet=quiet,
        )
        return
    from geo.io import write_outputs

    document = Path(documents[0]) if documents else None
    result = _run(document, online, cache_path, max_bytes, document_date)
    try:
        files = result.outputs(title=title, tiles=() if no_tiles else tiles)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    written = write_outputs(out_dir, files)
    _summary(result)
    for path in written:
        click.echo(f"wrote {path}")
    if open_browser:
        _open_map(written[-1])


def _open_map(path: Path) -> None:
    """Open the map in a browser; when none answers, say so in one line and where the map is."""
    import shutil
    import subprocess
    import webbrowser

    target = path.resolve()
    opened = False
    if sys.platform.startswith(("linux", "freebsd", "openbsd")) and shutil.which("xdg-open"):
        # xdg-open reports a missing browser only through its exit status and a burst of
        # lines on stderr: capture them and give one line instead.
        try:
            done = subprocess.run(
                ["xdg-open", str(target)], capture_output=True, timeout=20, check=False
            )
            opened = done.returncode == 0
        except (OSError, subprocess.SubprocessError):
            opened = False
    else:
        try:
            opened = webbrowser.open(target.as_uri())
        except webbrowser.Error:
            opened = False
    if opened:
        click.echo(f"opened {target}", err=True)
    else:
        click.echo(f"geo: note: no browser could be opened; the map is {target}", err=True)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


MAX_FAILURES_SHOWN = 20


def _map_corpus(documents: tuple[str, ...], out_dir: Path, **options) -> None:
    from geo.corpus import map_corpus

    if options["dask_address"] and options["online"]:
        raise click.UsageError("--online cannot be combined with --dask")
    try:
        run = map_corpus(
            documents,
            out_dir,
            jobs=options["jobs"],
            dask=options["dask_address"],
            cache_dir=options["cache_dir"],
            use_cache=not options["no_cache"],
            max_bytes=options["max_bytes"],
            online=_online_geocoder(options["online"], options["cache_path"]),
            title=options["title"],
            tiles=options["tiles"],
            progress=not options["quiet"],
        )
    except ValueError as exc:  # a bad --tiles value
        raise click.UsageError(str(exc)) from None
    for _item, message in run.failed[:MAX_FAILURES_SHOWN]:
        click.echo(f"geo: error: {_one_line(message)}", err=True)
    if len(run.failed) > MAX_FAILURES_SHOWN:
        more = len(run.failed) - MAX_FAILURES_SHOWN
        click.echo(f"geo: ... and {more} more failed documents (see documents.csv)", err=True)
    cached = f", {run.cached} from the cache" if run.cached else ""
    click.echo(
        f"{_plural(run.documents, 'document')} ({run.documents - len(run.failed)} ok, "
        f"{len(run.failed)} failed{cached}); {_plural(run.places, 'place')}",
        err=True,
    )
    for path in run.written:
        click.echo(f"wrote {path}")
    if options["open_browser"]:
        _open_map(run.written[-1])
    if run.failed:
        sys.exit(EXIT_ERROR)


def _summary(result: Result) -> None:
    from geo.vocabulary import KIND_PLURALS

    places = result.places
    if not places:
        click.echo(f"No places found in {result.document.source}.", err=True)
    else:
        kinds: dict[str, int] = {}
        for place in places:
            kinds[place.kind] = kinds.get(place.kind, 0) + 1
        counts = ", ".join(
            _plural(n, kind, KIND_PLURALS.get(kind, kind).lower()) for kind, n in kinds.items()
        )
        a = result.annotations
        click.echo(
            f"{_plural(len(places), 'place')} ({counts}); "
            f"{_plural(len(a.operations), 'operation')}, "
            f"{_plural(len(a.bases), 'temporary base')}, {_plural(len(a.events), 'event')}",
            err=True,
        )
    for resolution in result.unresolved:
        click.echo(
            f"geo: warning: not located: {resolution.mention.surface!r} "
            f"(paragraph {resolution.mention.paragraph})"
            + (f": {resolution.note}" if resolution.note else ""),
            err=True,
        )


@main.command("places", short_help="List the places a report mentions, on stdout.")
@_debug_option
@_document_argument()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "geojson"]),
    default="table",
    show_default=True,
    help="table: aligned text; csv: one row per mention; json: one object per place; "
    "geojson: RFC 7946 FeatureCollection.",
)
@_online_option
@_cache_option
@_max_bytes_option
def places_command(
    document: Path, fmt: str, online: bool, cache_path: Path | None, max_bytes: int | None
) -> None:
    """List the places DOCUMENT mentions, on stdout ("-" reads standard input).

    \b
    The table's columns:
      prec  precision: 1 exact, 2 near, 3 cercle, 4 region, 5 wide area, 6 country;
            '~' approximate: placed at that unit, not at the place itself
      conf  confidence, 0 to 1
      n     mentions in the document
      note  why a match is fuzzy or approximate
    """
    from geo.export import mentions_csv, places_geojson

    result = _run(document, online, cache_path, max_bytes)
    if fmt == "csv":
        click.echo(mentions_csv(result), nl=False)
    elif fmt == "geojson":
        click.echo(places_geojson(result), nl=False)
    elif fmt == "json":
        features = json.loads(places_geojson(result))["features"]
        rows = [{"key": f["id"], **f["properties"]} for f in features]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        _table(result)
    if not result.places:
        click.echo(f"No places found in {result.document.source}.", err=True)


TABLE_NOTE_WIDTH = 48


def _table(result: Result) -> None:
    from geo.text import shorten

    header = ("name", "中文", "kind", "cercle", "region", "lat", "lon", "prec", "conf", "n", "note")
    rows = [
        (
            p.name,
            p.name_zh,
            p.kind,
            p.admin2,
            p.admin1,
            "" if p.lat is None else f"{p.lat:.4f}",
            "" if p.lon is None else f"{p.lon:.4f}",
            str(p.precision) + ("~" if p.approximate else ""),
            f"{p.confidence:.2f}",
            str(len(p.mentions)),
            shorten(p.note, TABLE_NOTE_WIDTH),
        )
        for p in result.places
    ]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        line = "  ".join(
            cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)
        )
        click.echo(line.rstrip())
    if rows:
        # On stderr, so that the table itself stays a table for `| sort`, `| head` and friends.
        from geo.vocabulary import PRECISION_SHORT

        codes = ", ".join(f"{code} {word}" for code, word in PRECISION_SHORT.items())
        click.echo(
            f"prec: {codes}; '~' approximate (placed at that unit, not at the place itself). "
            "conf: confidence 0-1. note: why a match is fuzzy or approximate.",
            err=True,
        )


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@main.command("geocode", short_help="Locate one place name and say how sure it is.")
@_debug_option
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the full answer as JSON.")
@_online_option
@_cache_option
def geocode_command(name: str, as_json: bool, online: bool, cache_path: Path | None) -> None:
    """Locate one NAME (科罗省, 'Ogossagou', 'cercle de Koro') and say how sure it is."""
    from geo.geocode import NOMINATIM_SOURCE
    from geo.geocoder import GazetteerGeocoder

    if not name.strip():
        raise click.BadParameter("give a place name", param_hint="NAME")
    location = GazetteerGeocoder().geocode(name)
    if location is None and online:
        geocoder = _online_geocoder(True, cache_path)
        answer = geocoder.geocode(f"{name}, Mali")
        _report_online(geocoder)
        if answer is not None:
            raw = {
                "address": answer.display_name,
                "lat": answer.lat,
                "lon": answer.lon,
                "kind": "",
                "precision": 2,
                "confidence": 0.5,
                "method": "online",
                "note": "not in the gazetteer",
                "source": NOMINATIM_SOURCE,
                "geocoder": answer.source,
            }
            _print_location(raw, as_json)
            return
    if location is None:
        click.echo(f"geo: not found: {name!r} is not in the gazetteer", err=True)
        sys.exit(EXIT_ERROR)
    assert not isinstance(location, list)  # exactly_one
    _print_location({**location.raw}, as_json)


def _print_location(raw: dict, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(raw, ensure_ascii=False, indent=1))
        return
    from geo.vocabulary import PRECISION_SHORT as precision

    click.echo(raw["address"])
    click.echo(f"  kind: {raw['kind']}")
    click.echo(f"  lat, lon: {raw['lat']:.5f}, {raw['lon']:.5f}")
    click.echo(
        f"  precision: {raw['precision']} ({precision.get(raw['precision'], '?')}), "
        f"confidence {raw['confidence']:.2f} ({raw['method']})"
    )
    if raw.get("geonames_id"):
        click.echo(f"  geonames id: {raw['geonames_id']}")
    if raw.get("note"):
        click.echo(f"  note: {raw['note']}")
    click.echo(f"  source: {raw['source']} [{raw['geocoder']}]")


@main.group("gazetteer", short_help="Build or query the offline gazetteer.")
def gazetteer_group() -> None:
    """The offline gazetteer in data/."""


@gazetteer_group.command("build")
@_debug_option
@click.option(
    "--geonames",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="GeoNames dump for Mali (default: data/geonames/ML_places.txt, or the full ML.txt).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Where to write the gazetteer (default: gazetteer.tsv in the user data folder, "
    "which geo then uses).",
)
@click.option(
    "--areas-out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Where to write the area polygons (default: with no --out, next to the gazetteer "
    "in the user data folder; with --out, nowhere).",
)
def gazetteer_build(geonames: Path | None, out: Path | None, areas_out: Path | None) -> None:
    """Rebuild the gazetteer (and the area polygons) from the raw reference data.

    Needs the build extra: pip install 'geo[build]'. Never writes into the installed package.
    """
    from geo import paths
    from geo.errors import GeoError

    try:
        from geo.gazetteer.build import build_gazetteer
    except ImportError as exc:
        raise GeoError(f"geo gazetteer build needs {exc.name}: pip install 'geo[build]'") from None
    if out is None and areas_out is None:
        areas_out = paths.BUILT_AREA_SHAPES
    out = out or paths.BUILT_GAZETTEER
    count = build_gazetteer(geonames or paths.GEONAMES_EXTRACT, out, areas_out)
    click.echo(f"wrote {out}: {count} entries")
    if areas_out is not None:
        click.echo(f"wrote {areas_out}")
    if out == paths.BUILT_GAZETTEER:
        click.echo(f"geo now uses it (delete {paths.USER_DATA_DIR} to go back to the shipped one)")


@gazetteer_group.command("show")
@_debug_option
@click.argument("name")
def gazetteer_show(name: str) -> None:
    """Every gazetteer entry named NAME, with its source."""
    from geo.gazetteer import load_gazetteer

    entries = load_gazetteer().lookup(name)
    if not entries:
        click.echo(f"geo: no gazetteer entry named {name!r}", err=True)
        sys.exit(EXIT_ERROR)
    for e in entries:
        where = ", ".join(x for x in (e.admin2_name, e.admin1_name) if x)
        click.echo(f"{e.key}\t{e.name}\t{e.kind}\t{e.feature_code}\t{e.lat}, {e.lon}\t{where}")
        click.echo(f"\tsource: {e.source}")


if __name__ == "__main__":  # pragma: no cover
    main()
