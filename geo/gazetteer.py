"""Stage 2: the gazetteer of Mali, built from GeoNames, OCHA boundaries and Chinese renderings.

`build_gazetteer` turns the raw reference data into `data/gazetteer.tsv` (run it through
`geo gazetteer build`); `load_gazetteer` reads that file quickly at run time, with no geometry
library. Every point was placed in its cercle and region by the full-resolution OCHA polygons at
build time, so the run-time parent check is a P-code comparison.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

from geo import paths
from geo.errors import GazetteerError
from geo.model import GazetteerEntry
from geo.text import fold, is_cjk

COLUMNS = (
    "key",
    "name",
    "kind",
    "lat",
    "lon",
    "geonames_id",
    "feature_code",
    "population",
    "pcode",
    "admin1_pcode",
    "admin1_name",
    "admin2_pcode",
    "admin2_name",
    "name_zh",
    "aliases",
    "source",
)
GEONAMES_SOURCE = "GeoNames ML dump 2023-10-22 (CC BY 4.0)"
BOUNDARY_SOURCE = "geoBoundaries MLI ADM2 (2017), CC BY 4.0; data DNCT/DNP, UN OCHA Mali"
MALI_KEY = "gn:2453866"
# How far outside the OCHA polygons (in degrees, ~10 km) a GeoNames point may lie and still count.
BORDER_TOLERANCE_DEG = 0.1
# Feature code of a name the gazetteer knows as a place but cannot locate.
NAME_ONLY = "NAME"
_TOWN_CODES = {"PPLC", "PPLA", "PPLA2", "PPLA3"}
_ADMIN_WORDS = re.compile(
    r"^(?:r[ée]gion|cercle|district)\s+(?:de\s+|du\s+|d['’]\s*)?|"
    r"\s+(?:region|r[ée]gion|cercle|district)$",
    re.IGNORECASE,
)
# Kind suffixes that CJK renderings in the reference lists carry (莫普提区, 加奥地区).
_ZH_KIND_SUFFIX = re.compile(r"(大区|地区|區|区|省|县|縣)$")


@dataclass(eq=False)  # hashed by identity, so per-gazetteer caches work
class Gazetteer:
    """The loaded gazetteer with its look-up indexes."""

    entries: tuple[GazetteerEntry, ...]
    by_key: dict[str, GazetteerEntry] = field(default_factory=dict)
    by_alias: dict[str, list[GazetteerEntry]] = field(default_factory=dict)
    by_pcode: dict[str, GazetteerEntry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        index: dict[str, list[GazetteerEntry]] = defaultdict(list)
        self._by_unit: dict[str, list[GazetteerEntry]] = defaultdict(list)
        self._within: dict[str, list[GazetteerEntry]] = {}
        for entry in self.entries:
            self.by_key[entry.key] = entry
            if entry.pcode:
                self.by_pcode[entry.pcode] = entry
            for alias in entry.aliases:
                index[alias].append(entry)
            # Candidates for "inside this unit": filtered exactly by `contains` in `within`.
            for unit in {entry.admin1_pcode, entry.admin2_pcode} - {""}:
                self._by_unit[unit].append(entry)
        self.by_alias = dict(index)

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Entries that have `name` (any script, accents and case ignored) as a name."""
        key = name if is_cjk(name) else fold(name)
        return list(self.by_alias.get(key, ()))

    def cjk_aliases(self) -> list[str]:
        # Aliases are wholly Chinese or wholly Latin: the first character tells.
        return sorted(a for a in self.by_alias if "\u3400" <= a[:1] <= "\u9fff")

    def latin_aliases(self) -> list[str]:
        return sorted(a for a in self.by_alias if not is_cjk(a) and len(a) >= 3)

    def within(self, parent: GazetteerEntry) -> list[GazetteerEntry]:
        """Every entry inside `parent` (cached: resolution asks for the same units often)."""
        if parent.key not in self._within:
            if parent.kind in ("region", "cercle") and parent.pcode:
                pool: Sequence[GazetteerEntry] = self._by_unit.get(parent.pcode, [])
            else:
                pool = self.entries
            self._within[parent.key] = [e for e in pool if self.contains(parent, e)]
        return self._within[parent.key]

    def _namesake_cercle(self, region: GazetteerEntry) -> GazetteerEntry | None:
        found = [e for e in self.lookup(region.name) if e.kind == "cercle" and e.pcode]
        return found[0] if len(found) == 1 else None

    def contains(self, parent: GazetteerEntry, child: GazetteerEntry) -> bool:
        """Whether `child` lies inside `parent` (by the polygons, via P-codes)."""
        if parent.key == child.key:
            return False
        if parent.kind == "country":
            return True
        if parent.kind == "region":
            if not parent.pcode:
                # Ménaka (2016) was carved out of the cercle of the same name: the 2017 polygons
                # know it only as that cercle.
                cercle = self._namesake_cercle(parent)
                return cercle is not None and child.admin2_pcode == cercle.pcode
            return child.admin1_pcode == parent.pcode
        if parent.kind == "cercle":
            return bool(parent.pcode) and child.admin2_pcode == parent.pcode
        if parent.kind == "area":
            regions = AREA_REGIONS.get(parent.key, ())
            return child.admin1_pcode in regions
        return False


AREA_REGIONS: dict[str, tuple[str, ...]] = {}


@cache
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """Read the built gazetteer (data/gazetteer.tsv)."""
    path_ = Path(path) if path else paths.GAZETTEER
    try:
        lines = path_.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise GazetteerError(f"{path_}: gazetteer missing; run `geo gazetteer build`") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"{path_}: cannot read the gazetteer ({exc})") from None
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise GazetteerError(f"{path_}: not a gazetteer file (columns {', '.join(COLUMNS)})")
    entries = []
    for number, line in enumerate(lines[1:], start=2):
        try:
            entries.append(_entry_from_row(line.split("\t")))
        except (IndexError, ValueError) as exc:
            raise GazetteerError(f"{path_}: bad row on line {number}: {exc}") from None
    for area in _read_tsv(paths.AREAS):
        AREA_REGIONS[area["key"]] = tuple(r for r in area["regions"].split("|") if r)
    return Gazetteer(tuple(entries))


_ENTRY_FIELDS = tuple(f.name for f in fields(GazetteerEntry))


def _entry_from_row(cols: list[str]) -> GazetteerEntry:
    if len(cols) != len(COLUMNS):
        raise ValueError(f"{len(cols)} columns, expected {len(COLUMNS)}")
    (key, name, kind, lat, lon, gid, code, pop, pcode, a1, a1n, a2, a2n, zh, aliases, src) = cols
    values = {
        "key": key,
        "name": name,
        "kind": kind,
        "lat": float(lat) if lat else None,
        "lon": float(lon) if lon else None,
        "geonames_id": int(gid) if gid else None,
        "feature_code": code,
        "population": int(pop or 0),
        "pcode": pcode,
        "admin1_pcode": a1,
        "admin1_name": a1n,
        "admin2_pcode": a2,
        "admin2_name": a2n,
        "aliases": tuple(aliases.split("|")) if aliases else (),
        "name_zh": zh,
        "source": src,
    }
    # 16,000 frozen-dataclass __init__ calls cost a tenth of a second on every run; filling the
    # instance dict directly builds the same objects four times faster.
    entry = object.__new__(GazetteerEntry)
    entry.__dict__.update(values)
    return entry


@cache
def boundary_features(level: str) -> dict[str, dict[str, Any]]:
    """Simplified polygons by key: level "region", "cercle" or "area" (areas and country)."""
    file = {
        "region": paths.REGIONS,
        "cercle": paths.CERCLES,
        "area": paths.AREA_SHAPES,
    }[level]
    try:
        data = json.loads(Path(file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"{file}: cannot read boundaries ({exc})") from None
    out = {}
    for feature in data["features"]:
        props = feature["properties"]
        key = props.get("key") or props.get("adm2_pcode") or props.get("adm1_pcode")
        out[key] = feature
    return out


# ---------------------------------------------------------------------------------------------
# Building the gazetteer from the raw reference data


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _latin_names(text: str) -> tuple[list[str], str | None]:
    """'Tombouctou / Timbuktu (Région, ML-6)' -> (['Tombouctou', 'Timbuktu'], 'region')."""
    head, _, tail = text.partition("(")
    kind = "region" if re.search(r"R[ée]gion|District|ML-", tail) else None
    return [n.strip() for n in head.split("/") if n.strip()], kind


def _zh_renderings(
    geonames_alt: dict[str, list[str]],
) -> list[tuple[str, str, str | None, str]]:
    """(zh, latin name, kind restriction, source) from every Chinese source we ship."""
    out: list[tuple[str, str, str | None, str]] = []
    for row in _read_tsv(paths.ZH_ALIASES):
        out.append((row["zh"], row["latin"], row["kind"] or None, row["source"]))
    for row in _read_tsv(paths.ZH_NAMES):
        names, kind = _latin_names(row["latin"])
        reliability = (
            " (lower reliability)"
            if "CK2" in row["source"] and "," not in row["source"].split("CK2")[0]
            else ""
        )
        for name in names:
            out.append(
                (
                    row["zh"],
                    name,
                    kind,
                    "zh_names.tsv: " + row["source"][:80] + reliability,
                )
            )
    try:
        import gettext

        import pycountry

        zh = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
        for sub in pycountry.subdivisions.get(country_code="ML"):
            name_zh = zh.gettext(sub.name)
            if is_cjk(name_zh):
                base = re.sub(r"\s+(Region|District)$", "", sub.name)
                out.append((name_zh, base, "region", f"pycountry {pycountry.__name__} zh_CN"))
    except ImportError:  # pycountry is optional for a rebuild
        pass
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


def build_gazetteer(
    geonames: Path = paths.GEONAMES_EXTRACT,
    out: Path = paths.GAZETTEER,
    area_shapes_out: Path = paths.AREA_SHAPES,
) -> int:
    """Rebuild data/gazetteer.tsv and data/boundaries/mli_areas.geojson. Returns the entry count."""
    from shapely import STRtree, points
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union

    cercles = json.loads(paths.CERCLES_FULL.read_text(encoding="utf-8"))["features"]
    cercle_shapes = [shape(f["geometry"]) for f in cercles]
    cercle_props = [f["properties"] for f in cercles]
    tree = STRtree(cercle_shapes)
    regions: dict[str, dict[str, Any]] = {}
    for props, geom in zip(cercle_props, cercle_shapes, strict=True):
        region = regions.setdefault(
            props["adm1_pcode"], {"props": props, "geoms": [], "name": props["adm1_fr"]}
        )
        region["geoms"].append(geom)

    rows = []
    with open(geonames, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 19:
                rows.append(cols)
    if not rows:
        raise GazetteerError(f"{geonames}: no GeoNames rows")

    def locate(lon: float, lat: float) -> dict[str, str] | None:
        point = points(lon, lat)
        hits = tree.query(point, predicate="intersects")
        if len(hits) == 0:
            # Just over a simplified border: the nearest cercle within ~10 km, else not in Mali.
            near = tree.query_nearest(point, max_distance=BORDER_TOLERANCE_DEG)
            return cercle_props[int(min(near))] if len(near) else None
        return cercle_props[int(min(hits))]

    geonames_zh: dict[str, list[str]] = defaultdict(list)
    by_gid: dict[int, list[str]] = {}
    for cols in rows:
        by_gid[int(cols[0])] = cols
        for alt in cols[3].split(","):
            if is_cjk(alt) and len(alt) >= 2:
                geonames_zh[cols[1]].append(alt)

    entries: dict[str, dict[str, Any]] = {}

    def add(entry: dict[str, Any]) -> None:
        entry.setdefault("aliases", set())
        entry.setdefault("zh", [])
        entries[entry["key"]] = entry

    # Regions and cercles come from the boundaries: they are the authority for P-codes.
    for pcode, region in sorted(regions.items()):
        props = region["props"]
        gid = props["adm1_geonameid"]
        geom = unary_union(region["geoms"])
        pt = geom.representative_point()
        row = by_gid.get(gid)
        add(
            {
                "key": f"gn:{gid}",
                "name": props["adm1_fr"],
                "kind": "region",
                "lat": pt.y,
                "lon": pt.x,
                "geonames_id": gid,
                "feature_code": "ADM1",
                "population": int(row[14]) if row else 0,
                "pcode": pcode,
                "admin1_pcode": pcode,
                "admin1_name": props["adm1_fr"],
                "admin2_pcode": "",
                "admin2_name": "",
                "aliases": {
                    props["adm1_fr"],
                    props["adm1_ocha"],
                    *(_alt_names(row) if row else ()),
                },
                "source": f"{BOUNDARY_SOURCE} (polygon, representative point); {GEONAMES_SOURCE}",
            }
        )
    for props, geom in zip(cercle_props, cercle_shapes, strict=True):
        gid = props["adm2_geonameid"]
        row = by_gid.get(gid)
        pt = geom.representative_point()
        add(
            {
                "key": f"gn:{gid}",
                "name": props["adm2_fr"],
                "kind": "cercle",
                "lat": pt.y,
                "lon": pt.x,
                "geonames_id": gid,
                "feature_code": "ADM2",
                "population": int(row[14]) if row else 0,
                "pcode": props["adm2_pcode"],
                "admin1_pcode": props["adm1_pcode"],
                "admin1_name": props["adm1_fr"],
                "admin2_pcode": props["adm2_pcode"],
                "admin2_name": props["adm2_fr"],
                "aliases": {
                    props["adm2_fr"],
                    props["adm2_ocha"],
                    *(_alt_names(row) if row else ()),
                },
                "source": f"{BOUNDARY_SOURCE} (polygon, representative point); {GEONAMES_SOURCE}",
            }
        )

    for cols in rows:
        gid = int(cols[0])
        key = f"gn:{gid}"
        fclass, fcode = cols[6], cols[7]
        if key in entries or fcode in ("ADM4", "ADMD"):
            continue
        lat, lon, pop = float(cols[4]), float(cols[5]), int(cols[14] or 0)
        if fcode == "PCLI":
            kind = "country"
        elif fcode == "ADM1":
            kind = "region"  # Ménaka and Taoudénit: created in 2016, no 2017 polygon
        elif fcode == "ADM2":
            kind = "cercle"
        elif fclass == "P" or fcode == "ADM3":  # communes are placed at their seat
            kind = "town" if fcode in _TOWN_CODES or pop >= 5000 else "village"
        elif fclass == "S":
            kind = "village"  # camps: many small settlements are stored as camps
        elif fclass == "L":
            kind = "area"
        else:
            continue
        where = locate(lon, lat) if kind not in ("country", "area") else None
        if where is None and kind not in ("country", "area"):
            continue  # a GeoNames "ML" row that lies outside Mali (a few are far off)
        aliases = {cols[1], cols[2], *_alt_names(cols)}
        add(
            {
                "key": key,
                "name": _french_name(cols[1], aliases, where, kind),
                "kind": kind,
                "lat": lat,
                "lon": lon,
                "geonames_id": gid,
                "feature_code": fcode,
                "population": pop,
                "pcode": "",
                # A region created after 2017 (Ménaka, Taoudénit) is its own admin 1 unit.
                "admin1_pcode": where["adm1_pcode"] if where and kind != "region" else "",
                "admin1_name": (where["adm1_fr"] if where else "")
                if kind != "region"
                else _french_name(cols[1], aliases, None, kind),
                "admin2_pcode": where["adm2_pcode"] if where and kind != "region" else "",
                "admin2_name": where["adm2_fr"] if where and kind != "region" else "",
                "aliases": aliases,
                "source": GEONAMES_SOURCE
                + ("; cercle and region by OCHA polygon" if where else ""),
            }
        )

    area_features = []
    for area in _read_tsv(paths.AREAS):
        codes = [c for c in area["regions"].split("|") if c]
        geom = unary_union([g for c in codes for g in regions[c]["geoms"]]) if codes else None
        pt = geom.representative_point() if geom is not None else None
        add(
            _new_entry(
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
        )
        if geom is not None:
            area_features.append((area["key"], area["name"], area["name_zh"], geom))
    mali = unary_union(cercle_shapes)
    area_features.append((MALI_KEY, "Mali", "马里", mali))
    menaka = json.loads(
        (paths.BOUNDARIES / "mli_adm1_regions_2016menaka_approx_s10.geojson").read_text("utf-8")
    )
    for feature in menaka["features"]:
        if feature["properties"].get("iso2016") == "ML-9":
            area_features.append(("gn:12070577", "Ménaka", "梅纳卡", shape(feature["geometry"])))

    # Chinese renderings attach to every entry that bears the Latin name (resolution ranks them).
    by_folded: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries.values():
        for alias in {fold(a) for a in entry["aliases"]} | {fold(entry["name"])}:
            by_folded[alias].append(entry)
    populated = [e for e in entries.values() if e["kind"] in ("town", "village")]
    renderings = _zh_renderings(geonames_zh)
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

    out_rows = []
    for entry in sorted(entries.values(), key=_sort_key):
        zh_forms = list(dict.fromkeys(z for z, _ in entry["zh"]))
        # Stored as look-up keys: Latin forms folded, Chinese forms as written.
        aliases = sorted(
            {fold(a) for a in entry["aliases"] if a and "|" not in a and "\t" not in a} - {""}
            | set(zh_forms)
        )
        sources = list(dict.fromkeys(s for _, s in entry["zh"]))
        source = entry["source"] + ("; Chinese: " + " / ".join(sources[:3]) if sources else "")
        out_rows.append(
            {
                **{k: entry[k] for k in COLUMNS if k in entry and k not in ("aliases",)},
                "lat": "" if entry["lat"] is None else f"{entry['lat']:.5f}",
                "lon": "" if entry["lon"] is None else f"{entry['lon']:.5f}",
                "geonames_id": entry["geonames_id"] or "",
                "name_zh": zh_forms[0] if zh_forms else "",
                "aliases": "|".join(aliases),
                "source": source,
            }
        )
    _atomic_write_tsv(out, out_rows)

    features = []
    for key, name, name_zh, geom in area_features:
        simple = geom.simplify(0.01, preserve_topology=True)
        features.append(
            {
                "type": "Feature",
                "properties": {"key": key, "name": name, "name_zh": name_zh},
                "geometry": _round_geometry(mapping(simple)),
            }
        )
    from geo.export import atomic_write_text

    atomic_write_text(
        area_shapes_out,
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False) + "\n",
    )
    load_gazetteer.cache_clear()
    return len(out_rows)


def _name_only(key: str, latin: str, add) -> dict[str, Any]:
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


def _new_entry(**values: Any) -> dict[str, Any]:
    """A gazetteer row under construction; the columns not given are empty."""
    entry: dict[str, Any] = {
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


def _closest(latin: str, candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
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


def skeleton(folded: str) -> str:
    """Consonants only, doubled letters collapsed: 'labbezanga' -> 'lbzng'."""
    consonants = re.sub(r"[aeiou\s]", "", folded)
    return re.sub(r"(.)\1+", r"\1", consonants)


def name_similarity(a: str, b: str) -> float:
    """0-100: edit similarity averaged with that of the consonant skeletons (folded input).

    West African names are spelt with shifting vowels and doubled consonants (Ogossogou,
    Ogassagou; Labbezanga, Labézanga) while a changed consonant usually means another place.
    """
    from rapidfuzz import fuzz

    return (fuzz.ratio(a, b) + fuzz.ratio(skeleton(a), skeleton(b))) / 2


def _alt_names(cols: list[str]) -> set[str]:
    """Latin alternate names; admin words stripped so 'Mopti Region' also gives 'Mopti'."""
    names = set()
    for alt in cols[3].split(","):
        alt = alt.strip()
        if not alt or is_cjk(alt) or not any(c.isalpha() and c.isascii() for c in alt):
            continue
        if len(alt) <= 4 and alt.isupper():
            continue  # airport and other codes (GUD, GABD)
        names.add(alt)
    for name in (cols[1], cols[2], *list(names)):
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


def _sort_key(entry: dict[str, Any]) -> tuple:
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


def _atomic_write_tsv(path: Path, rows: list[dict[str, Any]]) -> None:
    import io

    from geo.export import atomic_write_text

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
    atomic_write_text(path, buf.getvalue())
