"""Tests for geo.online against a fake Nominatim on 127.0.0.1 (never the real service)."""

from __future__ import annotations

import json
import os
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geo
from geo import online
from geo.online import OFFLINE_NOTE, OnlineAnswer, OnlineGeocoder

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
SLOW_SECONDS = 1.5  # how long the "slow" mode stalls; the client timeout is 0.5 s
GAO = {"lat": "16.2717", "lon": "-0.0447"}


# -- fake Nominatim ---------------------------------------------------------------------------


@dataclass
class Seen:
    path: str
    params: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class FakeNominatim:
    url: str
    mode: str = "ok"
    requests: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    @property
    def domain(self) -> str:
        return urlsplit(self.url).netloc


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        fake = self.server.fake
        split = urlsplit(self.path)
        params = parse_qs(split.query)
        fake.requests.append(Seen(split.path, params, dict(self.headers.items())))
        query = params.get("q", [""])[0]
        place = {"place_id": 1, **GAO, "display_name": f"{query}, Mali", "type": "city"}
        try:
            self._answer(fake.mode, place, fake.release)
        except OSError:
            pass  # the client gave up (slow mode): nothing to answer to

    def _answer(self, mode: str, place: dict[str, Any], release: threading.Event) -> None:
        if mode == "ok":
            self._send(200, json.dumps([place]))
        elif mode == "empty":
            self._send(200, "[]")
        elif mode == "429":
            self._send(429, "Too Many Requests", {"Retry-After": "1"})
        elif mode == "503":
            self._send(503, "Service Unavailable")
        elif mode == "malformed":
            self._send(200, '[{"lat": "16.27", "lon": ')
        elif mode == "nan":
            self._send(200, '[{"lat": NaN, "lon": "1", "display_name": "x"}]')
        elif mode == "object":
            self._send(200, json.dumps({"places": [place]}))
        elif mode == "empty-object":
            self._send(200, "{}")  # geopy alone would read this as "not found"
        elif mode == "no-lat":
            self._send(200, json.dumps([{"lon": "1.0", "display_name": "x"}]))
        elif mode == "lat-out-of-range":
            self._send(200, json.dumps([{**place, "lat": "123.4"}]))
        elif mode == "slow":
            release.wait(SLOW_SECONDS)  # bounded, and cut short at teardown
            self._send(200, json.dumps([place]))
        else:  # pragma: no cover - a typo in a test
            self._send(500, f"unknown mode {mode}")

    def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeNominatim

    def server_bind(self) -> None:
        # Skip HTTPServer's reverse lookup (getfqdn): no name service needed at all.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", self.server_address[1]


@contextmanager
def fake_nominatim() -> Iterator[FakeNominatim]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake = FakeNominatim(url=f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server.fake
    finally:
        server.fake.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Refuse to resolve anything but loopback, and fail the test if anything tried."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    real = socket.getaddrinfo
    attempts: list[str] = []

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOOPBACK_HOSTS:
            attempts.append(str(host))
            raise socket.gaierror(socket.EAI_NONAME, "blocked by test")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    yield attempts
    assert attempts == [], f"tried to reach non-loopback hosts: {attempts}"


@pytest.fixture(params=["requests", "urllib"])
def adapter(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run with geopy's requests adapter and with its stdlib fallback."""
    if request.param == "urllib":
        from geopy.adapters import RequestsAdapter

        monkeypatch.setattr(RequestsAdapter, "is_available", False)
    return request.param


@pytest.fixture
def server() -> Iterator[FakeNominatim]:
    with fake_nominatim() as fake:
        yield fake


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "nominatim.json"


def make(fake: FakeNominatim | str, cache_path: Path, **kwargs: Any) -> OnlineGeocoder:
    domain = fake.domain if isinstance(fake, FakeNominatim) else fake
    options: dict[str, Any] = {"scheme": "http", "min_delay_seconds": 0, "timeout": 5.0}
    options.update(kwargs)
    return OnlineGeocoder(cache_path, domain=domain, **options)


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- success and cache ------------------------------------------------------------------------


def test_success_returns_answer_and_writes_cache(server: FakeNominatim, cache_path: Path) -> None:
    geocoder = make(server, cache_path)

    answer = geocoder.geocode("Gao")

    assert answer == OnlineAnswer(
        query="Gao",
        lat=16.2717,
        lon=-0.0447,
        display_name="Gao, Mali",
        source="nominatim",
        raw={"place_id": 1, **GAO, "display_name": "Gao, Mali", "type": "city"},
    )
    assert geocoder.warnings == []
    assert len(server.requests) == 1
    cached = json.loads(cache_path.read_text(encoding="utf-8"))["entries"]
    assert [entry["display_name"] for entry in cached.values()] == ["Gao, Mali"]


def test_second_instance_answers_from_cache_without_request(
    server: FakeNominatim, cache_path: Path
) -> None:
    make(server, cache_path).geocode("Gao")
    assert len(server.requests) == 1

    again = make(server, cache_path)
    answer = again.geocode("  gao ")  # case and spacing do not make a new query

    assert answer is not None
    assert answer.source == "nominatim-cache"
    assert (answer.query, answer.lat, answer.lon) == ("  gao ", 16.2717, -0.0447)
    assert answer.display_name == "Gao, Mali"
    assert len(server.requests) == 1
    assert again.warnings == []


def test_cached_raw_cannot_be_edited_through_an_answer(
    server: FakeNominatim, cache_path: Path
) -> None:
    geocoder = make(server, cache_path)
    geocoder.geocode("Gao").raw["display_name"] = "edited"  # type: ignore[union-attr]

    assert geocoder.geocode("Gao").raw["display_name"] == "Gao, Mali"  # type: ignore[union-attr]


def test_empty_result_is_cached_as_not_found(server: FakeNominatim, cache_path: Path) -> None:
    server.mode = "empty"
    geocoder = make(server, cache_path)

    assert geocoder.geocode("Nowhere") is None
    assert geocoder.warnings == []  # "not found" is an answer, not a fault

    server.mode = "ok"  # a new request would now find it, so a None proves the cache answered
    again = make(server, cache_path)
    assert again.geocode("Nowhere") is None
    assert len(server.requests) == 1


def test_request_carries_user_agent_and_mali_filter(
    server: FakeNominatim, cache_path: Path
) -> None:
    make(server, cache_path).geocode("Ménaka")

    (seen,) = server.requests
    assert seen.path == "/search"
    assert seen.params["q"] == ["Ménaka"]
    assert seen.params["countrycodes"] == ["ml"]
    assert seen.params["format"] == ["json"]
    assert seen.headers["User-Agent"] == online.DEFAULT_USER_AGENT
    assert online.DEFAULT_USER_AGENT.startswith(f"geo/{geo.__version__} ")


def test_custom_user_agent_is_sent(server: FakeNominatim, cache_path: Path) -> None:
    make(server, cache_path, user_agent="geo-test/9 (ops@example.org)").geocode("Gao")

    assert server.requests[0].headers["User-Agent"] == "geo-test/9 (ops@example.org)"


def test_rate_limiter_spaces_requests(
    server: FakeNominatim, cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fake clock: the limiter's sleeps are recorded instead of slept.
    from geopy.extra import rate_limiter

    now = [1000.0]
    slept: list[float] = []

    def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    monkeypatch.setattr(rate_limiter, "default_timer", lambda: now[0])
    monkeypatch.setattr(rate_limiter, "sleep", fake_sleep)
    geocoder = make(server, cache_path, min_delay_seconds=1.0)

    geocoder.geocode("Gao")
    geocoder.geocode("Kidal")
    geocoder.geocode("Gao")  # cached: no request, so no wait

    assert len(server.requests) == 2
    assert sum(slept) == pytest.approx(1.0)


# -- faults -----------------------------------------------------------------------------------

FAULTS = {
    "429": "HTTP 429",
    "503": "HTTP 503",
    "malformed": "not valid JSON",
    "nan": "not valid JSON",
    "object": "unexpected response shape",
    "empty-object": "unexpected response shape",
    "no-lat": "unexpected response shape",
    "lat-out-of-range": "unexpected response shape",
    "slow": "timed out",
}


@pytest.mark.parametrize("mode", sorted(FAULTS))
def test_fault_returns_none_with_one_warning_and_is_not_cached(
    mode: str, adapter: str, server: FakeNominatim, cache_path: Path
) -> None:
    server.mode = mode
    timeout = 0.5 if mode == "slow" else 5.0
    geocoder = make(server, cache_path, timeout=timeout)

    assert geocoder.geocode("Gao") is None

    assert len(geocoder.warnings) == 1
    (warning,) = geocoder.warnings
    assert "'Gao'" in warning and FAULTS[mode] in warning
    assert "\n" not in warning
    assert not geocoder.offline  # the server is reachable: not a network failure
    assert len(server.requests) == 1

    # Not cached as "not found": once the server is healthy, a new run asks again.
    server.mode = "ok"
    answer = make(server, cache_path).geocode("Gao")
    assert answer is not None and answer.source == "nominatim"
    assert len(server.requests) == 2


def test_failed_query_is_not_retried_in_the_same_run(
    server: FakeNominatim, cache_path: Path
) -> None:
    server.mode = "503"
    geocoder = make(server, cache_path)
    geocoder.geocode("Gao")
    server.mode = "ok"

    assert geocoder.geocode("Gao") is None
    assert geocoder.geocode("Kidal") is not None  # other queries still go out
    assert len(server.requests) == 2
    assert len(geocoder.warnings) == 1


def test_repeated_failures_stop_online_lookups(server: FakeNominatim, cache_path: Path) -> None:
    server.mode = "503"
    geocoder = make(server, cache_path)
    limit = OnlineGeocoder.MAX_CONSECUTIVE_FAILURES

    for n in range(limit + 2):
        assert geocoder.geocode(f"place {n}") is None

    assert len(server.requests) == limit
    assert geocoder.offline
    assert sum(OFFLINE_NOTE in warning for warning in geocoder.warnings) == 1
    assert len(geocoder.warnings) == limit + 1


def test_connection_refused_goes_offline_once(
    adapter: str, cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lookups: list[str] = []
    guarded = socket.getaddrinfo  # the loopback guard, itself a spy target

    def counting(host: Any, *args: Any, **kwargs: Any) -> Any:
        lookups.append(str(host))
        return guarded(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", counting)
    port = closed_port()
    geocoder = make(f"127.0.0.1:{port}", cache_path)

    assert geocoder.geocode("Gao") is None
    assert geocoder.geocode("Kidal") is None
    assert geocoder.geocode("Ménaka") is None

    assert geocoder.offline
    assert len(geocoder.warnings) == 1
    assert geocoder.warnings[0].startswith("network unavailable")
    assert geocoder.warnings[0].endswith(OFFLINE_NOTE)
    assert f"127.0.0.1:{port}" in geocoder.warnings[0]  # says which service was unreachable
    assert lookups == ["127.0.0.1"]  # one connection attempt, then no more
    assert not cache_path.exists()  # nothing was learned, nothing cached


def test_dns_failure_goes_offline_once(
    adapter: str, cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lookups: list[str] = []

    def no_dns(host: Any, *args: Any, **kwargs: Any) -> Any:
        lookups.append(str(host))
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    geocoder = make("nominatim.invalid", cache_path)

    assert geocoder.geocode("Gao") is None
    assert geocoder.geocode("Kidal") is None

    assert geocoder.offline
    assert len(geocoder.warnings) == 1 and "network unavailable" in geocoder.warnings[0]
    assert lookups == ["nominatim.invalid"]


def test_connect_timeout_goes_offline_once(
    cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stands in for a firewall that drops packets: the connection attempt itself times out.
    lookups: list[str] = []

    def blackhole(host: Any, *args: Any, **kwargs: Any) -> Any:
        lookups.append(str(host))
        raise TimeoutError("timed out")

    monkeypatch.setattr(socket, "getaddrinfo", blackhole)
    geocoder = make("nominatim.invalid", cache_path)

    assert geocoder.geocode("Gao") is None
    assert geocoder.geocode("Kidal") is None

    assert geocoder.offline
    assert len(geocoder.warnings) == 1 and "network unavailable" in geocoder.warnings[0]
    assert lookups == ["nominatim.invalid"]


def test_offline_run_still_answers_from_cache(server: FakeNominatim, cache_path: Path) -> None:
    make(server, cache_path).geocode("Gao")

    geocoder = make(f"127.0.0.1:{closed_port()}", cache_path)
    assert geocoder.geocode("Kidal") is None
    answer = geocoder.geocode("Gao")

    assert answer is not None and answer.source == "nominatim-cache"
    assert geocoder.offline


def test_module_import_does_not_import_geopy() -> None:
    code = "import sys, geo.online; print('geopy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.stdout.strip() == "False"


def test_bad_configuration_raises(cache_path: Path) -> None:
    with pytest.raises(ValueError, match="timeout"):
        OnlineGeocoder(cache_path, timeout=0)
    with pytest.raises(ValueError, match="min_delay_seconds"):
        OnlineGeocoder(cache_path, min_delay_seconds=-1)
    with pytest.raises(ValueError, match="user_agent"):
        OnlineGeocoder(cache_path, user_agent=" ")


# -- corrupt cache ----------------------------------------------------------------------------

CORRUPT = {
    "bad-json": b'{"format": "geo.online/nominatim-cache", "entr',
    "not-utf8": b"\xff\xfe\x00garbage",
    "empty-file": b"",
    "a-list": b"[]",
    "wrong-format": json.dumps({"entries": {}}).encode(),
    "entry-without-lat": json.dumps(
        {
            "format": online.CACHE_FORMAT,
            "version": online.CACHE_VERSION,
            "entries": {"ml|gao": {"query": "Gao", "found": True, "display_name": "x", "raw": {}}},
        }
    ).encode(),
}


@pytest.mark.parametrize("kind", sorted(CORRUPT))
def test_corrupt_cache_is_set_aside_and_replaced(
    kind: str, server: FakeNominatim, cache_path: Path
) -> None:
    cache_path.parent.mkdir(parents=True)
    cache_path.write_bytes(CORRUPT[kind])

    geocoder = make(server, cache_path)

    assert len(geocoder.warnings) == 1
    assert str(cache_path) in geocoder.warnings[0] and "corrupt" in geocoder.warnings[0]
    aside = cache_path.with_name("nominatim.json.corrupt-1")
    assert aside.read_bytes() == CORRUPT[kind]  # kept byte for byte, never deleted
    assert not cache_path.exists()

    answer = geocoder.geocode("Gao")  # works, from the server
    assert answer is not None and answer.source == "nominatim"
    assert make(server, cache_path).geocode("Gao").source == "nominatim-cache"  # type: ignore[union-attr]


def test_earlier_set_aside_files_are_kept(server: FakeNominatim, cache_path: Path) -> None:
    cache_path.parent.mkdir(parents=True)
    first = cache_path.with_name("nominatim.json.corrupt-1")
    first.write_bytes(b"older corruption")
    cache_path.write_bytes(b"newer corruption")

    geocoder = make(server, cache_path)

    assert first.read_bytes() == b"older corruption"
    assert cache_path.with_name("nominatim.json.corrupt-2").read_bytes() == b"newer corruption"
    assert "nominatim.json.corrupt-2" in geocoder.warnings[0]


def test_corrupt_cache_that_cannot_be_moved_is_left_untouched(
    server: FakeNominatim, cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_path.parent.mkdir(parents=True)
    cache_path.write_bytes(b"not json")
    real_replace = os.replace

    def no_set_aside(src: Any, dst: Any) -> None:
        if ".corrupt-" in str(dst):
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", no_set_aside)
    geocoder = make(server, cache_path)

    assert geocoder.geocode("Gao") is not None  # still works, from memory
    assert geocoder.geocode("Gao").source == "nominatim-cache"  # type: ignore[union-attr]
    assert len(geocoder.warnings) == 1 and "could not be moved aside" in geocoder.warnings[0]
    assert cache_path.read_bytes() == b"not json"  # not preserved elsewhere, so not overwritten


def test_unreadable_cache_is_reported_and_not_overwritten(
    server: FakeNominatim, cache_path: Path
) -> None:
    cache_path.mkdir(parents=True)  # a folder where the file should be: reading it fails

    geocoder = make(server, cache_path)
    answer = geocoder.geocode("Gao")

    assert answer is not None and answer.source == "nominatim"
    assert len(geocoder.warnings) == 1
    assert str(cache_path) in geocoder.warnings[0] and "could not be read" in geocoder.warnings[0]
    assert cache_path.is_dir() and list(cache_path.iterdir()) == []


# -- atomic writes ----------------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "nominatim.json")


def test_failed_cache_write_keeps_old_cache_and_answer(
    server: FakeNominatim, cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(server, cache_path).geocode("Gao")
    before = cache_path.read_bytes()

    def broken_replace(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    geocoder = make(server, cache_path)
    answer = geocoder.geocode("Kidal")

    assert answer is not None and answer.display_name == "Kidal, Mali"  # the run goes on
    assert len(geocoder.warnings) == 1 and "not updated" in geocoder.warnings[0]
    assert cache_path.read_bytes() == before
    assert leftovers(cache_path.parent) == []  # no temp file left behind

    monkeypatch.undo()  # disk is fine again: the next write carries both answers
    geocoder.geocode("Ménaka")
    entries = json.loads(cache_path.read_text(encoding="utf-8"))["entries"]
    assert sorted(e["query"] for e in entries.values()) == ["Gao", "Kidal", "Ménaka"]


def test_crash_during_cache_write_leaves_old_cache_intact(
    server: FakeNominatim, cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(server, cache_path).geocode("Gao")
    before = cache_path.read_bytes()

    def killed(src: Any, dst: Any) -> None:
        raise KeyboardInterrupt  # stands in for the process dying mid-write

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        make(server, cache_path).geocode("Kidal")

    assert cache_path.read_bytes() == before
    assert leftovers(cache_path.parent) == []
    monkeypatch.undo()
    assert make(server, cache_path).geocode("Gao").source == "nominatim-cache"  # type: ignore[union-attr]


def test_cache_file_is_fsynced_before_it_replaces_the_old_one(
    server: FakeNominatim, cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        events.append(f"replace {Path(src).parent == Path(dst).parent}")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    make(server, cache_path).geocode("Gao")

    assert "replace True" in events  # temp file in the same folder as the cache
    assert events.index("fsync") < events.index("replace True")


# -- property ---------------------------------------------------------------------------------


def test_any_query_text_is_safe_and_round_trips_through_the_cache() -> None:
    with fake_nominatim() as fake, tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "nominatim.json"
        geocoder = make(fake, path)

        @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(st.text(max_size=30))
        def check(query: str) -> None:
            answer = geocoder.geocode(query)  # never raises, whatever the text
            if answer is None:
                return
            again = make(fake, path).geocode(query)
            assert again is not None and again.source == "nominatim-cache"
            assert (again.lat, again.lon, again.display_name) == (
                answer.lat,
                answer.lon,
                answer.display_name,
            )

        check()
        assert not geocoder.offline
        assert all("not updated" not in warning for warning in geocoder.warnings)


def test_pipeline_locates_what_the_gazetteer_lacks_online(
    server: FakeNominatim, cache_path: Path
) -> None:
    """A name no gazetteer entry or stated parent locates goes to Nominatim, and says so."""
    from geo.document import parse_document
    from geo.pipeline import run_document

    text = "   2022 年 1 月 5 日的报告\n\n 稳定团在 Zzyzxville 村开展巡逻。\n"
    document = parse_document(text.encode())
    offline = run_document(document)
    assert [r.mention.name for r in offline.unresolved] == ["Zzyzxville"]

    online = run_document(document, online=make(server, cache_path))
    assert online.unresolved == ()
    (village,) = [p for p in online.places if p.kind == "village"]
    assert village.geocoder == "nominatim" and "Nominatim" in village.source
    assert (village.lat, village.lon) == (float(GAO["lat"]), float(GAO["lon"]))
    assert village.precision == 2 and "Nominatim" in village.note
    assert server.requests[0].params["q"] == ["Zzyzxville, Mali"]


def test_a_weak_spelling_match_loses_to_nominatim(server: FakeNominatim, cache_path: Path) -> None:
    """Offline, a distant spelling variant inside the stated cercle is the best we have; online,
    Nominatim's answer for the name as written wins and the note names the variant it beat."""
    from geo.document import parse_document
    from geo.pipeline import run_document

    text = "Des hommes armés ont attaqué le village de Djimidon, dans le cercle de Bankass."
    document = parse_document(text.encode())
    (offline,) = [p for p in run_document(document).places if p.kind == "village"]
    assert offline.geocoder == "gazetteer" and offline.confidence < 0.6
    assert offline.geonames_id == 6874961  # GeoNames "Djimindo", a fuzzy match

    online = run_document(document, online=make(server, cache_path))
    (village,) = [p for p in online.places if p.kind == "village"]
    assert village.geocoder == "nominatim" and "Djimindo" in village.note
    assert server.requests[0].params["q"] == ["Djimidon, Mali"]
    # A confident exact match never asks.
    exact = parse_document("Des hommes armés ont attaqué Diallassagou, cercle de Bankass.".encode())
    run_document(exact, online=make(server, cache_path))
    assert len(server.requests) == 1
