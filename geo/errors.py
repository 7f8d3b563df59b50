"""Errors a user can see. Each carries a one-line message that names the file and the problem."""

from __future__ import annotations


class GeoError(Exception):
    """Base class: the CLI prints the message on one line and exits 1."""


class DocumentError(GeoError):
    """The input document cannot be read as text."""


class GazetteerError(GeoError):
    """The reference data is missing or malformed."""


class OutputError(GeoError):
    """An output file cannot be written."""


class ConfigError(GeoError):
    """A setting (an environment variable such as GEO_MAX_BYTES) has an invalid value."""
