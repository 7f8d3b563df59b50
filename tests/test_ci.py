"""CI runs the README's test command, verbatim, after ruff and mypy; the pins are real."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    not (ROOT / ".ci" / "run").is_file(), reason="needs the source tree"
)


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert block, "the README starts with a sh block of fresh-machine commands"
    return [line.split("  #")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_ci_runs_lint_and_types_then_the_readmes_test_command():
    test_command = next(c for c in _readme_commands() if "pytest" in c)
    assert "-c constraints.txt" in test_command
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in script
    at = script.index(test_command)
    assert "ruff check ." in script[:at] and "mypy geo" in script[:at]


def test_the_constraints_pin_what_is_installed():
    # The committed outputs were made with these versions: tests/test_output.py would fail
    # under others, so the environment that runs the tests must have exactly them.
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[name] = version
    assert {"folium", "branca", "XStatic-Leaflet"} <= set(pins)
    for name, version in pins.items():
        assert metadata.version(name) == version, name
