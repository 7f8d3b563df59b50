"""Offline assets for the HTML map: Leaflet and our own JS/CSS, ready to inline.

The rendered page must work from a file:// URL with no network, so nothing is
linked: Leaflet's script and stylesheet are inlined and the images its
stylesheet refers to become data: URIs.
"""

from __future__ import annotations

import base64
import re
from functools import cache, lru_cache
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"

_CSS_URL = re.compile(r"url\((['\"]?)(images/[A-Za-z0-9_.-]+\.png)\1\)")
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


def _leaflet_dir() -> Path:
    # Imported here: xstatic is only needed when a map is rendered.
    from xstatic.pkg import leaflet

    return Path(leaflet.BASE_DIR)


def _check_inlinable(name: str, text: str) -> str:
    # Inside <script>/<style>, "</" followed by the tag name ends the element and "<!--"
    # switches the HTML parser into an escaped state: neither may appear in inlined code.
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise ValueError(f"{name} cannot be inlined safely")
    return text


@lru_cache(maxsize=1)
def leaflet_js() -> str:
    """Leaflet's minified script, without its source-map comment."""
    text = (_leaflet_dir() / "leaflet.js").read_text(encoding="utf-8")
    return _check_inlinable("leaflet.js", _SOURCE_MAP.sub("", text).rstrip() + "\n")


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    """Leaflet's stylesheet with its images embedded as data: URIs."""
    base = _leaflet_dir()

    def embed(match: re.Match[str]) -> str:
        data = base64.b64encode((base / match.group(2)).read_bytes()).decode("ascii")
        return f'url("data:image/png;base64,{data}")'

    text = (base / "leaflet.css").read_text(encoding="utf-8")
    return _check_inlinable("leaflet.css", _CSS_URL.sub(embed, text))


@cache
def static_text(name: str) -> str:
    """One of our own files under geo/static/ (map.css, map/*.js)."""
    return _check_inlinable(name, (STATIC_DIR / name).read_text(encoding="utf-8"))


# The map script's modules, in the order they run. Each may use what the earlier ones
# define; they share one function scope, so they are joined, not loaded separately.
MAP_MODULES = ("core", "symbols", "popups", "tiles", "layers", "timeline", "panel", "view")
# The corpus map (geo.corpus_map) shares the first four and adds its own.
CORPUS_MODULES = ("core", "symbols", "popups", "tiles", "corpus")

_MAP_HEADER = """/* Map page script for geo.render: draws the JSON payload with Leaflet.
 * Joined from geo/static/map/MODULES.js.
 *
 * Security rule: every string that comes from the document (names, sentences,
 * titles, notes) reaches the DOM through textContent / createTextNode only.
 * innerHTML is used solely for our own SVG symbols, and Leaflet APIs that take
 * HTML (layer control labels) get esc()-aped text.
 */
(function () {
"use strict";
"""


@cache
def map_script(modules: tuple[str, ...] = MAP_MODULES) -> str:
    """The page's script: geo/static/map/*.js joined in `modules` order in one closure.

    The one-document map uses MAP_MODULES, the corpus map CORPUS_MODULES.
    """
    parts = [_MAP_HEADER.replace("MODULES", "{" + ",".join(modules) + "}")]
    for name in modules:
        parts.append(f"\n/* ==== {name}.js ==== */\n")
        parts.append(static_text(f"map/{name}.js"))
    parts.append("})();\n")
    return "".join(parts)


def _markercluster_dir() -> Path:
    from xstatic.pkg import leaflet_markercluster

    return Path(leaflet_markercluster.BASE_DIR)


@lru_cache(maxsize=1)
def markercluster_head() -> str:
    """Leaflet.markercluster's script and both its stylesheets, ready for <head> (after Leaflet)."""
    base = _markercluster_dir()
    js = _SOURCE_MAP.sub("", (base / "leaflet.markercluster.js").read_text(encoding="utf-8"))
    css = "".join(
        (base / name).read_text(encoding="utf-8")
        for name in ("MarkerCluster.css", "MarkerCluster.Default.css")
    )
    return (
        f"<style>\n{_check_inlinable('MarkerCluster.css', css)}</style>\n"
        f"<script>\n{_check_inlinable('leaflet.markercluster.js', js.rstrip())}\n</script>\n"
    )
