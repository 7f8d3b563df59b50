"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
import tempfile

import pytest

# A gazetteer the developer built (`geo gazetteer build` writes to the user data folder, which geo
# then prefers) must not change what the tests see: point the user data folder (XDG) at an empty
# one before geo.paths is imported. CLI tests run in subprocesses inherit it.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="geo-test-xdg-")
os.environ.pop("GEO_DATA_DIR", None)
from click.testing import CliRunner

from geo import paths
from geo.document import load_document
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.model import Document


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The shipped gazetteer (loaded once: it is read-only)."""
    return load_gazetteer()


@pytest.fixture(scope="session")
def letter() -> Document:
    """The UN Secretary-General's letter of 1 June 2020 (data/letter.zh.txt)."""
    return load_document(paths.DEFAULT_DOCUMENT)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
