"""Chinese transliterations of place names, matched to the gazetteer's Latin names by sound.

Chinese news writes Malian names by ear: 纽罗 (niu luo) is Nioro, 卢卢尼 (lu lu ni) is Loulouni,
贾巴利 (jia ba li) is Diabaly. No list of renderings covers 15,000 places, so a name the gazetteer
does not know in Chinese is compared with its Latin (French) names by sound. Both sides are reduced
to one phoneme alphabet: the pinyin of each character (from `data/zh_translit.tsv`, built with
pypinyin by `build_tables`) and the French spelling of the name (ou -> u, é/ai -> e, gn -> ny,
gu/qu -> k, ...). A weighted edit distance then applies the usual French -> Chinese
correspondences: r ~ l, b ~ p, d ~ t, g ~ k, ki/gui/dia ~ ji/jia, é ~ ei/ai, the vowel that Chinese
adds after a final consonant (斯 si for -s, 姆 mu for -m, 尔 er for -r) and dropped final
consonants (Kayes 卡伊).

`data/zh_words.tsv` lists the Chinese words made only of transliteration characters (from jieba's
dictionary: 丰富, 代谢, 内科) and the names of countries and places abroad (pycountry, jieba's
place tag: 加纳, 尼日尔): such a candidate is never taken for a Malian place. jieba tags many
loanwords as names (沙拉, 摩托), like real names (多罗), so those are not listed; the place markers
the text must give guard them.

Phoneme alphabet: vowels a e i o u; "@" a weak vowel (pinyin e, the i of si, French mute e) and
"U" a weak u (布 bu, 姆 mu), "y" a weak glide (加 jia); consonants b p d t g k f s j (ji, dia, dj)
c (ch, sh) l m n w.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from itertools import product
from pathlib import Path

from geo import paths
from geo.gazetteer import Gazetteer
from geo.model import GazetteerEntry
from geo.text import fold

# Scores are 0..1 (1 = same sound). Calibrated on the renderings the gazetteer ships
# (tests/test_translit.py): the right place scores >= 0.8 for nine in ten of them, but across
# 15,000 places some village sounds like almost any name, so the unit the text names (or a
# notable place) must narrow the field first.
MIN_SCORE = 0.8

_VOWELS = frozenset("aeiou@Uy")
_WEAK = frozenset("@Uy")


# ---------------------------------------------------------------------------------------------
# Latin (French spelling) -> phonemes

_LATIN_RULES = [
    (r"tch", "C"),
    (r"dj", "J"),
    (r"sch|sh|ch", "C"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"kh|gh", "G"),
    (r"rh", "r"),
    (r"gn", "ni"),
    (r"qu", "G"),
    (r"gu(?=[eiyéè])", "G"),
    (r"c(?=[eiyéè])", "s"),
    (r"g(?=[eiéè])", "J"),
    (r"[cq]", "G"),
    (r"ç", "s"),
    (r"x", "Gs"),
    (r"eau|au", "o"),
    (r"ou(?=[aeéèio])", "w"),
    (r"ou", "u"),
    (r"oi", "wa"),
    (r"(?:ai|ei)(?![aeiouéè])", "é"),
    (r"eu", "e"),
    (r"e(?=s?$)", "@"),  # French mute final e (Kayes, Goundame)
    (r"@s$", "@"),
]
_LATIN_RULES_RX = [(re.compile(a), b) for a, b in _LATIN_RULES]
_LATIN_MAP = str.maketrans(
    {
        "q": "k",
        "r": "l",
        "z": "s",
        "v": "f",
        "y": "i",
        "h": None,
        "é": "e",
        "è": "e",
        "ê": "e",
        "ë": "e",
        "ï": "i",
        "î": "i",
        "ô": "o",
        "â": "a",
        "à": "a",
        "ü": "u",
        "û": "u",
        "C": "c",
        "J": "j",
        "G": "g",
    }
)


@cache
def latin_phonemes(name: str) -> str:
    """'Nioro' -> 'niolo', 'Hérémakono' -> 'elemakono', 'Gogui' -> 'koki'."""
    text = unicodedata.normalize("NFC", name.casefold())
    out = []
    for word in re.findall(r"[a-zà-ÿ]+", text):
        word = re.sub(r"([bcdfgklmnprstvz])\1+", r"\1", word)
        for rx, repl in _LATIN_RULES_RX:
            word = rx.sub(repl, word)
        out.append(word.translate(_LATIN_MAP))
    key = "".join(out)
    return re.sub(r"([bdgptkfsjclmnw])\1+", r"\1", key)


# ---------------------------------------------------------------------------------------------
# Pinyin -> phonemes

_INITIAL = re.compile(r"^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(.*)$")
_INITIAL_MAP = {
    "b": "b",
    "p": "p",
    "d": "d",
    "t": "t",
    "g": "g",
    "k": "k",
    "h": "",
    "j": "j",
    "q": "j",
    "zh": "j",
    "ch": "j",
    "x": "s",
    "sh": "c",
    "r": "l",
    "z": "s",
    "c": "s",
    "s": "s",
    "f": "f",
    "m": "m",
    "n": "n",
    "l": "l",
    "": "",
}
_FINAL_MAP = {
    "iang": "ian",
    "iong": "ion",
    "uang": "wan",
    "ang": "an",
    "eng": "@n",
    "ing": "in",
    "ong": "on",
    "ian": "ien",
    "iao": "io",
    "uai": "we",
    "uan": "wan",
    "ai": "e",
    "ei": "e",
    "ao": "o",
    "ou": "o",
    "an": "an",
    "en": "@n",
    "in": "in",
    "un": "un",
    "ia": "ia",
    "ie": "ie",
    "iu": "iu",
    "ua": "wa",
    "uo": "o",
    "ui": "wi",
    "ue": "ue",
    "ve": "ue",
    "er": "@l",
    "a": "a",
    "o": "o",
    "e": "@",
    "i": "i",
    "u": "u",
    "v": "u",
}


@cache
def syllable_phonemes(syllable: str) -> str:
    """One toneless pinyin syllable: 'niu' -> 'niu', 'er' -> '@l', 'si' -> 's@', 'mu' -> 'mU'."""
    syllable = syllable.replace("ü", "v")
    m = _INITIAL.match(syllable)
    assert m is not None
    initial, final = m.group(1) or "", m.group(2)
    if initial == "y":
        initial, final = "", {"u": "v", "ue": "ve", "uan": "van", "un": "vn"}.get(final, final)
        final = final if final.startswith(("i", "v")) else "i" + final
    elif initial == "w":
        initial, final = "", "u" + final if final != "u" else "u"
        final = {"uei": "ui", "uen": "un", "ueng": "ong"}.get(final, final)
    if initial in ("j", "q", "x") and final.startswith("u"):
        final = "v" + final[1:]
    if initial in ("z", "c", "s", "zh", "ch", "sh", "r") and final == "i":
        final = "e"  # the apical vowel of 斯 si, 什 shi: the vowel Chinese adds after -s
    if final == "vn":
        final = "un"
    if final == "van":
        final = "wan"
    out = _FINAL_MAP.get(final)
    if out is None:
        out = final.replace("v", "u")
    consonant = _INITIAL_MAP.get(initial, initial)
    if consonant in ("b", "p", "f", "m") and out == "u":
        out = "U"  # 布 bu, 姆 mu, 夫 fu often only carry a final b/m/f
    if initial in ("j", "q", "x") and len(out) > 1 and out[0] == "i" and out[1] in "aeou":
        out = "y" + out[1:]  # 加 jia renders ka/ga as often as dia/gia
    return consonant + out


# ---------------------------------------------------------------------------------------------
# The weighted edit distance

_PAIR_COST = {
    frozenset("ae"): 0.5,
    frozenset("ei"): 0.5,
    frozenset("ou"): 0.3,
    frozenset("eo"): 0.6,
    frozenset("ao"): 0.7,
    frozenset("iu"): 0.7,
    # Chinese keeps voicing when it can (多 duo for do, 托 tuo for to): a slight preference.
    frozenset("bp"): 0.1,
    frozenset("dt"): 0.1,
    frozenset("gk"): 0.1,
    frozenset("gj"): 0.2,
    frozenset("dj"): 0.45,
    frozenset("bf"): 0.7,
    frozenset("bm"): 0.8,
    frozenset("ds"): 0.8,
    frozenset("pf"): 0.6,
    frozenset("fw"): 0.3,
    frozenset("wu"): 0.3,
    frozenset("kj"): 0.2,
    frozenset("tj"): 0.45,
    frozenset("sj"): 0.5,
    frozenset("cj"): 0.35,
    frozenset("cs"): 0.3,
    frozenset("ln"): 0.6,
    frozenset("mn"): 0.5,
    frozenset("pm"): 0.8,
    frozenset("ts"): 0.8,
}


def _sub(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if a in _WEAK or b in _WEAK:
        other = b if a in _WEAK else a
        if other in _VOWELS:
            return 0.1 if {a, b} in ({"U", "u"}, {"y", "i"}) else 0.3
        return 1.2
    cost = _PAIR_COST.get(frozenset((a, b)))
    if cost is not None:
        return cost
    if (a in _VOWELS) != (b in _VOWELS):
        return 1.2
    return 0.8 if a in _VOWELS else 1.0


def _indel(token: str, at_end: bool) -> float:
    if token in _WEAK:
        return 0.2
    if token in "iuw":
        return 0.4  # glides: Nioro / 纽罗, Diabaly / 贾巴利
    if token in _VOWELS:
        return 0.6
    if token == "n":
        return 0.5
    if at_end:
        return 0.5  # a final consonant that Chinese drops (Kayes 卡伊)
    return 1.0


def _strong_length(key: str) -> int:
    return sum(1 for c in key if c not in _WEAK) or 1


class _SubCosts(dict[tuple[str, str], float]):
    """_sub for each pair of tokens, computed on first use."""

    def __missing__(self, pair: tuple[str, str]) -> float:
        cost = self[pair] = _sub(*pair)
        return cost


class _IndelCosts(dict[tuple[str, bool], float]):
    """_indel for each token, at the end of its key or not, computed on first use."""

    def __missing__(self, token: tuple[str, bool]) -> float:
        cost = self[token] = _indel(*token)
        return cost


_SUB_COSTS = _SubCosts()
_INDEL_COSTS = _IndelCosts()


@lru_cache(maxsize=1 << 14)  # a name is compared with the same places in every scope searched
def similarity(zh_key: str, latin_key: str) -> float:
    """1 - weighted edit distance / length of the longer key (weak vowels not counted)."""
    n, m = len(zh_key), len(latin_key)
    inserts = [_INDEL_COSTS[b, j == m - 1] for j, b in enumerate(latin_key)]
    previous = [0.0] * (m + 1)
    for j in range(1, m + 1):
        previous[j] = previous[j - 1] + inserts[j - 1]
    for i, a in enumerate(zh_key):
        delete = _INDEL_COSTS[a, i == n - 1]
        subs = [_SUB_COSTS[a, b] for b in latin_key]
        left = previous[0] + delete
        current = [left]
        # Row by row, the plain edit-distance recurrence; the same sums as min(...) would
        # take, compared by hand (this loop is the cost of resolution by sound).
        for j in range(m):
            diagonal = previous[j] + subs[j]
            up = previous[j + 1] + delete
            left += inserts[j]
            if diagonal <= up and diagonal <= left:
                left = diagonal
            elif up <= left:
                left = up
            current.append(left)
        previous = current
    distance = previous[m]
    return max(0.0, 1.0 - distance / max(_strong_length(zh_key), _strong_length(latin_key)))


# ---------------------------------------------------------------------------------------------
# The tables: transliteration characters with their readings, and words that are not places


@dataclass(frozen=True)
class Tables:
    readings: dict[str, tuple[str, ...]]  # character -> toneless pinyin readings
    words: dict[str, str]  # word -> "word" (ordinary), "place" (a place abroad), "country"

    @cached_property
    def run_pattern(self) -> re.Pattern[str]:
        """A run of transliteration characters: one regex, not a Python loop per character."""
        chars = "".join(sorted(re.escape(c) for c in self.readings if len(c) == 1))
        return re.compile(f"[{chars}]+" if chars else "(?!)")


@cache
def load_tables(translit: Path | None = None, words: Path | None = None) -> Tables:
    readings = {cols[0]: tuple(cols[1].split("|")) for cols in _rows(translit or paths.ZH_TRANSLIT)}
    classes = {cols[0]: cols[1] for cols in _rows(words or paths.ZH_WORDS)}
    return Tables(readings, classes)


def _rows(path: Path) -> list[list[str]]:
    """The rows of a small TSV without its header (plain split: read on every Chinese run)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines[1:] if line]


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def is_translit_char(char: str) -> bool:
    return char in load_tables().readings


def word_class(word: str) -> str | None:
    """ "word" for an ordinary Chinese word, "place"/"country" for a place abroad, else None."""
    return load_tables().words.get(word)


def zh_phonemes(zh: str, limit: int = 8) -> list[str]:
    """Phoneme keys of a run of transliteration characters (one per reading, at most `limit`)."""
    readings = load_tables().readings
    choices = [readings.get(c, ()) for c in zh]
    if not all(choices):
        return []
    keys = []
    for combo in product(*choices):
        keys.append("".join(syllable_phonemes(s) for s in combo))
        if len(keys) >= limit:
            break
    return keys


# ---------------------------------------------------------------------------------------------
# Matching against the gazetteer


@dataclass(frozen=True)
class Match:
    entry: GazetteerEntry
    score: float  # 0..1
    whole_name: bool  # matched the entry's own name (not an alternate name or a first word)
    latin: str  # the Latin form that matched
    reading: str  # the pinyin reading that matched, e.g. "niu luo"


_SKELETON = str.maketrans(
    {
        **{v: None for v in "aeiouyhw@U"},
        "b": "p",
        "d": "t",
        "g": "k",
        "c": "k",
        "q": "k",
        "r": "l",
        "z": "s",
        "v": "f",
        "x": "s",
        "j": "k",
    }
)


def _skeleton(text: str) -> str:
    """Consonants only, coarse classes: a cheap first filter before the edit distance."""
    return re.sub(r"(.)\1+", r"\1", text.translate(_SKELETON))


class PhoneticIndex:
    """The Latin names of a set of entries, searchable by the sound of a Chinese name."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self.entries: list[GazetteerEntry] = []
        self.forms: list[str] = []  # folded Latin aliases, and the first word of each
        self.skeletons: list[str] = []
        self._positions: dict[str, list[int]] = {}  # entry key -> its forms' positions
        for entry in entries:
            if entry.lat is None or entry.kind in ("country", "area"):
                continue
            seen = set()
            for alias in entry.aliases:
                if not alias.isascii():
                    continue  # a Chinese rendering
                for form in (alias, alias.split(" ")[0]):
                    if len(form) >= 3 and form not in seen:
                        seen.add(form)
                        self._positions.setdefault(entry.key, []).append(len(self.entries))
                        self.entries.append(entry)
                        self.forms.append(form)
                        self.skeletons.append(_skeleton(form))

    def positions(self, entries: Iterable[GazetteerEntry]) -> list[int]:
        """Where the forms of `entries` are in this index, in order (for `search`'s `among`)."""
        return sorted(i for e in entries for i in self._positions.get(e.key, ()))

    def search(
        self,
        zh: str,
        keep: Callable[[GazetteerEntry], bool] | None = None,
        min_score: float = MIN_SCORE,
        among: Sequence[int] | None = None,
    ) -> list[Match]:
        """Entries (passing `keep`, at `among` positions) whose Latin name sounds like `zh`,
        best first. `among` saves calling `keep` on every form of the gazetteer."""
        from rapidfuzz import fuzz, process

        keys = zh_phonemes(zh)
        if not keys:
            return []
        choices: dict[int, str] | list[str] = self.skeletons
        if keep is not None or among is not None:
            where = range(len(self.skeletons)) if among is None else among
            choices = {
                i: self.skeletons[i] for i in where if keep is None or keep(self.entries[i])
            }
        # The skeleton ratio only narrows the field; the edit distance below decides.
        hits = process.extract(
            _skeleton(keys[0]), choices, scorer=fuzz.ratio, score_cutoff=50, limit=150
        )
        readings = load_tables().readings
        best: dict[str, tuple[float, bool, str, str]] = {}
        for _, _, i in hits:
            entry, form = self.entries[i], self.forms[i]
            whole = form == fold(entry.name)
            latin = latin_phonemes(entry.name if whole else form)
            for key in keys:
                score = similarity(key, latin)
                if score >= min_score and (score, whole) > best.get(entry.key, (0.0, False))[:2]:
                    best[entry.key] = (score, whole, form, key)
        by_key = {e.key: e for e in (self.entries[i] for _, _, i in hits)}
        matches = [
            Match(by_key[k], round(score, 3), whole, form, _reading(zh, key, readings))
            for k, (score, whole, form, key) in best.items()
        ]
        return sorted(matches, key=lambda m: (-m.score, not m.whole_name, m.entry.key))


def _reading(zh: str, key: str, readings: dict[str, tuple[str, ...]]) -> str:
    for combo in product(*(readings.get(c, ("?",)) for c in zh)):
        if "".join(syllable_phonemes(s) for s in combo) == key:
            return " ".join(combo)
    return " ".join(readings.get(c, ("?",))[0] for c in zh)


# ---------------------------------------------------------------------------------------------
# Building the tables (needs pypinyin, jieba and pycountry; run scripts/build_translit.py)

# Regions of countries whose names are not transliterated into Chinese (Han, Hangul, Kana, Viet).
_NOT_TRANSLITERATED = {"CN", "TW", "HK", "MO", "JP", "KR", "KP", "SG", "VN"}
_ADMIN_SUFFIX = re.compile(
    r"(特别行政区|自治区|自治州|直辖市|大区|地区|区域|群岛|省|州|区|區|县|郡|市|岛|城|府)$"
)
# A rendering is a transliteration (not a translation such as 北部省) when it sounds like its name.
_TRANSLITERATION_SCORE = 0.75
# Characters much commoner in ordinary words than in names (的, 和, 大, 国) are not kept.
_MIN_AFFINITY = -0.3


def build_tables(out_dir: Path) -> tuple[int, int]:
    """Write data/zh_translit.tsv and data/zh_words.tsv; return their row counts.

    Transliteration characters are those of Chinese place names that sound like their Latin
    names: the Malian renderings we ship and the zh_CN names of the world's countries and
    subdivisions in pycountry (iso-codes). Readings come from pypinyin, words from jieba.
    """
    names, countries = _named_renderings()
    counts, sources = _transliteration_counts(names)
    entries = _jieba_entries()
    chars = _transliteration_chars(counts, sources, entries)
    rows = [
        {
            "char": c,
            "readings": "|".join(_readings_of(c)),
            "names": str(counts[c]),
            "source": "; ".join(sorted(sources[c])) + "; readings: pypinyin",
        }
        for c in sorted(chars, key=lambda c: (-counts[c], c))
    ]
    _write_tsv(out_dir / "zh_translit.tsv", ["char", "readings", "names", "source"], rows)
    word_rows = _word_rows(entries, chars, countries)
    _write_tsv(out_dir / "zh_words.tsv", ["word", "class", "source"], word_rows)
    load_tables.cache_clear()
    return len(rows), len(word_rows)


def _named_renderings() -> tuple[list[tuple[str, str, str]], set[str]]:
    """(zh, latin, source) for every rendering we know, and the zh names of other countries."""
    import gettext

    import pycountry

    names: list[tuple[str, str, str]] = []
    for row in _read_tsv(paths.ZH_ALIASES):
        names.append((row["zh"], row["latin"], "data/zh_aliases.tsv"))
    for row in _read_tsv(paths.ZH_NAMES):
        latin = row["latin"].split("(")[0].split("/")[0].strip()
        names.append((row["zh"], latin, "data/zh_names.tsv"))
    sub_zh = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
    country_zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    countries: set[str] = set()
    for sub in pycountry.subdivisions:
        if sub.country_code not in _NOT_TRANSLITERATED:
            names.append((sub_zh.gettext(sub.name), sub.name, "pycountry iso3166-2 zh_CN"))
    for country in pycountry.countries:
        zh = country_zh.gettext(country.name)
        if zh != country.name:
            names.append((zh, country.name, "pycountry iso3166-1 zh_CN"))
            if country.alpha_2 != "ML":
                countries.add(zh)
                countries.add(_ADMIN_SUFFIX.sub("", zh))
    return names, countries


def _readings_of(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    return tuple(dict.fromkeys(pinyin(char, style=Style.NORMAL, heteronym=True)[0]))


def _transliteration_counts(
    names: list[tuple[str, str, str]],
) -> tuple[dict[str, int], dict[str, set[str]]]:
    """How many names that sound like their Latin form use each character, and their sources."""
    counts: dict[str, int] = {}
    sources: dict[str, set[str]] = {}
    for zh, latin, source in names:
        stem = _ADMIN_SUFFIX.sub("", zh)
        if len(stem) < 2 or not all("\u4e00" <= c <= "\u9fff" for c in stem):
            continue
        keys = [
            "".join(syllable_phonemes(s) for s in combo)
            for combo in list(product(*(_readings_of(c) for c in stem)))[:16]
        ]
        if max(similarity(k, latin_phonemes(latin)) for k in keys) < _TRANSLITERATION_SCORE:
            continue
        for char in set(stem):
            counts[char] = counts.get(char, 0) + 1
            sources.setdefault(char, set()).add(source)
    return counts, sources


def _jieba_entries() -> list[tuple[str, int, str]]:
    """(word, frequency, part-of-speech tag) from jieba's dictionary."""
    import os

    import jieba

    entries = []
    dictionary = Path(os.path.dirname(jieba.__file__)) / "dict.txt"
    with open(dictionary, encoding="utf-8") as fh:
        for line in fh:
            word, count, tag = line.split()
            entries.append((word, int(count), tag))
    return entries


def _transliteration_chars(
    counts: dict[str, int], sources: dict[str, set[str]], entries: list[tuple[str, int, str]]
) -> set[str]:
    """Characters far more common in transliterated names than in ordinary words."""
    common: dict[str, int] = {}
    for word, freq, tag in entries:
        if not tag.startswith(("nr", "ns", "nz")):
            for char in set(word):
                common[char] = common.get(char, 0) + freq
    total_names, total_common = sum(counts.values()), sum(common.values())

    def name_affinity(char: str) -> float:
        """log of (share among transliterated names) / (share in ordinary words)."""
        share_common = (common.get(char, 0) + 1) / total_common
        return math.log((counts[char] / total_names) / share_common)

    return {
        c
        for c, n in counts.items()
        if (n >= 3 and name_affinity(c) >= _MIN_AFFINITY) or any("data/" in s for s in sources[c])
    }


def _word_rows(
    entries: list[tuple[str, int, str]], chars: set[str], countries: set[str]
) -> list[dict[str, str]]:
    """Words written only in transliteration characters that are not Malian places."""
    words: dict[str, str] = {}
    for word, _, tag in entries:
        if 2 <= len(word) <= 4 and all(c in chars for c in word):
            if tag == "ns":
                words[word] = "place"
            elif not tag.startswith(("nr", "nz")):
                words[word] = "word"
    for zh in countries:
        if len(zh) >= 2:
            words[zh] = "country"
    return [
        {
            "word": w,
            "class": c,
            "source": "pycountry iso3166-1 zh_CN" if c == "country" else "jieba 0.42.1 dict.txt",
        }
        for w, c in sorted(words.items())
    ]


def _write_tsv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    import io

    from geo.io import atomic_write_text

    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, fieldnames=columns, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    atomic_write_text(path, buf.getvalue())


@cache
def index_for(gazetteer: Gazetteer) -> PhoneticIndex:
    """The phonetic index of a loaded gazetteer (built on first use, about 0.15 s)."""
    return PhoneticIndex(gazetteer.entries)


def reading_of(zh: str) -> str:
    """The first pinyin reading of each character: '纽罗' -> 'niu luo'."""
    readings = load_tables().readings
    return " ".join(readings.get(c, ("?",))[0] for c in zh)
