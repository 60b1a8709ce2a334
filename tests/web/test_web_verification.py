"""Real signed requests through the app: one answered, every forgery refused with 400 and a log line."""
from __future__ import annotations

import http.server
import logging
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from release_coach.web.app import create_app
from release_coach.web.local_ca import CHAIN_URL, LocalAlexaCA
from release_coach.web.chain_fetch import fetch_chain_over_https
from release_coach.web.refusals import (
    AMBIGUOUS_ENVELOPE,
    BAD_CHAIN_URL,
    CHAIN_NOT_TRUSTED,
    CHAIN_UNAVAILABLE,
    SIGNATURE_MISMATCH,
    STALE_TIMESTAMP,
    WRONG_APPLICATION_ID,
)
from release_coach.web.verifier import SIGNATURE_CERT_CHAIN_URL_HEADER, SIGNATURE_HEADER, SignatureVerifier
from web_helpers import OTHER_SKILL_ID, alexa_timestamp, assert_valid_alexa_response, body_of, envelope


def _post(client, body: bytes, headers: dict):
    return client.post("/", data=body, headers=headers)


def _assert_refused(response, caplog, reason: str, detail: str | None = None):
    """400 with the terse public reason; the log line also carries the detail."""
    assert response.status_code == 400
    assert response.get_json()["error"] == f"request verification failed: {reason}"
    assert "Traceback" not in response.get_data(as_text=True)
    refusals = [r.getMessage() for r in caplog.records if r.name == "release_coach.web" and "refused" in r.getMessage()]
    wanted = f"alexa request refused: {reason}"
    assert any(m.startswith(wanted) and (detail is None or detail in m) for m in refusals), refusals
    if detail is not None:
        assert detail not in response.get_data(as_text=True)


def test_signed_request_is_answered(verified_client, local_ca):
    body = body_of(envelope("LaunchRequest"))
    response = _post(verified_client, body, local_ca.signed_headers(body))
    assert response.status_code == 200
    document = assert_valid_alexa_response(response.get_data())
    assert "outputSpeech" in document["response"]


def test_body_changed_after_signing_is_refused(verified_client, local_ca, caplog):
    body = body_of(envelope("LaunchRequest"))
    headers = local_ca.signed_headers(body)
    tampered = body.replace(b'"locale": "en-US"', b'"locale": "en-GB"')
    assert tampered != body
    _assert_refused(_post(verified_client, tampered, headers), caplog, SIGNATURE_MISMATCH)


def test_signature_from_another_key_is_refused(verified_client, local_ca, caplog):
    body = body_of(envelope("LaunchRequest"))
    _, stranger_key = local_ca.issue_signing_certificate()
    headers = local_ca.signed_headers(body) | {SIGNATURE_HEADER: local_ca.sign(body, stranger_key)}
    _assert_refused(_post(verified_client, body, headers), caplog, SIGNATURE_MISMATCH)


def test_signature_that_is_not_base64_is_refused(verified_client, local_ca, caplog):
    body = body_of(envelope("LaunchRequest"))
    headers = local_ca.signed_headers(body) | {SIGNATURE_HEADER: "not*base64!"}
    _assert_refused(_post(verified_client, body, headers), caplog, f"{SIGNATURE_HEADER} is not base64")


@pytest.mark.parametrize("missing", [SIGNATURE_HEADER, SIGNATURE_CERT_CHAIN_URL_HEADER])
def test_missing_header_is_refused(verified_client, local_ca, caplog, missing):
    body = body_of(envelope("LaunchRequest"))
    headers = {k: v for k, v in local_ca.signed_headers(body).items() if k != missing}
    _assert_refused(_post(verified_client, body, headers), caplog, f"missing {missing} header")


@pytest.mark.parametrize(
    "chain_url, reason",
    [
        ("http://s3.amazonaws.com/echo.api/echo-api-cert.pem", "not https"),
        ("https://notamazon.com/echo.api/echo-api-cert.pem", "host"),
        ("https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert.pem", "host"),
        ("https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem", "path"),
        ("https://s3.amazonaws.com/invalid.path/echo-api-cert.pem", "path"),
        ("https://s3.amazonaws.com/echo.api/../invalid.path/echo-api-cert.pem", "path"),
        ("https://s3.amazonaws.com/echo.api/%2e%2e/invalid.path/echo-api-cert.pem", "path"),
        ("https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem", "port"),
        ("https://s3.amazonaws.com:notaport/echo.api/echo-api-cert.pem", "malformed port"),
        ("https://user@s3.amazonaws.com/echo.api/echo-api-cert.pem", "host"),
        ("https://s3.amazonaws.com/echo.api/echo-api-cert.pem?x=1", "query"),
    ],
)
def test_bad_chain_url_is_refused(verified_client, local_ca, caplog, chain_url, reason):
    body = body_of(envelope("LaunchRequest"))
    headers = local_ca.signed_headers(body, chain_url=chain_url)
    _assert_refused(_post(verified_client, body, headers), caplog, BAD_CHAIN_URL, reason)


@pytest.mark.parametrize(
    "chain_url",
    [
        "HTTPS://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
    ],
)
def test_equivalent_chain_url_forms_are_accepted(verified_client, local_ca, chain_url):
    body = body_of(envelope("LaunchRequest"))
    response = _post(verified_client, body, local_ca.signed_headers(body, chain_url=chain_url))
    assert response.status_code == 200


def _app_serving_chain(settings, skill, local_ca, chain_pem: bytes, trust_store=None):
    verifier = SignatureVerifier(
        fetch_chain=lambda url: chain_pem, trust_store=trust_store or local_ca.trust_store()
    )
    return create_app(settings, skill=skill, signature_verifier=verifier).test_client()


def _signed_with(local_ca: LocalAlexaCA, key, body: bytes) -> dict:
    return local_ca.signed_headers(body) | {SIGNATURE_HEADER: local_ca.sign(body, key)}


@pytest.mark.parametrize(
    "validity, reason",
    [
        ((timedelta(days=-30), timedelta(days=-1)), "expired"),
        ((timedelta(days=1), timedelta(days=30)), "not valid yet"),
    ],
)
def test_signing_certificate_outside_validity_is_refused(settings, skill, local_ca, caplog, validity, reason):
    now = datetime.now(timezone.utc)
    cert, key = local_ca.issue_signing_certificate(not_before=now + validity[0], not_after=now + validity[1])
    client = _app_serving_chain(settings, skill, local_ca, local_ca.chain_pem(cert))
    body = body_of(envelope("LaunchRequest"))
    _assert_refused(_post(client, body, _signed_with(local_ca, key, body)), caplog, CHAIN_NOT_TRUSTED, reason)


def test_signing_certificate_for_another_name_is_refused(settings, skill, local_ca, caplog):
    cert, key = local_ca.issue_signing_certificate(dns_name="echo-api.example.com")
    client = _app_serving_chain(settings, skill, local_ca, local_ca.chain_pem(cert))
    body = body_of(envelope("LaunchRequest"))
    _assert_refused(_post(client, body, _signed_with(local_ca, key, body)), caplog, CHAIN_NOT_TRUSTED, "not for echo-api.amazon.com")


def test_chain_from_untrusted_root_is_refused(settings, skill, local_ca, caplog):
    impostor = LocalAlexaCA.create()
    client = _app_serving_chain(settings, skill, local_ca, impostor.chain_pem())
    body = body_of(envelope("LaunchRequest"))
    _assert_refused(_post(client, body, impostor.signed_headers(body)), caplog, CHAIN_NOT_TRUSTED, "path validation failed")


def test_chain_that_is_not_pem_is_refused(settings, skill, local_ca, caplog):
    client = _app_serving_chain(settings, skill, local_ca, b"<html>not a certificate</html>")
    body = body_of(envelope("LaunchRequest"))
    _assert_refused(_post(client, body, local_ca.signed_headers(body)), caplog, CHAIN_NOT_TRUSTED, "not PEM")


@pytest.mark.parametrize("offset, reason", [(-151, "old"), (-3600, "old"), (151, "in the future")])
def test_timestamp_out_of_tolerance_is_refused(verified_client, local_ca, caplog, offset, reason):
    body = body_of(envelope("LaunchRequest", timestamp=alexa_timestamp(offset)))
    _assert_refused(_post(verified_client, body, local_ca.signed_headers(body)), caplog, STALE_TIMESTAMP, reason)


def test_timestamp_within_tolerance_is_answered(verified_client, local_ca):
    body = body_of(envelope("LaunchRequest", timestamp=alexa_timestamp(-140)))
    assert _post(verified_client, body, local_ca.signed_headers(body)).status_code == 200


def test_request_for_another_skill_is_refused(verified_client, local_ca, caplog):
    body = body_of(envelope("LaunchRequest", application_id=OTHER_SKILL_ID))
    _assert_refused(_post(verified_client, body, local_ca.signed_headers(body)), caplog, WRONG_APPLICATION_ID)


class _SlowChainHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(2)
        try:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"too late")
        except OSError:  # the fetcher gave up long ago, as it should
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def slow_chain_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowChainHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/echo.api/chain.pem"
    server.shutdown()
    server.server_close()


def test_chain_fetch_that_times_out_is_refused(settings, skill, local_ca, caplog, slow_chain_server):
    verifier = SignatureVerifier(
        fetch_chain=lambda url: fetch_chain_over_https(slow_chain_server, timeout=0.3),
        trust_store=local_ca.trust_store(),
    )
    client = create_app(settings, skill=skill, signature_verifier=verifier).test_client()
    body = body_of(envelope("LaunchRequest"))
    # Had the timeout not fired, the late answer would be refused as "not PEM" instead.
    _assert_refused(_post(client, body, local_ca.signed_headers(body)), caplog, CHAIN_UNAVAILABLE, "took over 0.3 s")


def test_refusals_are_logged_at_warning(verified_client, local_ca, caplog):
    caplog.set_level(logging.WARNING, logger="release_coach.web")
    body = body_of(envelope("LaunchRequest"))
    headers = local_ca.signed_headers(body) | {SIGNATURE_CERT_CHAIN_URL_HEADER: CHAIN_URL.replace("https", "http")}
    _post(verified_client, body, headers)
    assert [r.levelno for r in caplog.records if r.name == "release_coach.web"] == [logging.WARNING]


def test_unexpected_failure_while_verifying_is_a_refusal_not_an_answer(settings, skill, local_ca, caplog):
    # A fetcher handing back text instead of bytes makes cryptography raise TypeError, standing in
    # for any failure nobody foresaw: the request must still be refused, the skill never run.
    client = _app_serving_chain(settings, skill, local_ca, local_ca.chain_pem().decode())
    body = body_of(envelope("LaunchRequest"))
    _assert_refused(_post(client, body, local_ca.signed_headers(body)), caplog, "could not check the signature", "TypeError")


# -- cheapest checks first, from the raw JSON ---------------------------------------------------


class _CountingFetcher:
    def __init__(self, chain: bytes) -> None:
        self.chain, self.urls = chain, []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        return self.chain


@pytest.fixture
def counted(settings, skill, local_ca):
    fetcher = _CountingFetcher(local_ca.chain_pem())
    verifier = SignatureVerifier(fetch_chain=fetcher, trust_store=local_ca.trust_store())
    return create_app(settings, skill=skill, signature_verifier=verifier).test_client(), fetcher


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda d: d["request"].update(timestamp=alexa_timestamp(-3600)), STALE_TIMESTAMP),
        (lambda d: d["request"].update(timestamp="2024-01-01T00:00:00+99:00"), "request timestamp is not valid"),
        (lambda d: d["context"]["System"]["application"].update(applicationId=OTHER_SKILL_ID), WRONG_APPLICATION_ID),
        (lambda d: d["context"]["System"].pop("application"), "request has no application id"),
    ],
    ids=["stale", "bad offset", "other skill", "no application"],
)
def test_cheap_checks_refuse_before_any_chain_fetch(counted, local_ca, caplog, change, reason):
    client, fetcher = counted
    document = envelope("LaunchRequest")
    change(document)
    body = body_of(document)
    unsigned = local_ca.signed_headers(body, chain_url="https://s3.amazonaws.com/echo.api/never-fetched.pem")
    unsigned[SIGNATURE_HEADER] = local_ca.sign(b"something else")
    _assert_refused(_post(client, body, unsigned), caplog, reason)
    assert fetcher.urls == []


def test_bad_chain_url_is_refused_before_any_fetch(counted, local_ca, caplog):
    client, fetcher = counted
    body = body_of(envelope("LaunchRequest"))
    headers = local_ca.signed_headers(body, chain_url="https://s3.amazonaws.com/echo.api/x.pem%3Fv1")
    _assert_refused(_post(client, body, headers), caplog, BAD_CHAIN_URL, "%3F")
    assert fetcher.urls == []


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["context"]["System"]["application"].update(application_id=OTHER_SKILL_ID),
        lambda d: d["context"].update(system={"application": {"applicationId": OTHER_SKILL_ID}}),
        lambda d: d["session"]["application"].update(applicationId=OTHER_SKILL_ID),
        lambda d: d["session"]["application"].update(application_id=OTHER_SKILL_ID),
    ],
    ids=["application_id beside applicationId", "lower-case system", "session for another skill",
         "application_id in the session"],
)
def test_a_second_key_cannot_override_the_checked_application_id(verified_client, local_ca, caplog, change):
    document = envelope("LaunchRequest")
    change(document)
    body = body_of(document)  # validly signed: the signer is not the one being tricked
    response = _post(verified_client, body, local_ca.signed_headers(body))
    assert response.status_code == 400
    assert response.get_json()["error"] in (
        f"request verification failed: {AMBIGUOUS_ENVELOPE}",
        f"request verification failed: {WRONG_APPLICATION_ID}",
    )


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity", b"1e400", b"-1e400"])
def test_nan_and_infinity_are_refused_on_input(verified_client, local_ca, literal):
    body = body_of(envelope("LaunchRequest")).replace(b'"attributes": {}', b'"attributes": {"x": ' + literal + b"}")
    assert literal in body
    response = _post(verified_client, body, local_ca.signed_headers(body))
    assert response.status_code == 400
    assert response.get_json() == {"error": "body is not JSON"}
