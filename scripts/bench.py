#!/usr/bin/env python3
"""Benchmarks, reported as ratios against their budgets (never asserted in tests).

1. `geo map` on the letter vs the bare `python -c "import folium, pandas, geopy, click"`
   (budget: 1.5x, median of several runs).
2. Time to the first painted marker of output/map.html in headless Chromium with every
   network request blocked (budget: 1 s).
3. Corpus (`geo map FOLDER`), on letter-sized documents made from the letter in data/ (each
   each with its own date and number):
   - throughput in documents per second per core with --jobs 1 (goal: >= 30);
   - scaling from --jobs 1 to --jobs 2 on the same 1,000 documents (goal: >= 1.8x);
   - peak memory (RSS) of the run at 100 against 1,000 documents (goal: flat);
   - --jobs 2 on 300 documents against a one-document `geo map` (goal: <= 8x), in turns, median
     of three each.
   The result cache is off (--no-cache), so every document goes through the pipeline.

Usage: python scripts/bench.py [--runs 7] [--skip-browser] [--skip-corpus] [--corpus-size 1000]
"""

from __future__ import annotations

import argparse
import os
import re
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


_ZH_DATE = re.compile(r"\d{4} 年 \d{1,2} 月 \d{1,2} 日")


def make_corpus(folder: Path, count: int) -> None:
    """`count` letter-sized reports: the letter, each copy with its own date and number.

    The text is left whole (its lines are wrapped mid-sentence, so cutting it would make
    broken words that no real report has); the date spreads the copies over 2013-2024.
    """
    letter = (ROOT / "data" / "letter.zh.txt").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        year, month, day = 2013 + i % 12, 1 + (i * 7) % 12, 1 + (i * 11) % 28
        text = _ZH_DATE.sub(f"{year} 年 {month} 月 {day} 日", letter, count=1)
        sub = folder / str(year)
        sub.mkdir(exist_ok=True)
        (sub / f"report-{i:04d}.txt").write_text(f"{text}\n\n（第 {i + 1} 号）\n", "utf-8")


def _timed_geo_map(args: list[str]) -> tuple[float, float, int]:
    """Wall time, CPU time (every process of the run) and peak RSS (kB, its largest process)."""
    script = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss)\n"
    )
    command = [sys.executable, "-m", "geo.cli", "map", *args]
    out = subprocess.run(
        [sys.executable, "-c", script, *command], check=True, capture_output=True, text=True
    )
    wall, cpu, rss = out.stdout.split()
    return float(wall), float(cpu), int(rss)


def _corpus_against_one(mid: Path, one: Path, tmp: Path, common: list[str], rounds: int = 3) -> str:
    """300 documents with -j 2 against a one-document run, taken in turns (median of `rounds`)
    so that both meet the same load from the machine's other users."""
    corpus, single, loads = [], [], []
    for _ in range(rounds):
        loads.append(os.getloadavg()[0])
        corpus.append(_timed_geo_map([str(mid), "--out", f"{tmp}/o4", "-j", "2", *common]))
        single.append(_timed_geo_map([str(one), "--out", f"{tmp}/o5", "--no-tiles"]))
    wall, cpu = (statistics.median(t[i] for t in corpus) for i in (0, 1))
    wall_one, cpu_one = (statistics.median(t[i] for t in single) for i in (0, 1))
    return (
        f"300 documents with -j 2: {wall:.1f} s (CPU {cpu:.1f} s) against one document "
        f"{wall_one:.2f} s (CPU {cpu_one:.2f} s): {wall / wall_one:.1f}x (goal <= 8x); "
        f"load average {', '.join(f'{x:.1f}' for x in loads)}"
    )


def bench_corpus(size: int) -> None:
    """The corpus figures. On a shared machine wall times swing with the others' load, so
    throughput is also given per CPU-second, which the load barely moves."""
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as tmp:
        big, small, mid = Path(tmp) / "big", Path(tmp) / "small", Path(tmp) / "mid"
        make_corpus(big, size)
        make_corpus(small, max(1, size // 10))
        make_corpus(mid, 300)
        one = next(iter(sorted(mid.rglob("*.txt"))))
        common = ["--no-cache", "--quiet", "--no-tiles"]
        load = os.getloadavg()[0]
        w1, c1, rss_big = _timed_geo_map([str(big), "--out", f"{tmp}/o1", "-j", "1", *common])
        w2, c2, _ = _timed_geo_map([str(big), "--out", f"{tmp}/o2", "-j", "2", *common])
        _, _, rss_small = _timed_geo_map([str(small), "--out", f"{tmp}/o3", "-j", "1", *common])
        mid_vs_one = _corpus_against_one(mid, one, Path(tmp), common)
        html_mb = (Path(tmp) / "o2" / "map.html").stat().st_size / 1e6
        same = all(
            (Path(tmp) / "o1" / n).read_bytes() == (Path(tmp) / "o2" / n).read_bytes()
            for n in ("places.geojson", "mentions.csv", "documents.csv", "map.html")
        )
    print(
        f"corpus: {size} letter-sized documents, {cores} cores, load average {load:.1f} "
        "(a shared machine: wall times are noisy)"
    )
    print(
        f"--jobs 1   wall {w1:6.1f} s  {size / w1:6.1f} docs/s/core;  "
        f"CPU {c1:6.1f} s  {size / c1:6.1f} docs per CPU-second (goal >= 30)"
    )
    print(
        f"--jobs 2   wall {w2:6.1f} s  {size / w2 / 2:6.1f} docs/s/core;  "
        f"CPU {c2:6.1f} s  {size / c2:6.1f} docs per CPU-second"
    )
    print(
        f"scaling 1 -> 2: wall {w1 / w2:.2f}x; from CPU time {2 * c1 / c2:.2f}x at best "
        "(goal >= 1.8x)"
    )
    print(
        f"peak RSS (jobs 1): {rss_small / 1024:.0f} MB at {max(1, size // 10)} documents, "
        f"{rss_big / 1024:.0f} MB at {size}: {rss_big / rss_small:.2f}x (goal: flat)"
    )
    print(
        f"map.html: {html_mb:.1f} MB for {size} documents (budget 10 MB); "
        f"--jobs 1 and 2 give identical outputs: {same}"
    )
    print(mid_vs_one)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--only-corpus", action="store_true")
    parser.add_argument("--corpus-size", type=int, default=1000)
    args = parser.parse_args()
    if args.only_corpus:
        bench_corpus(args.corpus_size)
        return 0
    bench_cli(args.runs)
    if not args.skip_browser:
        if not Path(CHROMIUM).exists():
            print("chromium not installed: skipping the browser benchmark")
        else:
            bench_browser(args.runs, ROOT / "output" / "map.html")
    if not args.skip_corpus:
        bench_corpus(args.corpus_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
