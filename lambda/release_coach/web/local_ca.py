"""A throwaway certificate authority standing in for Amazon's, for tests and benchmarks only.

It issues a chain shaped like Alexa's (root -> intermediate -> signing certificate with SAN
echo-api.amazon.com) and signs request bodies the way Alexa does, so the real verifier runs end
to end without the network. Production never trusts it: `coach serve` always builds the
verifier on public roots; only `create_local_ca_app`, named explicitly in a gunicorn command by
a test or benchmark, reads the CA from RELEASE_COACH_LOCAL_CA_DIR.
"""
from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from cryptography.x509.verification import Store

from release_coach.web.chain_trust import ALEXA_SIGNING_DOMAIN
from release_coach.web.verifier import SIGNATURE_CERT_CHAIN_URL_HEADER, SIGNATURE_HEADER, SignatureVerifier

LOCAL_CA_DIR_ENV = "RELEASE_COACH_LOCAL_CA_DIR"
LOCAL_CHAIN_ORIGIN_ENV = "RELEASE_COACH_LOCAL_CHAIN_ORIGIN"
CHAIN_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-local.pem"
_FILES = ("root.pem", "intermediate.pem", "intermediate.key", "signing.pem", "signing.key")


def _new_key(key_size: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=key_size)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def _key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _ca_certificate(subject, subject_key, issuer, issuer_key, not_before, not_after, path_length):
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(subject_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(subject_key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
        .sign(issuer_key, hashes.SHA256())
    )


def _issue_signing_certificate(
    intermediate: x509.Certificate,
    intermediate_key: rsa.RSAPrivateKey,
    *,
    dns_name: str = ALEXA_SIGNING_DOMAIN,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    key_size: int = 2048,
) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    now = datetime.now(timezone.utc)
    key = _new_key(key_size)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(dns_name))
        .issuer_name(intermediate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(hours=1))
        .not_valid_after(not_after or now + timedelta(days=365))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(dns_name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(intermediate_key.public_key()),
            critical=False,
        )
        .sign(intermediate_key, hashes.SHA256())
    )
    return certificate, key


@dataclass
class LocalAlexaCA:
    root: x509.Certificate
    intermediate: x509.Certificate
    intermediate_key: rsa.RSAPrivateKey
    signing_cert: x509.Certificate
    signing_key: rsa.RSAPrivateKey

    @classmethod
    def create(cls) -> "LocalAlexaCA":
        now = datetime.now(timezone.utc)
        root_key, intermediate_key = _new_key(), _new_key()
        root = _ca_certificate(
            _name("Local Alexa Test Root"), root_key, _name("Local Alexa Test Root"), root_key,
            now - timedelta(days=1), now + timedelta(days=3650), path_length=1,
        )
        intermediate = _ca_certificate(
            _name("Local Alexa Test Intermediate"), intermediate_key, root.subject, root_key,
            now - timedelta(days=1), now + timedelta(days=1825), path_length=0,
        )
        signing_cert, signing_key = _issue_signing_certificate(intermediate, intermediate_key)
        return cls(root, intermediate, intermediate_key, signing_cert, signing_key)

    def issue_signing_certificate(
        self,
        *,
        dns_name: str = ALEXA_SIGNING_DOMAIN,
        not_before: datetime | None = None,
        not_after: datetime | None = None,
        key_size: int = 2048,
    ) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
        """Another leaf from the intermediate; tests vary the name, validity or key size."""
        return _issue_signing_certificate(
            self.intermediate, self.intermediate_key,
            dns_name=dns_name, not_before=not_before, not_after=not_after, key_size=key_size,
        )

    def chain_pem(self, signing_cert: x509.Certificate | None = None) -> bytes:
        """What Amazon serves at the chain URL: the signing certificate, then the intermediate."""
        return _pem(signing_cert or self.signing_cert) + _pem(self.intermediate)

    def trust_store(self) -> Store:
        return Store([self.root])

    def sign(self, body: bytes, key: rsa.RSAPrivateKey | None = None) -> str:
        signature = (key or self.signing_key).sign(body, padding.PKCS1v15(), hashes.SHA256())
        return base64.b64encode(signature).decode("ascii")

    def signed_headers(self, body: bytes, *, chain_url: str = CHAIN_URL) -> dict[str, str]:
        return {
            "Content-Type": "application/json; charset=utf-8",
            SIGNATURE_CERT_CHAIN_URL_HEADER: chain_url,
            SIGNATURE_HEADER: self.sign(body),
        }

    def save(self, directory: Path) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        contents = (
            _pem(self.root), _pem(self.intermediate), _key_pem(self.intermediate_key),
            _pem(self.signing_cert), _key_pem(self.signing_key),
        )
        for name, content in zip(_FILES, contents):
            (directory / name).write_bytes(content)

    @classmethod
    def load(cls, directory: Path) -> "LocalAlexaCA":
        data = {name: (Path(directory) / name).read_bytes() for name in _FILES}
        return cls(
            root=x509.load_pem_x509_certificate(data["root.pem"]),
            intermediate=x509.load_pem_x509_certificate(data["intermediate.pem"]),
            intermediate_key=serialization.load_pem_private_key(data["intermediate.key"], None),
            signing_cert=x509.load_pem_x509_certificate(data["signing.pem"]),
            signing_key=serialization.load_pem_private_key(data["signing.key"], None),
        )

    def signature_verifier(self) -> SignatureVerifier:
        """The production verifier, trusting only this CA and serving its chain without network."""
        chain = self.chain_pem()
        return SignatureVerifier(fetch_chain=lambda url: chain, trust_store=self.trust_store())


def _fetch_from_origin(origin: str):
    """The real fetcher (deadline, size cap), sent to a loopback stand-in for S3 instead."""
    from urllib.parse import urlsplit

    from release_coach.web.chain_fetch import fetch_chain_over_https

    def fetch(url: str) -> bytes:
        return fetch_chain_over_https(origin.rstrip("/") + urlsplit(url).path)

    return fetch


def create_local_ca_app():
    """gunicorn factory for tests and benchmarks: the real app, trusting the CA saved in
    $RELEASE_COACH_LOCAL_CA_DIR, with SKILL_ID and the store chosen as `coach serve` does.

    With $RELEASE_COACH_LOCAL_CHAIN_ORIGIN (http://127.0.0.1:PORT) chains are fetched from that
    loopback server with the production fetcher, so slow or failing "S3" answers can be staged;
    otherwise the CA's chain is handed over without any network."""
    from release_coach.web.app import create_app
    from release_coach.web.serve import serve_settings

    ca = LocalAlexaCA.load(Path(os.environ[LOCAL_CA_DIR_ENV]))
    origin = os.environ.get(LOCAL_CHAIN_ORIGIN_ENV)
    if origin:
        verifier = SignatureVerifier(fetch_chain=_fetch_from_origin(origin), trust_store=ca.trust_store())
    else:
        verifier = ca.signature_verifier()
    return create_app(serve_settings(), signature_verifier=verifier)
