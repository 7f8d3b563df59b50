"""The command line as a user drives it, through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

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


def test_map_open_launches_the_browser(runner, tmp_path, monkeypatch):
    launched = []
    monkeypatch.setattr("click.launch", lambda url, **kw: launched.append(url) or 0)
    result = runner.invoke(main, ["map", "--out", str(tmp_path), "--open"])
    assert result.exit_code == 0, result.output
    assert launched == [str((tmp_path / "map.html").resolve())]


def test_gazetteer_build_command(runner, tmp_path):
    out = tmp_path / "g.tsv"
    shipped_areas = paths.SHIPPED_AREA_SHAPES.stat().st_mtime_ns
    result = runner.invoke(main, ["gazetteer", "build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == paths.SHIPPED_GAZETTEER.read_bytes()
    # --out writes only there: the shipped area polygons are left alone.
    assert paths.SHIPPED_AREA_SHAPES.stat().st_mtime_ns == shipped_areas
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.tsv"]
