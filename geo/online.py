"""Optional online fallback: ask Nominatim (OpenStreetMap) for places the gazetteer lacks.

Offline-first by design: every answer (and every genuine "not found") is kept in an on-disk
JSON cache that is consulted before any request, and any network trouble degrades to "no
answer" plus a one-line note in `warnings` -- geocode() never raises because of the network.
After the first connection-level failure the geocoder stops asking for the rest of the run,
so a machine without network behaves exactly like an offline run.

geopy is imported lazily (only when an OnlineGeocoder is created) so importing this module
stays cheap for offline runs.
"""

from __future__ import annotations

import copy
import errno
import functools
import json
import math
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo import __version__
from geo.errors import OutputError
from geo.io import atomic_write_bytes, reason

if TYPE_CHECKING:
    import ssl

# Nominatim's usage policy requires an identifying User-Agent (generic ones get HTTP 403).
DEFAULT_USER_AGENT = f"geo/{__version__} (UN report mapper for Mali; python-geopy)"

SOURCE_LIVE = "nominatim"
SOURCE_CACHE = "nominatim-cache"

OFFLINE_NOTE = "online geocoding skipped, using the offline gazetteer only"

CACHE_FORMAT = "geo.online/nominatim-cache"
CACHE_VERSION = 1

# errno values that mean "no route to the service at all" rather than "the service misbehaved".
_NETWORK_ERRNOS = frozenset(
    code
    for name in ("ECONNREFUSED", "ENETUNREACH", "EHOSTUNREACH", "ENETDOWN", "EHOSTDOWN")
    if (code := getattr(errno, name, None)) is not None
)


@dataclass(frozen=True)
class OnlineAnswer:
    query: str
    lat: float
    lon: float
    display_name: str
    source: str  # "nominatim" for a live answer, "nominatim-cache" for a cached one
    raw: dict[str, Any]


class _Malformed(ValueError):
    """A JSON document (a Nominatim answer or the cache file) that is not shaped as expected."""


class OnlineGeocoder:
    """Nominatim behind a rate limiter and a persistent cache; never raises on network faults."""

    # Consecutive transient failures (timeouts, 429, 5xx, bad bodies) after which we stop asking:
    # keeps a run against a sick or throttling server bounded and polite.
    MAX_CONSECUTIVE_FAILURES = 3

    def __init__(
        self,
        cache_path: Path,
        *,
        domain: str = "nominatim.openstreetmap.org",
        scheme: str = "https",
        user_agent: str = DEFAULT_USER_AGENT,
        min_delay_seconds: float = 1.0,
        timeout: float = 10.0,
        country_codes: str = "ml",
    ) -> None:
        # Bad configuration is a programming error, so it raises (network trouble never does).
        if not (min_delay_seconds >= 0 and math.isfinite(min_delay_seconds)):
            raise ValueError(f"min_delay_seconds must be >= 0, got {min_delay_seconds!r}")
        if not (timeout > 0 and math.isfinite(timeout)):
            raise ValueError(f"timeout must be > 0, got {timeout!r}")
        if not user_agent.strip():
            raise ValueError("a real user_agent is required by Nominatim's usage policy")

        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        self.cache_path = Path(cache_path)
        self.country_codes = ",".join(c.strip().lower() for c in country_codes.split(",") if c)
        self.timeout = float(timeout)
        self.warnings: list[str] = []

        self._lock = threading.RLock()
        self._offline = False
        self._consecutive_failures = 0
        self._failed_keys: set[str] = set()  # transient failures: not cached, not retried this run
        self._cache_writable = True
        self._entries: dict[str, dict[str, Any]] = self._load_cache()

        self._nominatim = Nominatim(
            domain=domain,
            scheme=scheme,
            user_agent=user_agent,
            timeout=self.timeout,
            adapter_factory=_checked_adapter_class(),
        )
        # max_retries=0 + swallow_exceptions=False: one request per query, and the exception
        # reaches us so we can tell "not found" (cacheable) from "failed" (not cacheable).
        self._geocode = RateLimiter(
            self._nominatim.geocode,
            min_delay_seconds=min_delay_seconds,
            max_retries=0,
            error_wait_seconds=min_delay_seconds,
            swallow_exceptions=False,
        )

    # -- public API ---------------------------------------------------------------------------

    @property
    def offline(self) -> bool:
        """True once online lookups were given up for this run (cache answers still work)."""
        return self._offline

    def geocode(self, query: str) -> OnlineAnswer | None:
        """The best Nominatim match for `query` inside `country_codes`, or None.

        None means "no usable answer": not found, offline, or a fault (explained in `warnings`).
        """
        if not query.split():
            return None  # blank query: nothing to ask
        try:
            query.encode("utf-8")
        except UnicodeEncodeError:
            # Lone surrogates (from a badly decoded text) can be neither sent nor cached.
            self.warnings.append(f"nominatim: skipped {query!r}: not valid Unicode text")
            return None
        key = self._key(query)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                return _answer_from_entry(query, entry, SOURCE_CACHE)
            if self._offline or key in self._failed_keys:
                return None
            return self._ask(query, key)

    def close(self) -> None:
        """Release pooled HTTP connections."""
        self._nominatim.adapter.__exit__(None, None, None)

    def __enter__(self) -> OnlineGeocoder:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- network ------------------------------------------------------------------------------

    def _ask(self, query: str, key: str) -> OnlineAnswer | None:
        try:
            location = self._geocode(query, exactly_one=True, country_codes=self.country_codes)
        except Exception as exc:  # noqa: BLE001 - any fault must degrade to "no answer"
            self._failed(query, key, exc)
            return None

        self._consecutive_failures = 0
        if location is None:
            # A genuine empty result list: remember it so we never ask again.
            self._store(key, {"query": query, "found": False})
            return None
        raw = dict(location.raw)
        entry = {
            "query": query,
            "found": True,
            "lat": float(location.latitude),
            "lon": float(location.longitude),
            "display_name": str(location.address),
            "raw": raw,
        }
        self._store(key, entry)
        return _answer_from_entry(query, entry, SOURCE_LIVE)

    def _failed(self, query: str, key: str, exc: BaseException) -> None:
        why = _connection_failure(exc)
        if why is not None:
            where = self._nominatim.domain
            self._go_offline(f"network unavailable ({where}: {why}): {OFFLINE_NOTE}")
            return
        self._failed_keys.add(key)
        self._consecutive_failures += 1
        why = _failure_reason(exc, self.timeout)
        self.warnings.append(f"nominatim: no answer for {query!r}: {why}")
        if self._consecutive_failures >= self.MAX_CONSECUTIVE_FAILURES:
            self._go_offline(
                f"nominatim failed {self._consecutive_failures} times in a row: {OFFLINE_NOTE}"
            )

    def _go_offline(self, note: str) -> None:
        # Only reached while online, so this is the run's one and only note about it.
        self._offline = True
        self.warnings.append(note)

    # -- cache --------------------------------------------------------------------------------

    def _key(self, query: str) -> str:
        # Case and spacing do not change what Nominatim finds; the country filter does.
        return f"{self.country_codes}|{' '.join(query.split()).casefold()}"

    def _load_cache(self) -> dict[str, dict[str, Any]]:
        path = self.cache_path
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            # Unreadable (permissions, a directory...): work from memory, never overwrite it.
            self._cache_writable = False
            self.warnings.append(
                f"geocoding cache {path} could not be read ({exc.strerror or exc}); "
                "using an in-memory cache for this run"
            )
            return {}
        try:
            return _parse_cache(data)
        except _Malformed as exc:
            problem = str(exc)
        aside = _set_aside(path)
        if aside is None:
            self._cache_writable = False  # could not preserve it, so do not clobber it either
            self.warnings.append(
                f"geocoding cache {path} is corrupt ({problem}) and could not be moved aside; "
                "using an in-memory cache for this run"
            )
        else:
            self.warnings.append(
                f"geocoding cache {path} is corrupt ({problem}); moved it to {aside.name} "
                "and started with an empty cache"
            )
        return {}

    def _store(self, key: str, entry: dict[str, Any]) -> None:
        entry["fetched"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self._entries[key] = entry
        if not self._cache_writable:
            return
        document = {"format": CACHE_FORMAT, "version": CACHE_VERSION, "entries": self._entries}
        try:
            payload = json.dumps(
                document, ensure_ascii=False, indent=1, sort_keys=True, allow_nan=False
            )
            atomic_write_bytes(self.cache_path, payload.encode("utf-8"))
        except (OutputError, OSError, ValueError, TypeError) as exc:
            # The answer is still good for this run; the old cache file is untouched.
            self.warnings.append(f"geocoding cache {self.cache_path} not updated: {reason(exc)}")


# -- helpers ----------------------------------------------------------------------------------


def _answer_from_entry(query: str, entry: dict[str, Any], source: str) -> OnlineAnswer | None:
    if not entry["found"]:
        return None
    return OnlineAnswer(
        query=query,
        lat=float(entry["lat"]),  # JSON may hold a whole number as an int
        lon=float(entry["lon"]),
        display_name=entry["display_name"],
        source=source,
        raw=copy.deepcopy(entry["raw"]),  # callers must not be able to edit the cache
    )


def _reject_constant(name: str) -> float:
    # json accepts NaN/Infinity by default; neither is a coordinate, and they cannot be re-saved.
    raise ValueError(f"non-finite number {name}")


def _loads(data: bytes | str) -> Any:
    return json.loads(data, parse_constant=_reject_constant)


def _valid_coordinate(value: Any, limit: float) -> float | None:
    """float(value) if it is a finite number (or numeric string) within +-limit, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and -limit <= number <= limit else None


def _check_search_payload(payload: Any) -> None:
    """Raise _Malformed unless `payload` looks like a Nominatim /search answer."""
    if not isinstance(payload, list):
        raise _Malformed(f"expected a list of places, got {type(payload).__name__}")
    if not all(isinstance(place, dict) for place in payload):
        raise _Malformed("expected every place to be a JSON object")
    if payload:
        first = payload[0]
        if _valid_coordinate(first.get("lat"), 90) is None:
            raise _Malformed(f"bad or missing lat {first.get('lat')!r}")
        if _valid_coordinate(first.get("lon"), 180) is None:
            raise _Malformed(f"bad or missing lon {first.get('lon')!r}")
        if not isinstance(first.get("display_name"), str):
            raise _Malformed("missing display_name")


def _parse_cache(data: bytes) -> dict[str, dict[str, Any]]:
    """The cache entries in `data`; raises _Malformed on bad JSON or a wrong shape."""
    try:
        document = _loads(data)
    except ValueError as exc:  # includes UnicodeDecodeError and JSONDecodeError
        raise _Malformed(f"not valid JSON: {reason(exc)}") from exc
    if not isinstance(document, dict) or document.get("format") != CACHE_FORMAT:
        raise _Malformed("not a geocoding cache")
    if document.get("version") != CACHE_VERSION:
        raise _Malformed(f"unsupported version {document.get('version')!r}")
    entries = document.get("entries")
    if not isinstance(entries, dict):
        raise _Malformed("'entries' is not an object")
    for key, entry in entries.items():
        problem = _entry_problem(entry)
        if problem:
            raise _Malformed(f"entry {key!r}: {problem}")
    return entries


def _entry_problem(entry: Any) -> str:
    if not isinstance(entry, dict) or not isinstance(entry.get("query"), str):
        return "not an entry"
    found = entry.get("found")
    if found is False:
        return ""
    if found is not True:
        return "'found' is not true/false"
    for name, limit in (("lat", 90), ("lon", 180)):
        value = entry.get(name)
        if isinstance(value, str) or _valid_coordinate(value, limit) is None:
            return f"bad {name}"
    if not isinstance(entry.get("display_name"), str):
        return "bad display_name"
    if not isinstance(entry.get("raw"), dict):
        return "bad raw"
    return ""


def _set_aside(path: Path) -> Path | None:
    """Rename a corrupt file to `<name>.corrupt-<n>` (first free n); None if that failed."""
    for n in range(1, 1000):
        target = path.with_name(f"{path.name}.corrupt-{n}")
        if target.exists():
            continue  # never overwrite an earlier set-aside file
        try:
            os.replace(path, target)
        except OSError:
            return None
        return target
    return None


def _exception_chain(exc: BaseException) -> list[BaseException]:
    """`exc` and what caused it, outermost first; the last one is the root cause."""
    # geopy's adapters re-raise inside `except`, so the socket error is always on the chain.
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _http_status(exc: BaseException) -> int | None:
    for link in _exception_chain(exc):
        status = getattr(link, "status_code", None)  # geopy.adapters.AdapterHTTPError
        if isinstance(status, int):
            return status
    return None


def _connection_failure(exc: BaseException) -> str | None:
    """Why the service could not be reached at all (DNS, refused, unreachable), else None."""
    import socket

    from geopy.exc import GeocoderUnavailable

    chain = _exception_chain(exc)
    for link in chain:
        if isinstance(link, socket.gaierror) or (
            isinstance(link, OSError) and link.errno in _NETWORK_ERRNOS
        ):
            return link.strerror or reason(link)
    if isinstance(exc, GeocoderUnavailable):  # e.g. connect timeout: no route to the service
        return reason(chain[-1])
    return None


def _failure_reason(exc: BaseException, timeout: float) -> str:
    """One human line for a transient failure."""
    from geopy.exc import GeocoderParseError, GeocoderTimedOut

    status = _http_status(exc)
    if status == 429:
        why = "rate limited by the server (HTTP 429)"
    elif status is not None and status >= 500:
        why = f"server error (HTTP {status})"
    elif status is not None:
        why = f"request rejected (HTTP {status})"
    elif isinstance(exc, GeocoderTimedOut):
        why = f"timed out after {timeout:g} s"
    elif isinstance(exc, GeocoderParseError):
        why = reason(exc)
    else:
        why = f"{type(exc).__name__}: {reason(exc)}"
    return f"{why}; not cached"


@functools.cache
def _default_ssl_context() -> ssl.SSLContext:
    # Loading the system CA store costs ~30 ms; one shared context serves every geocoder.
    import ssl

    return ssl.create_default_context()


@functools.cache
def _checked_adapter_class() -> type:
    """A geopy adapter that checks the body's shape before Nominatim's parser sees it.

    geopy maps falsy bodies (`{}`, `null`) to "not found", which we would cache as a
    negative; checking here turns them into GeocoderParseError instead. Connection-level
    retries are switched off so a dead network costs one attempt, not three.
    """
    from geopy.adapters import BaseSyncAdapter, RequestsAdapter, URLLibAdapter
    from geopy.exc import GeocoderParseError

    class CheckedAdapter(BaseSyncAdapter):
        def __init__(self, *, proxies: Any, ssl_context: Any) -> None:
            if ssl_context is None:
                ssl_context = _default_ssl_context()
            super().__init__(proxies=proxies, ssl_context=ssl_context)
            self.inner: BaseSyncAdapter
            if RequestsAdapter.is_available:
                self.inner = RequestsAdapter(
                    proxies=proxies, ssl_context=ssl_context, max_retries=0
                )
            else:
                self.inner = URLLibAdapter(proxies=proxies, ssl_context=ssl_context)

        def __exit__(self, *exc_info: object) -> None:
            self.inner.__exit__(*exc_info)

        def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
            return self.inner.get_text(url, timeout=timeout, headers=headers)

        def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
            text = self.get_text(url, timeout=timeout, headers=headers)
            try:
                payload = _loads(text)
            except ValueError:
                raise GeocoderParseError("response is not valid JSON") from None
            try:
                _check_search_payload(payload)
            except _Malformed as exc:
                raise GeocoderParseError(f"unexpected response shape: {exc}") from None
            return payload

    return CheckedAdapter
