"""--dask: the same per-document function on a dask.distributed cluster, same bytes as --jobs.

The scheduler and two worker processes are started on 127.0.0.1 by the test and stopped
afterwards. Skipped when dask.distributed is missing, except under CI (the test extra
installs it), where that is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_corpus import FILES, LETTER, TEXTS, _corpus

from geo.cli import main

IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="module")
def scheduler():
    try:
        from distributed import LocalCluster
    except ImportError:
        if IN_CI:
            pytest.fail("dask.distributed is missing under CI: pip install -e '.[test]'")
        pytest.skip("dask.distributed is not installed (pip install 'geo[dask]')")
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        protocol="tcp",
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        yield cluster.scheduler_address


def _map(args: list[str], out: Path, *options: str):
    return CliRunner().invoke(
        main, ["map", *args, "--out", str(out), "--no-tiles", "--no-cache", *options]
    )


def test_dask_gives_the_same_bytes_as_jobs(tmp_path, scheduler):
    reports = _corpus(tmp_path)
    (reports / "copy.txt").write_text(TEXTS["fr.txt"], encoding="utf-8")
    (reports / "broken.txt").write_bytes(b"\x00\x00binary")
    args = [str(reports), str(LETTER)]
    on_dask = _map(args, tmp_path / "dask", "--dask", scheduler)
    assert on_dask.exit_code == 1, on_dask.output  # broken.txt, reported like with --jobs
    assert "broken.txt" in on_dask.output
    local = _map(args, tmp_path / "jobs", "--jobs", "2")
    assert local.exit_code == 1
    for name in FILES:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "jobs" / name).read_bytes()
    rows = (tmp_path / "dask" / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 6


def test_dask_and_online_do_not_mix(tmp_path, scheduler):
    result = _map([str(LETTER), str(LETTER)], tmp_path / "out", "--dask", scheduler, "--online")
    assert result.exit_code == 2
    assert "--online cannot be combined with --dask" in result.output
