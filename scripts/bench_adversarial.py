#!/usr/bin/env python3
"""Adversarial inputs under the default size limit: peak memory, time and map size of `geo map`.

Budgets (issue 8): peak RSS <= 1 GB, <= 60 s, map.html <= 5 MB, for every input under the
default 5 MB limit, on a 2-core machine. Reported, never asserted in a test.

Inputs over the limit on place-name occurrences (GEO_MAX_NAMES, default 40,000) must be refused
with a one-line error within the budgets; the "-at-cap" variants, cut just under that limit,
must be mapped within them.

Inputs (written to a temporary folder):
- repeated-cjk:   "加奥、" 200,000 times (1.2 MB): one place, 200,000 mentions, one sentence
- no-stop-latin:  "Gao " up to 4.9 MB with no sentence end: 1.2 million mentions, one sentence
- giant-list:     every name in the gazetteer, comma-separated, repeated up to 4.9 MB
- letter-x200:    the letter 200 times (3.5 MB)

Usage: python scripts/bench_adversarial.py [--only NAME] [--limit-gb 3] [--timeout 180]
Each run is capped (address space and time) so that a regression cannot take the machine down.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_BYTES = 5_000_000
NEAR_LIMIT = 4_900_000
BUDGET_RSS_MB, BUDGET_SECONDS, BUDGET_MAP_MB = 1024, 60, 5


def _fill(unit: str, size: int) -> str:
    """`unit` repeated up to `size` UTF-8 bytes."""
    return unit * max(1, size // len(unit.encode("utf-8")))


def inputs() -> dict[str, str]:
    from geo.document import DEFAULT_MAX_NAMES, parse_document
    from geo.gazetteer import load_gazetteer
    from geo.mentions import count_name_occurrences

    gazetteer = load_gazetteer()
    names = sorted({e.name for e in gazetteer.entries} | {e.name_zh for e in gazetteer.entries})
    names_list = ", ".join(n for n in names if n) + ", "
    letter = (ROOT / "data" / "letter.zh.txt").read_text(encoding="utf-8")

    def at_cap(text: str) -> str:
        """The longest prefix (to about 3%) that names places no more than the default limit."""
        hits = count_name_occurrences(parse_document(text.encode("utf-8")), gazetteer, 10**9)
        return text[: int(len(text) * min(1.0, 0.97 * DEFAULT_MAX_NAMES / hits))]

    return {
        "repeated-cjk": "加奥、" * 200_000,
        "no-stop-latin": _fill("Gao ", NEAR_LIMIT),
        "giant-list": _fill(names_list, NEAR_LIMIT),
        "letter-x200": (letter + "\n\n") * 200,
        # The same shapes, just under the limit on place names, so that they are mapped.
        "repeated-cjk-at-cap": at_cap("加奥、" * 200_000),
        "no-stop-latin-at-cap": at_cap(_fill("Gao ", NEAR_LIMIT)),
        "giant-list-at-cap": at_cap(_fill(names_list, NEAR_LIMIT)),
        # Thousands of unknown capitalised names in frames under a stated region: each is a
        # spelling search until the per-document budget (geo.resolve.MAX_FUZZY_SEARCHES).
        "unknown-framed-names": "Dans la région de Mopti. " + " ".join(
            f"Ils sont allés à {_made_up_name(i)}." for i in range(20_000)
        ),
    }


def _made_up_name(i: int) -> str:
    """A distinct capitalised name no gazetteer holds: Zobaku, Zobake, ..."""
    letters, vowels, word = "bdfgkmnprstvz", "aeiou", ""
    for _ in range(4):
        i, c = divmod(i, len(letters) * len(vowels))
        word += letters[c // len(vowels)] + vowels[c % len(vowels)]
    return "Z" + word


def run_one(
    path: Path, out: Path, limit_gb: float, timeout: float
) -> tuple[float, float, int, str]:
    """(peak RSS in MB, seconds, exit code, last stderr line) of `geo map path --out out`."""

    def cap() -> None:
        size = int(limit_gb * 1024**3)
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    start = time.perf_counter()
    # stderr to a file: thousands of warnings would fill a pipe and stall the run.
    errors = path.with_suffix(".stderr")
    with open(errors, "wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "geo.cli", "map", str(path), "--out", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=err,
            preexec_fn=cap,
        )
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    lines = errors.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    last = lines[-1] if lines else ""
    if code != 0:
        print(f"    exit {code}: {last[:150]}")
    return usage.ru_maxrss / 1024, seconds, code, last


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="run only this input (repeatable)")
    parser.add_argument("--limit-gb", type=float, default=3.0, help="address-space cap per run")
    parser.add_argument(
        "--timeout", type=float, default=180.0, help="seconds before a run is killed"
    )
    args = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in inputs().items():
            if args.only and name not in args.only:
                continue
            path = Path(tmp) / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            size = path.stat().st_size
            assert size <= LIMIT_BYTES, (name, size)
            out = Path(tmp) / f"out-{name}"
            rss, seconds, code, last = run_one(path, out, args.limit_gb, args.timeout)
            map_html = out / "map.html"
            map_mb = map_html.stat().st_size / 1e6 if map_html.exists() else float("nan")
            csv_mb = (
                (out / "mentions.csv").stat().st_size / 1e6 if map_html.exists() else float("nan")
            )
            # Refused with the one-line error of the limit on place names, nothing written.
            refused = code == 1 and "names places more than" in last and not map_html.exists()
            ok = (code == 0 or refused) and rss <= BUDGET_RSS_MB and seconds <= BUDGET_SECONDS
            ok = ok and (refused or map_mb <= BUDGET_MAP_MB)
            failures += not ok
            print(
                f"{name:14} {size / 1e6:5.2f} MB in: peak RSS {rss:7.0f} MB "
                f"({rss / BUDGET_RSS_MB:4.2f}x), {seconds:6.1f} s "
                f"({seconds / BUDGET_SECONDS:4.2f}x), map.html {map_mb:5.2f} MB "
                f"({map_mb / BUDGET_MAP_MB:4.2f}x), mentions.csv {csv_mb:6.1f} MB  "
                + ("refused, " if refused else "")
                + ("ok" if ok else "OVER"),
                flush=True,
            )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
