"""Alexa request verification for the web service.

Amazon requires a skill hosted outside Lambda to prove every request came from Alexa: a signature
over the body by a certificate whose chain Amazon publishes on S3, a fresh timestamp, and the
right application id. The SDK's own verifier no longer runs on current OpenSSL (see
pyproject.toml), so these checks run on `cryptography`'s X.509 path validation.

The checks are ordered by what they cost an attacker who cannot sign: the timestamp and the
application id are read from the request itself, the chain URL's syntax costs a regex, and only
then does anything touch the network. Each refusal carries a short public reason (what the
caller is told) and a detail (what the log is told): network errors and clock skew stay in the log.
"""
from __future__ import annotations

import base64
import binascii
import functools
import re
import socket
import ssl
import threading
import time
import warnings
from collections import OrderedDict
from concurrent.futures import Future, TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Mapping
from urllib.parse import urlsplit

from ask_sdk_webservice_support.verifier import VerificationException
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.verification import DNSName, PolicyBuilder, Store, VerificationError

SIGNATURE_CERT_CHAIN_URL_HEADER = "SignatureCertChainUrl"
SIGNATURE_HEADER = "Signature-256"
CHAIN_URL_HOST = "s3.amazonaws.com"
CHAIN_URL_PATH_PREFIX = "/echo.api/"
ALEXA_SIGNING_DOMAIN = "echo-api.amazon.com"
TIMESTAMP_TOLERANCE = timedelta(seconds=150)
MIN_RSA_KEY_BITS = 2048

# Amazon's URLs are about 50 characters (https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem).
CHAIN_URL_MAX_CHARS = 256
# Amazon's chain is a few kilobytes; the cap and the deadline (DNS, connect, TLS and every read
# together) stop a slow or hostile endpoint from holding a thread.
CHAIN_FETCH_TIMEOUT_SECONDS = 3.0
CHAIN_MAX_BYTES = 64 * 1024
_RESPONSE_HEAD_MAX_BYTES = 16 * 1024
# A URL whose chain could not be had is refused without a new fetch for this long.
FAILURE_TTL_SECONDS = 5.0
# Uncached fetches running at once per process; one more is kept for URLs that have carried a
# verified signature before, so a flood of made-up URLs cannot stop a known chain's renewal.
MAX_CONCURRENT_FETCHES = 4
# A chain that validated but whose request's signature did not match is kept this long outside
# the real cache, so repeating Amazon's URL with a bad signature does not refetch every time.
UNPROVEN_TTL_SECONDS = 10.0

# Public reasons: what a refused caller is told.
BAD_CHAIN_URL = "bad certificate chain URL"
CHAIN_UNAVAILABLE = "certificate chain unavailable"
CHAIN_NOT_TRUSTED = "certificate chain not trusted"
SIGNATURE_MISMATCH = "signature does not match the request body"
BAD_TIMESTAMP = "request timestamp is not valid"
STALE_TIMESTAMP = "request timestamp is out of range"
NO_APPLICATION_ID = "request has no application id"
WRONG_APPLICATION_ID = "request application id is not this skill's"
AMBIGUOUS_ENVELOPE = "envelope has ambiguous keys"

_PEM_END = b"-----END CERTIFICATE-----"

Clock = Callable[[], datetime]
ChainFetcher = Callable[[str], bytes]


class Refusal(VerificationException):
    """A failed check: `reason` is terse and safe to send back, `detail` is for the log."""

    def __init__(self, reason: str, detail: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail or reason

    def log_text(self) -> str:
        return self.reason if self.detail == self.reason else f"{self.reason}: {self.detail}"


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


# -- the cheap checks: timestamp and application id, from the parsed body ---------------------


def check_timestamp(stamp: object, now: datetime, tolerance: timedelta = TIMESTAMP_TOLERANCE) -> None:
    """Refuses a timestamp that does not parse (bad offsets included) or is out of tolerance."""
    if not isinstance(stamp, str):
        raise Refusal(BAD_TIMESTAMP, "timestamp is not a string")
    try:
        moment = datetime.fromisoformat(stamp)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        skew = (now - moment).total_seconds()
    except (ValueError, OverflowError):
        raise Refusal(BAD_TIMESTAMP, f"timestamp {stamp[:40]!r} does not parse") from None
    if abs(skew) > tolerance.total_seconds():
        direction = "old" if skew > 0 else "in the future"
        raise Refusal(
            STALE_TIMESTAMP,
            f"timestamp is {abs(skew):.0f} s {direction} (limit {tolerance.total_seconds():.0f} s)",
        )


def _model_aliases(model_class) -> frozenset[str]:
    """Keys the SDK's deserializer would also read for a field: its Python names, where they
    differ from the JSON names (`application_id` for `applicationId`, `system` for `System`)."""
    return frozenset(name for name, json_name in model_class.attribute_map.items() if name != json_name)


def _alias_table() -> dict[str, frozenset[str]]:
    from ask_sdk_model import Application, Context, Session
    from ask_sdk_model.interfaces.system import SystemState

    return {
        "context": _model_aliases(Context),
        "context.System": _model_aliases(SystemState),
        "application": _model_aliases(Application),
        "session": _model_aliases(Session),
    }


_ALIASES = _alias_table()


def _refuse_aliases(holder: dict, table_key: str, where: str) -> None:
    clash = _ALIASES[table_key].intersection(holder)
    if clash:
        raise Refusal(AMBIGUOUS_ENVELOPE, f"{where} has SDK alias key(s) {sorted(clash)}")


def raw_application_id(envelope: dict) -> str:
    """context.System.application.applicationId as sent (and signed), or a Refusal.

    Read from the JSON, never from the SDK model: the model also accepts `application_id` or a
    lower-case `system`, which would let a second key override the one checked here. Envelopes
    carrying such keys on this path are refused; a session's application id must agree.
    """
    context = envelope.get("context")
    if not isinstance(context, dict):
        raise Refusal(NO_APPLICATION_ID, "no context")
    _refuse_aliases(context, "context", "context")
    system = context.get("System")
    if not isinstance(system, dict):
        raise Refusal(NO_APPLICATION_ID, "no context.System")
    _refuse_aliases(system, "context.System", "context.System")
    application = system.get("application")
    if not isinstance(application, dict):
        raise Refusal(NO_APPLICATION_ID, "no context.System.application")
    _refuse_aliases(application, "application", "context.System.application")
    application_id = application.get("applicationId")
    if not isinstance(application_id, str) or not application_id:
        raise Refusal(NO_APPLICATION_ID, "no context.System.application.applicationId")
    session = envelope.get("session")
    if isinstance(session, dict):
        _refuse_aliases(session, "session", "session")
        session_application = session.get("application")
        if isinstance(session_application, dict):
            _refuse_aliases(session_application, "application", "session.application")
            if session_application.get("applicationId", application_id) != application_id:
                raise Refusal(AMBIGUOUS_ENVELOPE, "session and context application ids differ")
    return application_id


def check_application_id(envelope: dict, skill_id: str) -> None:
    if raw_application_id(envelope) != skill_id:
        raise Refusal(WRONG_APPLICATION_ID)


# -- the chain URL -----------------------------------------------------------------------------

_URL_SHAPE = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<authority>[^/?#]*)(?P<path>[^?#]*)(?P<rest>[?#].*)?",
    re.DOTALL,
)
_PATH_CHARS = re.compile(r"[A-Za-z0-9._~/%-]*")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def canonical_chain_url(url: object) -> str:
    """Amazon's documented form, rebuilt from its checked parts, or a Refusal saying why not.

    Accepted: scheme https and host s3.amazonaws.com in any case, port 443 if given, no user,
    query or fragment, and a path of unreserved characters (percent-encoded ones are decoded;
    any other percent-encoding, such as %3F, %23 or %00, is refused) that still starts with
    /echo.api/ once `.` and `..` are resolved. What is fetched, and what the cache is keyed by, is
    the rebuilt URL, so two spellings of one URL are one cache entry.
    """
    def refuse(detail: str) -> Refusal:
        return Refusal(BAD_CHAIN_URL, detail)

    if not isinstance(url, str) or not url:
        raise refuse("empty")
    if len(url) > CHAIN_URL_MAX_CHARS:
        raise refuse(f"longer than {CHAIN_URL_MAX_CHARS} characters")
    if not url.isascii() or not url.isprintable() or " " in url:
        raise refuse("malformed: characters outside printable ASCII")
    shape = _URL_SHAPE.fullmatch(url)
    if shape is None:
        raise refuse("malformed")
    if shape["scheme"].lower() != "https":
        raise refuse("not https")
    authority = shape["authority"]
    if "@" in authority:
        raise refuse(f"host is not {CHAIN_URL_HOST} (has user info)")
    host, colon, port = authority.partition(":")
    if host.lower() != CHAIN_URL_HOST:
        raise refuse(f"host is not {CHAIN_URL_HOST}")
    if colon and not port.isdigit():
        raise refuse("malformed port")
    if colon and int(port) != 443:
        raise refuse("port is not 443")
    if shape["rest"]:
        raise refuse("has a query or fragment")
    raw_path = shape["path"]
    if not _PATH_CHARS.fullmatch(raw_path):
        raise refuse("path has a disallowed character")

    def decode(match: re.Match) -> str:
        character = chr(int(match[1], 16))
        if character not in _UNRESERVED:
            raise refuse(f"path has a disallowed percent-encoding %{match[1]}")
        return character

    if "%" in _PERCENT.sub("", raw_path):
        raise refuse("path has a malformed percent-encoding")
    path = _PERCENT.sub(decode, raw_path)
    segments: list[str] = []
    for segment in path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if not segments:
                raise refuse("path climbs above the root")
            segments.pop()
            continue
        segments.append(segment)
    canonical_path = "/" + "/".join(segments)
    if not canonical_path.startswith(CHAIN_URL_PATH_PREFIX):
        raise refuse(f"path is not under {CHAIN_URL_PATH_PREFIX}")
    return f"https://{CHAIN_URL_HOST}{canonical_path}"


# -- fetching the chain, with one deadline for everything ------------------------------------


class ChainFetchError(Exception):
    pass


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self._end - time.monotonic()
        if left <= 0:
            raise ChainFetchError(f"chain fetch took over {self.seconds:g} s")
        return left


# getaddrinfo cannot be interrupted, so it runs in a thread the fetch stops waiting for at the
# deadline; this many may be left running at once per process before fetches fail fast.
_MAX_RESOLVER_THREADS = 8
_resolvers = threading.BoundedSemaphore(_MAX_RESOLVER_THREADS)


def _resolve(host: str, port: int, deadline: _Deadline) -> list[tuple]:
    if not _resolvers.acquire(blocking=False):
        raise ChainFetchError("too many name lookups in progress")
    result: Future = Future()

    def lookup() -> None:
        try:
            result.set_result(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except BaseException as error:  # reported to the waiting fetch, if it still waits
            result.set_exception(error)
        finally:
            _resolvers.release()

    threading.Thread(target=lookup, name="chain-dns", daemon=True).start()
    try:
        return result.result(timeout=deadline.remaining())
    except FutureTimeout:
        raise ChainFetchError(f"name lookup took over {deadline.seconds:g} s") from None
    except OSError as error:
        raise ChainFetchError(f"name lookup failed: {error}") from None


def _connect(addresses: list[tuple], deadline: _Deadline) -> socket.socket:
    last_error: OSError | None = None
    for family, kind, protocol, _, address in addresses:
        connection = socket.socket(family, kind, protocol)
        try:
            connection.settimeout(deadline.remaining())
            connection.connect(address)
            return connection
        except ChainFetchError:
            connection.close()
            raise
        except TimeoutError:
            connection.close()
            raise ChainFetchError(f"chain fetch took over {deadline.seconds:g} s") from None
        except OSError as error:
            connection.close()
            last_error = error
    raise ChainFetchError(f"connect failed: {last_error}")


_tls_context: ssl.SSLContext | None = None


def _tls() -> ssl.SSLContext:
    global _tls_context
    if _tls_context is None:
        import certifi

        _tls_context = ssl.create_default_context(cafile=certifi.where())
    return _tls_context


def _recv(connection: socket.socket, deadline: _Deadline, size: int = 16384) -> bytes:
    connection.settimeout(deadline.remaining())
    try:
        return connection.recv(size)
    except TimeoutError:
        raise ChainFetchError(f"chain fetch took over {deadline.seconds:g} s") from None


def _dechunk(data: bytes) -> bytes:
    body = bytearray()
    while True:
        line, found, data = data.partition(b"\r\n")
        if not found:
            raise ChainFetchError("chunked body is cut short")
        try:
            size = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise ChainFetchError("chunked body is malformed") from None
        if size == 0:
            return bytes(body)
        if len(data) < size + 2:
            raise ChainFetchError("chunked body is cut short")
        body += data[:size]
        data = data[size + 2:]


def fetch_chain_over_https(
    url: str,
    *,
    timeout: float = CHAIN_FETCH_TIMEOUT_SECONDS,
    max_bytes: int = CHAIN_MAX_BYTES,
) -> bytes:
    """GET the chain: one deadline for name lookup, connect, TLS and every read; at most
    `max_bytes` of body; no redirects followed. `http://` is accepted for local tests only:
    production passes nothing but canonical_chain_url's https URLs."""
    deadline = _Deadline(timeout)
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    host = parts.hostname or ""
    port = parts.port or (443 if secure else 80)
    connection = _connect(_resolve(host, port, deadline), deadline)
    try:
        if secure:
            connection = _tls().wrap_socket(connection, server_hostname=host, do_handshake_on_connect=False)
            connection.settimeout(deadline.remaining())
            try:
                connection.do_handshake()
            except TimeoutError:
                raise ChainFetchError(f"chain fetch took over {deadline.seconds:g} s") from None
        request = (
            f"GET {parts.path or '/'} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            "User-Agent: release-coach\r\nAccept: */*\r\nConnection: close\r\n\r\n"
        )
        connection.settimeout(deadline.remaining())
        connection.sendall(request.encode("ascii"))
        received = bytearray()
        while b"\r\n\r\n" not in received:
            chunk = _recv(connection, deadline)
            if not chunk:
                raise ChainFetchError("connection closed before the response headers")
            received += chunk
            if len(received) > _RESPONSE_HEAD_MAX_BYTES + max_bytes:
                raise ChainFetchError("response headers are too long")
        head, _, body = bytes(received).partition(b"\r\n\r\n")
        if len(head) > _RESPONSE_HEAD_MAX_BYTES:
            raise ChainFetchError("response headers are too long")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = status_line.split(" ", 2)
        if len(status) < 2 or not status[0].startswith("HTTP/1.") or status[1] != "200":
            raise ChainFetchError(f"chain fetch answered {status_line[:60]!r}")
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        chunked = "chunked" in headers.get("transfer-encoding", "").lower()
        declared = headers.get("content-length")
        if not chunked and declared is not None:
            if not declared.isdigit():
                raise ChainFetchError("response Content-Length is malformed")
            if int(declared) > max_bytes:
                raise ChainFetchError(f"chain is {declared} bytes, over the {max_bytes}-byte cap")
        # Chunk framing adds a little on top of the body; the cap applies to the body itself.
        limit = max_bytes + (max_bytes // 8 + 64 if chunked else 0)
        body = bytearray(body)
        while declared is None or chunked or len(body) < int(declared):
            if len(body) > limit:
                raise ChainFetchError(f"chain is over the {max_bytes}-byte cap")
            if chunked and (body.endswith(b"\r\n0\r\n\r\n") or body == b"0\r\n\r\n"):
                break
            chunk = _recv(connection, deadline)
            if not chunk:
                break
            body += chunk
        body = _dechunk(bytes(body)) if chunked else bytes(body)
        if len(body) > max_bytes:
            raise ChainFetchError(f"chain is over the {max_bytes}-byte cap")
        if declared is not None and not chunked and len(body) != int(declared):
            raise ChainFetchError("chain does not match its Content-Length")
        return body
    except ssl.SSLError as error:
        raise ChainFetchError(f"TLS failed: {error}") from None
    except OSError as error:  # resets and the like; timeouts are handled where they happen
        raise ChainFetchError(f"chain fetch failed: {error}") from None
    finally:
        connection.close()


# -- the chain and the signature ---------------------------------------------------------------


def system_trust_store() -> Store:
    """Public roots from certifi; Amazon's signing chain ends in one of them."""
    import certifi

    with open(certifi.where(), "rb") as bundle:
        blocks = bundle.read().split(_PEM_END)
    roots = []
    for block in blocks:
        if b"-----BEGIN CERTIFICATE-----" not in block:
            continue
        # A few old roots break RFC 5280 (e.g. a zero serial); cryptography warns now and will
        # refuse them later. None is on Amazon's path, so skip them instead of failing the store.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CryptographyDeprecationWarning)
            try:
                roots.append(x509.load_pem_x509_certificate(block + _PEM_END))
            except ValueError:
                continue
    return Store(roots)


@dataclass(frozen=True)
class _TrustedSigner:
    public_key: rsa.RSAPublicKey
    # The earliest expiry in the validated chain: past it the chain must be checked afresh.
    valid_until: datetime


def _header(headers: Mapping[str, str], name: str) -> str | None:
    getter = getattr(headers, "get", None)
    value = getter(name) if getter else None
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == wanted), None)
    return value



# canonical_chain_url is a pure function of the header's text, so its answers for the few URLs
# a worker sees can be kept (a refusal raises and is not kept; a flood of other URLs only evicts).
_canonical_chain_url_seen = functools.lru_cache(maxsize=32)(canonical_chain_url)


class _Expiring(OrderedDict):
    """An LRU mapping of at most `size` entries, each (value, monotonic expiry)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def live(self, key, now: float):
        entry = self.get(key)
        if entry is None:
            return None
        value, expires = entry
        if now >= expires:
            del self[key]
            return None
        return value

    def put(self, key, value, expires: float) -> None:
        self[key] = (value, expires)
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


class SignatureVerifier:
    """Checks `Signature-256` against the body with the certificate chain Alexa points at.

    A chain enters the cache only once a request's signature has verified with it (at most
    `cache_size` URLs, least recently used out first, never past the earliest expiry in the
    chain), so unsigned requests cannot fill it or evict Amazon's entry. A URL whose chain could
    not be had is refused for FAILURE_TTL_SECONDS without a new fetch; concurrent requests for
    one URL share one fetch; at most `max_fetches` different URLs are fetched at once (plus one
    for a URL that has verified before), and past that a request is refused at once instead of
    waiting.
    """

    def __init__(
        self,
        *,
        fetch_chain: ChainFetcher | None = None,
        trust_store: Store | None = None,
        clock: Clock = utc_now,
        cache_size: int = 16,
        max_fetches: int = MAX_CONCURRENT_FETCHES,
        failure_ttl: float = FAILURE_TTL_SECONDS,
        fetch_wait: float = CHAIN_FETCH_TIMEOUT_SECONDS + 1.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if cache_size < 1:
            raise ValueError("cache_size must be at least 1")
        if max_fetches < 1:
            raise ValueError("max_fetches must be at least 1")
        self._fetch_chain = fetch_chain or fetch_chain_over_https
        self._trust_store = trust_store if trust_store is not None else system_trust_store()
        self._clock = clock
        self._monotonic = monotonic
        self._cache: OrderedDict[str, _TrustedSigner] = OrderedDict()
        self._cache_size = cache_size
        self._proven_before: OrderedDict[str, None] = OrderedDict()
        self._unproven = _Expiring(4)
        self._failures = _Expiring(256)
        self._failure_ttl = failure_ttl
        self._in_flight: dict[str, Future] = {}
        self._max_fetches = max_fetches
        self._fetching = 0
        self._reserved_in_use = False
        self._fetch_wait = fetch_wait
        self._lock = threading.Lock()

    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        """URL syntax and base64 first, then the chain (cache or fetch), then RSA over `body`."""
        try:
            self._verify(headers, body)
        except Refusal:
            raise
        except Exception as error:  # e.g. a certificate cryptography cannot parse: still a refusal
            raise Refusal("could not check the signature", f"{type(error).__name__}: {error}") from None

    def _verify(self, headers: Mapping[str, str], body: bytes) -> None:
        chain_url = _header(headers, SIGNATURE_CERT_CHAIN_URL_HEADER)
        signature_text = _header(headers, SIGNATURE_HEADER)
        if not chain_url:
            raise Refusal(f"missing {SIGNATURE_CERT_CHAIN_URL_HEADER} header")
        if not signature_text:
            raise Refusal(f"missing {SIGNATURE_HEADER} header")
        url = _canonical_chain_url_seen(chain_url)
        if len(signature_text) > 2048:
            raise Refusal(f"{SIGNATURE_HEADER} is not base64", "longer than any RSA signature")
        try:
            signature = base64.b64decode(signature_text, validate=True)
        except (binascii.Error, ValueError):
            raise Refusal(f"{SIGNATURE_HEADER} is not base64") from None
        signer, proven = self._signer(url)
        try:
            signer.public_key.verify(signature, body, padding.PKCS1v15(), SHA256())
        except InvalidSignature:
            raise Refusal(SIGNATURE_MISMATCH) from None
        if not proven:
            self._remember(url, signer)

    def _signer(self, url: str) -> tuple[_TrustedSigner, bool]:
        """(signer, whether it is in the cache): cached, unproven, or fetched now."""
        now, tick = self._clock(), self._monotonic()
        with self._lock:
            cached = self._cache.get(url)
            if cached is not None:
                if now < cached.valid_until:
                    self._cache.move_to_end(url)
                    return cached, True
                del self._cache[url]
            unproven = self._unproven.live(url, tick)
            if unproven is not None and now < unproven.valid_until:
                return unproven, False
            failure = self._failures.live(url, tick)
            if failure is not None:
                raise Refusal(failure.reason, f"{failure.detail} (remembered)")
            pending = self._in_flight.get(url)
            if pending is None:
                reserved = self._take_fetch_slot(url)
                pending = self._in_flight[url] = Future()
                owner = True
            else:
                owner = False
        if not owner:
            try:
                return pending.result(timeout=self._fetch_wait), False
            except FutureTimeout:
                raise Refusal(CHAIN_UNAVAILABLE, "waited too long for another request's fetch") from None
        # Fetched outside the lock: one slow fetch must not stall requests with cached chains.
        try:
            signer = self._validate_chain(url, now)
        except Exception as error:  # whatever went wrong, the waiters hear of it too
            refusal = error if isinstance(error, Refusal) else Refusal(
                "could not check the signature", f"{type(error).__name__}: {error}"
            )
            with self._lock:
                self._failures.put(url, refusal, self._monotonic() + self._failure_ttl)
                self._end_fetch(url, reserved)
            pending.set_exception(refusal)
            raise refusal from None
        with self._lock:
            # Recorded before the fetch stops counting as in flight, so no request in between
            # starts a second fetch of the same URL.
            self._unproven.put(url, signer, self._monotonic() + UNPROVEN_TTL_SECONDS)
            self._end_fetch(url, reserved)
        pending.set_result(signer)
        return signer, False

    def _end_fetch(self, url: str, reserved: bool) -> None:
        """The fetch of `url` is over: its slot is free again; the lock is held."""
        del self._in_flight[url]
        if reserved:
            self._reserved_in_use = False
        else:
            self._fetching -= 1

    def _take_fetch_slot(self, url: str) -> bool:
        """Counts a fetch in (True if on the reserved slot), or refuses; the lock is held."""
        if self._fetching < self._max_fetches:
            self._fetching += 1
            return False
        if url in self._proven_before and not self._reserved_in_use:
            self._reserved_in_use = True
            return True
        raise Refusal(CHAIN_UNAVAILABLE, f"{self._max_fetches} chain fetches already in progress")

    def _remember(self, url: str, signer: _TrustedSigner) -> None:
        with self._lock:
            self._unproven.pop(url, None)
            self._cache[url] = signer
            self._cache.move_to_end(url)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            self._proven_before[url] = None
            self._proven_before.move_to_end(url)
            while len(self._proven_before) > self._cache_size:
                self._proven_before.popitem(last=False)

    def _validate_chain(self, url: str, now: datetime) -> _TrustedSigner:
        try:
            pem = self._fetch_chain(url)
        except Exception as error:  # any fetcher failure is a refusal, never a server error
            raise Refusal(CHAIN_UNAVAILABLE, str(error) or type(error).__name__) from None
        try:
            certificates = x509.load_pem_x509_certificates(pem)
        except ValueError:
            raise Refusal(CHAIN_NOT_TRUSTED, "chain is not PEM certificates") from None
        signing_cert, intermediates = certificates[0], certificates[1:]
        if now < signing_cert.not_valid_before_utc:
            raise Refusal(CHAIN_NOT_TRUSTED, "signing certificate is not valid yet")
        if now >= signing_cert.not_valid_after_utc:
            raise Refusal(CHAIN_NOT_TRUSTED, "signing certificate has expired")
        try:
            names = signing_cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
            dns_names = [name.lower() for name in names.value.get_values_for_type(x509.DNSName)]
        except x509.ExtensionNotFound:
            dns_names = []
        if ALEXA_SIGNING_DOMAIN not in dns_names:
            raise Refusal(CHAIN_NOT_TRUSTED, f"signing certificate is not for {ALEXA_SIGNING_DOMAIN}")
        verifier = (
            PolicyBuilder()
            .store(self._trust_store)
            .time(now)
            .build_server_verifier(DNSName(ALEXA_SIGNING_DOMAIN))
        )
        try:
            chain = verifier.verify(signing_cert, intermediates)
        except VerificationError as error:
            raise Refusal(CHAIN_NOT_TRUSTED, f"path validation failed: {error}") from None
        public_key = signing_cert.public_key()
        if not isinstance(public_key, rsa.RSAPublicKey):
            raise Refusal(CHAIN_NOT_TRUSTED, "signing certificate key is not RSA")
        for certificate in chain:
            key = certificate.public_key()
            if isinstance(key, rsa.RSAPublicKey) and key.key_size < MIN_RSA_KEY_BITS:
                raise Refusal(
                    CHAIN_NOT_TRUSTED, f"a {key.key_size}-bit RSA key, under {MIN_RSA_KEY_BITS} bits"
                )
        valid_until = min(cert.not_valid_after_utc for cert in chain)
        return _TrustedSigner(public_key=public_key, valid_until=valid_until)
