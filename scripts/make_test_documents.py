#!/usr/bin/env python3
"""Make tests/data/letter.zh.pdf: the letter printed to PDF by Chromium, fonts embedded.

The letter's paragraphs (as geo reads them) become an HTML page in a CJK font that the system
has (e.g. `apt-get install fonts-wqy-microhei`), and headless Chromium prints it. The PDF is
committed; rerun this only to remake it.

Usage: python scripts/make_test_documents.py
"""

from __future__ import annotations

import html
import subprocess
import tempfile
from pathlib import Path

from geo import paths
from geo.document import load_document

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "letter.zh.pdf"
CHROMIUM = "/usr/bin/chromium"
PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>
  @page {{ size: A4; margin: 25mm 22mm; }}
  body {{ font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; font-size: 11pt;
         line-height: 1.6; }}
  p {{ margin: 0 0 0.8em 0; text-indent: 2em; }}
</style></head>
<body>
{paragraphs}
</body></html>
"""


def main() -> None:
    document = load_document(paths.DEFAULT_DOCUMENT)
    body = "\n".join(f"<p>{html.escape(p.text)}</p>" for p in document.paragraphs)
    page = PAGE.format(title=html.escape(document.title), paragraphs=body)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "letter.html"
        source.write_text(page, encoding="utf-8")
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                f"--user-data-dir={tmp}/profile",
                "--no-pdf-header-footer",
                f"--print-to-pdf={OUT}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    print(f"wrote {OUT}: {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
