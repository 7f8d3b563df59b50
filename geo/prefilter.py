"""Which of many regexes can match in which span of a text, from one Aho-Corasick pass.

Running a score of alternation-heavy regexes over every clause costs rules × text. Almost every
match needs some literal text ("袭击", "attaqu", "displace"), so one automaton pass over the whole
document finds the few spans where each regex could match, and the regex itself, unchanged, then
runs only there. The literals are read from the compiled pattern, so they follow the rules as
they change; a pattern with no literal every match needs is always run.
"""

from __future__ import annotations

import bisect
import importlib
import re
from collections.abc import Sequence
from typing import Any

import ahocorasick

# Characters that re.IGNORECASE matches to a letter which str.lower() does not give them.
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "ẛ": "ṡ", "ﬅ": "ﬆ"})
_NEEDS_FOLD = re.compile("[İıſẛﬅ]")


def fold_case(text: str) -> str:
    """Case folded character for character (same length): what re.IGNORECASE compares."""
    if text.isascii() or not _NEEDS_FOLD.search(text):  # translate() is slow: only if needed
        return text.lower()
    return text.translate(_FOLD).lower()


def _parser() -> Any:
    try:
        return importlib.import_module("re._parser")
    except ImportError:  # Python 3.10
        return importlib.import_module("sre_parse")


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Case-folded strings one of which every match of `pattern` contains, or None if unknown."""
    try:
        parsed = _parser().parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - an unreadable pattern is simply always run
        return None
    found = _required(list(parsed))
    if not found or "" in found:
        return None
    return frozenset(fold_case(s) for s in found)


def _required(items: list[tuple[Any, Any]]) -> set[str] | None:
    """Best set of strings one of which every match of this sequence contains."""
    options: list[set[str]] = []
    run: list[str] = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(av))
            continue
        if name == "SUBPATTERN":
            inner = list(av[-1])
            if all(str(o) == "LITERAL" for o, _ in inner):
                run.extend(chr(a) for _, a in inner)
                continue
            found = _required(inner)
        elif name == "BRANCH":
            found = _either(av[1])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            found = _required(list(av[2]))
        else:  # classes, optional parts, assertions: no literal, and the run is cut
            found = None
        if run:
            options.append({"".join(run)})
            run = []
        if found:
            options.append(found)
    if run:
        options.append({"".join(run)})
    options = [o for o in options if "" not in o]
    if not options:
        return None
    # The longest shortest string finds the fewest false spans; fewer strings break ties.
    return max(options, key=lambda o: (min(map(len, o)), -len(o)))


def _either(alternatives: list[Any]) -> set[str] | None:
    """Strings one of which every match of one of the alternatives contains."""
    union: set[str] = set()
    for alternative in alternatives:
        found = _required(list(alternative))
        if found is None:
            return None
        union |= found
    return union


class Prefilter:
    """An automaton over the required literals of `patterns`."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.count = len(patterns)
        self.always: list[int] = []
        words: dict[str, list[int]] = {}
        for i, pattern in enumerate(patterns):
            literals = required_literals(pattern)
            if literals is None:
                self.always.append(i)
                continue
            for literal in literals:
                words.setdefault(literal, []).append(i)
        self._automaton = ahocorasick.Automaton()
        for word, owners in words.items():
            self._automaton.add_word(word, (len(word), tuple(owners)))
        if words:
            self._automaton.make_automaton()
        self._empty = not words

    def possible(self, text: str) -> list[int]:
        """Sorted indexes of the patterns that may match somewhere in `text`."""
        folded = fold_case(text)
        if len(folded) != len(text):
            return list(range(self.count))
        owners = set(self.always)
        if not self._empty:
            for _, (_, found) in self._automaton.iter(folded):
                owners.update(found)
        return sorted(owners)

    def scan(self, text: str) -> Hits:
        """Where in `text` each pattern could match."""
        folded = fold_case(text)
        if len(folded) != len(text):  # offsets would not line up: every pattern anywhere
            return Hits([], [], list(range(self.count)))
        found: list[tuple[int, int, int]] = []
        if not self._empty:
            for last, (length, owners) in self._automaton.iter(folded):
                found.extend((last + 1 - length, last + 1, i) for i in owners)
        found.sort()
        return Hits([f[0] for f in found], found, self.always)


class Hits:
    """The literal occurrences found in one text."""

    def __init__(
        self, starts: list[int], found: list[tuple[int, int, int]], always: list[int]
    ) -> None:
        self._starts = starts
        self._found = found
        self._always = always

    def within(self, lo: int, hi: int) -> list[int]:
        """Sorted indexes of the patterns that may match inside text[lo:hi]."""
        owners = set(self._always)
        for start, end, i in self._found[bisect.bisect_left(self._starts, lo) :]:
            if start >= hi:
                break
            if end <= hi:
                owners.add(i)
        return sorted(owners)
