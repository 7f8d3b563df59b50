"""Many documents at once: inputs, documents.csv, failures, cache, --jobs determinism, Ctrl-C."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo import corpus
from geo.cli import main
from geo.corpus import collect_inputs, is_corpus, map_corpus

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "data" / "letter.zh.txt"
UNSEEN = ROOT / "tests" / "data"
OUTPUT = ROOT / "output"
FILES = ("places.geojson", "mentions.csv", "events.csv", "documents.csv", "map.html")

# Short reports of our own, in each language, each with its date.
TEXTS = {
    "en.txt": "Security update, 12 March 2019\n\nOn 10 March 2019 an attack on the camp at "
    "Aguelhok, in Kidal region, injured two peacekeepers. Patrols continued between Gao and "
    "Ansongo.\n",
    "fr.txt": "Note d'information, 5 janvier 2020\n\nLe 3 janvier 2020, des hommes armés ont "
    "attaqué le village d'Ogossagou, dans le cercle de Bankass. La MINUSMA a renforcé sa "
    "présence à Mopti.\n",
    "zh.txt": "新华社巴马科2020年7月4日电\n\n马里中部莫普提大区的科罗地区4日发生袭击事件。"
    "联合国驻马里稳定团在加奥和基达尔加强巡逻。\n",
}


def _corpus(folder: Path) -> Path:
    """reports/ with two levels, files to skip, and our texts."""
    (folder / "reports" / "2020").mkdir(parents=True)
    (folder / "reports" / "en.txt").write_text(TEXTS["en.txt"], encoding="utf-8")
    (folder / "reports" / "2020" / "fr.txt").write_text(TEXTS["fr.txt"], encoding="utf-8")
    (folder / "reports" / "2020" / "zh.txt").write_text(TEXTS["zh.txt"], encoding="utf-8")
    (folder / "reports" / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")  # not a report
    (folder / "reports" / ".hidden.txt").write_text(TEXTS["en.txt"], encoding="utf-8")
    return folder / "reports"


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _run(args: list[str], out: Path, *options: str):
    return CliRunner().invoke(main, ["map", *args, "--out", str(out), "--no-tiles", *options])


def test_one_file_is_not_a_corpus(tmp_path):
    assert not is_corpus([])
    assert not is_corpus([str(LETTER)])
    assert not is_corpus([str(tmp_path / "missing.txt")])  # one line, exit 1, as before
    assert is_corpus([str(tmp_path)])
    assert is_corpus([str(LETTER), str(LETTER)])
    assert is_corpus([str(tmp_path / "*.txt")])


def test_one_document_writes_what_it_always_wrote(tmp_path):
    result = CliRunner().invoke(main, ["map", str(LETTER), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "events.csv",
        "map.html",
        "mentions.csv",
        "places.geojson",
    ]
    for name in ("events.csv", "map.html", "mentions.csv", "places.geojson"):
        assert (tmp_path / name).read_bytes() == (OUTPUT / name).read_bytes()


def test_mixed_inputs_files_folders_globs(tmp_path):
    reports = _corpus(tmp_path)
    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.copy(UNSEEN / "unseen_report.fr.txt", extra / "b.txt")
    shutil.copy(UNSEEN / "unseen_report.en.txt", extra / "a.txt")
    args = [str(LETTER), str(reports), str(extra / "*.txt"), str(reports / "en.txt")]
    inputs = collect_inputs(args)
    # The file first, then the folder (sorted, recursive, no .csv, no hidden file), then the
    # glob (sorted); en.txt named twice is read once.
    assert [Path(i.path).name for i in inputs] == [
        "letter.zh.txt",
        "fr.txt",
        "zh.txt",
        "en.txt",
        "a.txt",
        "b.txt",
    ]
    assert len({i.document for i in inputs}) == len(inputs)

    out = tmp_path / "out"
    result = _run(args, out, "--no-cache", "--jobs", "1")
    assert result.exit_code == 0, result.output
    documents = _rows(out / "documents.csv")
    assert [d["document"] for d in documents] == [i.document for i in inputs]
    assert list(documents[0]) == [
        "document",
        "path",
        "title",
        "date",
        "language",
        "sha256",
        "status",
        "message",
        "places",
        "mentions",
    ]
    assert {d["status"] for d in documents} == {"ok"}
    assert [d["language"] for d in documents] == ["zh", "fr", "zh", "en", "en", "fr"]
    assert documents[0]["date"] == "2020-06-01" and documents[3]["date"] == "2019-03-12"
    mentions = _rows(out / "mentions.csv")
    assert list(mentions[0])[0] == "document"
    by_document = {d["document"]: 0 for d in documents}
    for row in mentions:
        by_document[row["document"]] += 1
    assert by_document == {d["document"]: int(d["mentions"]) for d in documents}
    assert all(n > 0 for n in by_document.values())

    events = _rows(out / "events.csv")
    assert list(events[0])[:2] == ["document", "event_id"]
    assert {e["document"] for e in events} <= set(by_document)
    assert any(e["document"].endswith("letter.zh.txt") for e in events)

    places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))
    assert places["corpus"] == {"documents": 6, "ok": 6, "failed": 0}
    keys = [f["id"] for f in places["features"]]
    assert len(keys) == len(set(keys))  # one feature per distinct place
    gao = next(
        f["properties"]
        for f in places["features"]
        if (f["properties"]["name"], f["properties"]["kind"]) == ("Gao", "town")
    )
    named = [d["document"] for d in gao["documents"]]
    assert any(n.endswith("reports/en.txt") for n in named)
    assert any(n.endswith("reports/2020/zh.txt") for n in named)
    assert gao["document_count"] == len(gao["documents"]) >= 2
    assert gao["mention_count"] == sum(d["mentions"] for d in gao["documents"])
    assert "2019-03-12" in gao["dates"] and "2020-07-04" in gao["dates"]


def test_a_failing_document_does_not_stop_the_corpus(tmp_path):
    reports = _corpus(tmp_path)
    (reports / "broken.txt").write_bytes(b"\x00\x01\x02binary\xff")
    (reports / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = _run([str(reports), str(tmp_path / "missing.txt")], out, "--no-cache", "-j", "2")
    assert result.exit_code == 1
    documents = {Path(d["path"]).name: d for d in _rows(out / "documents.csv")}
    assert documents["broken.txt"]["status"] == "error"
    assert documents["broken.txt"]["message"].startswith(str(reports / "broken.txt") + ": ")
    assert "empty" in documents["empty.txt"]["message"]
    assert documents["missing.txt"]["message"].endswith("missing.txt: no such file")
    assert [documents[n]["status"] for n in ("en.txt", "fr.txt", "zh.txt")] == ["ok"] * 3
    assert "3 failed" in result.output and "geo: error:" in result.output
    assert {r["document"] for r in _rows(out / "mentions.csv")} == {
        documents[n]["document"] for n in ("en.txt", "fr.txt", "zh.txt")
    }


def test_nothing_found_is_one_line_and_exit_1(tmp_path):
    (tmp_path / "empty").mkdir()
    result = _run([str(tmp_path / "empty")], tmp_path / "out", "--no-cache")
    assert result.exit_code == 1
    assert "no documents found" in result.output
    assert not (tmp_path / "out").exists()


def test_outputs_do_not_depend_on_jobs(tmp_path):
    reports = _corpus(tmp_path)
    for language in ("en", "fr", "zh"):
        shutil.copy(UNSEEN / f"unseen_report.{language}.txt", reports / f"unseen.{language}.txt")
    (reports / "bad.txt").write_bytes(b"\xff\xfe\x00")
    outs = {}
    for jobs in ("1", "2", "3"):
        outs[jobs] = tmp_path / f"out{jobs}"
        result = _run([str(reports), str(LETTER)], outs[jobs], "--no-cache", "--jobs", jobs)
        assert result.exit_code == 1, result.output  # bad.txt
    for name in FILES:
        data = (outs["1"] / name).read_bytes()
        assert data == (outs["2"] / name).read_bytes() == (outs["3"] / name).read_bytes(), name


def test_cache_only_processes_new_documents(tmp_path, monkeypatch):
    reports = _corpus(tmp_path)
    cache_dir = tmp_path / "cache"
    first = map_corpus([str(reports)], tmp_path / "out1", jobs=1, cache_dir=cache_dir)
    assert first.cached == 0 and not first.failed
    assert len(list(cache_dir.rglob("*.json"))) == 3

    # The corpus grows by one document: only that one goes through the pipeline.
    (reports / "letter.txt").write_bytes(LETTER.read_bytes())
    processed = []
    real = corpus.process_document

    def counting(raw, name, *rest):
        processed.append(name)
        return real(raw, name, *rest)

    monkeypatch.setattr(corpus, "process_document", counting)
    second = map_corpus([str(reports)], tmp_path / "out2", jobs=1, cache_dir=cache_dir)
    assert processed == ["letter.txt"]
    assert second.cached == 3 and second.documents == 4

    # Cached results give the same outputs as fresh ones.
    fresh = map_corpus([str(reports)], tmp_path / "out3", jobs=1, use_cache=False)
    assert fresh.cached == 0
    for name in FILES:
        assert (tmp_path / "out2" / name).read_bytes() == (tmp_path / "out3" / name).read_bytes()

    # A new gazetteer (or geo) version is a new key: nothing is reused.
    monkeypatch.setattr(corpus, "gazetteer_version", lambda: "another-gazetteer")
    processed.clear()
    third = map_corpus([str(reports)], tmp_path / "out4", jobs=1, cache_dir=cache_dir)
    assert third.cached == 0 and len(processed) == 4


def test_cache_ignores_a_damaged_entry(tmp_path):
    reports = _corpus(tmp_path)
    cache_dir = tmp_path / "cache"
    map_corpus([str(reports)], tmp_path / "out1", jobs=1, cache_dir=cache_dir)
    entry = sorted(cache_dir.rglob("*.json"))[0]
    entry.write_text('{"status":"ok","pla', encoding="utf-8")  # torn by a crash elsewhere
    again = map_corpus([str(reports)], tmp_path / "out2", jobs=1, cache_dir=cache_dir)
    assert again.cached == 2 and not again.failed
    for name in ("places.geojson", "mentions.csv", "documents.csv"):
        assert (tmp_path / "out1" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes()


def test_interrupted_run_keeps_earlier_outputs(tmp_path, monkeypatch):
    reports = _corpus(tmp_path)
    out = tmp_path / "out"
    cache_dir = tmp_path / "cache"
    assert _run([str(LETTER), str(LETTER.parent / "*.txt")], out, "--no-cache").exit_code == 0
    before = {name: (out / name).read_bytes() for name in FILES}

    from geo import corpus_export

    real_add = corpus_export.CorpusOutputs.add
    calls = []

    def interrupt(self, item, record):
        calls.append(item)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_add(self, item, record)

    monkeypatch.setattr(corpus_export.CorpusOutputs, "add", interrupt)
    result = _run([str(reports)], out, "--cache-dir", str(cache_dir), "-j", "2")
    assert result.exit_code == 130
    assert "interrupted" in result.output
    assert {name: (out / name).read_bytes() for name in FILES} == before
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)  # no temporary left
    # What was done before Ctrl-C is in the cache for the next run.
    assert len(list(cache_dir.rglob("*.json"))) >= 2


def test_progress_bar_only_on_a_terminal(tmp_path):
    reports = _corpus(tmp_path)
    result = _run([str(reports)], tmp_path / "out", "--no-cache")
    assert result.exit_code == 0
    assert "doc/s" not in result.output and "it/s" not in result.output


def test_fsspec_urls(tmp_path):
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    for name, text in TEXTS.items():
        fs.pipe(f"/geo-test/reports/{name}", text.encode("utf-8"))
    fs.pipe("/geo-test/reports/skip.csv", b"a,b\n")
    try:
        run = map_corpus(
            ["memory://geo-test/reports", "memory://geo-test/missing.txt"],
            tmp_path / "out",
            jobs=2,
            use_cache=False,
        )
    finally:
        fs.rm("/geo-test", recursive=True)
    documents = _rows(tmp_path / "out" / "documents.csv")
    assert [d["document"] for d in documents] == [
        "memory://geo-test/reports/en.txt",
        "memory://geo-test/reports/fr.txt",
        "memory://geo-test/reports/zh.txt",
        "memory://geo-test/missing.txt",
    ]
    assert [d["status"] for d in documents] == ["ok", "ok", "ok", "error"]
    assert len(run.failed) == 1


def test_results_from_another_geo_are_refused(tmp_path, monkeypatch):
    # A Dask worker that runs another geo would silently make other outputs: refuse them.
    reports = _corpus(tmp_path)
    real = corpus.process_document
    mine = f'"geo":"{corpus.code_version()}"'

    def other_geo(raw, name, *rest):
        return real(raw, name, *rest).replace(mine, '"geo":"0.0.1+old"')

    monkeypatch.setattr(corpus, "process_document", other_geo)
    result = _run([str(reports)], tmp_path / "out", "--no-cache", "-j", "1")
    assert result.exit_code == 1
    assert "a worker runs geo 0.0.1+old" in result.output
    assert not (tmp_path / "out").exists()


def test_progress_bar_on_a_terminal_and_quiet(monkeypatch):
    import io

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    bar = corpus._progress_bar(3, True)
    bar.update(3)
    bar.close()
    assert "0/3" in terminal.getvalue() and "doc/s" in terminal.getvalue()
    quiet = Terminal()
    monkeypatch.setattr("sys.stderr", quiet)
    bar = corpus._progress_bar(3, False)  # --quiet
    bar.update(3)
    bar.close()
    assert quiet.getvalue() == ""


def test_pdf_and_web_pages_in_a_corpus(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(UNSEEN / "letter.zh.pdf", folder / "letter.pdf")
    shutil.copy(UNSEEN / "news_page.zh.html", folder / "news.html")
    (folder / "en.txt").write_text(TEXTS["en.txt"], encoding="utf-8")
    (folder / "old.docx").write_bytes(b"PK\x03\x04 not really a zip")  # a broken Word file
    out = tmp_path / "out"
    result = _run([str(folder), str(LETTER)], out, "--no-cache", "-j", "2")
    assert result.exit_code == 1  # old.docx
    documents = {Path(d["path"]).name: d for d in _rows(out / "documents.csv")}
    assert documents["old.docx"]["status"] == "error"
    assert documents["old.docx"]["message"].startswith(str(folder / "old.docx") + ": ")
    for name in ("letter.pdf", "news.html", "en.txt", "letter.zh.txt"):
        assert documents[name]["status"] == "ok", documents[name]
        assert int(documents[name]["places"]) > 0
    # The PDF of the letter finds the letter's places.
    by_document: dict[str, set[str]] = {}
    for row in _rows(out / "mentions.csv"):
        by_document.setdefault(Path(row["document"]).name, set()).add(row["place_key"])
    pdf, text = by_document["letter.pdf"], by_document["letter.zh.txt"]
    assert len(pdf & text) >= 0.9 * len(text)


def test_rows_travel_as_csv_lines_and_gain_their_document_cell():
    # Workers send mentions.csv/events.csv rows as CSV lines; the main process puts the
    # document's cell before each without parsing it: the same bytes as writing the whole row.
    import io

    from geo.corpus_export import csv_cells

    columns = ("a", "b", "c", "d")
    rows = [
        {"a": "Gao", "b": 16.27, "c": True, "d": ""},
        {"a": 'say "Kidal", then\nGao', "b": None, "c": 2453866, "d": "x,y"},
        {"a": "", "b": "", "c": "", "d": ""},
        {"b": -4.5},  # missing columns are empty
    ]
    for label in ("2020/report.txt", 'odd, "name".txt', "a\nb.txt"):
        expected = io.StringIO()
        writer = csv.writer(expected, lineterminator="\n")
        for row in rows:
            writer.writerow((label, *[row.get(c, "") for c in columns]))
        lines = corpus.csv_lines(columns, rows)
        assert len(lines) == len(rows)
        assert "".join(csv_cells(label) + line for line in lines) == expected.getvalue()


def _gazetteer_loads(_):
    from geo.gazetteer import load_gazetteer

    info = load_gazetteer.cache_info()
    return os.getpid(), info.misses, info.hits


@pytest.mark.skipif(not corpus.sys.platform.startswith("linux"), reason="fork is for Linux")
def test_workers_start_with_the_gazetteer_already_loaded():
    # The main process loads the gazetteer, then forks: a worker has it from the start (its
    # one load is the main process's; _init_worker only finds it there) instead of
    # reading the file again.
    from geo.gazetteer import load_gazetteer

    load_gazetteer.cache_clear()
    runner = corpus.PoolRunner(2)
    try:
        assert load_gazetteer.cache_info().currsize == 0  # nothing to map yet: no worker
        counts = [runner.submit(_gazetteer_loads, n).result() for n in range(5)]
        assert load_gazetteer.cache_info().currsize == 1
    finally:
        runner.close()
    # The first call ran in this process (which then forked the workers), the others in them.
    assert counts[0][0] == os.getpid()
    workers = counts[1:]
    assert all(pid != os.getpid() for pid, _, _ in workers)
    assert all(misses == 1 and hits >= 1 for _, misses, hits in workers), counts


def test_a_rerun_from_the_cache_starts_no_worker(tmp_path, monkeypatch):
    reports = _corpus(tmp_path)
    cache_dir = tmp_path / "cache"
    starts = []
    real_start = corpus.PoolRunner._start

    def counting_start(self):
        starts.append(self.jobs)
        return real_start(self)

    monkeypatch.setattr(corpus.PoolRunner, "_start", counting_start)
    map_corpus([str(reports)], tmp_path / "out1", jobs=2, cache_dir=cache_dir, tiles=())
    assert starts == [2]
    again = map_corpus([str(reports)], tmp_path / "out2", jobs=2, cache_dir=cache_dir, tiles=())
    assert again.cached == 3 and starts == [2]  # every document came from the cache
    for name in FILES:
        assert (tmp_path / "out1" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes()
    # One new document: the workers start for it alone.
    (reports / "letter.txt").write_bytes(LETTER.read_bytes())
    grown = map_corpus([str(reports)], tmp_path / "out3", jobs=2, cache_dir=cache_dir, tiles=())
    assert grown.cached == 3 and grown.documents == 4 and starts == [2, 2]


def test_streamed_places_and_map_payload_are_whole_json(tmp_path):
    # places.geojson's per-document lists and the map's payload are written piece by piece
    # (memory stays flat with the corpus): each must be exactly the JSON of the whole object.
    from geo.render import script_json

    reports = _corpus(tmp_path)
    shutil.copy(LETTER, reports / "letter.txt")
    map_corpus([str(reports)], tmp_path / "out", jobs=1, use_cache=False, tiles=())
    lines = (tmp_path / "out" / "places.geojson").read_text(encoding="utf-8").splitlines()
    features = [line.rstrip(",") for line in lines if line.startswith('{"type": "Feature"')]
    assert len(features) == len(json.loads("\n".join(lines))["features"]) > 20
    for text in features:
        feature = json.loads(text)
        assert json.dumps(feature, ensure_ascii=False) == text
        documents = feature["properties"]["documents"]
        assert len(documents) == feature["properties"]["document_count"] >= 1
        assert sum(d["mentions"] for d in documents) == feature["properties"]["mention_count"]
    html = (tmp_path / "out" / "map.html").read_text(encoding="utf-8")
    payload_text = re.search(r'id="geo-data">(.*?)</script>', html, re.S).group(1)
    payload = json.loads(payload_text)
    assert script_json(payload) == payload_text
    gao = next(p for p in payload["places"] if p["name"] == "Gao")
    labels = [payload["documents"][d[0]]["label"] for d in gao["docs"]]
    assert labels == ["2020/zh.txt", "en.txt", "letter.txt"] and gao["quotes"]


def test_spawned_workers_give_the_same_outputs(tmp_path, monkeypatch):
    # Where fork is not used (macOS, Windows), workers start fresh and load the gazetteer
    # themselves; the outputs are the same bytes.
    import multiprocessing

    reports = _corpus(tmp_path)
    forked = map_corpus([str(reports)], tmp_path / "fork", jobs=2, use_cache=False, tiles=())
    monkeypatch.setattr(corpus, "_pool_context", lambda: multiprocessing.get_context("spawn"))
    spawned = map_corpus([str(reports)], tmp_path / "spawn", jobs=2, use_cache=False, tiles=())
    assert spawned.documents == forked.documents == 3 and not spawned.failed
    for name in FILES:
        assert (tmp_path / "fork" / name).read_bytes() == (tmp_path / "spawn" / name).read_bytes()
