"""The shipped gazetteer: provenance, containment, Chinese aliases, and its rebuild."""

from __future__ import annotations

import json

import pytest

from geo import paths
from geo.errors import GazetteerError
from geo.gazetteer import COLUMNS, load_gazetteer
from geo.gazetteer.build import build_gazetteer
from geo.text import fold


def test_every_entry_has_a_source_and_real_coordinates(gazetteer):
    assert len(gazetteer.entries) > 15_000
    for entry in gazetteer.entries:
        assert entry.source, entry.key
        if entry.key.startswith("gn:"):
            assert entry.geonames_id == int(entry.key[3:])
            assert "GeoNames" in entry.source or "geoBoundaries" in entry.source
        if entry.lat is not None:
            # West Africa: nothing at (0, 0). (A few GeoNames "ML" rows lie over the border.)
            assert 5 < entry.lat < 28 and -18 < entry.lon < 8, entry.key
            if entry.kind in ("region", "cercle"):
                assert entry.pcode or entry.feature_code == "ADM1", entry.key


def test_coordinates_come_from_geonames(gazetteer):
    rows = {}
    with open(paths.GEONAMES_EXTRACT, encoding="utf-8") as fh:
        for line in fh:
            cols = line.split("\t")
            rows[int(cols[0])] = (float(cols[4]), float(cols[5]))
    for entry in gazetteer.entries:
        if entry.kind in ("town", "village") and entry.geonames_id:
            assert (entry.lat, entry.lon) == pytest.approx(rows[entry.geonames_id], abs=1e-5)


def test_regions_and_cercles_match_the_boundaries(gazetteer):
    cercles = json.loads(paths.CERCLES.read_text(encoding="utf-8"))["features"]
    assert len(cercles) == 50
    for feature in cercles:
        props = feature["properties"]
        entry = gazetteer.by_pcode[props["adm2_pcode"]]
        assert entry.kind == "cercle" and entry.geonames_id == props["adm2_geonameid"]
    assert {e.pcode for e in gazetteer.entries if e.kind == "region" and e.pcode} == {
        f"ML0{i}" for i in range(1, 10)
    }


def test_points_are_placed_in_their_cercle(gazetteer):
    (ogossogou,) = [e for e in gazetteer.lookup("Ogossogou") if e.geonames_id == 6867217]
    assert ogossogou.admin2_name == "Bandiagara"
    (bankass,) = [e for e in gazetteer.lookup("Bankass") if e.kind == "cercle"]
    assert not gazetteer.contains(bankass, ogossogou)
    (peulh,) = gazetteer.lookup("Ogassagou-Peulh")
    assert gazetteer.contains(bankass, peulh)


@pytest.mark.parametrize(
    "zh, latin, kind",
    [
        ("莫普蒂", "Mopti", "region"),  # the letter's form
        ("莫普提", "Mopti", "region"),  # zh_names.tsv / CLDR
        ("通布图", "Tombouctou", "town"),
        ("廷巴克图", "Tombouctou", "town"),
        ("邦卡", "Bankass", "cercle"),
        ("邦卡斯", "Bankass", "cercle"),
        ("泰南库", "Ténenkou", "cercle"),
        ("滕内库", "Ténenkou", "cercle"),
        ("加奥地区", "Gao", "region"),  # pycountry zh_CN
        ("马里", "Mali", "country"),
    ],
)
def test_chinese_aliases(gazetteer, zh, latin, kind):
    names = {(e.name, e.kind) for e in gazetteer.lookup(zh)}
    assert (latin, kind) in names


def test_fold():
    assert fold("Ténenkou") == fold("TENENKOU") == "tenenkou"
    assert fold("Douna-Pen") == "douna pen"
    assert fold("N’Tillit") == fold("N'Tillit")


def test_rebuild_is_reproducible(tmp_path):
    out = tmp_path / "gazetteer.tsv"
    areas = tmp_path / "areas.geojson"
    count = build_gazetteer(paths.GEONAMES_EXTRACT, out, areas)
    assert out.read_bytes() == paths.SHIPPED_GAZETTEER.read_bytes()
    assert areas.read_bytes() == paths.SHIPPED_AREA_SHAPES.read_bytes()
    assert count == len(load_gazetteer().entries)


def test_malformed_gazetteer_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("not\ta\tgazetteer\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="not a gazetteer file"):
        load_gazetteer(str(bad))
    short = tmp_path / "short.tsv"
    short.write_text("\t".join(COLUMNS) + "\ngn:1\tX\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="line 2"):
        load_gazetteer(str(short))
    with pytest.raises(GazetteerError, match="gazetteer missing"):
        load_gazetteer(str(tmp_path / "absent.tsv"))


@pytest.mark.parametrize("kind", ["region", "cercle", "area", "country"])
def test_within_lists_exactly_what_contains_accepts(kind):
    # within() narrows the field by P-code (Ménaka, a region without one, by its namesake
    # cercle); the answer must be every entry that contains() accepts, in gazetteer order.
    gazetteer = load_gazetteer()
    units = [e for e in gazetteer.entries if e.kind == kind]
    assert units
    for unit in units:
        expected = [e for e in gazetteer.entries if gazetteer.contains(unit, e)]
        assert gazetteer.within(unit) == expected, unit.name
    if kind == "region":
        menaka = next(u for u in units if fold(u.name) == "menaka")
        assert not menaka.pcode and gazetteer.within(menaka)
