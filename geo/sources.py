"""File formats: a PDF with a text layer, a Word .docx or a web page, turned into plain text.

`extract_text` tells the format from the file's first bytes, then from its extension, and hands
back text that the document stage decodes, unwraps and splits like any text file. Each format's
library (pypdf, python-docx, trafilatura) is imported only when such a file is read. Every
failure is a one-line DocumentError that says what to do.
"""

from __future__ import annotations

import io
import re
from pathlib import PurePath
from typing import Any

from geo.errors import DocumentError
from geo.io import reason

PDF, DOCX, HTML, TEXT = "pdf", "docx", "html", "text"
# A .docx is a zip of XML; refuse archives whose members would inflate past this many times the
# input size limit (a zip bomb), before any XML is parsed.
MAX_INFLATION = 20
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office files (.doc, .xls)


def detect_format(raw: bytes, source: str) -> str:
    """PDF, DOCX, HTML or TEXT, by magic bytes first and the extension second."""
    suffix = PurePath(source).suffix.lower()
    if raw.startswith(b"%PDF-") or suffix == ".pdf":
        return PDF
    if raw.startswith(b"PK\x03\x04") or suffix == ".docx":
        return DOCX
    if raw.startswith(_OLE2):
        raise DocumentError(
            f"{source}: is an old binary Word/Office file (.doc); "
            "save it as .docx, PDF or plain text first"
        )
    head = raw[:4096].lstrip(b"\xef\xbb\xbf")
    if suffix in (".html", ".htm", ".xhtml") or _HTML_START.match(head):
        return HTML
    return TEXT


def extract_text(raw: bytes, source: str, max_chars: int) -> tuple[str, str] | None:
    """(text, format) for a PDF, .docx or HTML file; None for a text file (decoded elsewhere).

    `max_chars` bounds the extracted text as the byte limit bounds a text file.
    """
    kind = detect_format(raw, source)
    if kind == TEXT:
        return None
    if kind == PDF:
        text = _pdf_text(raw, source)
    elif kind == DOCX:
        text = _docx_text(raw, source, max_chars * MAX_INFLATION)
    else:
        text = _html_text(raw, source)
    if len(text) > max_chars:
        raise DocumentError(
            f"{source}: its text ({len(text):,} characters) is over the {max_chars:,} limit "
            "(raise it with --max-bytes or GEO_MAX_BYTES)"
        )
    return text, kind


def _pdf_text(raw: bytes, source: str) -> str:
    import pypdf  # a PDF costs this import; other formats never do

    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(
                f"{source}: is an encrypted PDF (it needs a password); "
                "save an unprotected copy or export its text"
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged PDF can fail anywhere inside pypdf
        raise DocumentError(f"{source}: is not a readable PDF ({reason(exc)})") from None
    if not pages:
        raise DocumentError(f"{source}: is a PDF with no pages")
    text = "\n".join(pages)
    if not text.strip():
        raise DocumentError(
            f"{source}: has no text layer (a scanned image?); run OCR first, e.g. ocrmypdf"
        )
    return text


def _docx_text(raw: bytes, source: str, max_inflated: int) -> str:
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = set(archive.namelist())
        inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DocumentError(
            f"{source}: is not a Word .docx file (not a zip archive, or a damaged one)"
        ) from None
    if "word/document.xml" not in names:
        raise DocumentError(
            f"{source}: is a zip archive but not a Word .docx document (no word/document.xml)"
        )
    if inflated > max_inflated:
        raise DocumentError(
            f"{source}: unpacks to {inflated:,} bytes, over the {max_inflated:,}-byte limit "
            "(raise it with --max-bytes or GEO_MAX_BYTES)"
        )
    import docx  # python-docx, imported only for a .docx

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types on bad XML
        raise DocumentError(f"{source}: is a damaged Word .docx file ({reason(exc)})") from None
    blocks: list[str] = []
    for paragraph in document.paragraphs:
        blocks.append(paragraph.text)
    for table in document.tables:
        for row in table.rows:
            cells = dict.fromkeys(cell.text.strip() for cell in row.cells)
            blocks.append(" | ".join(c for c in cells if c))
    # One paragraph per block, separated by blank lines, as the document stage expects.
    text = "\n\n".join(" ".join(b.split("\n")) for b in blocks if b.strip())
    if not text.strip():
        raise DocumentError(f"{source}: is a Word document with no text")
    return text


def _html_text(raw: bytes, source: str) -> str:
    """The page's main text: trafilatura drops navigation, teasers, footers and comments.

    Its precise extractor runs first. Only when that finds nothing do its fallback extractors
    run, and their text is refused when it is mostly the text of links (a page of navigation).
    """
    import trafilatura  # imported only for a web page

    options: dict[str, Any] = {
        "include_comments": False,
        "include_tables": True,
        "include_links": False,
        "include_images": False,
        "favor_precision": True,
        "deduplicate": True,
    }
    try:
        text = trafilatura.extract(raw, fast=True, **options)
        if not text or not text.strip():
            text = trafilatura.extract(raw, **options)
            if text and _mostly_links(raw, text):
                text = None
    except Exception as exc:  # noqa: BLE001 - lxml and trafilatura raise many types
        raise DocumentError(f"{source}: is not a readable web page ({reason(exc)})") from None
    if not text or not text.strip():
        raise DocumentError(
            f"{source}: no main text found in this web page (a page of links or a script-only "
            "page?); save the article's text instead"
        )
    lines = [line.strip() for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


def _mostly_links(raw: bytes, text: str) -> bool:
    """True when at least 80% of `text` (letters and CJK, no spaces) is the text of links."""
    import lxml.html

    tree = lxml.html.fromstring(raw)
    rest = text
    for anchor in tree.iter("a"):
        label = anchor.text_content().strip()
        if label:
            rest = rest.replace(label, "", 1)
    kept = sum(1 for c in rest if c.isalnum())
    total = sum(1 for c in text if c.isalnum())
    return kept * 5 <= total
