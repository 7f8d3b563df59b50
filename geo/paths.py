"""Where the shipped reference data lives."""

from __future__ import annotations

import os
from pathlib import Path

# data/ sits next to the geo/ package in the source tree (installed with `pip install -e .`).
# GEO_DATA_DIR points elsewhere, for example at a copy on a shared drive.
DATA_DIR = Path(os.environ.get("GEO_DATA_DIR") or Path(__file__).resolve().parent.parent / "data")

DEFAULT_DOCUMENT = DATA_DIR / "letter.zh.txt"
GAZETTEER = DATA_DIR / "gazetteer.tsv"
GEONAMES_EXTRACT = DATA_DIR / "geonames" / "ML_places.txt"
ZH_NAMES = DATA_DIR / "zh_names.tsv"
ZH_ALIASES = DATA_DIR / "zh_aliases.tsv"
AREAS = DATA_DIR / "areas.tsv"
BOUNDARIES = DATA_DIR / "boundaries"
CERCLES_FULL = BOUNDARIES / "mli_adm2_cercles_ocha2017_full.geojson"
CERCLES = BOUNDARIES / "mli_adm2_cercles_ocha2017_s10.geojson"
REGIONS = BOUNDARIES / "mli_adm1_regions_ocha2017_s10.geojson"
AREA_SHAPES = BOUNDARIES / "mli_areas.geojson"
