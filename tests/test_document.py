"""Stage 1 on the letter and on small synthetic texts: paragraphs, sentences, offsets, language
and date."""

from __future__ import annotations

import codecs
import hashlib
import re

import pytest

from geo import paths
from geo.document import detect_language, find_document_date, parse_document
from geo.errors import DocumentError
from geo.mentions import extract_mentions

# Han ideographs and CJK punctuation, spelled out here rather than borrowed from geo.document.
HAN = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
CJK_SPACE_CJK = re.compile(f"[{HAN}][ \t\u00a0]+[{HAN}]")


def zh(text: str):
    return parse_document(text.encode("utf-8"), source="synthetic.txt")


# -- the letter ---------------------------------------------------------------------------------


def test_letter_has_39_paragraphs(letter):
    assert len(letter.paragraphs) == 39
    assert [p.number for p in letter.paragraphs] == list(range(1, 40))
    first, last = letter.paragraphs[0], letter.paragraphs[-1]
    assert first.text == "2020 年 6 月 1 日秘书长给安全理事会主席的信"
    assert letter.paragraphs[2].text == "马里的安全挑战和稳定团行动"  # a heading
    assert last.text.startswith("请提请安全理事会成员注意本信为荷。")
    assert last.text.endswith("(签名)")  # the signature


def test_letter_paragraph_11_is_douna_pen(letter):
    with_douna = [p.number for p in letter.paragraphs if "Douna-Pen" in p.text]
    assert with_douna == [11]
    para = letter.paragraphs[10]
    # Lines wrapped around the name are rejoined into one paragraph.
    assert (
        "1 月份在 Douna-Pen 建立了一个临时行动基地，使稳定团能够在莫普蒂大区的科罗省" in para.text
    )


def test_letter_paragraphs_undo_pdf_wrapping(letter):
    raw = paths.DEFAULT_DOCUMENT.read_text(encoding="utf-8")
    # The source wraps the first paragraph in the middle of "第2480(2019)号决议".
    assert "的第\n\n2480(2019)号决议" in raw
    assert "的第2480(2019)号决议，" in letter.paragraphs[1].text
    assert all("\n" not in p.text for p in letter.paragraphs)


def test_letter_sentences_have_no_space_between_cjk(letter):
    # Wrapped Chinese lines must be joined without a space.
    assert len(letter.sentences) > 100
    stray = [s.text for s in letter.sentences if CJK_SPACE_CJK.search(s.text)]
    assert stray == []
    assert not CJK_SPACE_CJK.search(letter.text)


def test_letter_grouped_number_stays(letter):
    (sentence,) = [s for s in letter.sentences if "流离失所者返回" in s.text]
    assert "协助 3 120名流离失所者返回杰内县 Femaye 镇。" in sentence.text
    assert "3120" not in letter.text


def test_letter_offsets_point_into_the_text(letter):
    text = letter.text
    assert "\n\n".join(p.text for p in letter.paragraphs) == text
    for p in letter.paragraphs:
        assert text[p.start : p.end] == p.text
    for i, s in enumerate(letter.sentences):
        assert s.index == i
        assert text[s.start : s.end] == s.text
        para = letter.paragraphs[s.paragraph - 1]
        assert para.start <= s.start < s.end <= para.end


def test_letter_sentences_cover_each_paragraph(letter):
    for para in letter.paragraphs:
        spans = [(s.start, s.end) for s in letter.sentences if s.paragraph == para.number]
        assert spans, para.number
        rest = para.text
        for start, end in reversed(spans):
            rest = rest[: start - para.start] + rest[end - para.start :]
        assert rest.strip() == ""


def test_letter_mentions_point_into_the_text(letter, gazetteer):
    mentions = extract_mentions(letter, gazetteer)
    assert len(mentions) > 50
    for m in mentions:
        assert letter.text[m.start : m.end] == m.surface
        sentence = letter.sentences[m.sentence]
        assert sentence.start <= m.start < sentence.end
        assert letter.sentence_at(m.start) == sentence
        assert m.paragraph == sentence.paragraph
    douna = [m for m in mentions if m.surface.startswith("Douna-Pen")]
    assert douna and all(m.paragraph == 11 for m in douna)


def test_letter_metadata(letter):
    raw = paths.DEFAULT_DOCUMENT.read_bytes()
    assert letter.language == "zh"
    assert letter.encoding == "utf-8"
    assert letter.date == "2020-06-01"
    assert letter.title == "2020 年 6 月 1 日秘书长给安全理事会主席的信"
    assert letter.sha256 == hashlib.sha256(raw).hexdigest()
    assert letter.source == str(paths.DEFAULT_DOCUMENT)


# -- normalisation --------------------------------------------------------------------------------


def test_letter_spaced_year_is_rejoined():
    doc = zh("会议于 2 0 2 0 年 3 月 12 日在加奥举行。")
    assert "2020 年 3 月 12 日" in doc.text
    assert "2 0 2 0" not in doc.text
    assert doc.date == "2020-03-12"


def test_grouped_numbers_stay():
    doc = zh("协助 3 120 名流离失所者返回。共有 12 345 人。")
    assert "3 120 名" in doc.text and "12 345 人" in doc.text


def test_cjk_lines_join_without_space_and_latin_lines_with_one():
    doc = parse_document("马里稳定\n团在 Douna-\nPen 建立了基地。\n".encode())
    assert doc.text == "马里稳定团在 Douna- Pen 建立了基地。"
    doc = parse_document(b"The mission set up a tem-\nporary base\nin Douna-Pen.\n")
    assert doc.text == "The mission set up a temporary base in Douna-Pen."


def test_spaces_between_cjk_are_removed():
    doc = zh("马 里\u3000稳 定\u00a0团在 Gao 。")
    assert doc.text == "马里稳定团在 Gao 。"


def test_crlf_and_blank_lines():
    doc = parse_document("第一段。\r\n\r\n第二段。\r\n".encode())
    assert [p.text for p in doc.paragraphs] == ["第一段。", "第二段。"]
    assert "\r" not in doc.text


# -- sentences -----------------------------------------------------------------------------------


def test_sentences_split_on_chinese_terminators():
    doc = zh("甲地遭到袭击。乙地安全！丙地呢？丁地已撤出；戊地未定")
    assert [s.text for s in doc.sentences] == [
        "甲地遭到袭击。",
        "乙地安全！",
        "丙地呢？",
        "丁地已撤出；",
        "戊地未定",
    ]


def test_semicolons_in_a_list_after_a_colon_do_not_split():
    doc = zh("稳定团开展了以下工作：巡逻；护送；调查。此后返回加奥。")
    assert [s.text for s in doc.sentences] == [
        "稳定团开展了以下工作：巡逻；护送；调查。",
        "此后返回加奥。",
    ]


def test_a_paragraph_ending_in_a_listed_semicolon_keeps_its_text():
    # Used to vanish: the last chunk ended with "；" after a "：" and was skipped.
    doc = zh("包括：莫普蒂；")
    assert [s.text for s in doc.sentences] == ["包括：莫普蒂；"]
    doc = zh("第一句。\n\n包括：甲；乙；\n\n第三句。")
    assert [s.text for s in doc.sentences] == ["第一句。", "包括：甲；乙；", "第三句。"]
    assert [s.paragraph for s in doc.sentences] == [1, 2, 3]


def test_closing_quotes_stay_with_their_sentence():
    doc = zh("他说：“撤出。”随后离开。")
    assert [s.text for s in doc.sentences] == ["他说：“撤出。”", "随后离开。"]


def test_latin_sentences():
    doc = parse_document(
        b"MINUSMA set up a base in Ogossagou. Attacks continued in the Koro cercle! "
        b"No. 5 was closed; the mission left."
    )
    assert [s.text for s in doc.sentences] == [
        "MINUSMA set up a base in Ogossagou.",
        "Attacks continued in the Koro cercle!",
        "No. 5 was closed; the mission left.",
    ]


def test_a_long_run_of_dots_is_one_cut():
    doc = parse_document(b"Gao" + b"." * 50_000 + b" Next sentence.")
    assert [s.text[-16:] for s in doc.sentences] == ["." * 16, "Next sentence."]


def test_sentence_at():
    doc = zh("甲地。乙地。\n\n丙地。")
    assert [doc.sentence_at(i).text for i in range(len(doc.text))] == [
        "甲地。",
        "甲地。",
        "甲地。",
        "乙地。",
        "乙地。",
        "乙地。",
        "乙地。",  # the paragraph break belongs to the sentence before it
        "乙地。",
        "丙地。",
        "丙地。",
        "丙地。",
    ]


# -- language and date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("马里稳定团在加奥建立了临时行动基地。", "zh"),
        ("马里稳定团在 Douna-Pen 建立了临时行动基地，使稳定团能够在科罗省开展行动。", "zh"),
        ("La MINUSMA a établi une base dans le cercle de Koro et dans la région de Mopti.", "fr"),
        ("MINUSMA set up a base in the Koro cercle of the Mopti region and in Gao.", "en"),
    ],
)
def test_language(text, language):
    assert detect_language(text) == language
    assert zh(text).language == language


def test_language_counts_latin_letters_against_chinese_characters():
    # One Chinese character for three ASCII letters is still Chinese; accented letters
    # and digits are not counted as Latin.
    assert detect_language("马abc" * 1000) == "zh"
    assert detect_language("马abcd" * 1000) != "zh"
    assert detect_language("马éè12,;abc" * 1000) == "zh"


def test_control_characters_are_those_of_the_unicode_categories():
    import sys
    import unicodedata

    from geo.document import _CONTROL

    every = "".join(chr(c) for c in range(sys.maxunicode + 1))
    control = "".join(
        c for c in every if unicodedata.category(c) in ("Cc", "Co", "Cs") and c not in "\t\n\r\f"
    )
    assert "".join(_CONTROL.findall(every)) == control


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2020 年 6 月 1 日秘书长给安全理事会主席的信", "2020-06-01"),
        ("Bamako, le 1er juin 2020. Lettre du Secrétaire général", "2020-06-01"),
        ("Le 12 décembre 2019, la mission", "2019-12-12"),
        ("June 1, 2020. Letter from the Secretary-General", "2020-06-01"),
        ("On 3 March 2020 the mission", "2020-03-03"),
        ("In March 2020 the mission", None),
        ("2020 年 13 月 1 日", None),
        ("no date here", None),
    ],
)
def test_document_date(text, date):
    assert find_document_date(text) == date


def test_first_date_wins():
    assert find_document_date("On 5 May 2020, after the letter of June 1, 2020") == "2020-05-05"


# -- encodings -----------------------------------------------------------------------------------


def test_every_supported_encoding_gives_the_same_document(letter):
    text = paths.DEFAULT_DOCUMENT.read_text(encoding="utf-8")
    for raw, encoding in [
        (codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16"),
        (text.encode("gb18030"), "gb18030"),
    ]:
        doc = parse_document(raw, source="copy.txt")
        assert doc.encoding == encoding
        assert doc.text == letter.text
        assert doc.paragraphs == letter.paragraphs
        assert doc.sentences == letter.sentences
        assert doc.sha256 == hashlib.sha256(raw).hexdigest() != letter.sha256


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"", "is empty"),
        (" \n\t\r\n\u3000".encode(), "only white space"),
        (codecs.BOM_UTF8, "only white space"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is not a readable PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
        ("Gao est une ville".encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        (codecs.BOM_UTF16_LE + b"G\x00a", "UTF-16 byte-order mark but is not valid UTF-16"),
        (
            codecs.BOM_UTF8 + b"ok \xff",
            "UTF-8 byte-order mark but is not valid UTF-8 (at byte offset 6)",
        ),
        ("Le cercle de Ségou, région à l'est".encode("cp1252"), "not UTF-8, UTF-16 or GB18030"),
        ("forêt de Ségou".encode("cp1252"), "Latin-1/Windows-1252"),
        (bytes(range(0x80, 0x100)), "not UTF-8, UTF-16 or GB18030"),
        (b"ok" + b"\x01\x02\x03\x04\x05\x06" * 10, "control characters"),
    ],
)
def test_bad_bytes_are_refused_with_a_reason(raw, problem):
    with pytest.raises(DocumentError) as caught:
        parse_document(raw, source="in.txt")
    message = str(caught.value)
    assert message.startswith("in.txt: ") and problem in message
    assert "\n" not in message


def test_title_without_a_blank_line_after_it_is_cut_to_its_line_or_first_sentence():
    def title(text: str) -> str:
        return parse_document(text.encode("utf-8")).title

    body = "2020年3月，稳定团在莫普提大区巡逻。部队随后前往科罗省，与社区会谈。此外在加奥活动。"
    assert title("马里稳定团近况通报\n" + body + "\n") == "马里稳定团近况通报"
    assert title(body * 2 + "\n") == "2020年3月，稳定团在莫普提大区巡逻"
    assert title("Rapport sur le Mali\nLa MINUSMA a patrouillé à Gao. Elle a rejoint Kidal.\n") == (
        "Rapport sur le Mali"
    )
    # A title wrapped over two lines, then a blank line, stays whole.
    assert title("Report of the Secretary-General on the situation\nin Mali\n\nGao.\n") == (
        "Report of the Secretary-General on the situation in Mali"
    )
    long_line = "Report on the situation in Mali covering the period from January to March " * 2
    assert len(title(long_line + "\n")) <= 80 and title(long_line + "\n").endswith("…")


def test_a_word_in_capitals_ends_a_sentence_and_an_initial_does_not():
    doc = parse_document(
        "Le camp est tenu par l'ONU. Des civils ont été arrêtés. M. Traoré l'a dit. "
        "The U.N. Security Council met. Le Col. Diarra est arrivé."
        .encode()
    )
    assert [s.text for s in doc.sentences] == [
        "Le camp est tenu par l'ONU.",
        "Des civils ont été arrêtés.",
        "M. Traoré l'a dit.",
        "The U.N. Security Council met.",
        "Le Col. Diarra est arrivé.",
    ]


def test_a_stop_glued_to_the_next_sentence_still_ends_it():
    doc = parse_document("Deux hélicoptères sont arrivés.Selon lui, tout est calme.".encode())
    assert [s.text for s in doc.sentences] == [
        "Deux hélicoptères sont arrivés.",
        "Selon lui, tout est calme.",
    ]
    # Not inside a web address or an abbreviation written in capitals.
    doc = parse_document(b"Read www.maliweb.net and the U.S.A. report.")
    assert len(doc.sentences) == 1


def test_a_web_page_with_indented_bullets_keeps_its_blank_line_paragraphs():
    text = (
        "Mali: Humanitarian Bulletin (March 2021)\n\nAttachments\n\nHIGHLIGHTS\n\n"
        "  • New displacements in the north\n\n  • 68 incidents recorded\n\n"
        "  • Mines remain a threat\n\n  • Schools closed in Ménaka\n\n"
        "About 2,000 people were displaced in March.\n"
    )
    doc = parse_document(text.encode())
    assert [p.text for p in doc.paragraphs][:4] == [
        "Mali: Humanitarian Bulletin (March 2021)",
        "Attachments",
        "HIGHLIGHTS",
        "• New displacements in the north",
    ]


def test_a_double_spaced_pdf_still_joins_its_wrapped_lines():
    text = "".join(
        f"   {n}. Le camp de la mission a été attaqué le matin\n\npar des hommes armés.\n\n"
        for n in range(1, 5)
    )
    doc = parse_document(text.encode())
    assert len(doc.paragraphs) == 4
    assert doc.paragraphs[0].text.endswith("le matin par des hommes armés.")
