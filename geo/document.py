"""Stage 1: read a report, undo PDF line wrapping, split paragraphs and sentences."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import unicodedata
from pathlib import Path

from geo.errors import ConfigError, DocumentError
from geo.io import reason
from geo.model import Document, Paragraph, Sentence
from geo.sources import extract_text
from geo.text import CJK_CHAR, CJK_RANGES, shorten

# Inputs above this size are refused before they are read (GEO_MAX_BYTES or --max-bytes).
DEFAULT_MAX_BYTES = 5_000_000
# Documents that name places more often than this are refused before extraction (GEO_MAX_NAMES):
# time and memory grow with the mentions, and 40,000 keeps any accepted input within about a
# minute and 1 GB (scripts/bench_adversarial.py). The letter names places 123 times.
DEFAULT_MAX_NAMES = 40_000

# A space that sits between two CJK characters is a PDF artefact.
_SPACE_IN_CJK = re.compile(f"(?<=[{CJK_RANGES}])[ \\t\\u00a0\\u3000]+(?=[{CJK_RANGES}])")
# "2 0 2 0" (a year letter-spaced by the PDF) becomes "2020"; "3 120" (a grouped number) stays.
_SPACED_DIGITS = re.compile(r"(?<!\d)\d(?: \d){2,}(?!\d)")
# A CJK character glued to a Latin letter (a Latin-1 accent read as GB18030 looks like this).
_CJK_BY_LATIN = re.compile(f"(?<=[A-Za-z])[{CJK_RANGES}]|[{CJK_RANGES}](?=[A-Za-z])")
_MULTI_SPACE = re.compile(r"[ \t\u00a0]{2,}")
_TERMINAL = tuple("。！？：；…」』”)!?:;.")
_SENTENCE_END_ZH = re.compile(r"[。！？；]+[」』”’)）]*")
# A match starts only at the first mark of a run ("..."), so a long run of dots stays linear.
# An initial ("J. Smith", "U.N.") does not end a sentence; a word in capitals ("l'ONU.") does.
_SENTENCE_END_LATIN = re.compile(
    r"(?<!\b[A-Z])(?<!\b[A-Z]\.[A-Z])(?<!\b[Nn]o)(?<!\bp)(?<![.!?;])[.!?;]+[\"”’)]*"
    r"(?=\s+[^a-z\s])"
)
# Press copy often drops the space after a full stop ("un habitant.Selon lui"): a word of two
# lowercase letters or more, a stop, then a capitalised word.
_SENTENCE_END_GLUED = re.compile(r"(?<=[a-zà-ÿ]{2})[.!?](?=[A-ZÀ-Ý][a-zà-ÿ])")
# Titles and ranks written before a name: their full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr St Ste Gen Gén Col Lt Sgt Maj Capt Cdt Cne Mgr Mme Mlle Pr Prof Rev Sen".split()
)
_WORD_BEFORE = re.compile(r"(\w+)$")
# Control (Cc), private-use (Co) and surrogate (Cs) characters but tab and line ends: the
# Unicode categories as one regex, a C loop rather than a Python one per character.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff"
    "\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)
_CJK_RUN = re.compile(f"[{CJK_RANGES}]+")
_NOT_ASCII_LETTER = bytes(c for c in range(128) if not chr(c).isalpha())
_BULLETS = "•▪●◆◦‣-–—*·"
_NUMBERED_PARAGRAPH = re.compile(r"^\s*(\d{1,3})\s*[.、)]\s+")


def max_bytes_from_env() -> int:
    """The size limit from GEO_MAX_BYTES (a whole number of bytes), else DEFAULT_MAX_BYTES."""
    return _limit_from_env("GEO_MAX_BYTES", DEFAULT_MAX_BYTES, "bytes")


def max_names_from_env() -> int:
    """The limit on place-name occurrences from GEO_MAX_NAMES, else DEFAULT_MAX_NAMES."""
    return _limit_from_env("GEO_MAX_NAMES", DEFAULT_MAX_NAMES, "place names")


def _limit_from_env(variable: str, default: int, unit: str) -> int:
    value = os.environ.get(variable, "").strip()
    if not value:
        return default
    digits = value.replace("_", "").replace(",", "")
    if not digits.isdigit() or int(digits) < 1:
        raise ConfigError(f"{variable}={value!r}: not a positive whole number of {unit}")
    return int(digits)


def load_document(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Document:
    """Read a report from disk. Raises DocumentError with a one-line reason."""
    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    return parse_document(read_bytes(path, limit), source=str(path), max_bytes=limit)


def read_bytes(path: str | os.PathLike[str], limit: int) -> bytes:
    """The raw bytes of a file, refusing more than `limit` (DocumentError, one line).

    The size is checked with stat before reading, and the read itself stops one byte past the
    limit, so memory stays bounded even for a pipe or a file that grows while it is read.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except NotADirectoryError:
        raise DocumentError(f"{path}: no such file (a part of the path is a file)") from None
    except PermissionError:
        raise DocumentError(f"{path}: permission denied") from None
    except (OSError, ValueError) as exc:
        raise DocumentError(f"{path}: cannot be read ({reason(exc)})") from None
    if stat.S_ISDIR(info.st_mode):
        raise DocumentError(f"{path}: is a directory, not a text file")
    if info.st_size > limit:
        raise DocumentError(too_big_message(path, f"{info.st_size:,} bytes", limit))
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except PermissionError:
        raise DocumentError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise DocumentError(f"{path}: is a directory, not a text file") from None
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({reason(exc)})") from None
    if len(raw) > limit:
        raise DocumentError(too_big_message(path, "", limit))
    return raw


def too_big_message(path: Path | str, size: str, limit: int) -> str:
    return (
        f"{path}: {size + ' ' if size else ''}is over the {limit:,}-byte limit "
        "(raise it with --max-bytes or GEO_MAX_BYTES)"
    )


def parse_document(
    raw: bytes, *, source: str = "<text>", max_bytes: int | None = None
) -> Document:
    """Read bytes (text, or a PDF, .docx or web page) and build the normalised Document.

    `source` names the input; its extension helps tell the format. The text extracted from a
    PDF, .docx or web page is bounded by the same limit as a text file (`max_bytes`).
    """
    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    extracted = extract_text(raw, source, limit) if raw else None
    text, encoding = extracted if extracted else decode(raw, source)
    normalised, paragraphs = _paragraphs(text)
    if not normalised.strip():
        raise DocumentError(f"{source}: contains no text (only white space)")
    language = detect_language(normalised)
    sentences = tuple(_sentences(paragraphs, language))
    title = _title(text, paragraphs, source)
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
    for bom, encoding, codec in (
        (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
    ):
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                name = codec.upper()[:6]
                raise DocumentError(
                    f"{source}: starts with a {name} byte-order mark but is not valid {name} "
                    f"(at byte offset {exc.start + len(bom):,}); re-save it as UTF-8"
                ) from None
            return _check_text(text, source), encoding
    if b"\x00" in raw:
        if _looks_utf16(raw):
            raise DocumentError(
                f"{source}: looks like UTF-16 without a byte-order mark; re-save it as UTF-8"
            )
        raise DocumentError(f"{source}: looks binary (NUL bytes), not a text file")
    try:
        return _check_text(raw.decode("utf-8"), source), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise DocumentError(
            f"{source}: is not UTF-8, UTF-16 or GB18030 text "
            f"(byte 0x{raw[first_bad]:02X} at offset {first_bad:,}); re-save it as UTF-8"
        ) from None
    if _looks_latin1(text):
        raise DocumentError(
            f"{source}: looks like Latin-1/Windows-1252 text, not UTF-8, UTF-16 or GB18030; "
            "re-save it as UTF-8"
        )
    return _check_text(text, source), "gb18030"


def _looks_utf16(raw: bytes) -> bool:
    """Text with NUL bytes that reads cleanly as UTF-16: UTF-16 that lost its byte-order mark.

    Binary data read as UTF-16 is full of control, unassigned and private-use characters.
    """
    sample = raw[:100_000]
    sample = sample[: len(sample) - len(sample) % 2]
    for encoding in ("utf-16-le", "utf-16-be"):
        text = sample.decode(encoding, errors="replace")
        bad = sum(
            1
            for c in text
            if c == "\ufffd"
            or (unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs") and c not in "\t\n\r\f")
        )
        if text and bad * 100 <= len(text):
            return True
    return False


def _gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _looks_latin1(text: str) -> bool:
    """GB18030 decodes some Latin-1 text too, but into rare characters glued to Latin letters.

    Real Chinese text is CJK-dominated, nearly all of it lies within GB2312, and its CJK
    characters seldom touch a Latin letter. A Latin-1 or Windows-1252 file read as GB18030 is
    mostly Latin, and each accented letter swallows the byte after it, turning into a character
    outside GB2312 glued to the rest of its word.
    """
    sample = text[:100_000]
    cjk = sum(map(len, _CJK_RUN.findall(sample)))  # runs, not characters: fewer objects
    glued = [m.group(0) for m in _CJK_BY_LATIN.finditer(sample)]
    if cjk and sum(not _gb2312(c) for c in glued) * 2 >= cjk:
        return True  # "S間ou", "for阾" are "Ségou", "forêt" in Windows-1252
    wide = [c for c in sample if ord(c) > 0x7F]
    if not wide or detect_language(sample) == "zh":
        return False
    return sum(not _gb2312(c) for c in wide) * 2 > len(wide)


def _check_text(text: str, source: str) -> str:
    if not text.strip():
        raise DocumentError(f"{source}: contains no text (only white space)")
    sample = text[:100_000]
    control = len(_CONTROL.findall(sample))
    if control > max(3, len(sample) // 100):
        raise DocumentError(f"{source}: looks binary (control characters), not a text file")
    return text


def detect_language(text: str) -> str:
    """'zh' when CJK dominates, else 'fr' or 'en' by common words."""
    # Beginning, middle and end: a long preamble in one script must not decide for the whole.
    middle = len(text) // 2
    sample = text[:20_000] + text[middle : middle + 20_000] + text[-20_000:]
    cjk = sum(map(len, _CJK_RUN.findall(sample)))  # runs, not characters: fewer objects
    latin = len(sample.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTER))
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


def _join_lines(lines: list[str]) -> str:
    """Join wrapped lines: no space next to CJK, undo hyphenation, else one space.

    Builds a list of pieces rather than growing one string, so a paragraph of many short
    lines costs linear time.
    """
    pieces: list[str] = []
    tail = ""  # the last two characters joined so far
    for line in lines:
        if not pieces:
            tail = line[-2:]
        elif CJK_CHAR.match(tail[-1]) or CJK_CHAR.match(line[0]):
            tail = (tail + line)[-2:]
        elif tail.endswith("-") and len(tail) > 1 and tail[-2].isalpha() and line[0].islower():
            pieces[-1] = pieces[-1][:-1]  # a word hyphenated across lines
            tail = (tail[:-1] + line)[-2:]
        else:
            pieces.append(" ")
            tail = (tail + " " + line)[-2:]
        pieces.append(line)
    return "".join(pieces)


def _paragraphs(text: str) -> tuple[str, list[Paragraph]]:
    """Rebuild paragraphs from wrapped lines; returns the normalised text and its paragraphs.

    PDF extraction often puts a blank line after every line, so blank lines only separate
    paragraphs when they are rare. An indented line starts a paragraph when the line before it
    ended a sentence or was a heading; otherwise it is a page-break continuation.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    content = [ln for ln in lines if ln.strip()]
    blanks = sum(1 for ln in lines if not ln.strip())
    # Indented bullets ("  • New displacements") are a web page's list, not a PDF's indentation.
    indented = sum(1 for ln in content if ln[:1].isspace() and ln.lstrip()[:1] not in _BULLETS)
    # A PDF extraction that double-spaces its lines marks paragraphs by indentation only.
    double_spaced = blanks >= 0.6 * max(1, len(content)) and indented >= 3
    blank_breaks = blanks > 0 and not double_spaced
    # With neither blank lines nor indentation, a line that ends a sentence ends a paragraph.
    terminal_breaks = blanks == 0 and indented == 0
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
            or (terminal_breaks and prev_ended)
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
        joined = _join_lines(block)
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
        else:
            cuts += [m.end() for m in _SENTENCE_END_GLUED.finditer(para.text)]
            cuts = [c for c in cuts if not _after_abbreviation(para.text, c)]
        colon = -1  # the first "：" at or after `start` (-1: none left)
        if language == "zh":
            colon = para.text.find("：")
        for cut in sorted(set(cuts)) + [len(para.text)]:
            if 0 <= colon < start:
                colon = para.text.find("：", start)
            if 0 <= colon < cut < len(para.text) and cut > start and para.text[cut - 1] == "；":
                continue  # semicolons after a colon separate the items of one list
            chunk = para.text[start:cut]
            stripped = chunk.strip()
            if stripped:
                lead = len(chunk) - len(chunk.lstrip())
                s = para.start + start + lead
                yield Sentence(index, para.number, s, s + len(stripped), stripped)
                index += 1
            start = cut


def _after_abbreviation(text: str, cut: int) -> bool:
    """Whether the stop before `cut` closes a title such as "Col." or "Mme"."""
    head = text[max(0, cut - 8) : cut].rstrip("\"”’)")
    if not head.endswith("."):
        return False
    word = _WORD_BEFORE.search(head[:-1])
    return word is not None and word.group(1) in _ABBREVIATIONS


TITLE_MAX = 120  # a first paragraph of one sentence up to this long is the title
TITLE_SHORT = 80  # otherwise the title is its first line or sentence, cut to this length


def _title(text: str, paragraphs: list[Paragraph], source: str) -> str:
    """The document's title: its first paragraph when that is one short sentence or heading.

    A title with no blank line after it runs into the text's first paragraph: then its own
    line is the title, or failing that the paragraph's first sentence, cut to TITLE_SHORT.
    """
    first = next((p.text.strip() for p in paragraphs[:3] if p.text.strip()), "")
    if not first:
        return Path(source).name
    body = first.rstrip("。！？.!?;； ")
    one_sentence = not any(s.search(body) for s in (_SENTENCE_END_ZH, _SENTENCE_END_LATIN))
    if one_sentence and len(first) <= TITLE_MAX:
        return first
    line = next((normalise_line(ln).strip() for ln in text.splitlines() if ln.strip()), "")
    if line and len(line) <= TITLE_SHORT and _squeezed(first).startswith(_squeezed(line)):
        return line
    for splitter in (_SENTENCE_END_ZH, _SENTENCE_END_LATIN):
        end = splitter.search(first)
        if end and end.start() <= TITLE_SHORT:
            return first[: end.start()].strip()
    return shorten(first, TITLE_SHORT)


def _squeezed(text: str) -> str:
    return "".join(text.split())


def find_document_date(text: str) -> str | None:
    """The document's own date (dateline, header, "Date:" line, title, digest issue), ISO 8601."""
    from geo.dates import document_date

    return document_date(text)

