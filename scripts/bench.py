#!/usr/bin/env python3
"""Benchmarks, reported as ratios against their budgets (never asserted in tests).

1. `geo map` on the letter vs the bare `python -c "import folium, pandas, geopy, click"`
   (budget: 1.5x, median of several runs).
2. Time to the first painted marker of output/map.html in headless Chromium with every
   network request blocked (budget: 1 s).

Usage: python scripts/bench.py [--runs 7] [--skip-browser]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def _median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_cli(runs: int) -> float:
    baseline = _median_seconds([sys.executable, "-c", "import folium, pandas, geopy, click"], runs)
    with tempfile.TemporaryDirectory() as out:
        geo_map = _median_seconds([sys.executable, "-m", "geo.cli", "map", "--out", out], runs)
    ratio = geo_map / baseline
    print(f"imports baseline    median {baseline * 1000:7.0f} ms")
    print(f"geo map (letter)    median {geo_map * 1000:7.0f} ms")
    print(f"ratio               {ratio:7.2f}x   (budget 1.50x: {'ok' if ratio <= 1.5 else 'OVER'})")
    return ratio


FIRST_MARKER_JS = """
() => new Promise(resolve => {
  const found = () => document.querySelector(
    '.leaflet-marker-pane .leaflet-marker-icon, .leaflet-overlay-pane path.leaflet-interactive');
  const done = () => requestAnimationFrame(() => resolve(performance.now()));
  if (found()) return done();
  new MutationObserver((_, obs) => { if (found()) { obs.disconnect(); done(); } })
    .observe(document, {subtree: true, childList: true});
})
"""


def bench_browser(runs: int, html: Path) -> float:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("http://**/*", lambda route: route.abort())
            page.route("https://**/*", lambda route: route.abort())
            page.goto(html.as_uri(), wait_until="commit")
            times.append(page.evaluate(FIRST_MARKER_JS))
            page.close()
        browser.close()
    median_ms = statistics.median(times)
    ratio = median_ms / 1000
    print(f"first painted marker median {median_ms:7.0f} ms in headless Chromium")
    print(f"ratio to 1 s budget         {ratio:7.2f}x   ({'ok' if ratio <= 1 else 'OVER'})")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    bench_cli(args.runs)
    if not args.skip_browser:
        if not Path(CHROMIUM).exists():
            print("chromium not installed: skipping the browser benchmark")
        else:
            bench_browser(args.runs, ROOT / "output" / "map.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
