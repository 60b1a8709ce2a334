"""The chain cache and the fetcher: only proven chains cached, failures remembered briefly, fetches
bounded in number, and every fetch bounded in time (DNS, connect, every read) and size."""
from __future__ import annotations

import socket
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from release_coach.web import chain_fetch
from release_coach.web.chain_fetch import ChainFetchError, fetch_chain_over_https
from release_coach.web.chain_url import canonical_chain_url
from release_coach.web.local_ca import CHAIN_URL
from release_coach.web.refusals import (
    BAD_CHAIN_URL,
    CHAIN_NOT_TRUSTED,
    CHAIN_UNAVAILABLE,
    SIGNATURE_MISMATCH,
    Refusal,
)
from release_coach.web.verifier import SignatureVerifier
from web_helpers import loopback_server

BODY = b'{"request": {}}'


class _Clock:
    def __init__(self) -> None:
        self.now = datetime.now(timezone.utc)

    def __call__(self) -> datetime:
        return self.now


class _Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class _CountingFetcher:
    def __init__(self, chain: bytes) -> None:
        self.chain = chain
        self.urls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        return self.chain


def _verifier(local_ca, fetcher, **options) -> SignatureVerifier:
    return SignatureVerifier(fetch_chain=fetcher, trust_store=local_ca.trust_store(), **options)


def _verify(verifier, local_ca, body=BODY, chain_url=CHAIN_URL, signature=None):
    headers = local_ca.signed_headers(body, chain_url=chain_url)
    if signature is not None:
        headers["Signature-256"] = signature
    verifier.verify(headers, body)


def _unsigned(local_ca) -> str:
    return local_ca.sign(b"some other body")


def test_validated_chain_is_fetched_once(local_ca):
    fetcher = _CountingFetcher(local_ca.chain_pem())
    verifier = _verifier(local_ca, fetcher)
    for _ in range(5):
        _verify(verifier, local_ca)
    assert fetcher.urls == [CHAIN_URL]


def test_cache_is_bounded_least_recently_used_first(local_ca):
    fetcher = _CountingFetcher(local_ca.chain_pem())
    verifier = _verifier(local_ca, fetcher, cache_size=2)
    urls = [f"https://s3.amazonaws.com/echo.api/cert-{n}.pem" for n in range(3)]
    for url in urls:
        _verify(verifier, local_ca, chain_url=url)
    _verify(verifier, local_ca, chain_url=urls[2])
    _verify(verifier, local_ca, chain_url=urls[0])
    assert fetcher.urls == urls + [urls[0]]


def test_cached_chain_is_not_trusted_past_its_expiry(local_ca):
    now = datetime.now(timezone.utc)
    cert, key = local_ca.issue_signing_certificate(not_after=now + timedelta(minutes=5))
    fetcher = _CountingFetcher(local_ca.chain_pem(cert))
    clock = _Clock()
    verifier = _verifier(local_ca, fetcher, clock=clock)
    signature = local_ca.sign(BODY, key)
    _verify(verifier, local_ca, signature=signature)
    clock.now = now + timedelta(minutes=6)
    with pytest.raises(Refusal) as refused:
        _verify(verifier, local_ca, signature=signature)
    assert refused.value.reason == CHAIN_NOT_TRUSTED and "expired" in refused.value.detail
    assert len(fetcher.urls) == 2


def test_failed_chain_is_remembered_briefly_then_fetched_again(local_ca):
    fetcher = _CountingFetcher(b"garbage")
    ticks = _Ticks()
    verifier = _verifier(local_ca, fetcher, failure_ttl=5.0, monotonic=ticks)
    for _ in range(3):
        with pytest.raises(Refusal, match=CHAIN_NOT_TRUSTED):
            _verify(verifier, local_ca)
    assert len(fetcher.urls) == 1
    fetcher.chain = local_ca.chain_pem()
    ticks.now += 5.1
    _verify(verifier, local_ca)
    assert len(fetcher.urls) == 2


def test_unsigned_requests_never_enter_or_evict_the_cache(local_ca):
    fetcher = _CountingFetcher(local_ca.chain_pem())
    verifier = _verifier(local_ca, fetcher, cache_size=2)
    _verify(verifier, local_ca)
    for n in range(40):
        with pytest.raises(Refusal, match=SIGNATURE_MISMATCH):
            _verify(verifier, local_ca, chain_url=f"https://s3.amazonaws.com/echo.api/fake-{n}.pem",
                    signature=_unsigned(local_ca))
    before = len(fetcher.urls)
    _verify(verifier, local_ca)
    assert len(fetcher.urls) == before == 41


def test_a_real_chain_with_bad_signatures_is_not_refetched_every_time(local_ca):
    fetcher = _CountingFetcher(local_ca.chain_pem())
    verifier = _verifier(local_ca, fetcher)
    for _ in range(5):
        with pytest.raises(Refusal, match=SIGNATURE_MISMATCH):
            _verify(verifier, local_ca, signature=_unsigned(local_ca))
    _verify(verifier, local_ca)
    assert fetcher.urls == [CHAIN_URL]


@pytest.mark.parametrize(
    "spelling",
    [
        "HTTPS://S3.AmazonAWS.com/echo.api/echo-api-cert-local.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert-local.pem",
        "https://s3.amazonaws.com/echo.api/./echo-api-cert-local.pem",
        "https://s3.amazonaws.com/echo.api/x/../echo-api-cert-local.pem",
        "https://s3.amazonaws.com//echo.api//echo-api-cert-local.pem",
        "https://s3.amazonaws.com/echo.api/echo%2Dapi-cert-local.pem",
        "https://s3.amazonaws.com/%65cho.api/echo-api-cert-local.pem",
    ],
)
def test_spellings_of_one_url_share_one_cache_entry(local_ca, spelling):
    assert canonical_chain_url(spelling) == CHAIN_URL
    fetcher = _CountingFetcher(local_ca.chain_pem())
    verifier = _verifier(local_ca, fetcher)
    _verify(verifier, local_ca)
    _verify(verifier, local_ca, chain_url=spelling)
    assert fetcher.urls == [CHAIN_URL]


@pytest.mark.parametrize(
    "url, detail",
    [
        ("https://s3.amazonaws.com/echo.api/cert.pem%3Fv1", "percent-encoding %3F"),
        ("https://s3.amazonaws.com/echo.api/cert.pem%23frag", "percent-encoding %23"),
        ("https://s3.amazonaws.com/echo.api/cert.pem%00", "percent-encoding %00"),
        ("https://s3.amazonaws.com/echo.api/%2e%2e/%2e%2e/x", "climbs above the root"),
        ("https://s3.amazonaws.com/echo.api/a%2Fb.pem", "percent-encoding %2F"),
        ("https://s3.amazonaws.com/echo.api/cert%zz.pem", "malformed percent-encoding"),
        ("https://s3.amazonaws.com/echo.api/cert.pem?v=1", "query or fragment"),
        ("https://s3.amazonaws.com/echo.api/cert.pem#x", "query or fragment"),
        ("https://s3.amazonaws.com/echo.api/cert.pem\r\nHost: evil", "printable ASCII"),
        ("https://s3.amazonaws.com/echo.api/cert .pem", "printable ASCII"),
        ("https://s3.amazonaws.com/echo.api/cért.pem", "printable ASCII"),
        ("https://s3.amazonaws.com/echo.api/" + "a" * 7000, "longer than"),
        ("https://s3.amazonaws.com/echo.api/cert;x.pem", "disallowed character"),
        ("https://s3.amazonaws.com/echo.api/", "not under /echo.api/"),
        ("https://s3.amazonaws.com:0443x/echo.api/cert.pem", "malformed port"),
        ("https://s3.amazonaws.com:8443/echo.api/cert.pem", "port is not 443"),
        ("https://s3.amazonaws.com.:443/echo.api/cert.pem", "host"),
        ("https://a@s3.amazonaws.com/echo.api/cert.pem", "user info"),
        ("ftp://s3.amazonaws.com/echo.api/cert.pem", "not https"),
        ("s3.amazonaws.com/echo.api/cert.pem", "malformed"),
    ],
)
def test_url_tricks_are_refused_before_any_fetch(local_ca, url, detail):
    fetcher = _CountingFetcher(local_ca.chain_pem())
    verifier = _verifier(local_ca, fetcher)
    with pytest.raises(Refusal) as refused:
        verifier.verify({"SignatureCertChainUrl": url, "Signature-256": local_ca.sign(BODY)}, BODY)
    assert refused.value.reason == BAD_CHAIN_URL
    assert detail in refused.value.detail
    assert fetcher.urls == []


def test_a_refused_url_stays_refused_however_often_it_comes(local_ca):
    # The verifier keeps the rebuilt form of URLs it has seen; only accepted ones are kept.
    fetcher = _CountingFetcher(local_ca.chain_pem())
    verifier = _verifier(local_ca, fetcher)
    _verify(verifier, local_ca)
    for _ in range(3):
        with pytest.raises(Refusal) as refused:
            _verify(verifier, local_ca, chain_url="https://s3.amazonaws.com:8443/echo.api/echo-api-cert-local.pem")
        assert refused.value.reason == BAD_CHAIN_URL
        _verify(verifier, local_ca)
    assert fetcher.urls == [CHAIN_URL]


class _GatedFetcher:
    """Holds every fetch until released, to count how many run at once."""

    def __init__(self, chain: bytes) -> None:
        self.chain = chain
        self.gate = threading.Event()
        self.started: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, url: str) -> bytes:
        with self._lock:
            self.started.append(url)
        assert self.gate.wait(10)
        return self.chain


def _in_threads(count: int, work) -> tuple[list[threading.Thread], list]:
    outcomes: list = []

    def run(n: int) -> None:
        try:
            outcomes.append(work(n))
        except Refusal as refusal:
            outcomes.append(refusal)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    return threads, outcomes


def _wait_until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.005)


def test_uncached_fetches_are_bounded_and_the_excess_refused_at_once(local_ca):
    fetcher = _GatedFetcher(local_ca.chain_pem())
    verifier = _verifier(local_ca, fetcher, max_fetches=3)
    # One URL proven before (then expired from the cache), so it may use the reserved slot.
    known = "https://s3.amazonaws.com/echo.api/known.pem"
    fetcher.gate.set()
    _verify(verifier, local_ca, chain_url=known)
    verifier._chains._cache.clear()
    fetcher.gate.clear()
    fetcher.started.clear()

    threads, outcomes = _in_threads(3, lambda n: _verify(
        verifier, local_ca, chain_url=f"https://s3.amazonaws.com/echo.api/flood-{n}.pem",
        signature=_unsigned(local_ca)))
    _wait_until(lambda: len(fetcher.started) == 3)
    started = time.monotonic()
    with pytest.raises(Refusal) as refused:
        _verify(verifier, local_ca, chain_url="https://s3.amazonaws.com/echo.api/flood-extra.pem")
    assert refused.value.reason == CHAIN_UNAVAILABLE and "in progress" in refused.value.detail
    assert time.monotonic() - started < 0.5
    known_thread, known_outcome = _in_threads(1, lambda n: _verify(verifier, local_ca, chain_url=known))
    _wait_until(lambda: len(fetcher.started) == 4)
    fetcher.gate.set()
    for thread in threads + known_thread:
        thread.join(10)
    assert known_outcome == [None]
    assert all(isinstance(o, Refusal) and o.reason == SIGNATURE_MISMATCH for o in outcomes)


def test_concurrent_requests_for_one_url_share_one_fetch(local_ca):
    fetcher = _GatedFetcher(local_ca.chain_pem())
    verifier = _verifier(local_ca, fetcher, max_fetches=1)
    threads, outcomes = _in_threads(6, lambda n: _verify(verifier, local_ca))
    _wait_until(lambda: len(fetcher.started) == 1)
    time.sleep(0.05)
    fetcher.gate.set()
    for thread in threads:
        thread.join(10)
    assert outcomes == [None] * 6
    assert fetcher.started == [CHAIN_URL]


def test_signing_key_under_2048_bits_is_refused(local_ca):
    cert, key = local_ca.issue_signing_certificate(key_size=1024)
    verifier = _verifier(local_ca, _CountingFetcher(local_ca.chain_pem(cert)))
    with pytest.raises(Refusal) as refused:
        _verify(verifier, local_ca, signature=local_ca.sign(BODY, key))
    assert refused.value.reason == CHAIN_NOT_TRUSTED and "1024-bit" in refused.value.detail


# -- the fetcher against servers on loopback ---------------------------------------------------


def _serve(respond):
    """A loopback server calling respond(connection) per connection; yields its base URL."""
    return loopback_server(respond)


def _http_answer(payload: bytes, head: bytes | None = None):
    def respond(connection):
        connection.recv(65536)
        connection.sendall((head or b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(payload)) + payload)
    return respond


def test_fetcher_returns_the_served_chain(local_ca):
    with _serve(_http_answer(local_ca.chain_pem())) as base:
        assert fetch_chain_over_https(base + "/echo.api/chain.pem") == local_ca.chain_pem()


def test_fetcher_decodes_a_chunked_answer(local_ca):
    chain = local_ca.chain_pem()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (chain[:100], chain[100:])) + b"0\r\n\r\n"
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    with _serve(_http_answer(chunked, head)) as base:
        assert fetch_chain_over_https(base + "/echo.api/chain.pem") == chain


def test_fetcher_refuses_a_chain_over_the_size_cap():
    with _serve(_http_answer(b"x" * 5000)) as base:
        with pytest.raises(ChainFetchError, match="cap"):
            fetch_chain_over_https(base + "/echo.api/chain.pem", max_bytes=4096)
    undeclared = b"HTTP/1.1 200 OK\r\n\r\n"
    with _serve(_http_answer(b"x" * 5000, undeclared)) as base:
        with pytest.raises(ChainFetchError, match="cap"):
            fetch_chain_over_https(base + "/echo.api/chain.pem", max_bytes=4096)


def test_fetcher_does_not_follow_redirects():
    head = b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:9/\r\nContent-Length: 0\r\n\r\n"
    with _serve(_http_answer(b"", head)) as base:
        with pytest.raises(ChainFetchError, match="302"):
            fetch_chain_over_https(base + "/echo.api/chain.pem")


def test_fetcher_reports_an_unreachable_host():
    with pytest.raises(ChainFetchError, match="connect failed"):
        fetch_chain_over_https("http://127.0.0.1:9/echo.api/chain.pem", timeout=1)


def _trickle(connection):
    connection.recv(65536)
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
    for _ in range(100):
        connection.sendall(b"x")
        time.sleep(0.05)


def _silent(connection):
    connection.recv(65536)
    time.sleep(3)


@pytest.mark.parametrize("respond", [_trickle, _silent], ids=["one byte at a time", "never answers"])
def test_fetch_deadline_covers_every_read(respond):
    with _serve(respond) as base:
        started = time.monotonic()
        with pytest.raises(ChainFetchError, match="took over 0.4 s"):
            fetch_chain_over_https(base + "/echo.api/chain.pem", timeout=0.4)
        assert time.monotonic() - started < 0.8


def test_fetch_deadline_covers_the_name_lookup(monkeypatch):
    def slow_lookup(*args, **kwargs):
        time.sleep(1.5)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 9))]

    monkeypatch.setattr(chain_fetch.socket, "getaddrinfo", slow_lookup)
    started = time.monotonic()
    with pytest.raises(ChainFetchError, match="name lookup took over 0.3 s"):
        fetch_chain_over_https("http://slow-dns.invalid/echo.api/chain.pem", timeout=0.3)
    assert time.monotonic() - started < 0.7
