"""`geo gazetteer build`: the gazetteer file, from GeoNames, OCHA boundaries and Chinese renderings.

Only this module needs shapely (and pycountry for the ISO 3166-2 Chinese names): install them with
`pip install 'geo[build]'`. The run-time index (`geo.gazetteer.index`) reads what this writes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from shapely import STRtree, points
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

from geo import paths
from geo.errors import GazetteerError
from geo.gazetteer.index import (
    COLUMNS,
    MALI_KEY,
    NAME_ONLY,
    ZH_SOURCE_SEPARATOR,
    load_gazetteer,
    name_similarity,
    read_tsv,
)
from geo.io import atomic_write_text
from geo.text import fold, is_cjk, shorten, to_simplified

GEONAMES_SOURCE = "GeoNames ML dump 2023-10-22 (CC BY 4.0)"
BOUNDARY_SOURCE = "geoBoundaries MLI ADM2 (2017), CC BY 4.0; data DNCT/DNP, UN OCHA Mali"
# How far outside the OCHA polygons (in degrees, ~10 km) a GeoNames point may lie and still count.
BORDER_TOLERANCE_DEG = 0.1
_TOWN_CODES = {"PPLC", "PPLA", "PPLA2", "PPLA3"}
# Where a Chinese rendering was seen, cut at a word boundary (URLs whole or left out).
ZH_SOURCE_WIDTH = 80
_ADMIN_WORDS = re.compile(
    r"^(?:r[ée]gion|cercle|district)\s+(?:de\s+|du\s+|d['’]\s*)?|"
    r"\s+(?:region|r[ée]gion|cercle|district)$",
    re.IGNORECASE,
)
# Kind suffixes that CJK renderings in the reference lists carry (莫普提区, 加奥地区).
_ZH_KIND_SUFFIX = re.compile(r"(大区|地区|區|区|省|县|縣)$")

# A gazetteer row under construction (the COLUMNS, with aliases as a set and Chinese forms as
# (rendering, source) pairs in "zh").
Row = dict[str, Any]


class GeoNamesRow(NamedTuple):
    """The columns of a GeoNames dump line (https://download.geonames.org/export/dump/)."""

    geonameid: str
    name: str
    asciiname: str
    alternatenames: str
    latitude: str
    longitude: str
    feature_class: str
    feature_code: str
    country_code: str
    cc2: str
    admin1_code: str
    admin2_code: str
    admin3_code: str
    admin4_code: str
    population: str
    elevation: str
    dem: str
    timezone: str
    modification_date: str


def read_geonames(path: Path) -> list[GeoNamesRow]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= len(GeoNamesRow._fields):
                rows.append(GeoNamesRow(*cols[: len(GeoNamesRow._fields)]))
    if not rows:
        raise GazetteerError(f"{path}: no GeoNames rows")
    return rows


class Boundaries:
    """The full-resolution OCHA cercles, their regions, and a point-in-cercle index."""

    def __init__(self, cercles_geojson: Path) -> None:
        cercles = json.loads(cercles_geojson.read_text(encoding="utf-8"))["features"]
        self.cercle_shapes = [shape(f["geometry"]) for f in cercles]
        self.cercle_props = [f["properties"] for f in cercles]
        self._tree = STRtree(self.cercle_shapes)
        self.regions: dict[str, dict[str, Any]] = {}
        for props, geom in zip(self.cercle_props, self.cercle_shapes, strict=True):
            region = self.regions.setdefault(props["adm1_pcode"], {"props": props, "geoms": []})
            region["geoms"].append(geom)

    def locate(self, lon: float, lat: float) -> dict[str, str] | None:
        """Properties of the cercle that holds the point, or None outside Mali."""
        point = points(lon, lat)
        hits = self._tree.query(point, predicate="intersects")
        if len(hits) == 0:
            # Just over a simplified border: the nearest cercle within ~10 km, else not in Mali.
            near = self._tree.query_nearest(point, max_distance=BORDER_TOLERANCE_DEG)
            return self.cercle_props[int(min(near))] if len(near) else None
        return self.cercle_props[int(min(hits))]

    def union(self, region_pcodes: Iterable[str]) -> Any:
        return unary_union([g for c in region_pcodes for g in self.regions[c]["geoms"]])


def build_gazetteer(
    geonames: Path = paths.GEONAMES_EXTRACT,
    out: Path = paths.BUILT_GAZETTEER,
    area_shapes_out: Path | None = None,
) -> int:
    """Write the gazetteer to `out` (and the area polygons to `area_shapes_out` when given).

    Returns the entry count.
    """
    boundaries = Boundaries(paths.CERCLES_FULL)
    rows = read_geonames(geonames)
    by_gid = {int(r.geonameid): r for r in rows}
    entries: dict[str, Row] = {}

    def add(entry: Row) -> None:
        entry.setdefault("aliases", set())
        entry.setdefault("zh", [])
        entries[entry["key"]] = entry

    # Regions and cercles come from the boundaries: they are the authority for P-codes.
    for entry in _unit_entries(boundaries, by_gid):
        add(entry)
    for entry in _geonames_entries(rows, boundaries, known=set(entries)):
        add(entry)
    area_features = []
    for entry, geom in _area_entries(boundaries):
        add(entry)
        if geom is not None:
            area_features.append((entry["key"], entry["name"], entry["zh"][0][0], geom))
    _attach_chinese(entries, _zh_renderings(_geonames_chinese(rows)), add)

    out_rows = [_file_row(entry) for entry in sorted(entries.values(), key=_sort_key)]
    atomic_write_text(out, _tsv_text(out_rows))
    if area_shapes_out is not None:
        atomic_write_text(area_shapes_out, _area_shapes_text(boundaries, area_features))
    load_gazetteer.cache_clear()
    return len(out_rows)


def _unit_entries(boundaries: Boundaries, by_gid: dict[int, GeoNamesRow]) -> list[Row]:
    """Regions and cercles, at a representative point of their polygon."""
    source = f"{BOUNDARY_SOURCE} (polygon, representative point); {GEONAMES_SOURCE}"
    units: list[tuple[dict[str, Any], Any, str]] = [
        (region["props"], boundaries.union([pcode]), "1")
        for pcode, region in sorted(boundaries.regions.items())
    ]
    cercles = zip(boundaries.cercle_props, boundaries.cercle_shapes, strict=True)
    units += [(props, geom, "2") for props, geom in cercles]
    out = []
    for props, geom, level in units:
        gid = props[f"adm{level}_geonameid"]
        row = by_gid.get(gid)
        pt = geom.representative_point()
        out.append(
            _new_entry(
                key=f"gn:{gid}",
                name=props[f"adm{level}_fr"],
                kind="region" if level == "1" else "cercle",
                lat=pt.y,
                lon=pt.x,
                geonames_id=gid,
                feature_code=f"ADM{level}",
                population=int(row.population) if row else 0,
                pcode=props[f"adm{level}_pcode"],
                admin1_pcode=props["adm1_pcode"],
                admin1_name=props["adm1_fr"],
                admin2_pcode=props["adm2_pcode"] if level == "2" else "",
                admin2_name=props["adm2_fr"] if level == "2" else "",
                aliases={
                    props[f"adm{level}_fr"],
                    props[f"adm{level}_ocha"],
                    *(_alt_names(row) if row else ()),
                },
                source=source,
            )
        )
    return out


def _kind(row: GeoNamesRow, population: int) -> str | None:
    """The gazetteer kind of a GeoNames feature, or None for features we do not keep."""
    fclass, fcode = row.feature_class, row.feature_code
    if fcode == "PCLI":
        return "country"
    if fcode == "ADM1":
        return "region"  # Ménaka and Taoudénit: created in 2016, no 2017 polygon
    if fcode == "ADM2":
        return "cercle"
    if fclass == "P" or fcode == "ADM3":  # communes are placed at their seat
        return "town" if fcode in _TOWN_CODES or population >= 5000 else "village"
    if fclass == "S":
        return "village"  # camps: many small settlements are stored as camps
    if fclass == "L":
        return "area"
    return None


def _geonames_entries(
    rows: list[GeoNamesRow], boundaries: Boundaries, known: set[str]
) -> list[Row]:
    """Every GeoNames place in Mali not already given by the boundaries."""
    out = []
    settlements = _settlement_names(rows)
    for row in rows:
        key = f"gn:{row.geonameid}"
        pop = int(row.population or 0)
        kind = _kind(row, pop)
        if key in known or row.feature_code in ("ADM4", "ADMD") or kind is None:
            continue
        lat, lon = float(row.latitude), float(row.longitude)
        where = boundaries.locate(lon, lat) if kind not in ("country", "area") else None
        if where is None and kind not in ("country", "area"):
            continue  # a GeoNames "ML" row that lies outside Mali (a few are far off)
        # A region created after 2017 (Ménaka, Taoudénit) is its own admin 1 unit.
        inside = where if kind != "region" else None
        aliases = {row.name, row.asciiname, *_alt_names(row)}
        name = _french_name(row.name, aliases, where, kind)
        if row.feature_class == "S":
            name = _camp_name(row, aliases, settlements) or name
        out.append(
            _new_entry(
                key=key,
                name=name,
                kind=kind,
                lat=lat,
                lon=lon,
                geonames_id=int(row.geonameid),
                feature_code=row.feature_code,
                population=pop,
                admin1_pcode=inside["adm1_pcode"] if inside else "",
                admin1_name=(
                    _french_name(row.name, aliases, None, kind)
                    if kind == "region"
                    else (where["adm1_fr"] if where else "")
                ),
                admin2_pcode=inside["adm2_pcode"] if inside else "",
                admin2_name=inside["adm2_fr"] if inside else "",
                aliases=aliases,
                source=GEONAMES_SOURCE + ("; cercle and region by OCHA polygon" if where else ""),
            )
        )
    return out


def _area_entries(boundaries: Boundaries) -> list[tuple[Row, Any]]:
    """The named areas of data/areas.tsv, with the union of their regions' polygons."""
    out = []
    for area in read_tsv(paths.AREAS):
        codes = [c for c in area["regions"].split("|") if c]
        geom = boundaries.union(codes) if codes else None
        pt = geom.representative_point() if geom is not None else None
        entry = _new_entry(
            key=area["key"],
            name=area["name"],
            kind="area",
            lat=pt.y if pt else None,
            lon=pt.x if pt else None,
            feature_code="AREA",
            aliases=set(area["aliases"].split("|")),
            zh=[(area["name_zh"], "areas.tsv")],
            source="areas.tsv: "
            + area["definition"]
            + (f" Polygon: union of {BOUNDARY_SOURCE} regions." if codes else ""),
        )
        out.append((entry, geom))
    return out


def _area_shapes_text(boundaries: Boundaries, area_features: list[tuple]) -> str:
    """The simplified polygons of the areas, of Mali and of the 2016 Ménaka region (GeoJSON)."""
    shapes = list(area_features)
    shapes.append((MALI_KEY, "Mali", "马里", unary_union(boundaries.cercle_shapes)))
    menaka = json.loads(
        (paths.BOUNDARIES / "mli_adm1_regions_2016menaka_approx_s10.geojson").read_text("utf-8")
    )
    for feature in menaka["features"]:
        if feature["properties"].get("iso2016") == "ML-9":
            shapes.append(("gn:12070577", "Ménaka", "梅纳卡", shape(feature["geometry"])))
    features = []
    for key, name, name_zh, geom in shapes:
        simple = geom.simplify(0.01, preserve_topology=True)
        features.append(
            {
                "type": "Feature",
                "properties": {"key": key, "name": name, "name_zh": name_zh},
                "geometry": _round_geometry(mapping(simple)),
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False) + "\n"


def _geonames_chinese(rows: list[GeoNamesRow]) -> dict[str, list[str]]:
    """Chinese alternate names GeoNames gives, by the place's GeoNames name."""
    out: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        for alt in row.alternatenames.split(","):
            if is_cjk(alt) and len(alt) >= 2:
                out[row.name].append(alt)
    return out


def _zh_renderings(
    geonames_alt: dict[str, list[str]],
) -> list[tuple[str, str, str | None, str]]:
    """(zh, latin name, kind restriction, source) from every Chinese source we ship."""
    out: list[tuple[str, str, str | None, str]] = []
    for row in read_tsv(paths.ZH_ALIASES):
        out.append((row["zh"], row["latin"], row["kind"] or None, row["source"]))
    for row in read_tsv(paths.ZH_NAMES):
        names, kind = _latin_names(row["latin"])
        reliability = (
            " (lower reliability)"
            if "CK2" in row["source"] and "," not in row["source"].split("CK2")[0]
            else ""
        )
        for name in names:
            source = "zh_names.tsv: " + shorten(row["source"], ZH_SOURCE_WIDTH) + reliability
            out.append((row["zh"], name, kind, source))
    out += _pycountry_renderings()
    for name, zh_forms in geonames_alt.items():
        for zh_form in zh_forms:
            out.append((zh_form, name, None, "GeoNames alternate name"))
    expanded = []
    for zh_form, latin, kind, source in out:
        expanded.append((zh_form, latin, kind, source))
        stem = _ZH_KIND_SUFFIX.sub("", zh_form)
        if stem != zh_form and len(stem) >= 2:
            expanded.append((stem, latin, None, source))
    return expanded


def _pycountry_renderings() -> list[tuple[str, str, str | None, str]]:
    """The ISO 3166-2 Chinese names of Mali's regions (pycountry's zh_CN translations)."""
    try:
        import gettext

        import pycountry
    except ImportError:  # pycountry is optional for a rebuild
        return []
    zh = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
    out: list[tuple[str, str, str | None, str]] = []
    for sub in pycountry.subdivisions.get(country_code="ML"):
        name_zh = zh.gettext(sub.name)
        if is_cjk(name_zh):
            base = re.sub(r"\s+(Region|District)$", "", sub.name)
            out.append((name_zh, base, "region", f"pycountry {pycountry.__name__} zh_CN"))
    return out


def _latin_names(text: str) -> tuple[list[str], str | None]:
    """'Tombouctou / Timbuktu (Région, ML-6)' -> (['Tombouctou', 'Timbuktu'], 'region')."""
    head, _, tail = text.partition("(")
    kind = "region" if re.search(r"R[ée]gion|District|ML-", tail) else None
    return [n.strip() for n in head.split("/") if n.strip()], kind


def _attach_chinese(
    entries: dict[str, Row],
    renderings: list[tuple[str, str, str | None, str]],
    add: Callable[[Row], None],
) -> None:
    """Chinese renderings attach to every entry that bears the Latin name (resolution ranks)."""
    by_folded: dict[str, list[Row]] = defaultdict(list)
    for entry in entries.values():
        for alias in {fold(a) for a in entry["aliases"]} | {fold(entry["name"])}:
            by_folded[alias].append(entry)
    populated = [e for e in entries.values() if e["kind"] in ("town", "village")]
    placed: set[str] = set()
    unplaced: list[tuple[str, str, str]] = []
    for zh_form, latin, kind, source in renderings:
        found = [e for e in by_folded.get(fold(latin), ()) if not kind or e["kind"] == kind]
        for entry in found:
            entry["zh"].append((zh_form, source))
            placed.add(zh_form)
        if not found and not kind:
            unplaced.append((zh_form, latin, source))
    for zh_form, latin, source in unplaced:
        if zh_form in placed:
            continue  # another Latin form of the same rendering found its place
        # GeoNames spells it differently (Ogossagou / Ogassagou-Peulh): the closest spellings.
        found = _closest(latin, populated)
        note = " (matched to the GeoNames spelling)" if found else ""
        if not found:
            # A real place GeoNames lacks (Femaye): known by name, with no coordinates, so
            # resolution can place it at the parent unit the text gives.
            key = "name:" + fold(latin).replace(" ", "-")
            found = [entries.get(key) or _name_only(key, latin, add)]
        for entry in found:
            entry["zh"].append((zh_form, source + note))
        placed.add(zh_form)


def _file_row(entry: Row) -> dict[str, Any]:
    """The entry as a row of the gazetteer file."""
    zh_forms = list(dict.fromkeys(z for z, _ in entry["zh"]))
    # Stored as look-up keys: Latin forms folded, Chinese forms as written and in simplified
    # script (the form that mentions search, so 馬利 in a Taiwan text is found as 马利).
    aliases = sorted(
        {fold(a) for a in entry["aliases"] if a and "|" not in a and "\t" not in a} - {""}
        | set(zh_forms)
        | {to_simplified(z) for z in zh_forms}
    )
    sources = list(dict.fromkeys(s for _, s in entry["zh"]))
    zh_sources = ZH_SOURCE_SEPARATOR + " / ".join(sources[:3]) if sources else ""
    source = entry["source"] + zh_sources
    return {
        **{k: entry[k] for k in COLUMNS if k in entry and k not in ("aliases",)},
        "lat": "" if entry["lat"] is None else f"{entry['lat']:.5f}",
        "lon": "" if entry["lon"] is None else f"{entry['lon']:.5f}",
        "geonames_id": entry["geonames_id"] or "",
        "name_zh": zh_forms[0] if zh_forms else "",
        "aliases": "|".join(aliases),
        "source": source,
    }


def _name_only(key: str, latin: str, add: Callable[[Row], None]) -> Row:
    entry = _new_entry(
        key=key,
        name=latin,
        kind="village",
        feature_code=NAME_ONLY,
        aliases={latin},
        source="known place name without coordinates (not in GeoNames)",
    )
    add(entry)
    return entry


def _new_entry(**values: Any) -> Row:
    """A gazetteer row under construction; the columns not given are empty."""
    entry: Row = {
        "lat": None,
        "lon": None,
        "geonames_id": None,
        "feature_code": "",
        "population": 0,
        "pcode": "",
        "admin1_pcode": "",
        "admin1_name": "",
        "admin2_pcode": "",
        "admin2_name": "",
        "aliases": set(),
        "zh": [],
    }
    entry.update(values)
    return entry


def _closest(latin: str, candidates: list[Row]) -> list[Row]:
    target = fold(latin)
    scored = []
    for entry in candidates:
        forms = {f for a in entry["aliases"] for f in (fold(a), fold(a).split(" ")[0])}
        # Only names that could reach the threshold: same initial, similar length.
        forms = {f for f in forms if f[:1] == target[:1] and abs(len(f) - len(target)) <= 4}
        if forms:
            scored.append((max(name_similarity(target, f) for f in forms), entry))
    top = max((score for score, _ in scored), default=0)
    return [e for score, e in scored if score == top] if top >= 88 else []


def _settlement_names(rows: list[GeoNamesRow]) -> dict[tuple[str, str], str]:
    """(admin1 code, folded name) -> the spelling of a populated place (feature class P)."""
    return {(r.admin1_code, fold(r.name)): r.name for r in rows if r.feature_class == "P"}


def _camp_name(
    row: GeoNamesRow, aliases: set[str], settlements: dict[tuple[str, str], str]
) -> str | None:
    """A camp (class S) that is also known by a settlement's name is shown under that name.

    GeoNames stores some towns as camps under a short form ("Tessi", alias "Tessit") while a
    populated place of the same region carries the usual name; readers know the latter.
    """
    own = fold(row.name)
    for alias in sorted(aliases):
        spelled = settlements.get((row.admin1_code, fold(alias)))
        if spelled and fold(alias) != own:
            return spelled
    return None


def _alt_names(row: GeoNamesRow) -> set[str]:
    """Latin alternate names; admin words stripped so 'Mopti Region' also gives 'Mopti'."""
    names = set()
    for alt in row.alternatenames.split(","):
        alt = alt.strip()
        if not alt or is_cjk(alt) or not any(c.isalpha() and c.isascii() for c in alt):
            continue
        if len(alt) <= 4 and alt.isupper():
            continue  # airport and other codes (GUD, GABD)
        names.add(alt)
    for name in (row.name, row.asciiname, *list(names)):
        stripped = _ADMIN_WORDS.sub("", name).strip()
        if stripped and stripped != name:
            names.add(stripped)
    return names


def _french_name(name: str, aliases: set[str], where: dict | None, kind: str) -> str:
    """Prefer the OCHA (French) spelling when the place shares its cercle's name (Timbuktu)."""
    if kind == "country":
        return "Mali"
    if where:
        folded = {fold(a) for a in aliases}
        for candidate in (where["adm2_fr"], where["adm1_fr"]):
            if fold(candidate) in folded and fold(candidate) != fold(name):
                return candidate
    return _ADMIN_WORDS.sub("", name).strip() or name


def _sort_key(entry: Row) -> tuple:
    order = ("country", "area", "region", "cercle", "town", "village")
    return (order.index(entry["kind"]), entry["name"], entry["key"])


def _round_geometry(geom: dict[str, Any]) -> dict[str, Any]:
    def rnd(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(v, 4) for v in value]
            return [rnd(v) for v in value]
        return value

    return {"type": geom["type"], "coordinates": rnd(geom["coordinates"])}


def _tsv_text(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(
        buf,
        fieldnames=COLUMNS,
        delimiter="\t",
        quoting=csv.QUOTE_NONE,
        lineterminator="\n",
        escapechar="\\",
    )
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()
