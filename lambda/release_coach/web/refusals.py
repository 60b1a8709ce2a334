"""What a failed verification check raises: a Refusal, with one of the public reasons below.

Each refusal carries a short public reason (what the caller is told) and a detail (what the log
is told): network errors and clock skew stay in the log.
"""
from __future__ import annotations

from ask_sdk_webservice_support.verifier import VerificationException

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
UNCHECKABLE = "could not check the signature"


class Refusal(VerificationException):
    """A failed check: `reason` is terse and safe to send back, `detail` is for the log."""

    def __init__(self, reason: str, detail: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail or reason

    def log_text(self) -> str:
        return self.reason if self.detail == self.reason else f"{self.reason}: {self.detail}"


def unexpected(error: Exception) -> Refusal:
    """An error no check foresaw (e.g. a certificate cryptography cannot parse): still a refusal."""
    return Refusal(UNCHECKABLE, f"{type(error).__name__}: {error}")
