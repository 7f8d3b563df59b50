"""The wheel carries the code and the data, and an installed copy finds its data anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from geo import paths

ROOT = Path(__file__).resolve().parent.parent
# The wheel holds the gazetteer, the raw data for a rebuild and the map assets: about 1.1 MB.
MAX_WHEEL_BYTES = 3_000_000

pytestmark = pytest.mark.skipif(
    not (ROOT / "pyproject.toml").is_file(), reason="needs the source tree to build a wheel"
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # No build isolation: the installed setuptools builds it, with no download.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("geo-*.whl")
    return built


def test_wheel_holds_every_module_data_file_and_asset(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "geo").rglob("*.py")}
    assert sources and sources <= names, sorted(sources - names)
    assets = {
        p.relative_to(ROOT).as_posix() for p in (ROOT / "geo" / "static").rglob("*") if p.is_file()
    }
    assert assets and assets <= names, sorted(assets - names)
    data = {
        "geo/data/" + p.relative_to(ROOT / "data").as_posix()
        for p in (ROOT / "data").rglob("*")
        if p.is_file()
    }
    assert "geo/data/gazetteer.tsv" in data and "geo/data/letter.zh.txt" in data
    assert data <= names, sorted(data - names)
    # Nothing from outside the package: no tests, no outputs, no top-level data folder.
    assert all(n.startswith(("geo/", "geo-")) for n in names), sorted(names)
    assert wheel.stat().st_size < MAX_WHEEL_BYTES


def test_installed_wheel_runs_from_any_folder(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("GEO_DATA_DIR", None)

    def geo(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "geo.cli", *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    where = subprocess.run(
        [sys.executable, "-c", "from geo import paths; print(paths.DATA_DIR)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()) == site / "geo" / "data"
    found = geo("geocode", "科罗省")
    assert found.returncode == 0, found.stderr
    assert found.stdout.startswith("Koro")
    made = geo("map")
    assert made.returncode == 0, made.stderr
    places = json.loads((elsewhere / "output" / "places.geojson").read_text(encoding="utf-8"))
    assert len(places["features"]) == 29
    # Nothing was written into the installed package.
    assert not list((site / "geo").rglob("output"))


def test_built_gazetteer_goes_to_the_user_folder_and_is_preferred(runner, tmp_path, monkeypatch):
    from geo.cli import main

    user = tmp_path / "user"
    monkeypatch.setattr(paths, "USER_DATA_DIR", user)
    monkeypatch.setattr(paths, "BUILT_GAZETTEER", user / "gazetteer.tsv")
    monkeypatch.setattr(paths, "BUILT_AREA_SHAPES", user / "mli_areas.geojson")
    result = runner.invoke(main, ["gazetteer", "build"])
    assert result.exit_code == 0, result.output
    assert (user / "gazetteer.tsv").read_bytes() == paths.SHIPPED_GAZETTEER.read_bytes()
    assert (user / "mli_areas.geojson").read_bytes() == paths.SHIPPED_AREA_SHAPES.read_bytes()
    # A new process picks the user's build (XDG_DATA_HOME/geo is platformdirs' folder on Linux).
    xdg = tmp_path / "xdg"
    (xdg / "geo").mkdir(parents=True)
    (xdg / "geo" / "gazetteer.tsv").write_bytes((user / "gazetteer.tsv").read_bytes())
    probe = "from geo import paths; print(paths.GAZETTEER); print(paths.AREA_SHAPES)"
    env = {**os.environ, "XDG_DATA_HOME": str(xdg)}
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == [str(xdg / "geo" / "gazetteer.tsv"), str(paths.SHIPPED_AREA_SHAPES)]
    # GEO_DATA_DIR overrides everything.
    env["GEO_DATA_DIR"] = str(paths.DATA_DIR)
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == [str(paths.SHIPPED_GAZETTEER), str(paths.SHIPPED_AREA_SHAPES)]
