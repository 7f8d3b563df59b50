"""Stage 1: read a report, undo PDF line wrapping, split paragraphs and sentences."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from pathlib import Path

from geo.errors import DocumentError
from geo.model import Document, Paragraph, Sentence

# Inputs above this size are refused before they are read (GEO_MAX_BYTES or --max-bytes).
DEFAULT_MAX_BYTES = 5_000_000

_CJK = (
    r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u32ff"
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
CJK_CHAR = re.compile(f"[{_CJK}]")
# A space that sits between two CJK characters is a PDF artefact.
_SPACE_IN_CJK = re.compile(f"(?<=[{_CJK}])[ \\t\\u00a0\\u3000]+(?=[{_CJK}])")
# "2 0 2 0" (a year letter-spaced by the PDF) becomes "2020"; "3 120" (a grouped number) stays.
_SPACED_DIGITS = re.compile(r"(?<!\d)\d(?: \d){2,}(?!\d)")
_MULTI_SPACE = re.compile(r"[ \t\u00a0]{2,}")
_TERMINAL = tuple("。！？：；…」』”)!?:;.")
_SENTENCE_END_ZH = re.compile(r"[。！？；]+[」』”’)）]*")
_SENTENCE_END_LATIN = re.compile(r"(?<![A-Z])(?<!\b[Nn]o)(?<!\bp)[.!?;]+[\"”’)]*(?=\s+[^a-z\s])")
_DATE_ZH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "janvier"),
            ("february", "février", "fevrier"),
            ("march", "mars"),
            ("april", "avril"),
            ("may", "mai"),
            ("june", "juin"),
            ("july", "juillet"),
            ("august", "août", "aout"),
            ("september", "septembre"),
            ("october", "octobre"),
            ("november", "novembre"),
            ("december", "décembre", "decembre"),
        ]
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_DMY = re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({_MONTH_RE})\s+(\d{{4}})\b", re.IGNORECASE)
_DATE_MDY = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.IGNORECASE)
_NUMBERED_PARAGRAPH = re.compile(r"^\s*(\d{1,3})\s*[.、)]\s+")


def max_bytes_from_env() -> int:
    value = os.environ.get("GEO_MAX_BYTES")
    return int(value) if value and value.isdigit() else DEFAULT_MAX_BYTES


def load_document(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Document:
    """Read a report from disk. Raises DocumentError with a one-line reason."""
    path = Path(path)
    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    if not path.exists():
        raise DocumentError(f"{path}: no such file")
    if path.is_dir():
        raise DocumentError(f"{path}: is a directory, not a text file")
    try:
        size = path.stat().st_size
        if size > limit:
            raise DocumentError(
                f"{path}: {size:,} bytes is over the {limit:,}-byte limit "
                "(raise it with --max-bytes or GEO_MAX_BYTES)"
            )
        raw = path.read_bytes()
    except PermissionError:
        raise DocumentError(f"{path}: permission denied") from None
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return parse_document(raw, source=str(path))


def parse_document(raw: bytes, *, source: str = "<text>") -> Document:
    """Decode bytes and build the normalised Document."""
    text, encoding = decode(raw, source)
    normalised, paragraphs = _paragraphs(text)
    if not normalised.strip():
        raise DocumentError(f"{source}: contains no text (only white space)")
    language = detect_language(normalised)
    sentences = tuple(_sentences(paragraphs, language))
    title = _title(paragraphs, source)
    return Document(
        source=source,
        text=normalised,
        language=language,
        encoding=encoding,
        sha256=hashlib.sha256(raw).hexdigest(),
        title=title,
        date=find_document_date(normalised[:2000]),
        paragraphs=tuple(paragraphs),
        sentences=sentences,
    )


def decode(raw: bytes, source: str = "<text>") -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM or GB18030; refuse anything else."""
    if not raw:
        raise DocumentError(f"{source}: is empty")
    if raw.startswith(b"%PDF-"):
        raise DocumentError(f"{source}: is a PDF, not text; extract its text first (pdftotext)")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                raise DocumentError(f"{source}: is not valid {encoding.upper()}") from None
            return _check_text(text, source), encoding
    if b"\x00" in raw:
        raise DocumentError(f"{source}: looks binary (NUL bytes), not a text file")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _check_text(text, source), encoding
    raise DocumentError(f"{source}: is not UTF-8, UTF-16 or GB18030 text; re-save it as UTF-8")


def _check_text(text: str, source: str) -> str:
    if not text.strip():
        raise DocumentError(f"{source}: contains no text (only white space)")
    sample = text[:100_000]
    control = sum(
        1 for c in sample if unicodedata.category(c) in ("Cc", "Co", "Cs") and c not in "\t\n\r\f"
    )
    if control > max(3, len(sample) // 100):
        raise DocumentError(f"{source}: looks binary (control characters), not a text file")
    return text


def detect_language(text: str) -> str:
    """'zh' when CJK dominates, else 'fr' or 'en' by common words."""
    sample = text[:50_000]
    cjk = len(CJK_CHAR.findall(sample))
    latin = sum(1 for c in sample if c.isascii() and c.isalpha())
    if cjk and cjk * 3 >= latin:
        return "zh"
    words = re.findall(r"[a-zà-ÿ']+", sample.lower())
    fr = sum(w in {"le", "la", "les", "des", "du", "et", "dans", "une", "au", "est"} for w in words)
    en = sum(w in {"the", "of", "and", "in", "to", "was", "were", "is", "on", "a"} for w in words)
    return "fr" if fr > en else "en"


def normalise_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ").replace("\u3000", " ")
    line = _SPACE_IN_CJK.sub("", line)
    line = _SPACED_DIGITS.sub(lambda m: m.group(0).replace(" ", ""), line)
    return _MULTI_SPACE.sub(" ", line).strip()


def _join(left: str, right: str) -> str:
    if not left:
        return right
    if CJK_CHAR.match(left[-1]) or CJK_CHAR.match(right[0]):
        return left + right
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[0].islower():
        return left[:-1] + right  # a word hyphenated across lines
    return left + " " + right


def _paragraphs(text: str) -> tuple[str, list[Paragraph]]:
    """Rebuild paragraphs from wrapped lines; returns the normalised text and its paragraphs.

    PDF extraction often puts a blank line after every line, so blank lines only separate
    paragraphs when they are rare. An indented line starts a paragraph when the line before it
    ended a sentence or was a heading; otherwise it is a page-break continuation.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    content = [ln for ln in lines if ln.strip()]
    blank_breaks = sum(1 for ln in lines if not ln.strip()) < 0.6 * max(1, len(content))
    blocks: list[list[str]] = []
    prev_ended = True  # the previous content line ended a sentence (or there is none)
    prev_heading = False
    gap = True
    for raw_line in lines:
        if not raw_line.strip():
            gap = True
            continue
        indented = raw_line[:1].isspace()
        line = normalise_line(raw_line)
        starts_new = (
            not blocks
            or (gap and blank_breaks)
            or (indented and (prev_ended or prev_heading))
            or _NUMBERED_PARAGRAPH.match(line) is not None
        )
        if starts_new:
            blocks.append([line])
        else:
            blocks[-1].append(line)
        prev_ended = line.endswith(_TERMINAL)
        prev_heading = starts_new and indented and not prev_ended and len(line) <= 60
        gap = False

    paragraphs: list[Paragraph] = []
    parts: list[str] = []
    offset = 0
    for number, block in enumerate(blocks, start=1):
        joined = ""
        for line in block:
            joined = _join(joined, line)
        if parts:
            parts.append("\n\n")
            offset += 2
        paragraphs.append(Paragraph(number, offset, offset + len(joined), joined))
        parts.append(joined)
        offset += len(joined)
    return "".join(parts), paragraphs


def _sentences(paragraphs: list[Paragraph], language: str):
    splitter = _SENTENCE_END_ZH if language == "zh" else _SENTENCE_END_LATIN
    index = 0
    for para in paragraphs:
        start = 0
        cuts = [m.end() for m in splitter.finditer(para.text)]
        if language == "zh":
            # Latin punctuation inside Chinese text ends a sentence only before a space.
            cuts += [m.end() for m in _SENTENCE_END_LATIN.finditer(para.text)]
        for cut in sorted(set(cuts)) + [len(para.text)]:
            chunk = para.text[start:cut]
            if language == "zh" and chunk.endswith("；") and "：" in chunk:
                continue  # semicolons after a colon separate the items of one list

            stripped = chunk.strip()
            if stripped:
                lead = len(chunk) - len(chunk.lstrip())
                s = para.start + start + lead
                yield Sentence(index, para.number, s, s + len(stripped), stripped)
                index += 1
            start = cut


def _title(paragraphs: list[Paragraph], source: str) -> str:
    for para in paragraphs[:3]:
        text = para.text.strip()
        if text:
            return text if len(text) <= 120 else text[:117] + "…"
    return Path(source).name


def find_document_date(text: str) -> str | None:
    """The first full date in `text`, as ISO 8601."""
    found: list[tuple[int, str]] = []
    m = _DATE_ZH.search(text)
    if m:
        found.append((m.start(), _iso(m.group(1), m.group(2), m.group(3))))
    m = _DATE_DMY.search(text)
    if m:
        found.append((m.start(), _iso(m.group(3), _MONTHS[m.group(2).lower()], m.group(1))))
    m = _DATE_MDY.search(text)
    if m:
        found.append((m.start(), _iso(m.group(3), _MONTHS[m.group(1).lower()], m.group(2))))
    found = [f for f in found if f[1]]
    return min(found)[1] if found else None


def _iso(year: str | int, month: str | int, day: str | int) -> str:
    y, mo, d = int(year), int(month), int(day)
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"
