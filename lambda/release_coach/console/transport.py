"""Where request envelopes go: the skill in this process, or a running web endpoint (--url)."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Protocol

from ..settings import Settings


class SkillUnavailable(RuntimeError):
    """The skill could not be reached or did not answer with a response envelope."""


class Transport(Protocol):
    def send(self, envelope: dict) -> dict: ...


class InProcessTransport:
    """Runs the skill from the one factory, built on first use so --help and errors stay fast."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._skill = None

    def send(self, envelope: dict) -> dict:
        from ..skill import create_skill, handle_event

        try:
            if self._skill is None:
                self._skill = create_skill(self.settings)
            response = handle_event(self._skill, envelope)
        except Exception as error:  # the console reports any skill failure in one line and goes on
            raise SkillUnavailable(f"the skill failed: {type(error).__name__}: {error}") from None
        if not isinstance(response, dict):
            raise SkillUnavailable(f"the skill returned {type(response).__name__}, not a response envelope")
        return response


class HttpTransport:
    """POSTs each envelope to a web endpoint, as the Alexa service would (without a signature)."""

    def __init__(self, url: str, timeout_seconds: float = 10.0):
        self.url = url
        self.timeout_seconds = timeout_seconds

    def send(self, envelope: dict) -> dict:
        request = urllib.request.Request(
            self.url,
            data=json.dumps(envelope).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as reply:
                body = reply.read()
        except urllib.error.HTTPError as error:
            detail = error.read(300).decode("utf-8", "replace").strip().replace("\n", " ")
            raise SkillUnavailable(f"{self.url} answered HTTP {error.code}: {detail or error.reason}") from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            raise SkillUnavailable(f"cannot reach {self.url}: {reason}") from None
        try:
            response = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise SkillUnavailable(f"{self.url} did not answer with JSON") from None
        if not isinstance(response, dict):
            raise SkillUnavailable(f"{self.url} answered JSON that is not a response envelope")
        return response
