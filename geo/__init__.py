"""geo: find the places a UN report mentions, locate them and map what happened where.

import geo
result = geo.read("report.pdf")   # or the text itself
result.places_frame(), result.mentions_frame(), result.to_geojson(), result.map()
"""

__version__ = "0.1.0"

from geo.api import Result, read  # noqa: E402  (after __version__, which geo.api's imports use)

__all__ = ["Result", "__version__", "read"]
