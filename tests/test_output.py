"""The committed output/ is what `geo map` makes today, byte for byte."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from geo.cli import main

OUTPUT = Path(__file__).resolve().parent.parent / "output"
FILES = ("map.html", "places.geojson", "mentions.csv", "events.csv")


def test_committed_output_is_up_to_date(tmp_path):
    result = CliRunner().invoke(main, ["map", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in FILES:
        fresh = (tmp_path / name).read_bytes()
        assert fresh == (OUTPUT / name).read_bytes(), (
            f"output/{name} is stale: run `geo map` and commit output/"
        )


def test_same_input_same_bytes(tmp_path):
    for folder in ("a", "b"):
        result = CliRunner().invoke(main, ["map", "--out", str(tmp_path / folder), "--no-tiles"])
        assert result.exit_code == 0, result.output
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_map_is_self_contained_and_small():
    html = (OUTPUT / "map.html").read_text(encoding="utf-8")
    assert len(html.encode()) <= 1_500_000
    import re

    external = re.findall(r'<(?:script|link)[^>]+(?:src|href)="https?://', html)
    assert external == []
