"""Alexa request verification for the web service: the order of the checks, and the signature.

Amazon requires a skill hosted outside Lambda to prove every request came from Alexa: a signature
over the body by a certificate whose chain Amazon publishes on S3, a fresh timestamp, and the
right application id. The SDK's own verifier no longer runs on current OpenSSL (see
pyproject.toml), so these checks run on `cryptography`'s X.509 path validation.

The checks are ordered by what they cost an attacker who cannot sign:
1. the timestamp, then the application id, read from the request itself (envelope_checks.py;
   app.py runs these two, then `SignatureVerifier.verify`, which runs the rest);
2. both signature headers present, then the chain URL's strict form, a regex (chain_url.py);
3. the signature header's length and base64;
4. the chain: the cached signer if the URL has one (chain_cache.py), else a bounded fetch
   (chain_fetch.py) and its validation (chain_trust.py), the only steps touching the network;
5. RSA over the body; only a chain whose signature verified enters the cache.
Each refusal is a `Refusal` (refusals.py): network errors and clock skew stay in the log.
"""
from __future__ import annotations

import base64
import binascii
import functools
import time
from datetime import datetime
from typing import Callable, Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.x509.verification import Store

from release_coach.web.chain_cache import FAILURE_TTL_SECONDS, MAX_CONCURRENT_FETCHES, ChainCache
from release_coach.web.chain_fetch import CHAIN_FETCH_TIMEOUT_SECONDS, fetch_chain_over_https
from release_coach.web.chain_trust import TrustedSigner, system_trust_store, trusted_signer
from release_coach.web.chain_url import canonical_chain_url
from release_coach.web.envelope_checks import utc_now
from release_coach.web.refusals import CHAIN_UNAVAILABLE, SIGNATURE_MISMATCH, Refusal, unexpected

SIGNATURE_CERT_CHAIN_URL_HEADER = "SignatureCertChainUrl"
SIGNATURE_HEADER = "Signature-256"

Clock = Callable[[], datetime]
ChainFetcher = Callable[[str], bytes]


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


class SignatureVerifier:
    """Checks `Signature-256` against the body with the certificate chain Alexa points at.

    Chains come from a ChainCache (see chain_cache.py for what enters it and how fetches are
    bounded); `fetch_chain` and `trust_store` replace the HTTPS fetch and certifi's roots.
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
        self._chains = ChainCache(
            self._load_chain, clock=clock, cache_size=cache_size, max_fetches=max_fetches,
            failure_ttl=failure_ttl, fetch_wait=fetch_wait, monotonic=monotonic,
        )
        self._fetch_chain = fetch_chain or fetch_chain_over_https
        self._trust_store = trust_store if trust_store is not None else system_trust_store()

    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        """Steps 2 to 5 of the module's order; any failure is a Refusal, never another error."""
        try:
            self._verify(headers, body)
        except Refusal:
            raise
        except Exception as error:  # e.g. a certificate cryptography cannot parse: still a refusal
            raise unexpected(error) from None

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
        signer, proven = self._chains.signer(url)
        try:
            signer.public_key.verify(signature, body, padding.PKCS1v15(), SHA256())
        except InvalidSignature:
            raise Refusal(SIGNATURE_MISMATCH) from None
        if not proven:
            self._chains.remember(url, signer)

    def _load_chain(self, url: str, now: datetime) -> TrustedSigner:
        try:
            pem = self._fetch_chain(url)
        except Exception as error:  # any fetcher failure is a refusal, never a server error
            raise Refusal(CHAIN_UNAVAILABLE, str(error) or type(error).__name__) from None
        return trusted_signer(pem, self._trust_store, now)
