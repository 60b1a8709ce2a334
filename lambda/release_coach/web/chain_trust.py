"""Whether a fetched chain may sign Alexa requests: PEM certificates, the signing one in date and
for echo-api.amazon.com, a path to a trusted root (cryptography's X.509 path validation), an RSA
signing key, and no RSA key in the path under 2048 bits."""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.verification import DNSName, PolicyBuilder, Store, VerificationError

from release_coach.web.refusals import CHAIN_NOT_TRUSTED, Refusal

ALEXA_SIGNING_DOMAIN = "echo-api.amazon.com"
MIN_RSA_KEY_BITS = 2048

_PEM_END = b"-----END CERTIFICATE-----"


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
class TrustedSigner:
    public_key: rsa.RSAPublicKey
    # The earliest expiry in the validated chain: past it the chain must be checked afresh.
    valid_until: datetime


def trusted_signer(pem: bytes, trust_store: Store, now: datetime) -> TrustedSigner:
    """The chain's signing key and how long it may be trusted, or a Refusal saying why not."""
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
        .store(trust_store)
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
    return TrustedSigner(public_key=public_key, valid_until=valid_until)
