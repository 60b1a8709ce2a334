"""Alexa request verification for the web service.

Amazon requires a skill hosted outside Lambda to prove every request came from Alexa: a signature
over the body by a certificate whose chain Amazon publishes on S3, a fresh timestamp, and the
right application id. The SDK's own verifier no longer runs on current OpenSSL (see
pyproject.toml), so these verifiers do the same checks on `cryptography`'s X.509 path validation
and plug into flask-ask-sdk's `SkillAdapter(verifiers=[...])`.
"""
from __future__ import annotations

import base64
import binascii
import posixpath
import threading
import time
import urllib.request
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Mapping
from urllib.parse import unquote, urlsplit

from ask_sdk_webservice_support.verifier import AbstractVerifier, VerificationException
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.x509.verification import DNSName, PolicyBuilder, Store, VerificationError

SIGNATURE_CERT_CHAIN_URL_HEADER = "SignatureCertChainUrl"
SIGNATURE_HEADER = "Signature-256"
CHAIN_URL_HOST = "s3.amazonaws.com"
CHAIN_URL_PATH_PREFIX = "/echo.api/"
ALEXA_SIGNING_DOMAIN = "echo-api.amazon.com"
TIMESTAMP_TOLERANCE = timedelta(seconds=150)

# Amazon's chain is a few kilobytes; the cap stops a slow or hostile endpoint from tying up a worker.
CHAIN_FETCH_TIMEOUT_SECONDS = 3.0
CHAIN_MAX_BYTES = 64 * 1024

_PEM_END = b"-----END CERTIFICATE-----"

Clock = Callable[[], datetime]
ChainFetcher = Callable[[str], bytes]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def canonical_chain_url(url: str) -> str:
    """The URL to fetch, rebuilt from its checked parts, or VerificationException saying why not.

    Rebuilding (rather than fetching what was sent) means tricks the checks did not think of,
    such as userinfo or odd encodings, never reach the network.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise VerificationException(f"certificate chain URL is malformed: {error}") from None
    if parts.scheme.lower() != "https":
        raise VerificationException("certificate chain URL is not https")
    if (parts.hostname or "").lower() != CHAIN_URL_HOST or parts.username or parts.password:
        raise VerificationException(f"certificate chain URL host is not {CHAIN_URL_HOST}")
    if port is not None and port != 443:
        raise VerificationException("certificate chain URL port is not 443")
    if parts.query or parts.fragment:
        raise VerificationException("certificate chain URL has a query or fragment")
    raw_path = unquote(parts.path)
    if "\\" in raw_path or not raw_path.startswith("/"):
        raise VerificationException("certificate chain URL path is malformed")
    path = posixpath.normpath(raw_path)
    if not path.startswith(CHAIN_URL_PATH_PREFIX):
        raise VerificationException(f"certificate chain URL path is not under {CHAIN_URL_PATH_PREFIX}")
    return f"https://{CHAIN_URL_HOST}{path}"


class ChainFetchError(Exception):
    pass


def fetch_chain_over_https(
    url: str,
    *,
    timeout: float = CHAIN_FETCH_TIMEOUT_SECONDS,
    max_bytes: int = CHAIN_MAX_BYTES,
) -> bytes:
    """GET the chain, giving up after `timeout` seconds in total or past `max_bytes`."""
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise ChainFetchError(f"chain is {declared} bytes, over the {max_bytes}-byte cap")
            received = bytearray()
            while chunk := response.read(8192):
                received += chunk
                if len(received) > max_bytes:
                    raise ChainFetchError(f"chain is over the {max_bytes}-byte cap")
                if time.monotonic() > deadline:
                    raise ChainFetchError(f"chain fetch took over {timeout:g} s")
            return bytes(received)
    except ChainFetchError:
        raise
    except TimeoutError:
        raise ChainFetchError(f"chain fetch took over {timeout:g} s") from None
    except OSError as error:  # URLError, HTTPError, connection resets, TLS failures
        reason = getattr(error, "reason", None) or error
        if isinstance(reason, TimeoutError):
            raise ChainFetchError(f"chain fetch took over {timeout:g} s") from None
        raise ChainFetchError(f"chain fetch failed: {reason}") from None


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


class SignatureVerifier(AbstractVerifier):
    """Checks `Signature-256` against the body with the certificate chain Alexa points at.

    Validated chains are cached per URL (least recently used out first, never past the
    earliest expiry in the chain), so a request with a known chain costs one RSA public-key
    operation.
    """

    def __init__(
        self,
        *,
        fetch_chain: ChainFetcher = fetch_chain_over_https,
        trust_store: Store | None = None,
        clock: Clock = utc_now,
        cache_size: int = 16,
    ) -> None:
        if cache_size < 1:
            raise ValueError("cache_size must be at least 1")
        self._fetch_chain = fetch_chain
        self._trust_store = trust_store if trust_store is not None else system_trust_store()
        self._clock = clock
        self._cache_size = cache_size
        self._cache: OrderedDict[str, _TrustedSigner] = OrderedDict()
        self._lock = threading.Lock()

    def verify(self, headers, serialized_request_env, deserialized_request_env) -> None:
        try:
            self._verify(headers, serialized_request_env)
        except VerificationException:
            raise
        except Exception as error:  # e.g. a certificate cryptography cannot parse: still a refusal
            raise VerificationException(f"could not check the signature: {error}") from None

    def _verify(self, headers, serialized_request_env) -> None:
        chain_url = _header(headers, SIGNATURE_CERT_CHAIN_URL_HEADER)
        signature_text = _header(headers, SIGNATURE_HEADER)
        if not chain_url:
            raise VerificationException(f"missing {SIGNATURE_CERT_CHAIN_URL_HEADER} header")
        if not signature_text:
            raise VerificationException(f"missing {SIGNATURE_HEADER} header")
        try:
            signature = base64.b64decode(signature_text, validate=True)
        except (binascii.Error, ValueError):
            raise VerificationException(f"{SIGNATURE_HEADER} is not base64") from None
        signer = self._trusted_signer(canonical_chain_url(chain_url))
        # The adapter hands the body over as text decoded from strict UTF-8, so encoding it again
        # gives back exactly the bytes Alexa signed.
        body = (
            serialized_request_env
            if isinstance(serialized_request_env, bytes)
            else serialized_request_env.encode("utf-8")
        )
        try:
            signer.public_key.verify(signature, body, padding.PKCS1v15(), SHA256())
        except InvalidSignature:
            raise VerificationException("signature does not match the request body") from None

    def _trusted_signer(self, url: str) -> _TrustedSigner:
        now = self._clock()
        with self._lock:
            cached = self._cache.get(url)
            if cached is not None:
                if now < cached.valid_until:
                    self._cache.move_to_end(url)
                    return cached
                del self._cache[url]
        # Fetched outside the lock: one slow fetch must not stall requests with cached chains.
        signer = self._validate_chain(url, now)
        with self._lock:
            self._cache[url] = signer
            self._cache.move_to_end(url)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return signer

    def _validate_chain(self, url: str, now: datetime) -> _TrustedSigner:
        try:
            pem = self._fetch_chain(url)
        except Exception as error:  # any fetcher failure is a refusal, never a server error
            raise VerificationException(f"could not fetch the certificate chain: {error}") from None
        try:
            certificates = x509.load_pem_x509_certificates(pem)
        except ValueError:
            raise VerificationException("certificate chain is not PEM certificates") from None
        signing_cert, intermediates = certificates[0], certificates[1:]
        if now < signing_cert.not_valid_before_utc:
            raise VerificationException("signing certificate is not valid yet")
        if now >= signing_cert.not_valid_after_utc:
            raise VerificationException("signing certificate has expired")
        try:
            names = signing_cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
            dns_names = [name.lower() for name in names.value.get_values_for_type(x509.DNSName)]
        except x509.ExtensionNotFound:
            dns_names = []
        if ALEXA_SIGNING_DOMAIN not in dns_names:
            raise VerificationException(f"signing certificate is not for {ALEXA_SIGNING_DOMAIN}")
        verifier = (
            PolicyBuilder()
            .store(self._trust_store)
            .time(now)
            .build_server_verifier(DNSName(ALEXA_SIGNING_DOMAIN))
        )
        try:
            chain = verifier.verify(signing_cert, intermediates)
        except VerificationError as error:
            raise VerificationException(f"certificate chain is not trusted: {error}") from None
        public_key = signing_cert.public_key()
        if not isinstance(public_key, rsa.RSAPublicKey):
            raise VerificationException("signing certificate key is not RSA")
        valid_until = min(cert.not_valid_after_utc for cert in chain)
        return _TrustedSigner(public_key=public_key, valid_until=valid_until)


class TimestampVerifier(AbstractVerifier):
    """Refuses requests whose timestamp is more than 150 s from now, either way (replays)."""

    def __init__(self, *, tolerance: timedelta = TIMESTAMP_TOLERANCE, clock: Clock = utc_now) -> None:
        self._tolerance = tolerance
        self._clock = clock

    def verify(self, headers, serialized_request_env, deserialized_request_env) -> None:
        request = getattr(deserialized_request_env, "request", None)
        stamp = getattr(request, "timestamp", None)
        if not isinstance(stamp, datetime):
            raise VerificationException("request has no timestamp")
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=timezone.utc)
        skew = (self._clock() - stamp).total_seconds()
        if abs(skew) > self._tolerance.total_seconds():
            direction = "old" if skew > 0 else "in the future"
            raise VerificationException(
                f"request timestamp is {abs(skew):.0f} s {direction} "
                f"(limit {self._tolerance.total_seconds():.0f} s)"
            )


def _application_id(envelope) -> str | None:
    system = getattr(getattr(envelope, "context", None), "system", None)
    for holder in (system, getattr(envelope, "session", None)):
        application = getattr(holder, "application", None)
        application_id = getattr(application, "application_id", None)
        if application_id:
            return application_id
    return None


class ApplicationIdVerifier(AbstractVerifier):
    """Refuses requests meant for another skill (the endpoint URL is not a secret)."""

    def __init__(self, skill_id: str) -> None:
        if not skill_id:
            raise ValueError("skill_id is required")
        self._skill_id = skill_id

    def verify(self, headers, serialized_request_env, deserialized_request_env) -> None:
        application_id = _application_id(deserialized_request_env)
        if application_id is None:
            raise VerificationException("request has no application id")
        if application_id != self._skill_id:
            raise VerificationException("request application id is not this skill's SKILL_ID")
