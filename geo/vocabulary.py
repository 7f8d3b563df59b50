"""One vocabulary for the whole tool: place kinds, precision codes and event types, with labels.

Python uses these names everywhere (model, export, CLI), and the map page receives them in its
JSON payload (`payload()`), so a label is written once, here, and cannot drift between the two.
"""

from __future__ import annotations

from typing import Any

# The kinds a located place can have, from widest to narrowest.
KINDS = ("country", "area", "region", "cercle", "axis", "town", "village")

KIND_LABELS = {
    "country": "Country",
    "area": "Area",
    "region": "Region",
    "cercle": "Cercle",
    "axis": "Axis (road)",
    "town": "Town",
    "village": "Village",
}
KIND_PLURALS = {
    "country": "Country",
    "area": "Areas",
    "region": "Regions",
    "cercle": "Cercles",
    "axis": "Axes (roads)",
    "town": "Towns",
    "village": "Villages",
}

# UCDP `where_prec` style precision codes.
PRECISION_EXACT = 1
PRECISION_NEAR = 2
PRECISION_CERCLE = 3
PRECISION_REGION = 4
PRECISION_WIDE = 5
PRECISION_COUNTRY = 6

# Where a place is and how sure geo is of it: the same columns, in this order, in mentions.csv,
# places.geojson properties and the API's frames.
LOCATION_FIELDS = (
    "admin1",
    "admin2",
    "geonames_id",
    "pcode",
    "precision",
    "approximate",
    "confidence",
)

PRECISION_LABELS = {
    PRECISION_EXACT: "exact location",
    PRECISION_NEAR: "near (within a few km)",
    PRECISION_CERCLE: "cercle (admin 2) level",
    PRECISION_REGION: "region (admin 1) level",
    PRECISION_WIDE: "wide area",
    PRECISION_COUNTRY: "country level",
}
# One word per code, for terse output (`geo geocode`).
PRECISION_SHORT = {1: "exact", 2: "near", 3: "cercle", 4: "region", 5: "wide area", 6: "country"}

# Event types, in display order, with their labels. `events.py` finds them in the text; the map
# draws one symbol per type. "other" is never extracted; it labels types the map does not know.
EVENT_TYPES = {
    "attack": "Attack",
    "airstrike": "Air strike",
    "clash": "Clash",
    "kidnapping": "Kidnapping",
    "arrest": "Arrest",
    "displacement": "Displacement",
    "return": "Return of displaced people",
    "handover": "Handover",
    "base": "Base set up, closed or withdrawn",
    "operation": "Operation, patrol or escort",
    "reinforcement": "Reinforcement",
    "inspection": "Inspection / investigation",
    "mediation": "Mediation / agreement",
    "election": "Elections",
    "aid": "Humanitarian aid",
    "other": "Other event",
}

# How exact an event's date is.
DATE_PRECISIONS = ("day", "month", "year")


def event_label(event_type: str) -> str:
    return EVENT_TYPES.get(event_type) or event_type.capitalize() or EVENT_TYPES["other"]


def payload() -> dict[str, Any]:
    """The vocabulary as the map page receives it (JSON object keys are strings)."""
    return {
        "kinds": list(KINDS),
        "kind_labels": dict(KIND_LABELS),
        "kind_plurals": dict(KIND_PLURALS),
        "precision_labels": {str(k): v for k, v in PRECISION_LABELS.items()},
        "event_types": dict(EVENT_TYPES),
    }
