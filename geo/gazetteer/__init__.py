"""Stage 2: the gazetteer of Mali, built from GeoNames, OCHA boundaries and Chinese renderings.

`geo.gazetteer.index` is what a run loads (`load_gazetteer`, no geometry library);
`geo.gazetteer.build` makes the gazetteer file (`geo gazetteer build`, needs shapely).
"""

from geo.gazetteer.index import (
    COLUMNS,
    MALI_KEY,
    NAME_ONLY,
    ZH_SOURCE_SEPARATOR,
    Gazetteer,
    boundary_features,
    load_gazetteer,
    name_similarity,
    skeleton,
)

__all__ = [
    "COLUMNS",
    "MALI_KEY",
    "NAME_ONLY",
    "ZH_SOURCE_SEPARATOR",
    "Gazetteer",
    "boundary_features",
    "load_gazetteer",
    "name_similarity",
    "skeleton",
]
