"""The chain cache and the HTTPS fetcher: bounded, never trusted past expiry, capped in size and time."""
from __future__ import annotations

import http.server
import threading
from datetime import datetime, timedelta, timezone

import pytest
from ask_sdk_webservice_support.verifier import VerificationException

from release_coach.web.local_ca import CHAIN_URL
from release_coach.web.verifier import ChainFetchError, SignatureVerifier, fetch_chain_over_https


class _Clock:
    def __init__(self) -> None:
        self.now = datetime.now(timezone.utc)

    def __call__(self) -> datetime:
        return self.now


class _CountingFetcher:
    def __init__(self, chain: bytes) -> None:
        self.chain = chain
        self.urls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        return self.chain


def _verify(verifier, local_ca, body=b'{"request": {}}', chain_url=CHAIN_URL):
    verifier.verify(local_ca.signed_headers(body, chain_url=chain_url), body.decode(), None)


def test_validated_chain_is_fetched_once(local_ca):
    fetcher = _CountingFetcher(local_ca.chain_pem())
    verifier = SignatureVerifier(fetch_chain=fetcher, trust_store=local_ca.trust_store())
    for _ in range(5):
        _verify(verifier, local_ca)
    assert fetcher.urls == [CHAIN_URL]


def test_cache_is_bounded_least_recently_used_first(local_ca):
    fetcher = _CountingFetcher(local_ca.chain_pem())
    verifier = SignatureVerifier(fetch_chain=fetcher, trust_store=local_ca.trust_store(), cache_size=2)
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
    verifier = SignatureVerifier(fetch_chain=fetcher, trust_store=local_ca.trust_store(), clock=clock)
    body = b'{"request": {}}'
    headers = local_ca.signed_headers(body) | {"Signature-256": local_ca.sign(body, key)}
    verifier.verify(headers, body.decode(), None)
    clock.now = now + timedelta(minutes=6)
    with pytest.raises(VerificationException, match="expired"):
        verifier.verify(headers, body.decode(), None)
    assert len(fetcher.urls) == 2


def test_failed_chain_is_not_cached(local_ca):
    fetcher = _CountingFetcher(b"garbage")
    verifier = SignatureVerifier(fetch_chain=fetcher, trust_store=local_ca.trust_store())
    for _ in range(2):
        with pytest.raises(VerificationException):
            _verify(verifier, local_ca)
    fetcher.chain = local_ca.chain_pem()
    _verify(verifier, local_ca)
    assert len(fetcher.urls) == 3


class _ChainHandler(http.server.BaseHTTPRequestHandler):
    payload = b""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/x-pem-file")
        self.end_headers()
        self.wfile.write(self.payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def chain_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ChainHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(payload: bytes) -> str:
        _ChainHandler.payload = payload
        return f"http://127.0.0.1:{server.server_address[1]}/echo.api/chain.pem"

    yield serve
    server.shutdown()
    server.server_close()


def test_fetcher_returns_the_served_chain(chain_server, local_ca):
    assert fetch_chain_over_https(chain_server(local_ca.chain_pem())) == local_ca.chain_pem()


def test_fetcher_refuses_a_chain_over_the_size_cap(chain_server):
    url = chain_server(b"x" * 5000)
    with pytest.raises(ChainFetchError, match="cap"):
        fetch_chain_over_https(url, max_bytes=4096)


def test_fetcher_reports_an_unreachable_host():
    with pytest.raises(ChainFetchError, match="failed"):
        fetch_chain_over_https("http://127.0.0.1:9/echo.api/chain.pem", timeout=1)
