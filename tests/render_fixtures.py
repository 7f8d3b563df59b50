"""A realistic synthetic Result for the map renderer, built from the shipped data.

Coordinates come from the GeoNames extract and shapes from the OCHA boundary files,
looked up by id or name here; none is typed in. The document is the letter itself,
split naively into paragraphs and sentences, and evidence is found by searching it.
"""

from __future__ import annotations

import dataclasses
import json
import re
from functools import lru_cache
from typing import Any

from geo import paths
from geo.model import (
    Annotations,
    Base,
    Document,
    Event,
    Mention,
    Operation,
    Paragraph,
    Place,
    Quote,
    Resolution,
    Result,
    Sentence,
)

# The page's own <script> elements: Leaflet, folium's switches, the JSON payload, the line that
# puts the map in its panel, and the drawing script. Hostile text must not add any.
SCRIPTS_IN_PAGE = 5

# Strings that must stay literal text in the page.
ATTACKS = (
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "`",
    "${alert(1)}",
    "<!--",
    "\"'quotes'\"",
    "<svg onload=alert(1)>",
    "&lt;b&gt;entity&lt;/b&gt;",
)
# Payloads that set a flag instead of (or as well as) alerting, so a test can see them fire.
FLAG_ATTACKS = (
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=1</script>",
    "${window.__pwned=1}",
    "`;window.__pwned=1;`",
)


@lru_cache(maxsize=1)
def geonames() -> dict[int, tuple[str, float, float]]:
    rows: dict[int, tuple[str, float, float]] = {}
    with open(paths.GEONAMES_EXTRACT, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            rows[int(cols[0])] = (cols[1], float(cols[4]), float(cols[5]))
    return rows


def _shape(path: Any, field: str, name: str) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    for f in data["features"]:
        if f["properties"][field] == name:
            return f["geometry"]
    raise KeyError(name)


@lru_cache(maxsize=1)
def letter_document() -> Document:
    raw = paths.DEFAULT_DOCUMENT.read_text(encoding="utf-8")
    # The extract has a blank line after every printed line; a paragraph starts on a line
    # indented by a space. Good enough for a fixture.
    paras: list[str] = []
    prev = ""
    for line in raw.splitlines():
        if not line.strip():
            continue
        ends = prev.rstrip().endswith(("。", "：")) or len(prev.strip()) < 30
        prev = line
        if line.startswith(" ") and (not paras or ends):
            paras.append(line.strip())
        elif paras:
            paras[-1] += line.strip()
        else:
            paras.append(line.strip())
    text = ""
    paragraphs, sentences = [], []
    for n, body in enumerate(paras, start=1):
        if text:
            text += "\n\n"
        start = len(text)
        text += body
        paragraphs.append(Paragraph(n, start, len(text), body))
        for m in re.finditer(r"[^。！？；]+[。！？；]?", body):
            if m.group().strip():
                s = start + m.start()
                sentences.append(Sentence(len(sentences), n, s, s + len(m.group()), m.group()))
    return Document(
        source="data/letter.zh.txt",
        text=text,
        language="zh",
        encoding="utf-8",
        sha256="0" * 64,
        title=paras[0].strip(),
        date="2020-06-01",
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
    )


def _evidence(doc: Document, sentence: Sentence) -> Quote:
    return Quote(sentence.index, sentence.paragraph, sentence.start, sentence.end, sentence.text)


def sentence_with(doc: Document, needle: str) -> Quote:
    for s in doc.sentences:
        if needle in s.text:
            return _evidence(doc, s)
    raise KeyError(needle)


def _mentions(
    doc: Document, pattern: str, name: str
) -> tuple[tuple[Mention, ...], tuple[Quote, ...]]:
    mentions, evidence = [], []
    for m in re.finditer(pattern, doc.text):
        s = doc.sentence_at(m.start())
        mentions.append(
            Mention(m.group(), name, m.start(), m.end(), None, "cjk", s.index, s.paragraph)
        )
        evidence.append(_evidence(doc, s))
    return tuple(mentions), tuple(evidence)


def _place(
    doc: Document,
    key: str,
    name: str,
    name_zh: str,
    kind: str,
    pattern: str,
    *,
    point: tuple[float, float] | None,
    geometry: dict[str, Any] | None = None,
    admin1: str = "",
    admin2: str = "",
    precision: int = 1,
    approximate: bool = False,
    note: str = "",
    geonames_id: int | None = None,
    pcode: str = "",
    confidence: float = 0.9,
) -> Place:
    mentions, evidence = _mentions(doc, pattern, name_zh or name)
    return Place(
        key=key,
        name=name,
        name_zh=name_zh,
        kind=kind,
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        geometry=geometry,
        admin1=admin1,
        admin2=admin2,
        geonames_id=geonames_id,
        pcode=pcode,
        precision=precision,
        source="GeoNames ML extract" if geonames_id else "OCHA boundaries",
        geocoder="gazetteer",
        approximate=approximate,
        note=note,
        confidence=confidence,
        mentions=mentions,
        evidence=evidence,
    )


def _gn(gid: int) -> tuple[float, float]:
    _, lat, lon = geonames()[gid]
    return lat, lon


def synthetic_result() -> Result:
    doc = letter_document()
    regions, cercles = paths.REGIONS, paths.CERCLES
    gao, labbezanga = _gn(2457163), _gn(2454210)
    places = [
        _place(
            doc,
            "gn:2453866",
            "Mali",
            "马里",
            "country",
            r"马里(?!稳定团|中部|北部|警察|当局|国防|宪兵|问题|和平|高度|协调|各方)",
            point=_gn(2453866),
            precision=6,
            geonames_id=2453866,
        ),
        _place(
            doc,
            "area:mali-centre",
            "Centre du Mali",
            "马里中部",
            "area",
            r"马里中部",
            point=None,
            precision=5,
            confidence=0.7,
        ),
        _place(
            doc,
            "gn:2453347",
            "Mopti",
            "莫普蒂",
            "region",
            r"莫普蒂大区",
            point=_gn(2453347),
            geometry=_shape(regions, "adm1_fr", "Mopti"),
            admin1="Mopti",
            precision=4,
            geonames_id=2453347,
            pcode="ML05",
        ),
        _place(
            doc,
            "gn:2457161",
            "Gao",
            "加奥",
            "region",
            r"加奥大区",
            point=_gn(2457161),
            geometry=_shape(regions, "adm1_fr", "Gao"),
            admin1="Gao",
            precision=4,
            geonames_id=2457161,
            pcode="ML07",
        ),
        _place(
            doc,
            "gn:7701494",
            "Koro",
            "科罗",
            "cercle",
            r"科罗省",
            point=_gn(7701494),
            geometry=_shape(cercles, "adm2_fr", "Koro"),
            admin1="Mopti",
            admin2="Koro",
            precision=3,
            geonames_id=7701494,
            pcode="ML0505",
        ),
        _place(
            doc,
            "gn:7701493",
            "Bankass",
            "邦卡",
            "cercle",
            r"邦卡省",
            point=_gn(7701493),
            geometry=_shape(cercles, "adm2_fr", "Bankass"),
            admin1="Mopti",
            admin2="Bankass",
            precision=3,
            geonames_id=7701493,
            pcode="ML0502",
        ),
        _place(
            doc,
            "gn:8299591",
            "Bandiagara",
            "邦贾加拉",
            "cercle",
            r"邦贾加拉省",
            point=_gn(8299591),
            geometry=_shape(cercles, "adm2_fr", "Bandiagara"),
            admin1="Mopti",
            admin2="Bandiagara",
            precision=3,
            geonames_id=8299591,
            pcode="ML0501",
        ),
        _place(
            doc,
            "axis:gao-labbezanga",
            "Gao – Labbezanga",
            "加奥-拉贝赞加",
            "axis",
            r"加奥-拉贝赞加轴心",
            point=None,
            geometry={
                "type": "LineString",
                "coordinates": [[gao[1], gao[0]], [labbezanga[1], labbezanga[0]]],
            },
            admin1="Gao",
            precision=2,
            confidence=0.8,
        ),
        _place(
            doc,
            "gn:2457163",
            "Gao",
            "加奥",
            "town",
            r"加奥(?!大区|-)",
            point=gao,
            admin1="Gao",
            admin2="Gao",
            geonames_id=2457163,
        ),
        _place(
            doc,
            "gn:2449067",
            "Tombouctou",
            "通布图",
            "town",
            r"通布图(?!大区)",
            point=_gn(2449067),
            admin1="Tombouctou",
            admin2="Tombouctou",
            geonames_id=2449067,
        ),
        _place(
            doc,
            "gn:2455290",
            "Kidal",
            "基达尔",
            "town",
            r"基达尔",
            point=_gn(2455290),
            admin1="Kidal",
            admin2="Kidal",
            geonames_id=2455290,
        ),
        _place(
            doc,
            "gn:2453514",
            "Ménaka",
            "梅纳卡",
            "town",
            r"梅纳卡",
            point=_gn(2453514),
            admin1="Ménaka",
            admin2="Ménaka",
            geonames_id=2453514,
        ),
        _place(
            doc,
            "gn:2461003",
            "Ansongo",
            "安松戈",
            "town",
            r"安松戈",
            point=_gn(2461003),
            admin1="Gao",
            admin2="Ansongo",
            geonames_id=2461003,
        ),
        _place(
            doc,
            "gn:2451285",
            "Sévaré",
            "塞瓦雷",
            "town",
            r"塞瓦雷",
            point=_gn(2451285),
            admin1="Mopti",
            admin2="Mopti",
            geonames_id=2451285,
        ),
        _place(
            doc,
            "gn:2454210",
            "Labbezanga",
            "拉贝赞加",
            "village",
            r"拉贝赞加",
            point=labbezanga,
            admin1="Gao",
            admin2="Ansongo",
            geonames_id=2454210,
            confidence=0.8,
        ),
        _place(
            doc,
            "gn:2458641",
            "Dioungani",
            "",
            "village",
            r"Dioungani",
            point=_gn(2458641),
            admin1="Mopti",
            admin2="Koro",
            geonames_id=2458641,
        ),
        _place(
            doc,
            "gn:6867217",
            "Ogossogou",
            "",
            "village",
            r"Ogossogou",
            point=_gn(6867217),
            admin1="Mopti",
            admin2="Bankass",
            geonames_id=6867217,
        ),
        _place(
            doc,
            "gn:2453870",
            "Malémana",
            "",
            "village",
            r"Malémana",
            point=_gn(2453870),
            admin1="Mopti",
            admin2="Ténenkou",
            geonames_id=2453870,
            confidence=0.75,
        ),
        _place(
            doc,
            "village:douna-pen",
            "Douna-Pen",
            "",
            "village",
            r"Douna-Pen",
            point=_gn(7701494),
            admin1="Mopti",
            admin2="Koro",
            precision=3,
            approximate=True,
            note="Douna-Pen is not in the gazetteer; drawn at the centre of Koro cercle, "
            "which the text names.",
            confidence=0.6,
        ),
        _place(
            doc,
            "village:femaye",
            "Femaye",
            "",
            "village",
            r"Femaye",
            point=_gn(8299590),
            admin1="Mopti",
            admin2="Djenné",
            precision=3,
            approximate=True,
            note="Femaye is not in the gazetteer; drawn at the centre of Djenné cercle (杰内县).",
            confidence=0.6,
        ),
    ]
    ops = (
        Operation(
            "Maliko",
            "马利科",
            "Malian armed forces",
            ("gn:2455290", "gn:2449067", "gn:2457163"),
            (sentence_with(doc, "马利科"),),
        ),
        Operation(
            "Sekab",
            "塞卡",
            "MINUSMA",
            ("axis:gao-labbezanga", "gn:2457161"),
            (sentence_with(doc, "塞卡"),),
        ),
        Operation(
            "Buffalo",
            "布法罗",
            "MINUSMA",
            ("gn:8299591", "gn:7701494", "gn:7701493"),
            (sentence_with(doc, "作为其“布法罗"), sentence_with(doc, "在“布法罗”行动框架内")),
        ),
    )
    bases = (
        Base("village:douna-pen", "2020-01", "1 月份", sentence_with(doc, "Douna-Pen")),
        Base("gn:2458641", None, "遭到暴力袭击后不到 48 小时", sentence_with(doc, "Dioungani")),
        Base("gn:6867217", None, "遭到暴力袭击后不到 48 小时", sentence_with(doc, "Ogossogou")),
    )
    events = (
        Event(
            "handover",
            "Security of CMO camps handed over to the Malian forces",
            "2020-04-26",
            "2020-04-27",
            "4 月 26 日和 27 日",
            ("gn:2457163", "gn:2449067"),
            sentence_with(doc, "4 月 26 日"),
        ),
        Event(
            "plan",
            "Plan to make Ménaka a weapons-free zone discussed",
            "2020-03-12",
            None,
            "3 月 12 日",
            ("gn:2453514",),
            sentence_with(doc, "无武器"),
        ),
        Event(
            "attack",
            "Series of violent attacks on villages",
            "2020-03",
            None,
            "3 月初",
            ("gn:7701493",),
            sentence_with(doc, "3 月初"),
        ),
        Event(
            "assessment",
            "Humanitarian needs assessed with a MINUSMA mediation team",
            "2020-03-10",
            None,
            "3 月 10 日",
            ("gn:7701494",),
            sentence_with(doc, "3 月 10 日"),
        ),
        Event(
            "inspection",
            "Ministry of Justice inspection mission",
            None,
            None,
            "自 2006 年以来第一次",
            ("gn:2455290",),
            sentence_with(doc, "视察任务"),
        ),
        Event(
            "return",
            "Return of 3,120 displaced people",
            None,
            None,
            "",
            ("village:femaye",),
            sentence_with(doc, "Femaye"),
        ),
        Event(
            "reinforcement",
            "Police and gendarmerie reinforced",
            "2020-01",
            None,
            "",
            ("gn:2461003", "gn:2453514"),
            sentence_with(doc, "安松戈"),
        ),
    )
    person = _mentions(doc, r"苏马伊拉·西塞", "苏马伊拉·西塞")[0][0]
    unresolved = (
        Resolution(person, None, "village", 6, 0.0, "unresolved", note="no gazetteer entry"),
    )
    return Result(doc, tuple(places), unresolved, Annotations(ops, bases, events))


def _poison(value: Any, n: list[int]) -> Any:
    """Append an attack string to every text field of a dataclass tree."""
    if isinstance(value, tuple):
        return tuple(_poison(v, n) for v in value)
    if not dataclasses.is_dataclass(value):
        return value
    changes = {}
    for f in dataclasses.fields(value):
        v = getattr(value, f.name)
        if f.name in {
            "key",
            "place_key",
            "place_keys",
            "kind",
            "date",
            "date_end",
            "language",
            "encoding",
            "sha256",
            "type",
            "text",
        } and not (f.name == "text" and isinstance(value, Quote)):
            continue
        if isinstance(v, str):
            n[0] += 1
            attacks = ATTACKS + FLAG_ATTACKS
            changes[f.name] = f"{v} {attacks[n[0] % len(attacks)]}"
        elif isinstance(v, tuple) or dataclasses.is_dataclass(v):
            changes[f.name] = _poison(v, n)
    return dataclasses.replace(value, **changes)


def hostile_result() -> Result:
    """The synthetic result with attack strings in every piece of document text."""
    base = synthetic_result()
    n = [0]
    doc = dataclasses.replace(
        base.document,
        title=" ".join(ATTACKS + FLAG_ATTACKS),
        source='/tmp/<img src=x onerror="window.__pwned=1">`${alert(1)}`.txt',
    )
    places = tuple(_poison(p, n) for p in base.places)
    ann = _poison(base.annotations, n)
    unresolved = tuple(
        dataclasses.replace(
            r, mention=dataclasses.replace(r.mention, surface=FLAG_ATTACKS[0]), note=ATTACKS[1]
        )
        for r in base.unresolved
    )
    return Result(doc, places, unresolved, ann)


def empty_result() -> Result:
    return Result(letter_document(), (), ())
