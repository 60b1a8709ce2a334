"""Helpers shared by the console tests: a scripted skill and response builders."""
from __future__ import annotations

from pathlib import Path

COACH = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "coach"


class ScriptedSkill:
    """A transport that records every envelope and answers from a script of response bodies."""

    def __init__(self, replies=None):
        self.sent: list[dict] = []
        self.replies = list(replies or [])

    def send(self, envelope: dict) -> dict:
        self.sent.append(envelope)
        if envelope["request"]["type"] == "SessionEndedRequest":
            return {"version": "1.0", "response": {}}
        if self.replies:
            return self.replies.pop(0)
        return ask("Anything else?", attributes={"turns": len(self.sent)})


def ask(text: str, reprompt: str = "Are you still there?", attributes=None) -> dict:
    return {
        "version": "1.0",
        "sessionAttributes": attributes or {},
        "response": {
            "outputSpeech": {"type": "SSML", "ssml": f"<speak>{text}</speak>"},
            "reprompt": {"outputSpeech": {"type": "SSML", "ssml": f"<speak>{reprompt}</speak>"}},
            "shouldEndSession": False,
        },
    }


def tell(text: str) -> dict:
    return {
        "version": "1.0",
        "response": {"outputSpeech": {"type": "SSML", "ssml": f"<speak>{text}</speak>"}, "shouldEndSession": True},
    }
