"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest
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
