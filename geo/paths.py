"""Where the reference data lives: shipped with geo, rebuilt by the user, or pointed at.

The repository keeps the data in a top-level `data/` folder; the wheel carries the same files as
package data in `geo/data/` (pyproject.toml maps one onto the other). So the shipped data is:
- `geo/data/` inside the installed package (a wheel, found through importlib.resources), or else
- `data/` next to the `geo/` package (the source tree: an editable install or PYTHONPATH).
GEO_DATA_DIR overrides both, for example with a copy on a shared drive.

`geo gazetteer build` never writes into the package: by default it writes to the user's data
folder (platformdirs: ~/.local/share/geo on Linux), and geo then prefers that gazetteer.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs


def shipped_data_dir() -> Path:
    """The data that came with geo: the wheel's geo/data, else the source tree's data/."""
    packaged = resources.files("geo") / "data"
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


DATA_DIR = Path(os.environ.get("GEO_DATA_DIR") or shipped_data_dir())
# Where `geo gazetteer build` writes by default; used in preference to the shipped gazetteer.
USER_DATA_DIR = platformdirs.user_data_path("geo", appauthor=False)
BUILT_GAZETTEER = USER_DATA_DIR / "gazetteer.tsv"
BUILT_AREA_SHAPES = USER_DATA_DIR / "mli_areas.geojson"

DEFAULT_DOCUMENT = DATA_DIR / "letter.zh.txt"
SHIPPED_GAZETTEER = DATA_DIR / "gazetteer.tsv"
GEONAMES_EXTRACT = DATA_DIR / "geonames" / "ML_places.txt"
ZH_NAMES = DATA_DIR / "zh_names.tsv"
ZH_ALIASES = DATA_DIR / "zh_aliases.tsv"
AREAS = DATA_DIR / "areas.tsv"
BOUNDARIES = DATA_DIR / "boundaries"
CERCLES_FULL = BOUNDARIES / "mli_adm2_cercles_ocha2017_full.geojson"
CERCLES = BOUNDARIES / "mli_adm2_cercles_ocha2017_s10.geojson"
REGIONS = BOUNDARIES / "mli_adm1_regions_ocha2017_s10.geojson"
SHIPPED_AREA_SHAPES = BOUNDARIES / "mli_areas.geojson"

# The gazetteer a run uses: the user's own build when there is one (and no GEO_DATA_DIR).
_USE_BUILT = not os.environ.get("GEO_DATA_DIR") and BUILT_GAZETTEER.is_file()
GAZETTEER = BUILT_GAZETTEER if _USE_BUILT else SHIPPED_GAZETTEER
AREA_SHAPES = (
    BUILT_AREA_SHAPES if _USE_BUILT and BUILT_AREA_SHAPES.is_file() else SHIPPED_AREA_SHAPES
)
# Chinese transliteration characters and words that are not places (scripts/build_translit.py).
ZH_TRANSLIT = DATA_DIR / "zh_translit.tsv"
ZH_WORDS = DATA_DIR / "zh_words.tsv"

# Answers of the online geocoder (--online), kept between runs.
ONLINE_CACHE = Path.home() / ".cache" / "geo" / "nominatim.json"
