#!/usr/bin/env python3
"""Rebuild data/zh_translit.tsv and data/zh_words.tsv of the source tree.

Needs the build extra (pypinyin, jieba, pycountry): pip install -e '.[build]'.
"""

from pathlib import Path

from geo.translit import build_tables

if __name__ == "__main__":
    chars, words = build_tables(Path(__file__).resolve().parent.parent / "data")
    print(f"{chars} transliteration characters, {words} words that are not Malian places")
