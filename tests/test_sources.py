"""Reports as people have them: PDF with a text layer, Word .docx, web pages; and broken ones.

tests/data/letter.zh.pdf is the letter printed by Chromium (scripts/make_test_documents.py);
tests/data/news_page.zh.html is a page written for these tests, with navigation, teasers and a
footer that name places the article does not.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest

from geo import paths
from geo.document import load_document, parse_document
from geo.errors import DocumentError
from geo.pipeline import run, run_document
from geo.sources import detect_format

DATA = Path(__file__).parent / "data"


def _keys(result) -> set[tuple[str, str]]:
    return {(p.key, p.kind) for p in result.places}


def test_pdf_of_the_letter_gives_the_same_places():
    from_text = run(paths.DEFAULT_DOCUMENT)
    from_pdf = run(DATA / "letter.zh.pdf")
    assert from_pdf.document.encoding == "pdf"
    assert len(from_pdf.places) == 29
    assert _keys(from_pdf) == _keys(from_text)
    douna = next(p for p in from_pdf.places if p.name == "Douna-Pen")
    assert douna.admin2 == "Koro"
    # Lines wrapped by the PDF are joined without stray spaces inside Chinese words.
    assert "邦贾加拉省、科罗省和邦卡省" in from_pdf.document.text


def test_html_page_gives_the_article_places_only():
    result = run(DATA / "news_page.zh.html")
    assert result.document.encoding == "html"
    assert result.document.title == "联合国维和部队在莫普提大区加强巡逻"
    names = {p.name for p in result.places}
    assert {"Mopti", "Koro", "Sévaré", "Douentza", "Hombori"} <= names
    # Navigation, "related news" teasers, scripts and the footer name these: not the article.
    assert not names & {"Kayes", "Sikasso", "Kidal", "Gao"}
    assert "相关新闻" not in result.document.text and "track(" not in result.document.text


def _docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_and_tables(tmp_path):
    raw = _docx_bytes(
        [
            "Note d'information, 3 mars 2021",
            "Une patrouille de la MINUSMA est arrivée à Tombouctou le 2 mars.",
            "La situation reste tendue dans le cercle de Goundam.",
        ],
        table=[["Localité", "Incidents"], ["Niafunké", "2"]],
    )
    path = tmp_path / "note.docx"
    path.write_bytes(raw)
    result = run(path)
    assert result.document.encoding == "docx"
    assert result.document.language == "fr"
    assert result.document.date == "2021-03-03"
    names = {(p.name, p.kind) for p in result.places}
    assert ("Goundam", "cercle") in names
    assert {"Tombouctou", "Niafunké"} <= {name for name, _ in names}
    # Each Word paragraph is a paragraph of the document, and each table row.
    assert len(result.document.paragraphs) == 5


def _pdf_bytes(*, encrypt: str | None = None) -> bytes:
    """A one-page PDF with no text at all (as a scan without OCR looks to a text extractor)."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if encrypt:
        writer.encrypt(encrypt)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


BROKEN = {
    "scan.pdf": (
        _pdf_bytes(),
        "scan.pdf: has no text layer (a scanned image?); run OCR first, e.g. ocrmypdf",
    ),
    "locked.pdf": (_pdf_bytes(encrypt="secret"), "is an encrypted PDF (it needs a password)"),
    "cut.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Cat", "is not a readable PDF"),
    "renamed.pdf": (b"Mopti et Gao.", "is not a readable PDF"),
    "text.docx": (b"Mopti et Gao.", "is not a Word .docx file (not a zip archive"),
    "sheet.docx": (_zip_bytes({"xl/workbook.xml": b"<x/>"}), "not a Word .docx document"),
    "bad.docx": (
        _zip_bytes({"[Content_Types].xml": b"<", "word/document.xml": b"<"}),
        "is a damaged Word .docx file",
    ),
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old binary Word/Office file"),
    "links.htm": (
        b"<html><body><nav><a href='/a'>Kayes</a> | <a href='/b'>Kidal</a></nav></body></html>",
        "no main text found in this web page",
    ),
}


@pytest.mark.parametrize("name", BROKEN)
def test_broken_files_get_a_one_line_reason(tmp_path, name):
    raw, problem = BROKEN[name]
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and problem in message
    assert "\n" not in message


def test_a_docx_that_unpacks_past_the_limit_is_refused_before_parsing():
    bomb = _zip_bytes({"word/document.xml": b"<w:document>" + b" " * 2_000_000})
    assert len(bomb) < 10_000
    with pytest.raises(DocumentError, match="unpacks to 2,000,012 bytes, over the"):
        parse_document(bomb, source="bomb.docx", max_bytes=10_000)


def test_extracted_text_is_bounded_like_a_text_file():
    raw = _docx_bytes(["Gao. " * 12_000])
    with pytest.raises(DocumentError, match=r"its text \(60,000 characters\) is over the 50,000"):
        parse_document(raw, source="long.docx", max_bytes=50_000)
    assert run_document(parse_document(raw, source="long.docx")).places


def test_simple_pages_keep_their_text():
    page = "<html><body><div>Une patrouille est arrivée de Sévaré hier. Elle repart demain."
    result = run_document(parse_document(page.encode(), source="note.html"))
    assert {p.name for p in result.places} == {"Sévaré"}


def test_format_by_magic_bytes_then_extension():
    pdf = (DATA / "letter.zh.pdf").read_bytes()
    assert detect_format(pdf, "letter.txt") == "pdf"  # a PDF with the wrong name
    assert detect_format(_docx_bytes(["x"]), "note") == "docx"
    assert detect_format(b"<!DOCTYPE html><html></html>", "page.txt") == "html"
    assert detect_format(b"<p>Gao</p>", "page.htm") == "html"
    assert detect_format(b"Gao < Mopti", "note.txt") == "text"
    # Text in a file named .html is still read as a page (trafilatura keeps its text).
    assert detect_format(b"Gao", "x.html") == "html"
