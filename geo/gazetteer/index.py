"""The run-time gazetteer: reads the built gazetteer file quickly, with no geometry library.

Every point was placed in its cercle and region by the full-resolution OCHA polygons at build
time (see `geo.gazetteer.build`), so the run-time parent check is a P-code comparison.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from geo import paths
from geo.errors import GazetteerError
from geo.model import GazetteerEntry
from geo.text import fold, is_cjk, to_simplified

# The columns of the built gazetteer file, in order.
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
MALI_KEY = "gn:2453866"
# An entry's source: where the place and its coordinates come from, then, after this
# separator, where its Chinese renderings were seen (only relevant to a Chinese text).
ZH_SOURCE_SEPARATOR = "; Chinese: "
# Feature code of a name the gazetteer knows as a place but cannot locate.
NAME_ONLY = "NAME"


_VOWELS_AND_SPACES = re.compile(r"[aeiou\s]")
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 14)  # resolution looks the same few names up hundreds of times
def alias_key(name: str) -> str:
    """How `name` is indexed: simplified Chinese, or folded Latin (accents and case ignored)."""
    return to_simplified(name) if is_cjk(name) else fold(name)


@lru_cache(maxsize=1 << 16)  # fuzzy searches compare the same gazetteer names again and again
def skeleton(folded: str) -> str:
    """Consonants only, doubled letters collapsed: 'labbezanga' -> 'lbzng'."""
    consonants = _VOWELS_AND_SPACES.sub("", folded)
    return _DOUBLED.sub(r"\1", consonants)


def name_similarity(a: str, b: str) -> float:
    """0-100: edit similarity averaged with that of the consonant skeletons (folded input).

    West African names are spelt with shifting vowels and doubled consonants (Ogossogou,
    Ogassagou; Labbezanga, Labézanga) while a changed consonant usually means another place.
    """
    from rapidfuzz import fuzz

    return (fuzz.ratio(a, b) + fuzz.ratio(skeleton(a), skeleton(b))) / 2


@dataclass(eq=False)  # hashed by identity, so per-gazetteer caches work
class Gazetteer:
    """The loaded gazetteer with its look-up indexes."""

    entries: tuple[GazetteerEntry, ...]
    # Regions (admin 1 P-codes) that make up each named area ("area:centre" -> ML05, ML06...).
    area_regions: dict[str, tuple[str, ...]] = field(default_factory=dict)
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
        return list(self.by_alias.get(alias_key(name), ()))

    def cjk_aliases(self) -> list[str]:
        # Aliases are wholly Chinese or wholly Latin: the first character tells.
        return sorted(a for a in self.by_alias if "\u3400" <= a[:1] <= "\u9fff")

    def latin_aliases(self) -> list[str]:
        return sorted(a for a in self.by_alias if not is_cjk(a) and len(a) >= 3)

    def within(self, parent: GazetteerEntry) -> list[GazetteerEntry]:
        """Every entry inside `parent` (cached: resolution asks for the same units often)."""
        if parent.key not in self._within:
            unit = parent.pcode
            if parent.kind == "region" and not unit:  # contained as its namesake cercle's
                cercle = self._namesake_cercle(parent)
                unit = cercle.pcode if cercle is not None else ""
            if parent.kind in ("region", "cercle"):
                pool: Sequence[GazetteerEntry] = self._by_unit.get(unit, []) if unit else []
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
            return child.admin1_pcode in self.area_regions.get(parent.key, ())
        return False


def read_tsv(path: Path) -> list[dict[str, str]]:
    """A small tab-separated reference table with a header row."""
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_area_regions(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """The regions each named area of data/areas.tsv is made of."""
    return {
        area["key"]: tuple(r for r in area["regions"].split("|") if r)
        for area in read_tsv(path or paths.AREAS)
    }


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
    return Gazetteer(tuple(entries), read_area_regions())


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
