"""The command line as a user drives it, through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from geo import __version__, paths
from geo.cli import main

DATA = Path(__file__).parent / "data"


def test_version_and_help(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("map", "places", "geocode", "gazetteer"):
        assert command in result.output
    for command in (["map"], ["places"], ["geocode"], ["gazetteer", "build"]):
        result = runner.invoke(main, [*command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_places_table(runner):
    result = runner.invoke(main, ["places", str(paths.DEFAULT_DOCUMENT)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["name", "中文", "kind"]
    assert any(line.startswith("Femaye") and "3~" in line for line in lines)
    assert len(lines) == 1 + 29


def test_places_geojson_is_rfc7946(runner):
    result = runner.invoke(main, ["places", str(paths.DEFAULT_DOCUMENT), "--format", "geojson"])
    assert result.exit_code == 0
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    kinds = {}
    for feature in collection["features"]:
        props = feature["properties"]
        kinds.setdefault(props["kind"], set()).add(
            feature["geometry"]["type"] if feature["geometry"] else None
        )
        for key in (
            "name",
            "name_zh",
            "kind",
            "admin1",
            "admin2",
            "geonames_id",
            "pcode",
            "precision",
            "source",
            "mentions",
        ):
            assert key in props
        assert props["mentions"] and all("text" in m for m in props["mentions"])
    assert kinds["town"] == {"Point"} and kinds["village"] == {"Point"}
    assert kinds["axis"] == {"LineString"}
    assert kinds["cercle"] <= {"Polygon", "MultiPolygon"}
    assert None in kinds["area"]  # the Sahel reaches beyond Mali: no polygon
    assert kinds["area"] - {None} <= {"Polygon", "MultiPolygon"}
    # lon, lat order: Gao is east of Greenwich and north of the equator.
    (gao,) = [f for f in collection["features"] if f["id"] == "gn:2457163"]
    lon, lat = gao["geometry"]["coordinates"]
    assert 0 > lon > -1 and 16 < lat < 17


def test_places_csv_loads_in_pandas(runner):
    import pandas as pd

    result = runner.invoke(main, ["places", str(paths.DEFAULT_DOCUMENT), "--format", "csv"])
    assert result.exit_code == 0
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert len(frame) == sum(1 for _ in csv.DictReader(io.StringIO(result.stdout)))
    assert set(frame["kind"]) >= {"region", "cercle", "town", "village", "axis", "area"}
    koro = frame[(frame["name"] == "Koro") & (frame["kind"] == "cercle")]
    assert len(koro) == 6 and (koro["surface"] == "科罗省").all()
    assert frame["sentence_text"].str.contains("科罗省").sum() >= 6


def test_places_json(runner):
    result = runner.invoke(main, ["places", str(DATA / "unseen_report.fr.txt"), "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert {"Ogossagou", "Dioungani", "Koro"} <= {r["name"] for r in rows}


def test_geocode_command(runner):
    result = runner.invoke(main, ["geocode", "科罗省"])
    assert result.exit_code == 0
    assert "kind: cercle" in result.output and "precision: 3 (cercle)" in result.output
    result = runner.invoke(main, ["geocode", "--json", "邦卡省的 Ogossogou 村"])
    raw = json.loads(result.stdout)
    assert raw["kind"] == "village" and raw["precision"] == 2
    result = runner.invoke(main, ["geocode", "Atlantis"])
    assert result.exit_code == 1 and "not found" in result.stderr


def test_map_writes_four_files(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["map", "--out", str(out), "--no-tiles"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "events.csv",
        "map.html",
        "mentions.csv",
        "places.geojson",
    ]
    assert "29 places" in result.stderr
    assert "3 operations, 3 temporary bases" in result.stderr


def test_map_title_and_tiles_options(runner, tmp_path):
    result = runner.invoke(
        main, ["map", "--out", str(tmp_path), "--title", "Mali & <Sahel>", "--tiles", "light"]
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert "Mali &amp; &lt;Sahel&gt;" in html
    assert "basemaps.cartocdn.com" in html and "tile.openstreetmap.org" not in html
    result = runner.invoke(main, ["map", "--out", str(tmp_path), "--tiles", "nonsense"])
    assert result.exit_code == 2


def test_gazetteer_build_command(runner, tmp_path):
    out = tmp_path / "g.tsv"
    shipped_areas = paths.SHIPPED_AREA_SHAPES.stat().st_mtime_ns
    result = runner.invoke(main, ["gazetteer", "build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == paths.SHIPPED_GAZETTEER.read_bytes()
    # --out writes only there: the shipped area polygons are left alone.
    assert paths.SHIPPED_AREA_SHAPES.stat().st_mtime_ns == shipped_areas
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.tsv"]


# ---------------------------------------------------------------- a new user's habits

ONE_OPERATION_FR = (
    "Bamako, le 3 mars 2020\n\nL'opération Barkhane a mené une patrouille à Gao le 2 mars 2020.\n"
)


def test_help_shows_whole_command_descriptions(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    commands = result.output.split("Commands:")[1].splitlines()
    assert len([line for line in commands if line.strip()]) == 4
    assert not any(line.rstrip().endswith("...") for line in commands)
    assert "Map a report into map.html, places.geojson, mentions.csv." in result.output


def test_places_reads_standard_input(runner):
    text = (DATA / "unseen_report.fr.txt").read_bytes()
    result = runner.invoke(main, ["places", "-", "--format", "json"], input=text)
    assert result.exit_code == 0, result.output
    assert {"Ogossagou", "Koro"} <= {r["name"] for r in json.loads(result.stdout)}
    result = runner.invoke(main, ["places", "-"], input=b"")
    assert result.exit_code == 1
    assert result.stderr.strip() == "geo: error: <stdin>: is empty; pipe a document into geo"


def test_standard_input_keeps_the_size_limit(runner):
    result = runner.invoke(main, ["places", "-", "--max-bytes", "10"], input=b"Gao " * 10)
    assert result.exit_code == 1
    assert "<stdin>: is over the 10-byte limit" in result.stderr


def test_debug_works_after_the_command(runner, tmp_path):
    missing = str(tmp_path / "missing.txt")
    for args in (["places", missing, "--debug"], ["--debug", "places", missing]):
        result = runner.invoke(main, args)
        assert result.exit_code == 1
        assert "Traceback" in result.stderr and "no such file" in result.stderr
    result = runner.invoke(main, ["places", missing])
    assert "Traceback" not in result.stderr
    result = runner.invoke(main, ["geocode", "Gao", "--debug"])
    assert result.exit_code == 0


def test_places_table_shows_confidence_and_note_and_explains_codes(runner):
    result = runner.invoke(main, ["places", str(paths.DEFAULT_DOCUMENT)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "name",
        "中文",
        "kind",
        "cercle",
        "region",
        "lat",
        "lon",
        "prec",
        "conf",
        "n",
        "note",
    ]
    (femaye,) = [line for line in lines if line.startswith("Femaye")]
    assert " 3~ " in femaye and "has no coordinates in the gazetteer…" in femaye
    # The fuzzy match says so, beside a confidence under 1.
    (douna,) = [line for line in lines if line.startswith("Douna-Pen")]
    assert "0." in douna
    # The legend goes to stderr: stdout stays a table.
    assert "'~' approximate" in result.stderr and "3 cercle" in result.stderr
    assert "approximate (placed" not in result.stdout


def test_summary_speaks_in_singular_and_plural(runner, tmp_path):
    doc = tmp_path / "one.fr.txt"
    doc.write_text(ONE_OPERATION_FR, encoding="utf-8")
    result = runner.invoke(main, ["map", str(doc), "--out", str(tmp_path / "out"), "--no-tiles"])
    assert result.exit_code == 0, result.output
    assert "2 places (2 towns); 1 operation, 0 temporary bases, 1 event" in result.stderr


def _fake_xdg_open(folder: Path, status: int) -> None:
    script = folder / "xdg-open"
    script.write_text(
        "#!/bin/sh\n"
        + "".join(f"echo 'xdg-open: line {i}: www-browser: not found' >&2\n" for i in range(6))
        + f"exit {status}\n"
    )
    script.chmod(0o755)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xdg-open is the Linux opener")
def test_map_open_without_a_browser_says_where_the_map_is(runner, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_xdg_open(bin_dir, 3)
    monkeypatch.setenv("PATH", str(bin_dir))
    out = tmp_path / "out"
    result = runner.invoke(main, ["map", "--out", str(out), "--no-tiles", "--open"])
    assert result.exit_code == 0, result.output
    assert "xdg-open" not in result.output
    target = (out / "map.html").resolve()
    assert f"geo: note: no browser could be opened; the map is {target}" in result.stderr
    _fake_xdg_open(bin_dir, 0)
    result = runner.invoke(main, ["map", "--out", str(out), "--no-tiles", "--open"])
    assert result.exit_code == 0 and f"opened {target}" in result.stderr
