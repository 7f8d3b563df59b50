"""Dates as reports write them, in Chinese, French and English, resolved to ISO 8601.

- The document date comes from the text: a dateline (新华社达喀尔7月1日电, "BAMAKO, July 1
  (Reuters) -", "Bamako, February 14, 2020."), a header line that is a date, a "Date:" line, a
  title that ends with a date, or a digest's issue number (2025年第44期, a year only).
- Dates inside the text are found with their offsets; relative ones (当天, 9日, 昨天, 上周,
  "on Monday", "the same day", "le 26 avril", "dans la nuit de samedi à dimanche") are resolved
  against the document date or the date the text gave last.

Values are ISO strings at the precision the text gives: "2025-07-01" (day), "2025-07" (month),
"2025" (year). When the text gives a day and a month but no year can be known, the year is
written "XXXX" (EDTF, ISO 8601-2 "unspecified digits"): "XXXX-07-01".

Own code rather than `dateparser`: dateparser costs ~0.25 s to import plus ~0.3 s on its first
parse, and it misses or misreads the forms these reports use (当天凌晨, 12月27日, 9日 read as
22 June, "the same day", "mercredi dernier", "la nuit de samedi à dimanche").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from geo.prefilter import Hits, Prefilter
from geo.text import to_simplified

UNKNOWN_YEAR = "XXXX"

_MONTH_NAMES = [
    ("january", "janvier", "jan"),
    ("february", "février", "fevrier", "feb", "fév", "fev"),
    ("march", "mars", "mar"),
    ("april", "avril", "apr", "avr"),
    ("may", "mai"),
    ("june", "juin", "jun"),
    ("july", "juillet", "jul", "juil"),
    ("august", "août", "aout", "aug"),
    ("september", "septembre", "sept", "sep"),
    ("october", "octobre", "oct"),
    ("november", "novembre", "nov"),
    ("december", "décembre", "decembre", "dec", "déc"),
]
MONTHS = {name: i + 1 for i, names in enumerate(_MONTH_NAMES) for name in names}
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [
            ("monday", "lundi", "一"),
            ("tuesday", "mardi", "二"),
            ("wednesday", "mercredi", "三"),
            ("thursday", "jeudi", "四"),
            ("friday", "vendredi", "五"),
            ("saturday", "samedi", "六"),
            ("sunday", "dimanche", "日", "天"),
        ]
    )
    for name in names
}
_WEEKDAY_LATIN = "|".join(k for k in _WEEKDAYS if len(k) > 1)
_DASH = r"\s*(?:-|–|—|至|到|~|～|au|to|until|jusqu'au|jusqu’au)\s*"
_AND = r"\s*(?:和|及|、|与|,|et|and|&)\s*"
_YEAR = r"(?:19|20)\d\d"


@dataclass(frozen=True)
class Date:
    """A resolved date, or list of dates, as the text wrote it."""

    start: str | None  # ISO at `precision`, "XXXX-MM-DD" with an unknown year; None: unresolved
    end: str | None  # last day of a range ("22 au 29 juin"), else None
    precision: str  # "day", "month" or "year"
    text: str  # as written
    offset: int  # where `text` starts in the string searched
    others: tuple[str, ...] = ()  # further dates of a list ("8月22日和27日": 27 Aug)
    absolute: bool = True  # the text states it (not 当天, "on Monday", "yesterday")

    @property
    def stop(self) -> int:
        return self.offset + len(self.text)


# ---------------------------------------------------------------- ISO helpers


def _iso_day(year: int | None, month: int, day: int) -> str | None:
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    if year is None:
        return f"{UNKNOWN_YEAR}-{month:02d}-{day:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _iso_month(year: int | None, month: int) -> str | None:
    if not 1 <= month <= 12:
        return None
    if year is None:  # "en février" in a text that gives no year: like a day, "XXXX-02"
        return f"{UNKNOWN_YEAR}-{month:02d}"
    return f"{year:04d}-{month:02d}"


def to_date(iso: str | None) -> dt.date | None:
    """A full ISO day as a date; None for months, years and unknown years."""
    if not iso or len(iso) != 10 or iso.startswith(UNKNOWN_YEAR):
        return None
    try:
        return dt.date.fromisoformat(iso)
    except ValueError:
        return None


def _year(iso: str | None) -> int | None:
    if iso and iso[:4].isdigit():
        return int(iso[:4])
    return None


def _month(iso: str | None) -> int | None:
    if iso and len(iso) >= 7 and iso[5:7].isdigit():
        return int(iso[5:7])
    return None


def _day(iso: str | None) -> int | None:
    if iso and len(iso) == 10 and iso[8:10].isdigit():
        return int(iso[8:10])
    return None


def year_for(month: int, day: int | None, anchor: str | None) -> int | None:
    """A month (and day) without a year: the latest such one on or before the anchor date."""
    year = _year(anchor)
    if year is None:
        return None
    anchor_month = _month(anchor)
    if anchor_month is None:
        return year  # a year-only anchor (a digest's issue year)
    anchor_day = _day(anchor) or 31
    return year if (month, day or 1) <= (anchor_month, anchor_day) else year - 1


def _shift(iso: str | None, days: int) -> str | None:
    day = to_date(iso)
    if day is None:
        if iso and iso.startswith(UNKNOWN_YEAR) and len(iso) == 10:
            # Shift within a leap year: month and day stay right whatever the real year.
            shifted = dt.date(2000, int(iso[5:7]), int(iso[8:10])) + dt.timedelta(days=days)
            return f"{UNKNOWN_YEAR}-{shifted.month:02d}-{shifted.day:02d}"
        return None
    return (day + dt.timedelta(days=days)).isoformat()


# ---------------------------------------------------------------- document date

_DATELINE_ZH = re.compile(
    r"^[^。，,\n]{0,24}?(?:社|报|台|网|讯)[^。，,\d\n]{0,10}?"
    r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:电|讯)"
)
_DATELINE_LATIN = re.compile(
    rf"^\s*([A-ZÀ-Ý][\w'’À-ÿ.-]*(?:[ -][A-Za-zÀ-ÿ'’.-]+){{0,3}}),\s*(?:le\s+)?"
    rf"(?:(\d{{1,2}})(?:er)?\s+({MONTH_RE})\.?|({MONTH_RE})\.?\s+(\d{{1,2}}))"
    rf"(?:,?\s+({_YEAR}))?\s*(?:\(|[-–—.:]|$)",
    re.I,
)
_HEADER_ISO = re.compile(
    rf"^\s*({_YEAR})-(\d{{2}})-(\d{{2}})(?:[ T]\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?(?![\d-])"
)
_DATE_LINE = re.compile(r"^\s*(?:dated?|date|en date du|daté du|日期)\s*[:：]?\s*", re.I)
_ISSUE_YEAR = re.compile(rf"({_YEAR})\s*年\s*第\s*\d{{1,3}}\s*期")
_FULL_ZH = re.compile(rf"({_YEAR})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日")
_FULL_DMY = re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({MONTH_RE})\.?,?\s+({_YEAR})\b", re.I)
_FULL_MDY = re.compile(rf"\b({MONTH_RE})\.?\s+(\d{{1,2}}),?\s+({_YEAR})\b", re.I)
_HEADER_LINES = 6  # a header, a title or a dateline sits in the first few lines


def _full_dates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, ISO day) of every date with day, month and year."""
    found = []
    for m in _FULL_ZH.finditer(text):
        found.append((m.start(), m.end(), _iso_day(int(m[1]), int(m[2]), int(m[3]))))
    for m in _FULL_DMY.finditer(text):
        found.append((m.start(), m.end(), _iso_day(int(m[3]), MONTHS[m[2].lower()], int(m[1]))))
    for m in _FULL_MDY.finditer(text):
        found.append((m.start(), m.end(), _iso_day(int(m[3]), MONTHS[m[1].lower()], int(m[2]))))
    return sorted((s, e, iso) for s, e, iso in found if iso)


def dateline(text: str) -> tuple[int, int, str | None] | None:
    """(start, end, date) of a news dateline at the start of `text` (one paragraph), if any.

    The span covers the agency formula, the reporter and the city ("新华社达喀尔7月1日电（记者
    司源）巴马科消息：", "BAMAKO, July 1 (Reuters) -"): places inside it are where the news was
    written, not where anything happened.
    """
    folded = to_simplified(text)  # same length: offsets hold for the original text
    m = _DATELINE_ZH.match(folded)
    if m:
        year = int(m[1]) if m[1] else None
        end = m.end()
        tail = re.match(
            r"\s*(?:[(（][^)）]{0,20}[)）])?\s*(?:[^，,。:：\s]{1,8}(?:消息|报道|电))?\s*[:：]?",
            folded[end:],
        )
        return 0, end + (tail.end() if tail else 0), _iso_day(year, int(m[2]), int(m[3]))
    m = _DATELINE_LATIN.match(text)
    if m and not re.match(r"(?:on|in|le|en|au|du)\b", m[1], re.I):
        year = int(m[6]) if m[6] else None
        if m[2]:
            iso = _iso_day(year, MONTHS[m[3].lower()], int(m[2]))
        else:
            iso = _iso_day(year, MONTHS[m[4].lower()], int(m[5]))
        end = m.end()
        tail = (
            re.match(r"[^)]{0,40}\)\s*[-–—:]?\s*", text[end:])
            if text[end - 1 : end] == "("
            else None
        )
        return 0, end + (tail.end() if tail else 0), iso
    return None


def document_date(text: str) -> str | None:
    """The date of the document, from its opening lines; None when the text gives none.

    Tried in order: a dateline, a header line that is a date or starts with one, a "Date:" line,
    a title line that ends with a date, a digest's issue year, then the first full date of the
    opening text.
    """
    lines = [line for line in text.splitlines() if line.strip()][:_HEADER_LINES]
    for line in lines:
        found = dateline(line)
        if found and found[2]:
            return found[2]
    for line in lines:
        stripped = _DATE_LINE.sub("", line).strip()
        m = _HEADER_ISO.match(stripped)
        if m:
            iso = _iso_day(int(m[1]), int(m[2]), int(m[3]))
            if iso:
                return iso
        dates = _full_dates(stripped)
        if dates and dates[0][0] == 0:
            return dates[0][2]  # "2020 年 6 月 1 日秘书长给……的信", "14 Feb 2020"
        if dates and dates[-1][1] >= len(stripped.rstrip(" .。)")) and len(stripped) <= 200:
            if re.search(r"[,，–—|:(-]\s*$", stripped[: dates[-1][0]]):
                return dates[-1][
                    2
                ]  # a title that ends with its date: "Flash Update – 1 juillet 2022"
    for line in lines:
        m = _TITLE_MONTH.search(line.strip())
        if m:  # "Bulletin humanitaire – Avril 2024": the month the document covers
            return _iso_month(int(m[2]), MONTHS[m[1].lower()])
    head = "\n".join(lines)
    issue = _ISSUE_YEAR.search(head)
    dates = _full_dates(text)
    if issue and not (dates and dates[0][0] < issue.start()):
        return issue[1]
    return dates[0][2] if dates else None


# A title line that ends with a month and a year after a dash, colon, comma or bracket.
_TITLE_MONTH = re.compile(
    rf"[,，–—|:(-]\s*(?:[^,，–—|:(]*?\s)?({MONTH_RE})\.?\s+({_YEAR})\s*\)?\s*$", re.I
)

# ---------------------------------------------------------------- dates in running text

_ZH_NUM = r"(\d{1,2})"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # Chinese
    (
        "zh_ymd",
        re.compile(
            rf"(?:({_YEAR})\s*年\s*)?{_ZH_NUM}\s*月\s*{_ZH_NUM}\s*日"
            rf"(?:(?:{_DASH}|{_AND})(?:{_ZH_NUM}\s*月\s*)?{_ZH_NUM}\s*日)*"
        ),
    ),
    (
        "zh_day",
        re.compile(
            rf"(?<![\d月年第])(?<!\d\s){_ZH_NUM}\s*日(?:(?:{_DASH}|{_AND}){_ZH_NUM}\s*日)*"
            r"(?![电電讯訊])"
        ),
    ),
    (
        "zh_ym",
        re.compile(rf"(?:({_YEAR})\s*年\s*)?{_ZH_NUM}\s*月(份|初|上旬|中旬|下旬|底|末)?(?!\s*\d)"),
    ),
    ("zh_y", re.compile(rf"(?<!自)(?<!从)(?<!自\s)({_YEAR})\s*年(?!\s*(?:以来|来|起|\d|第|度))")),
    ("zh_mday", re.compile(rf"(本月|上个?月)\s*{_ZH_NUM}\s*[日号]")),
    (
        "zh_rel",
        re.compile(
            r"当天|当日|同日|同天|次日|翌日|第二天|前一天|昨天|昨日|今天|今日|前天|"
            r"上周[一二三四五六日天]?|上星期[一二三四五六日天]?|本周|上个?月|本月|"
            r"(?:周|星期)[一二三四五六日天]"
        ),
    ),
    # French and English
    (
        "lat_dm",
        re.compile(
            rf"\b(\d{{1,2}})(?:er|st|nd|rd|th)?(?:(?:{_DASH}|{_AND})(\d{{1,2}})(?:er|st|nd|rd|th)?)?"
            rf"\s+({MONTH_RE})\b\.?(?:,?\s+({_YEAR}))?",
            re.I,
        ),
    ),
    (
        "lat_md",
        re.compile(
            rf"\b({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:(?:{_DASH}|{_AND})(\d{{1,2}}))?\b"
            rf"(?:,?\s+({_YEAR}))?(?!\s*(?:h\b|heures|hours|:))",
            re.I,
        ),
    ),
    (
        "lat_my",
        re.compile(
            rf"\b(?:(?:in|en|since|depuis|during|durant|early|late|début|fin|mi-|mid-)\s+)?"
            rf"(?:(?:the\s+months?\s+of|le\s+mois\s+de|(?:de\s+)?la\s+fin\s+de)\s+)?({MONTH_RE})\b\.?"
            rf"(?:\s+({_YEAR}))?",
            re.I,
        ),
    ),
    ("lat_y", re.compile(rf"\b(?:in|en|during|durant|au cours de)\s+({_YEAR})\b", re.I)),
    (
        "lat_rel",
        re.compile(
            r"\b(?:the same day|that day|the (?:next|following) day|the day before|"
            r"the previous day|"
            r"yesterday|today|this (?:morning|afternoon|evening)|tonight|last night|last week|"
            r"le même jour|ce jour-là|le lendemain|la veille|hier|aujourd'hui|aujourd’hui|"
            r"(?:ce|cette) (?:matin|après-midi|soir|nuit)|la semaine dernière|la semaine passée|"
            rf"(?:dans )?la nuit (?:du |de )?(?:{_WEEKDAY_LATIN}) (?:au |à )(?:{_WEEKDAY_LATIN})|"
            rf"(?:(?:on|last|this|le|ce|dès) )?(?:{_WEEKDAY_LATIN})(?: (?:dernier|passé|matin|soir|"
            r"morning|night|evening|afternoon))*)\b",
            re.I,
        ),
    ),
]
_ZH_DAYS = re.compile(r"(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日")
_DASH_RE = re.compile(_DASH)
# A year that is a document symbol or a resolution number, not a date: "2480(2019)号", "(2015)".
_NOT_A_DATE_BEFORE = re.compile(r"(?:resolution|résolution|S/)\s*\d*\s*(?:\(\s*)?$", re.I)
_SINCE = re.compile(r"(?:自|从|since|depuis|from|dès)\s*(?:le\s+|the\s+)?$", re.I)


@lru_cache(maxsize=1)
def _date_filter() -> Prefilter:
    """Skips the patterns whose words the text lacks (the Chinese ones in French text...)."""
    return Prefilter([pattern for _, pattern in _PATTERNS])


def date_hits(text: str) -> Hits:
    """Where in `text` each date pattern may match: scan a document once, then pass
    `hits.within(start, end)` of each sentence to find_dates."""
    return _date_filter().scan(text)


def find_dates(
    text: str, possible: Sequence[int] | None = None
) -> list[tuple[int, int, str, re.Match[str]]]:
    """Every date expression in `text`: (start, end, kind, match), longest first at a place.

    `possible`: the patterns that may match in `text` (from date_hits), if already known.
    """
    hits: list[tuple[int, int, str, re.Match[str]]] = []
    if possible is None:
        possible = _date_filter().possible(text)
    for kind, pattern in (_PATTERNS[i] for i in possible):
        for m in pattern.finditer(text):
            if m.end() > m.start() and m[0].strip():
                hits.append((m.start(), m.end(), kind, m))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, str, re.Match[str]]] = []
    for hit in hits:
        if kept and hit[0] < kept[-1][1]:
            continue
        before = text[max(0, hit[0] - 12) : hit[0]]
        if hit[2].endswith("y") and (
            _NOT_A_DATE_BEFORE.search(before)
            or (before.endswith("(") and hit[3][0][:1].isdigit())  # "(2015)": a citation
        ):
            continue
        kept.append(hit)
    return kept


@dataclass
class Resolver:
    """Resolves the dates of one document in reading order.

    `anchor` is the document date; `last` the last day the text stated, which 当天, 同日,
    "the same day" and 次日 refer to.
    """

    anchor: str | None
    last: str | None = None

    def resolve(self, kind: str, m: re.Match[str], preceding: str = "") -> Date | None:
        text = m[0]
        if kind == "lat_my" and not _month_context(m, preceding):
            return None
        date = getattr(self, "_" + kind)(m)
        if date is None:
            return None
        start, end, precision, others, absolute = date
        if _SINCE.search(preceding[-10:]) and end is None:
            end = None  # "since 6 October": the start of a state, kept as its date
        if start and precision == "day" and absolute:
            self.last = others[-1] if others else (end or start)
        elif start and precision == "day" and kind in ("lat_rel", "zh_rel"):
            self.last = start
        return Date(start, end, precision, text, m.start(), tuple(others), absolute)

    # --- Chinese

    def _zh_ymd(self, m: re.Match[str]):
        year = int(m[1]) if m[1] else None
        parts = _ZH_DAYS.findall(m[0])
        month = int(parts[0][0])
        if year is None:
            year = year_for(month, int(parts[0][1]), self.anchor)
        days = []
        for mo, day in parts:
            month = int(mo) if mo else month
            days.append(_iso_day(year, month, int(day)))
        return self._span(m[0], days)

    def _zh_day(self, m: re.Match[str]):
        anchor = self.anchor
        if anchor is None or _month(anchor) is None:
            return None
        month, year = _month(anchor) or 1, _year(anchor)
        days = []
        for _, day in _ZH_DAYS.findall(m[0]):
            d = int(day)
            mo, y = month, year
            if d > (_day(anchor) or 31):  # "9日" in a report of 5 May is 9 April
                mo, y = (mo - 1, y) if mo > 1 else (12, y - 1 if y else None)
            days.append(_iso_day(y, mo, d))
        return self._span(m[0], days)

    def _zh_ym(self, m: re.Match[str]):
        month = int(m[2])
        year = int(m[1]) if m[1] else year_for(month, None, self.anchor)
        iso = _iso_month(year, month)
        return (iso, None, "month", [], True) if iso else None

    def _zh_y(self, m: re.Match[str]):
        return m[1], None, "year", [], True

    def _zh_rel(self, m: re.Match[str]):
        word = m[0]
        if word in ("当天", "当日", "同日", "同天"):
            return self._relative(self.last or self.anchor, 0)
        if word in ("次日", "翌日", "第二天"):
            return self._relative(self.last or self.anchor, 1)
        if word == "前一天":
            return self._relative(self.last or self.anchor, -1)
        if word in ("今天", "今日"):
            return self._relative(self.anchor, 0)
        if word in ("昨天", "昨日"):
            return self._relative(self.anchor, -1)
        if word == "前天":
            return self._relative(self.anchor, -2)
        if word.startswith(("上周", "上星期")) and word[-1] in "一二三四五六日天":
            return self._weekday(_WEEKDAYS[word[-1]], weeks_back=1)
        if word.startswith(("上周", "上星期")):
            return self._week(-1)
        if word == "本周":
            return self._week(0)
        if word.startswith("上"):
            return self._month_shift(-1)
        if word == "本月":
            return self._month_shift(0)
        return self._weekday(_WEEKDAYS[word[-1]], weeks_back=0)

    def _zh_mday(self, m: re.Match[str]):
        """本月2日: the 2nd of the document's month; 上月2日, of the month before."""
        month = self._shifted_month(-1 if m[1].startswith("上") else 0)
        if month is None:
            return None
        return self._span(m[0], [_iso_day(month[0], month[1], int(m[2]))])

    # --- French and English

    def _lat_dm(self, m: re.Match[str]):
        month = MONTHS[m[3].lower()]
        year = int(m[4]) if m[4] else year_for(month, int(m[1]), self.anchor)
        days = [_iso_day(year, month, int(m[1]))]
        if m[2]:
            days.append(_iso_day(year, month, int(m[2])))
        return self._span(m[0], days)

    def _lat_md(self, m: re.Match[str]):
        month = MONTHS[m[1].lower()]
        year = int(m[4]) if m[4] else year_for(month, int(m[2]), self.anchor)
        days = [_iso_day(year, month, int(m[2]))]
        if m[3]:
            days.append(_iso_day(year, month, int(m[3])))
        return self._span(m[0], days)

    def _lat_my(self, m: re.Match[str]):
        month = MONTHS[m[1].lower()]
        year = int(m[2]) if m[2] else year_for(month, None, self.anchor)
        iso = _iso_month(year, month)
        return (iso, None, "month", [], True) if iso else None

    def _lat_y(self, m: re.Match[str]):
        return m[1], None, "year", [], True

    def _lat_rel(self, m: re.Match[str]):
        word = m[0].lower().replace("’", "'")
        if word in ("the same day", "that day", "le même jour", "ce jour-là"):
            return self._relative(self.last or self.anchor, 0)
        if word in ("the next day", "the following day", "le lendemain"):
            return self._relative(self.last or self.anchor, 1)
        if word in ("the day before", "the previous day", "la veille"):
            return self._relative(self.last or self.anchor, -1)
        if word in ("yesterday", "hier", "last night"):
            return self._relative(self.anchor, -1)
        if word in ("last week", "la semaine dernière", "la semaine passée"):
            return self._week(-1)
        names = re.findall(_WEEKDAY_LATIN, word)
        if "nuit" in word and len(names) == 2:  # the night from Saturday to Sunday
            first = self._weekday(_WEEKDAYS[names[1]], weeks_back=0)
            if first is None or first[0] is None:
                return None
            return _shift(first[0], -1), first[0], "day", [], False
        if names:
            back = 1 if re.search(r"\b(?:last|dernier|passé)\b", word) else 0
            return self._weekday(_WEEKDAYS[names[0]], weeks_back=back)
        return self._relative(self.anchor, 0)  # today, this morning, ce matin, tonight

    # --- helpers

    def _span(self, text: str, days: list[str | None]):
        days = [d for d in days if d]
        if not days:
            return None
        if len(days) == 1:
            return days[0], None, "day", [], True
        is_range = _DASH_RE.search(text) is not None
        if is_range or _consecutive(days):
            return days[0], days[-1], "day", [], True
        return days[0], None, "day", days[1:], True

    def _relative(self, base: str | None, days: int):
        if base is None or len(base) != 10:
            return None
        return _shift(base, days), None, "day", [], False

    def _weekday(self, weekday: int, weeks_back: int):
        """The latest such weekday before the document date (on it when it is that day)."""
        anchor = to_date(self.anchor)
        if anchor is None:
            return None
        back = (anchor.weekday() - weekday) % 7 + 7 * weeks_back
        if weeks_back and back > 7:
            back -= 7  # "last Friday" on a Monday is three days back, not ten
        return (anchor - dt.timedelta(days=back)).isoformat(), None, "day", [], False

    def _week(self, weeks: int):
        anchor = to_date(self.anchor)
        if anchor is None:
            return None
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=weeks)
        end = monday + dt.timedelta(days=6)
        return monday.isoformat(), end.isoformat(), "day", [], False

    def _shifted_month(self, months: int) -> tuple[int, int] | None:
        """(year, month) of the document date moved by `months` (0 or back), if it has both."""
        year, month = _year(self.anchor), _month(self.anchor)
        if year is None or month is None:
            return None
        month += months
        if month < 1:
            year, month = year - 1, month + 12
        return year, month

    def _month_shift(self, months: int):
        month = self._shifted_month(months)
        if month is None:
            return None
        return _iso_month(*month), None, "month", [], False


def _month_context(m: re.Match[str], preceding: str) -> bool:
    """A bare month name is a date only with a cue ("in March", "March 2020"): "may" is a verb,
    "mars" a planet, "mar" a verb."""
    word = m[1].lower()
    if m[2]:
        return True
    cue = m[0][: m.start(1) - m.start()].strip()
    if not cue:
        return False
    return len(word) > 3 or word in ("mai", "juin", "june", "july")


def _consecutive(days: list[str | None]) -> bool:
    dates = [d for d in days if d]
    for a, b in zip(dates, dates[1:], strict=False):
        if _shift(a, 1) != b:
            return False
    return True
