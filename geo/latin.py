"""French and English text: which capitalised words name places, and what the text says of them.

Part of stage 3 (mentions). Gazetteer names are found on word boundaries. Cue words give the
kind the text states (la région de X, the regions of X and Y, X cercle, the “Cercle” of X) and a
whole list shares it. A locative frame (à X, dans X, près de X, vers X; in, at, near, from, to,
outside X) makes an unknown capitalised word a candidate that resolution matches to a spelling
variant inside the unit the text names. Organisation, brand, operation and person names are not
places: the Azawad in “Coordination des mouvements de l’Azawad”, the Mali in “Orange Mali”, the
Barkhane of “Operation Barkhane”, a hamlet that shares a surname.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from itertools import pairwise

import ahocorasick

from geo.gazetteer import Gazetteer
from geo.model import Document, Mention
from geo.text import fold, fold_same_length

# A span: (start, end, name, kind_hint, script, weak, framed)
LatinSpan = tuple[int, int, str, "str | None", str, bool, bool]

# A capitalised name: N’Tahaka and Diallaye-Kanda are one name each.
NAME = r"[A-ZÀ-Þ](?:['’][A-ZÀ-Þ])?[a-zà-ÿ'’]+(?:[-‐][A-ZÀ-Þa-zà-ÿ][a-zà-ÿ'’]+)*"
_NAME_RE = re.compile(NAME)

# Cue words before a name: "région de", "the regions of", "the “Cercle” (level 2) of".
_OF = r"[”\"’»]?\s*(?:\([^()]{0,40}\)\s*)?(?:de\s+|du\s+|d['’]\s*|des\s+|of\s+(?:the\s+)?)"
_KIND_BEFORE = [
    (re.compile(rf"(?:r[ée]gions?|district|zones?)\s*{_OF}$", re.I), "region"),
    (re.compile(rf"(?:cercles?|circles?)\s*{_OF}$", re.I), "cercle"),
    (
        re.compile(rf"(?:villages?|hameaux?|hamlets?|localit[ée]s?)\s*{_OF}$", re.I),
        "village",
    ),
    (re.compile(rf"(?:villes?|towns?|cities|city|communes?)\s*{_OF}$", re.I), "town"),
    (re.compile(r"\bcommunes?\s+(?:rurale\s+|urbaine\s+)?$", re.I), "town"),
]
_KIND_AFTER = [
    (re.compile(r"^\s+(?:regions?|r[ée]gions?)\b", re.I), "region"),
    (re.compile(r"^\s+(?:cercles?|circles?)\b", re.I), "cercle"),
    (re.compile(r"^\s+villages?\b", re.I), "village"),
    (re.compile(r"^\s+(?:town|city)\b", re.I), "town"),
]
# Aliases such as "gao region" or "cercle de goundam" carry their kind in the name.
_KIND_IN_NAME = [
    ("region", re.compile(r"\b(?:region|district)\b")),
    ("cercle", re.compile(r"\bcercle\b")),
]
# Parts of a country, a town or a building, capitalised in titles ("au Centre de santé").
_DIRECTIONS = {"centre", "center", "nord", "sud", "est", "ouest", "north", "south", "east", "west"}
# Words of the cue phrases themselves: never part of a person's or an organisation's name.
_CUE_WORDS = {
    "region",
    "regions",
    "cercle",
    "cercles",
    "circle",
    "district",
    "commune",
    "communes",
    "village",
    "villages",
    "town",
    "city",
    "province",
} | _DIRECTIONS

# Between a place and its enclosing unit: "X (cercle de Y)", "X in the region of Y", "X, Y region".
PARENT_LINK = re.compile(
    r"^\s*(?:[,(]\s*)?(?:(?:dans|in|within|of|du|de|d['’]|la|le|the)\s+)*"
    r"(?:[“\"]?(?:cercle|r[ée]gion|region|district|circle)[”\"]?\s*"
    r"(?:\([^()]{0,40}\)\s*)?(?:de\s+|du\s+|d['’]\s*|of\s+)?)?$",
    re.I,
)
LIST_LINK = re.compile(
    r"^\s*(?:,|and|et|&|or|ou)\s*(?:(?:and|et)\s+)?"
    r"(?:(?:de|du|d['’]|of|the|à|au|in|at)\s*)?$",
    re.I,
)
_LIST_CONJUNCTION = re.compile(r"\b(?:and|et|or|ou)\b|&", re.I)

# A locative frame before a name: the word right before says "at/in/near/to/from this place".
_FRAME = re.compile(
    r"(?<![\w’'])(?i:à|au|aux|dans|près\s+de|près\s+d['’]|vers|depuis|jusqu['’]à|"
    r"in|at|near|from|to|outside|around|towards?|into)\s+$"
)
# "according to X", "due to X": the word before the frame says it is no place.
_NOT_A_FRAME = re.compile(
    r"(?i:according|due|thanks|owing|prior|compared|contrary|pursuant|related|"
    r"belonging|attributed|addressed|talk|talked|spoke|said|wrote|went back)\s+to\s+$"
)
_FRAMED_NAME = re.compile(
    r"(?<![\w’'])(?P<frame>(?i:à|au|aux|dans|près\s+de|près\s+d['’]|vers|depuis|"
    r"in|at|near|from|to|outside|around|towards?))\s+"
    rf"(?P<name>{NAME})"
)
# The rest of a list after a framed or cued name: "à Tonka et à Goundam", "in A, B and C".
_LIST_MORE = re.compile(
    r"(?:\s*,\s*(?:(?i:and|et)\s+)?|\s+(?i:and|et|or|ou)\s+)"
    r"(?:(?i:à|au|in|at|de|d['’]|of)\s*)?"
    rf"(?P<name>{NAME})"
)
# Place nouns that introduce a name or a list of names.
_CUED_NAME = re.compile(
    r"\b(?P<cue>villages?|hameaux?|hamlets?|localit[ée]s?|localities|towns?|villes?)"
    r"(?:\s+[a-zà-ÿ]+){0,4}?\s+"
    r"(?:de\s+|d['’]\s*|of\s+|such\s+as\s+|comme\s+|notamment\s+|including\s+|"
    r"sont\s+|are\s+|:\s*)"
    rf"(?P<name>{NAME})"
)
# A camp, a military base, a border post, a neighbourhood: the place it is at or named after.
_SITE_CUE = re.compile(
    r"\b(?:camps?(?:\s+militaires?)?|bases?(?:\s+militaires?)?|military\s+(?:camp|base)s?|"
    r"army\s+(?:camp|base)s?|postes?(?:[\s-]+fronti[èe]res?)?|border\s+posts?|"
    r"quartiers?|neighbou?rhoods?|march[ée]s?|markets?)\s+(?:de\s+|du\s+|d['’]\s*|of\s+)"
    rf"(?P<name>{NAME})"
)
# A forest, a lake or a valley: a natural area, not the village that shares its name.
_NATURAL_CUE = re.compile(
    r"\b(?:for[êe]ts?(?:\s+class[ée]es?)?|forests?|lacs?|lakes?|mares?|vall[ée]es?|valleys?|"
    r"massifs?|plaines?|plains?|plateaux?|falaises?|oueds?|wadis?|parcs?|parks?|"
    r"r[ée]serves?)\s+(?:de\s+|du\s+|d['’]\s*|des\s+|of\s+(?:the\s+)?)"
    rf"(?P<name>{NAME})"
)
_PARENT_CUED_NAME = re.compile(
    rf"(?P<name>{NAME})\s*(?:,\s*|\(\s*)?(?:(?i:dans|in|within)\s+)?(?:(?i:the|le|la)\s+)?"
    r"[“\"]?(?i:cercle|r[ée]gion|region|circle)[”\"]?\s+(?i:de|du|d['’]|of)\b"
)
_NAME_THEN_VILLAGE = re.compile(rf"(?P<name>{NAME})\s+(?P<cue>villages?|hamlet)\b")

_AREAS = [
    (
        re.compile(r"\b(?:northern|north of|the north of)\s+(?:and\s+central\s+)?Mali\b", re.I),
        "northern Mali",
    ),
    (
        re.compile(r"\b(?:central|centre of|the centre of|center of)\s+Mali\b", re.I),
        "central Mali",
    ),
    (re.compile(r"\bnorthern\s+and\s+central\s+Mali\b", re.I), "central Mali"),
    (re.compile(r"\bcentral\s+and\s+northern\s+Mali\b", re.I), "northern Mali"),
    (re.compile(r"\bnord\s+(?:et\s+(?:du\s+)?centre\s+)?du\s+Mali\b", re.I), "nord du Mali"),
    (re.compile(r"\bcentre\s+(?:et\s+(?:du\s+)?nord\s+)?du\s+Mali\b", re.I), "centre du Mali"),
    (re.compile(r"\bnord\s+et\s+(?:du\s+)?centre\s+du\s+Mali\b", re.I), "centre du Mali"),
    (re.compile(r"\bcentre\s+et\s+(?:du\s+)?nord\s+du\s+Mali\b", re.I), "nord du Mali"),
    # "the north of the country", "in the north", "au Nord", "vers le centre": a report on Mali
    # that names a part of "the country" without another country means Mali's.
    (
        re.compile(
            r"\b(?:in|to|from|of|towards)\s+(?P<a>the\s+(?i:north)\b(?:\s+of\s+the\s+country\b)?)"
            r"(?!\s+of\b)|(?P<b>\bnorth\s+of\s+the\s+country\b)"
        ),
        "northern Mali",
    ),
    (
        re.compile(
            r"\b(?:in|to|from|of|towards)\s+(?P<a>the\s+(?i:cent(?:re|er))\b"
            r"(?:\s+of\s+the\s+country\b)?)(?!\s+(?:of|for)\b)(?!\s+[A-Z])"
            r"|(?P<b>\bcent(?:re|er)\s+of\s+the\s+country\b)"
        ),
        "central Mali",
    ),
    (
        re.compile(
            r"\b(?:au|Au|du|le|Le|vers le)\s+(?P<a>(?i:nord)\b(?:\s+du\s+pays\b)?)"
            r"(?!\s*(?:de|du|des|d['’])\b)(?![-‐])"
        ),
        "nord du Mali",
    ),
    (
        re.compile(
            r"\b(?:au|Au|du|le|Le)\s+(?P<a>(?i:centre)\b(?:\s+du\s+pays\b)?)"
            r"(?!\s*(?:de|du|des|d['’])\b)(?![-‐])(?!\s+[A-ZÀ-Þ])"
        ),
        "centre du Mali",
    ),
]

# Names of organisations, agreements and media: a place inside one is part of a name.
_ORG_HEAD = re.compile(
    r"\b(?:Coordination|Mouvements?|Movements?|Front|Groupes?|Groups?|Union|Bank|Banque|"
    r"Office|Cluster|Mission|Agreement|Accord|Alliance|Platform|Plateforme|Coalition|"
    r"Conseil|Council|Programme|Program|Fund|Fonds|Organi[sz]ation|Association|Agence|"
    r"Agency|Commission|Committee|Comité|Ministère|Ministry|Radio|Studio|Télévision|"
    r"Television|Université|University|Institut|Institute|Société|Company|Foundation|"
    r"Fondation|Congress|Congrès|Parti|Party|Rassemblement|Declaration|Déclaration|"
    r"Brigade|Battalion|Bataillon|Katiba|Ansar|Jama['’]?at)\b"
)
_ORG_FUNCTION = {
    "of",
    "for",
    "on",
    "and",
    "the",
    "de",
    "des",
    "du",
    "d",
    "l",
    "la",
    "le",
    "les",
    "pour",
    "et",
    "en",
    "aux",
}
_ORG_LOCATIVE = {"in", "à", "au", "at"}
_ORG_ADJECTIVE = re.compile(
    r"^[a-zà-ÿ]+(?:al|ale|aux|ien|ienne|iens|aire|aires|ique|iques|if|ive|é|ée|és|ées|"
    r"elle|el|ant|ante|ants|ional|ionale|ed|ated)$"
)
_TOKEN = re.compile(r"[A-Za-zÀ-ÿ]+|['’]|[^\sA-Za-zÀ-ÿ'’]")
# "Orange Mali", "OCHA Mali": a country as the second word of a brand's or an agency's name.
_BRANDED = re.compile(r"(?<![\w.])(?P<brand>[A-ZÀ-Þ][\wÀ-ÿ&]+)[ \u00a0]+(?P<name>Mali)\b(?![-‐])")
_NOT_BRANDS = _DIRECTIONS | {
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "republic",
    "république",
    "in",
    "au",
    "en",
    "du",
    "of",
    "le",
    "la",
}
# "opération Kéléya", "Operation « Barkhane »": an operation's name is not a place.
_OPERATION = re.compile(r"\b(?i:op[ée]rations?)\s+(?:[«“\"‘']\s*)?(?P<name>" + NAME + ")")
# Words before a person's name.
_TITLE_BEFORE = re.compile(
    r"(?i:\b(?:M|Mr|Mrs|Ms|Mme|Mlle|Dr|Pr)\.?|colonel|général|general|capitaine|captain|"
    r"lieutenant|commandant|sergent|président|president|ministre|minister|imam|chef|"
    r"sociologue|journaliste|journalist|spokesman|porte-parole|maire|mayor|préfet|prefect|"
    r"chief|head|leader)\s+$"
)

# Capitalised words that are names of villages somewhere but are ordinary words in reports.
STOP = {
    "union",
    "force",
    "mission",
    "nations",
    "council",
    "security",
    "etat",
    "state",
    "president",
    "general",
    "minister",
    "police",
    "gendarmerie",
    "article",
    "resolution",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "covid",
    "sahel",
    # function words, which a sentence may start with and a hamlet may be named
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "in",
    "at",
    "on",
    "of",
    "to",
    "from",
    "and",
    "or",
    "but",
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "du",
    "de",
    "ce",
    "ces",
    "cet",
    "cette",
    "et",
    "ou",
    "mais",
    "dans",
    "sur",
    "par",
    "pour",
    "il",
    "elle",
    "ils",
    "elles",
    "nous",
    "they",
    "we",
    "he",
    "she",
    "it",
    "some",
    "many",
    "several",
    "all",
    "most",
    "other",
    "others",
    "plusieurs",
    "certains",
    "certaines",
    "tous",
    "toutes",
    "selon",
    "according",
}
_NOTABLE_KINDS = {"country", "area", "region", "cercle", "town"}


@cache
def _automaton(gazetteer: Gazetteer) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for alias in gazetteer.latin_aliases():
        if alias not in STOP and any(c.isalpha() for c in alias):
            automaton.add_word(alias, alias)
    automaton.make_automaton()
    return automaton


def latin_spans(document: Document, gazetteer: Gazetteer) -> list[LatinSpan]:
    """Candidate place names in French or English text, with the kind and frame the text gives."""
    text = document.text
    lowercase = _lowercase_words(text)
    not_places = _not_place_ranges(text)
    spans: list[LatinSpan] = []
    rejected: set[int] = set()
    for start, end, alias in _gazetteer_hits(text, gazetteer):
        entries = gazetteer.by_alias.get(alias, [])
        kind = _stated_kind(text, start, end, alias)
        notable = any(e.kind in _NOTABLE_KINDS or e.population > 0 for e in entries)
        framed = _is_framed(text, start)
        if not notable and kind is None and _ordinary_word(text, start, end, lowercase):
            rejected.add(start)
            continue
        weak = not notable and kind is None
        spans.append((start, end, text[start:end], kind, "latin", weak, framed))
    for rx, area in _AREAS:
        for m in rx.finditer(text):
            group = next((g for g in ("a", "b") if g in rx.groupindex and m.group(g)), 0)
            start, end = m.span(group)
            spans.append((start, end, area, "area", "latin", False, False))
    cued = _cued_spans(text, lowercase)
    # A cue word says what the name is here ("la forêt de Wagadou" is no village).
    # A notable name keeps its own reading in a cued list ("localities such as X, Gao").
    stated = {(s[0], s[1]) for s in cued}
    natural = {(s[0], s[1]) for s in cued if s[3] == "area"}
    spans = [
        s
        for s in spans
        if s[3] is not None or not ((s[0], s[1]) in natural or (s[5] and (s[0], s[1]) in stated))
    ]
    spans += cued
    spans += [s for s in _framed_spans(text, lowercase) if s[0] not in rejected]
    spans += [s for s in _parent_cued_spans(text, lowercase) if s[0] not in rejected]
    spans += _repeated_spans(text, spans)
    return [s for s in spans if not any(a <= s[0] < b for a, b in not_places)]


def _repeated_spans(text: str, spans: list[LatinSpan]) -> list[LatinSpan]:
    """Other occurrences of a name that a frame or a cue made a candidate once.

    "Attaque à Aguelhoc ... le directeur de l'école d'Aguelhoc": a report keeps to one place
    per name, so the unframed occurrence is the same candidate as the framed one. One automaton
    pass finds them all, so the cost stays linear however many names the text frames.
    """
    first: dict[str, LatinSpan] = {}
    for s in sorted(spans, key=lambda s: (s[0], s[1])):
        if (s[6] or s[3] is not None) and s[3] != "area" and len(s[2]) >= 4:
            first.setdefault(s[2], s)
    if not first:
        return []
    automaton = ahocorasick.Automaton()
    for name in first:
        automaton.add_word(name, name)
    automaton.make_automaton()
    taken = {s[0] for s in spans}
    found: list[LatinSpan] = []
    for last, name in automaton.iter(text):
        start, end = last + 1 - len(name), last + 1
        if start in taken or not _whole_name(text, start, end):
            continue
        taken.add(start)
        found.append((start, end, name, first[name][3], "latin", False, True))
    return found


def _whole_name(text: str, start: int, end: int) -> bool:
    """Not inside a longer word or name ("Tonka" in "N'Tonka" or "Tonka-Bozo")."""
    previous = text[start - 1] if start else " "
    following = text[end] if end < len(text) else " "
    if previous.isalnum() or previous in "‐-" or following.isalnum() or following in "‐-":
        return False
    return not (previous in "'’" and start >= 2 and text[start - 2].isupper())


# "FAMa" (Forces armées maliennes): capitals then lowercase is an acronym, not the village Fama.
_MIXED_ACRONYM = re.compile(r"[A-ZÀ-Þ]{2,}[a-zà-ÿ]+")


def _gazetteer_hits(text: str, gazetteer: Gazetteer):
    folded = fold_same_length(text)
    for end_index, alias in _automaton(gazetteer).iter(folded):
        start, end = end_index + 1 - len(alias), end_index + 1
        if start > 0 and folded[start - 1].isalnum():
            continue
        if end < len(text) and folded[end].isalnum():
            continue
        if not text[start].isupper() or _MIXED_ACRONYM.fullmatch(text, start, end):
            continue
        yield start, end, alias


def _stated_kind(text: str, start: int, end: int, alias: str) -> str | None:
    kind = next((k for k, rx in _KIND_IN_NAME if rx.search(alias)), None)
    before, after = text[max(0, start - 60) : start], text[end : end + 20]
    for rx, k in _KIND_BEFORE:
        if rx.search(before):
            return kind or k
    return kind or next((k for rx, k in _KIND_AFTER if rx.search(after)), None)


def _is_framed(text: str, start: int) -> bool:
    before = text[max(0, start - 30) : start]
    return bool(_FRAME.search(before)) and not _NOT_A_FRAME.search(before)


def _lowercase_words(text: str) -> frozenset[str]:
    """Words the text itself writes in lower case: ordinary words of its language."""
    return frozenset(fold(w) for w in re.findall(r"(?<![\w’'])[a-zà-ÿ]{2,}(?![\w’'])", text))


def _ordinary_word(text: str, start: int, end: int, lowercase: frozenset[str]) -> bool:
    """A minor village's name that is here an ordinary word, a person's or an org's name."""
    name = fold(text[start:end])
    if name in STOP or all(part in lowercase for part in name.split()):
        return True
    titled = _TITLE_BEFORE.search(text[max(0, start - 20) : start])
    return _in_name_run(text, start, end) or bool(titled)


def _in_name_run(text: str, start: int, end: int) -> bool:
    """Next to another capitalised word (Makan Koné, Save The Children): a person or an org."""
    before = _CAPITALISED_BEFORE.search(text[max(0, start - 30) : start])
    after = re.match(r"[ \u00a0]+([A-ZÀ-Þ][\wÀ-ÿ’'-]*)", text[end : end + 30])
    for m in (before, after):
        if m and fold(m.group(1)) not in STOP | _CUE_WORDS:
            return True
    return False


_CAPITALISED_BEFORE = re.compile(r"(?:^|[^\w’'])([A-ZÀ-Þ][\wÀ-ÿ’'-]*)[ \u00a0]+$")


def _cued_spans(text: str, lowercase: frozenset[str]) -> list[LatinSpan]:
    """'le village d'Ogossagou', 'les villages de X et d'Y', 'localities such as X', 'X village'."""
    spans: list[LatinSpan] = []
    for m in _CUED_NAME.finditer(text):
        kind = "village" if m.group("cue")[0].lower() in "vhl" else "town"
        if m.group("cue")[0].lower() == "v" and m.group("cue").lower().startswith("vill"):
            kind = "town" if m.group("cue").lower().startswith("ville") else "village"
        for start, end, name in _with_list(text, m.start("name"), m.end("name")):
            if not _is_ordinary_name(name, lowercase):
                spans.append((start, end, name, kind, "latin", False, False))
    for rx, kind in ((_SITE_CUE, "town"), (_NATURAL_CUE, "area")):
        for m in rx.finditer(text):
            if not _is_ordinary_name(m.group("name"), lowercase):
                start, end = m.start("name"), m.end("name")
                spans.append((start, end, m.group("name"), kind, "latin", False, False))
    for m in _NAME_THEN_VILLAGE.finditer(text):
        if not _is_ordinary_name(m.group("name"), lowercase):
            start, end = m.start("name"), m.end("name")
            spans.append((start, end, m.group("name"), "village", "latin", False, False))
    return spans


def _parent_cued_spans(text: str, lowercase: frozenset[str]) -> list[LatinSpan]:
    """'Ogossou, dans le cercle de Bankass', 'Anefif in the region of Kidal': a name the text
    places in a unit is a candidate, whatever its spelling."""
    spans: list[LatinSpan] = []
    for m in _PARENT_CUED_NAME.finditer(text):
        name = m.group("name")
        if not _is_ordinary_name(name, lowercase) and not _in_name_run(text, *m.span("name")):
            spans.append((m.start("name"), m.end("name"), name, None, "latin", False, False))
    return spans


def _framed_spans(text: str, lowercase: frozenset[str]) -> list[LatinSpan]:
    """Capitalised names in a locative frame (à Tonka et à Goundam): candidates even if unknown."""
    spans: list[LatinSpan] = []
    for m in _FRAMED_NAME.finditer(text):
        if _NOT_A_FRAME.search(text[max(0, m.start() - 30) : m.end("frame") + 1]):
            continue
        for start, end, name in _with_list(text, m.start("name"), m.end("name")):
            if _is_ordinary_name(name, lowercase) or _in_name_run(text, start, end):
                continue
            spans.append((start, end, name, None, "latin", False, True))
    return spans


def _with_list(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    found = [(start, end, text[start:end])]
    while more := _LIST_MORE.match(text, found[-1][1]):
        found.append((more.start("name"), more.end("name"), more.group("name")))
    return found


# Endings of French and English common nouns (Autorités, Administration), not of Malian names.
_COMMON_NOUN_ENDING = re.compile(
    r"(?:tion|tions|ment|ments|ite|ites|ance|ances|ence|ences|eur|eurs|isme|iste|istes|ness|"
    r"ship|ies|ity)$"
)


def _is_ordinary_name(name: str, lowercase: frozenset[str]) -> bool:
    folded = fold(name)
    if folded in STOP or folded in _CUE_WORDS or folded in lowercase or len(folded) < 3:
        return True
    if _COMMON_NOUN_ENDING.search(folded):
        return True
    return folded in _foreign_countries()


@cache
def _foreign_countries() -> frozenset[str]:
    """Other countries' names in English and French ("from Niger", "en Mauritanie")."""
    import gettext

    import pycountry

    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    names = set()
    for country in pycountry.countries:
        if country.alpha_2 == "ML":
            continue
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name:
                for form in (fold(name), fold(french.gettext(name))):
                    names.add(form)
                    # "the Burkina border": a distinctive first word is the country's short name
                    first = re.split(r"[\s-]+", form)[0]
                    if first != form and len(first) >= 5 and first not in _GENERIC_COUNTRY_WORDS:
                        names.add(first)
    return frozenset(names)


# First words of country names that name no country on their own.
_GENERIC_COUNTRY_WORDS = frozenset(
    "north south east west central united saint sainte democratic republic republique "
    "equatorial federal federated islamic people peoples kingdom state states plurinational "
    "bolivarian principality grand holy union".split()
)


def _not_place_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of organisation, brand and operation names."""
    ranges = [(m.start("name"), m.end("name")) for m in _OPERATION.finditer(text)]
    for m in _BRANDED.finditer(text):
        brand = m.group("brand")
        if fold(brand) not in _NOT_BRANDS and fold(brand) not in STOP:
            ranges.append((m.start("name"), m.end("name")))
    for m in _ORG_HEAD.finditer(text):
        end = _org_name_end(text, m.start(), m.end())
        if end > m.end():
            ranges.append((m.end(), end))
    return ranges


def _org_name_end(text: str, head_start: int, head_end: int) -> int:
    """Where the organisation name that starts with the head word at `head_start` ends."""
    capitals = 1 + len(re.findall(r"\b[A-ZÀ-Þ]\w*\b", _capitalised_run_before(text, head_start)))
    last_end, previous = head_end, "head"
    pos = head_end
    for _ in range(14):
        m = re.match(r"[ \u00a0]*(" + _TOKEN.pattern + ")", text[pos:])
        if not m:
            break
        token = m.group(1)
        word = token.lower()
        if token in "'’":
            pass
        elif word in _ORG_FUNCTION:
            pass
        elif word in _ORG_LOCATIVE and capitals >= 2 and previous != "locative":
            word = "locative"
        elif token[0].isupper():
            capitals += 1
            last_end = pos + m.end()
            if previous == "locative":
                break  # "Mission in Mali": the name ends with its one place
        elif token.isalpha() and (
            previous in ("de", "des", "du", "d", "pour", "of", "for", "l")
            or (previous in ("head", "adjective") and _ORG_ADJECTIVE.match(word))
        ):
            word = "adjective" if previous in ("head", "adjective") else word
        else:
            break
        previous = word
        pos += m.end()
    return last_end


def _capitalised_run_before(text: str, start: int) -> str:
    m = re.search(r"((?:[A-ZÀ-Þ][\wÀ-ÿ]*[ \u00a0]+){1,4})$", text[max(0, start - 60) : start])
    if not m:
        return ""
    words = [w for w in m.group(1).split() if fold(w) not in STOP]
    return " ".join(words)


def share_list_kinds(text: str, mentions: list[Mention]) -> list[Mention]:
    """'les cercles de Bandiagara et de Bankass', 'the regions of Gao, Kidal and Timbuktu':
    a kind written once applies to the whole list."""
    out = list(mentions)
    for group in _list_groups(text, out, conjunction=True):
        kinds = {out[i].kind_hint for i in group if out[i].kind_hint}
        if len(group) > 1 and len(kinds) == 1:
            kind = kinds.pop()
            for i in group:
                if out[i].kind_hint is None:
                    out[i] = replace(out[i], kind_hint=kind, weak=False)
    return out


def _list_groups(text: str, mentions: list[Mention], conjunction: bool) -> list[list[int]]:
    """Runs of mentions joined by commas or conjunctions ("X, Y and Z"), as index lists."""
    groups: list[list[int]] = []
    for i, m in enumerate(mentions):
        if groups and LIST_LINK.match(text[mentions[groups[-1][-1]].end : m.start]):
            groups[-1].append(i)
        else:
            groups.append([i])
    real = []
    for group in groups:
        links = [text[mentions[a].end : mentions[b].start] for a, b in pairwise(group)]
        # Only a real list ("X, Y and Z"): "Dioungani, Koro cercle" names a parent instead.
        if len(group) > 1 and (
            not conjunction or any(_LIST_CONJUNCTION.search(link) for link in links)
        ):
            real.append(group)
    return real


def link_parents(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """The enclosing unit the text states, written after the place in French and English:
    'Ogossagou (cercle de Bankass)', 'X in the region of Y', 'A, B and C (region of Y)',
    'N’Tahaka, Gao' (a minor place, then the unit it lies in)."""
    out = list(mentions)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        between = text[prev.end : cur.start]
        if cur.kind_hint in ("region", "cercle") and PARENT_LINK.match(between):
            if prev.kind_hint not in ("region", "cercle") or cur.kind_hint == "region":
                out[i - 1] = replace(prev, parent=cur.name, parent_kind=cur.kind_hint, weak=False)
                continue
        if cur.kind_hint is None and re.fullmatch(r"\s*,\s*", between) and _minor(prev, gazetteer):
            unit = _unit_named(cur.name, gazetteer)
            continues = re.match(r"\s*(?:,\s*[A-ZÀ-Þ]|(?:and|et|or|ou)\b)", text[cur.end :])
            if unit and not continues:
                out[i] = replace(cur, kind_hint=unit)
                out[i - 1] = replace(prev, parent=cur.name, parent_kind=unit, weak=False)
    # A list shares the parent written after its last member, or after its first.
    for group in _list_groups(text, out, conjunction=False):
        parents = [(out[i].parent, out[i].parent_kind) for i in group if out[i].parent]
        if not parents:
            continue
        parent, parent_kind = parents[-1]
        for i in group:
            m = out[i]
            if m.parent is None and m.kind_hint in (None, "town", "village"):
                out[i] = replace(m, parent=parent, parent_kind=parent_kind, weak=False)
    return out


def _minor(mention: Mention, gazetteer: Gazetteer) -> bool:
    if mention.kind_hint in ("region", "cercle", "area", "axis"):
        return False
    entries = gazetteer.lookup(mention.name)
    return not any(e.kind in _NOTABLE_KINDS or e.population > 0 for e in entries)


def _unit_named(name: str, gazetteer: Gazetteer) -> str | None:
    kinds = {e.kind for e in gazetteer.lookup(name) if e.kind in ("region", "cercle")}
    return "region" if "region" in kinds else ("cercle" if kinds else None)
