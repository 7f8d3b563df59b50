"""Bad input, hostile text, network faults and atomic output, through the real command line.

Every failure must print one line that names the file and the problem, exit non-zero (2 for
usage errors, 1 otherwise) and leave an earlier output folder byte for byte as it was.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import geo.document
import geo.render
from geo import paths
from geo.cli import main
from geo.export import MENTION_COLUMNS

LETTER = paths.DEFAULT_DOCUMENT
FILES = ("events.csv", "map.html", "mentions.csv", "places.geojson")
OLD_NS = 1_000_000_000 * 10**9  # 2001-09-09: no run today can give a file this timestamp
CSV_HEADER = ",".join(MENTION_COLUMNS) + "\n"


@pytest.fixture(autouse=True)
def no_size_setting(monkeypatch):
    monkeypatch.delenv("GEO_MAX_BYTES", raising=False)


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env, prog_name="geo")


def assert_error(result, code: int, *needles: str) -> str:
    """A handled failure: exit `code`, nothing on stdout, one message naming the problem."""
    assert result.exit_code == code, (result.exit_code, result.output)
    assert isinstance(result.exception, SystemExit), result.exception  # handled, not a crash
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    if code == 1:
        assert len(lines) == 1, lines
        line = lines[0]
        assert line.startswith(("geo: error: ", "geo: internal error: ")), line
    else:  # click's usage error: usage, hint, then the one line that matters
        line = lines[-1]
        assert lines[0].startswith("Usage: geo ") and line.startswith("Error: "), lines
    for needle in needles:
        assert needle in line, (needle, line)
    return line


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry of `folder` (temporary files included) with its bytes and timestamp."""
    state: dict[str, object] = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_dir():
            state[entry.name] = ("dir", sorted(p.name for p in entry.iterdir()))
        else:
            state[entry.name] = (entry.read_bytes(), entry.stat().st_mtime_ns)
    return state


@pytest.fixture(scope="module")
def letter_output(tmp_path_factory) -> Path:
    """One good `geo map` of the letter, made once per module."""
    out = tmp_path_factory.mktemp("letter") / "out"
    result = run("map", LETTER, "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    return out


@pytest.fixture
def out(letter_output, tmp_path) -> Path:
    """A copy of a good output folder, its files dated 2001 so that any rewrite shows."""
    folder = tmp_path / "out"
    shutil.copytree(letter_output, folder)
    for name in FILES:
        os.utime(folder / name, ns=(OLD_NS, OLD_NS))
    return folder


# -- bad input ------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
BAD_INPUTS = {
    # name: (file content, or None for no file, or "dir"), exit code, what the message says
    "empty.txt": (b"", 1, "is empty"),
    "blank.txt": (b" \n\t  \r\n\n   \n", 1, "contains no text (only white space)"),
    "image.png": (PNG, 1, "looks binary (NUL bytes), not a text file"),
    "noise.bin": (random.Random(0).randbytes(4096), 1, "looks binary"),
    "noise-no-nul.bin": (
        bytes(b or 1 for b in random.Random(0).randbytes(4096)),
        1,
        "is not UTF-8, UTF-16 or GB18030 text (byte 0x",
    ),
    "latin1.fr.txt": (
        "Le cercle de Ségou, à l'est de Mopti : élections prévues.\n".encode("cp1252"),
        1,
        "is not UTF-8, UTF-16 or GB18030 text (byte 0xE9 at offset 14); re-save it as UTF-8",
    ),
    "cp1252.fr.txt": (
        "forêt de Ségou\n".encode("cp1252"),  # decodes as GB18030, into nonsense
        1,
        "looks like Latin-1/Windows-1252 text",
    ),
    "utf16-no-bom.txt": (
        LETTER.read_text(encoding="utf-8").encode("utf-16-le"),
        1,
        "looks like UTF-16 without a byte-order mark; re-save it as UTF-8",
    ),
    "report.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", 1, "is not a readable PDF"),
    "missing.txt": (None, 1, "no such file"),
    "folder.txt": ("dir", 1, "is a directory"),
}


def make_input(tmp_path: Path, name: str) -> Path:
    content = BAD_INPUTS[name][0]
    path = tmp_path / "in" / name
    path.parent.mkdir(exist_ok=True)
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_map_leaves_output_alone(name, out, tmp_path):
    path = make_input(tmp_path, name)
    before = snapshot(out)
    _, code, problem = BAD_INPUTS[name]
    if name == "folder.txt":  # geo map reads a folder as a corpus: here an empty one
        problem = "no documents found"
    assert_error(run("map", path, "--out", out), code, str(path), problem)
    assert snapshot(out) == before


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_places(name, tmp_path):
    path = make_input(tmp_path, name)
    _, code, problem = BAD_INPUTS[name]
    assert_error(run("places", path), code, str(path), problem)


def test_bad_input_into_a_new_folder_creates_nothing(tmp_path):
    path = make_input(tmp_path, "empty.txt")
    assert_error(run("map", path, "--out", tmp_path / "new" / "out"), 1, "is empty")
    assert not (tmp_path / "new").exists()


def test_debug_shows_the_traceback(out, tmp_path):
    path = make_input(tmp_path, "empty.txt")
    before = snapshot(out)
    result = run("--debug", "map", path, "--out", out)
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "geo.errors.DocumentError" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == f"geo: error: {path}: is empty"
    assert snapshot(out) == before
    # Without --debug: no traceback.
    assert_error(run("map", path, "--out", out), 1, "is empty")


def test_a_file_name_with_a_line_break_stays_on_one_line(tmp_path):
    path = tmp_path / "two\nlines.txt"
    path.write_bytes(b"")
    line = assert_error(run("places", path), 1, "is empty")
    assert "two\\nlines.txt" in line


def test_the_real_executable(tmp_path):
    """The installed entry point, in its own process: exit codes and stderr as a shell sees them."""
    empty = make_input(tmp_path, "empty.txt")
    proc = subprocess.run(
        [sys.executable, "-m", "geo.cli", "places", str(empty)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == f"geo: error: {empty}: is empty\n"
    proc = subprocess.run(
        [sys.executable, "-m", "geo.cli", "places", str(tmp_path / "nope.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1
    assert "nope.txt" in proc.stderr and "no such file" in proc.stderr


# -- unwritable output ----------------------------------------------------------------------------


def test_out_under_a_regular_file(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"keep me\n")
    target = tmp_path / "blocker" / "sub" / "out"
    assert_error(run("map", LETTER, "--out", target), 1, str(target), f"{blocker} is a file")
    assert blocker.read_bytes() == b"keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]


def test_out_is_a_regular_file(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"keep me\n")
    assert_error(run("map", LETTER, "--out", blocker), 1, "blocker", "not a folder")
    assert blocker.read_bytes() == b"keep me\n"


def test_an_output_name_taken_by_a_folder(out):
    """Fails while writing (as root too): the other two files must not be replaced either."""
    (out / "map.html").unlink()
    (out / "map.html").mkdir()
    (out / "map.html" / "keep.txt").write_text("keep", encoding="utf-8")
    before = snapshot(out)
    document = out.parent / "other.txt"
    document.write_text("在 Xqzwille 村和加奥发生袭击。\n", encoding="utf-8")
    assert_error(run("map", document, "--out", out), 1, str(out / "map.html"), "is a folder")
    assert snapshot(out) == before


# -- failures half-way through writing ------------------------------------------------------------


def failing_on_call(monkeypatch, name: str, n: int, exc: BaseException, folder: Path) -> list:
    """Make os.<name> raise `exc` on its n-th call that touches `folder`; returns the calls."""
    real = getattr(os, name)
    calls: list = []

    def fake(*args, **kwargs):
        touches = name != "replace" or Path(args[1]).parent == folder
        if touches:
            calls.append(args)
            if len(calls) == n:
                raise exc
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, fake)
    return calls


@pytest.mark.parametrize("n", [1, 2, 3])
def test_rename_failure_puts_every_file_back(n, out, monkeypatch):
    before = snapshot(out)
    calls = failing_on_call(monkeypatch, "replace", n, OSError(5, "Input/output error"), out)
    result = run("map", LETTER, "--out", out, "--title", "a new title")
    assert_error(result, 1, "cannot write (Input/output error)")
    assert len(calls) >= n
    assert snapshot(out) == before


def test_fsync_failure_leaves_output_alone(out, monkeypatch):
    before = snapshot(out)
    failing_on_call(monkeypatch, "fsync", 2, OSError(28, "No space left on device"), out)
    assert_error(run("map", LETTER, "--out", out), 1, str(out), "No space left on device")
    assert snapshot(out) == before


def test_write_failure_into_a_new_folder_removes_it(tmp_path, monkeypatch):
    failing_on_call(monkeypatch, "fsync", 1, OSError(28, "No space left on device"), tmp_path)
    target = tmp_path / "a" / "b"
    assert_error(run("map", LETTER, "--out", target), 1, "No space left on device")
    assert list(tmp_path.iterdir()) == []


def test_interrupt_while_writing(out, monkeypatch):
    before = snapshot(out)
    failing_on_call(monkeypatch, "fsync", 3, KeyboardInterrupt(), out)
    result = run("map", LETTER, "--out", out)
    assert result.exit_code == 130
    assert result.stderr.strip() == "geo: interrupted; earlier outputs are unchanged"
    assert snapshot(out) == before


def test_render_failure_leaves_output_alone(out, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("renderer broke\nhalf-way")

    monkeypatch.setattr(geo.render, "render_map", broken)
    before = snapshot(out)
    line = assert_error(run("map", LETTER, "--out", out), 1)
    assert line == (
        "geo: internal error: RuntimeError: renderer broke\\nhalf-way (rerun with --debug)"
    )
    assert snapshot(out) == before
    result = run("--debug", "map", LETTER, "--out", out)
    assert result.exit_code == 1 and "Traceback (most recent call last)" in result.stderr
    assert snapshot(out) == before


def test_a_good_run_does_replace_the_files(out, tmp_path):
    """The control for the tests above: a run that succeeds changes every file, leaves no
    temporary file and keeps the permissions readable."""
    before = snapshot(out)
    document = tmp_path / "other.txt"
    document.write_text("在 Xqzwille 村和加奥发生袭击。\n", encoding="utf-8")
    result = run("map", document, "--out", out)
    assert result.exit_code == 0, result.output
    after = snapshot(out)
    assert sorted(after) == sorted(FILES)
    for name in FILES:
        assert after[name] != before[name]
        assert after[name][1] > OLD_NS
        assert (out / name).stat().st_mode & 0o777 == 0o644


# -- network faults -------------------------------------------------------------------------------


def test_online_with_the_network_down_still_maps(tmp_path, monkeypatch):
    """--online against a closed port: a note, the offline answer, the same files."""
    from geo.online import OFFLINE_NOTE, OnlineGeocoder

    cache = tmp_path / "cache.json"

    def unreachable(online, cache_path):
        if not online:
            return None
        return OnlineGeocoder(
            cache, domain="127.0.0.1:9", scheme="http", min_delay_seconds=0, timeout=0.5
        )

    monkeypatch.setattr("geo.cli._online_geocoder", unreachable)
    document = tmp_path / "unknown.txt"
    document.write_text("在 Xqzwille 村和加奥发生袭击。\n", encoding="utf-8")
    online = run("map", document, "--online", "--out", tmp_path / "online")
    assert online.exit_code == 0, online.output
    assert "geo: note:" in online.stderr and OFFLINE_NOTE in online.stderr
    assert "not located: 'Xqzwille 村'" in online.stderr
    offline = run("map", document, "--out", tmp_path / "offline")
    assert offline.exit_code == 0 and "geo: note:" not in offline.stderr
    for name in FILES:
        assert (tmp_path / "online" / name).read_bytes() == (
            tmp_path / "offline" / name
        ).read_bytes()


# -- no places ------------------------------------------------------------------------------------


def test_no_places_gives_empty_valid_outputs(out, tmp_path):
    document = tmp_path / "france.txt"
    document.write_text(
        "Paris is the capital of France. In June 2020 the weather in Lyon and Marseille was "
        "mild, and the ministers met in Strasbourg.\n",
        encoding="utf-8",
    )
    result = run("map", document, "--out", out)
    assert result.exit_code == 0, result.output
    assert f"No places found in {document}." in result.stderr
    assert "Traceback" not in result.stderr
    collection = json.loads((out / "places.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert collection["features"] == []
    assert collection["document"]["language"] == "en"
    assert (out / "mentions.csv").read_text(encoding="utf-8") == CSV_HEADER
    html = (out / "map.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "No places found" in html
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("table", "name  中文  kind  cercle  region  lat  lon  prec  conf  n  note\n"),
        ("csv", CSV_HEADER),
        ("json", "[]\n"),
    ],
)
def test_no_places_on_stdout(fmt, expected, tmp_path):
    document = tmp_path / "prose.fr.txt"
    document.write_text(
        "Le temps était beau et les enfants jouaient dans le jardin de la maison.\n",
        encoding="utf-8",
    )
    result = run("places", document, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout.replace(" \n", "\n").rstrip(" ") == expected.replace(" \n", "\n")
    assert result.stderr == f"No places found in {document}.\n"


def test_no_places_geojson_on_stdout(tmp_path):
    document = tmp_path / "prose.txt"
    document.write_text("Nothing happened anywhere in particular.\n", encoding="utf-8")
    result = run("places", document, "--format", "geojson")
    assert result.exit_code == 0
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection" and collection["features"] == []


def test_only_unlocated_names_are_still_reported(tmp_path):
    document = tmp_path / "unknown.txt"
    document.write_text("在 Xqzwille 村发生袭击。\n", encoding="utf-8")
    result = run("map", document, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert f"No places found in {document}." in result.stderr
    assert "geo: warning: not located: 'Xqzwille 村' (paragraph 1)" in result.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "mentions.csv").read_text())))
    assert [(r["surface"], r["status"]) for r in rows] == [("Xqzwille 村", "unresolved")]


# -- encodings ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def letter_places():
    result = run("places", LETTER, "--format", "csv")
    assert result.exit_code == 0
    return result.stdout


ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "gb18030": lambda text: text.encode("gb18030"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_encoding_gives_the_same_places(encoding, letter_places, tmp_path):
    raw = ENCODINGS[encoding](LETTER.read_text(encoding="utf-8"))
    assert encoding == "utf-8" or raw != LETTER.read_bytes()
    path = tmp_path / f"letter.{encoding}.txt"
    path.write_bytes(raw)
    result = run("places", path, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == letter_places  # same keys, same mentions, same offsets
    keys = {row["place_key"] for row in csv.DictReader(io.StringIO(result.stdout))}
    assert len(keys - {""}) == 29


# -- size limit -----------------------------------------------------------------------------------


@pytest.fixture
def read_spy(monkeypatch):
    """Records every file geo.document opens."""
    opened: list[str] = []

    def spy(file, *args, **kwargs):
        opened.append(str(file))
        return open(file, *args, **kwargs)

    monkeypatch.setattr(geo.document, "open", spy, raising=False)
    return opened


def test_a_20_mb_input_is_refused_before_it_is_read(out, tmp_path, read_spy):
    letter = LETTER.read_bytes()
    big = tmp_path / "big.txt"
    big.write_bytes(letter * (20_000_000 // len(letter) + 1))
    size = big.stat().st_size
    before = snapshot(out)
    assert_error(
        run("map", big, "--out", out),
        1,
        f"{big}: {size:,} bytes is over the 5,000,000-byte limit "
        "(raise it with --max-bytes or GEO_MAX_BYTES)",
    )
    assert read_spy == []  # refused on its stat alone
    assert snapshot(out) == before
    # The spy does see the reads that happen.
    assert run("places", LETTER, "--format", "csv").exit_code == 0
    assert read_spy == [str(LETTER)]


def test_the_limit_is_configurable(tmp_path):
    size = LETTER.stat().st_size
    assert_error(run("places", LETTER, "--max-bytes", 1000), 1, "over the 1,000-byte limit")
    env = {"GEO_MAX_BYTES": "1000"}
    assert_error(run("places", LETTER, env=env), 1, f"{size:,} bytes is over the 1,000-byte")
    # --max-bytes wins over the environment, and the limit itself is allowed.
    assert run("places", LETTER, "--max-bytes", size, env=env).exit_code == 0
    assert_error(run("places", LETTER, "--max-bytes", size - 1), 1, "over the")
    assert run("places", LETTER, env={"GEO_MAX_BYTES": "1_000_000"}).exit_code == 0


def test_a_bad_limit_is_reported():
    assert_error(run("places", LETTER, "--max-bytes", 0), 2, "--max-bytes")
    assert_error(run("places", LETTER, "--max-bytes", "5MB"), 2, "--max-bytes")
    result = run("places", LETTER, env={"GEO_MAX_BYTES": "5MB"})
    assert_error(result, 1, "GEO_MAX_BYTES='5MB': not a positive whole number of bytes")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_input_is_cut_at_the_limit():
    # stat says 0 bytes; only the bounded read stops it.
    assert_error(run("places", "/dev/zero", "--max-bytes", 1000), 1, "over the 1,000-byte")


def test_a_larger_input_under_a_raised_limit_keeps_every_mention(letter_output, tmp_path):
    letter = LETTER.read_bytes().rstrip(b"\n") + b"\n\n"
    big = tmp_path / "letter.x20.txt"
    big.write_bytes(letter * 20)
    assert big.stat().st_size > 300_000
    out = tmp_path / "out"
    assert_error(run("map", big, "--out", out, "--max-bytes", 300_000), 1, "over the")
    result = run("map", big, "--out", out, "--max-bytes", 1_000_000)
    assert result.exit_code == 0, result.output

    def features(folder):
        collection = json.loads((folder / "places.geojson").read_text(encoding="utf-8"))
        return {f["id"]: f["properties"] for f in collection["features"]}

    once, twenty = features(letter_output), features(out)
    assert set(twenty) == set(once)
    for key, props in twenty.items():
        assert props["mention_count"] == len(props["mentions"]) == 20 * once[key]["mention_count"]
    rows = list(csv.DictReader(io.StringIO((out / "mentions.csv").read_text(encoding="utf-8"))))
    assert len(rows) == sum(p["mention_count"] for p in twenty.values()) > 1500
    text_length = len(geo.document.load_document(big, max_bytes=1_000_000).text)
    assert max(int(r["end"]) for r in rows) <= text_length


# -- hostile text ---------------------------------------------------------------------------------


def test_runs_of_punctuation_and_one_line_lists(tmp_path):
    """Long runs of dots and a one-line list of 20,000 items: read correctly. (They once cost
    quadratic time in the sentence splitter; speed itself is measured by scripts/bench.py.)"""
    document = tmp_path / "hostile.txt"
    document.write_text(
        "Gao" + "." * 40_000 + " Next.\n" + "马里：" + "甲；" * 20_000 + "\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "geo.cli", "places", str(document), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert [place["name"] for place in json.loads(proc.stdout)] == ["Gao", "Mali"]


# -- reproducible ---------------------------------------------------------------------------------


def test_two_runs_give_identical_bytes(letter_output, tmp_path):
    result = run("map", LETTER, "--out", tmp_path / "again")
    assert result.exit_code == 0
    proc = subprocess.run(
        [sys.executable, "-m", "geo.cli", "map", str(LETTER), "--out", str(tmp_path / "proc")],
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    for name in FILES:
        first = (letter_output / name).read_bytes()
        assert len(first) > 1000
        assert (tmp_path / "again" / name).read_bytes() == first
        assert (tmp_path / "proc" / name).read_bytes() == first
