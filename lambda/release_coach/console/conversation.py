"""One person talking to the skill, the way an Echo device keeps the conversation going.

A launch phrase or a one-shot opens a session; each response's sessionAttributes go into the next
request; shouldEndSession true (or absent, as on a voice-only Echo) closes it. Silence after a
response gets the reprompt once, and a second silence ends the session with
EXCEEDED_MAX_REPROMPTS. Words said while no session is open get a note, not a request.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from ..speech.timeline import TimelineError, plain_text, spoken_seconds
from . import envelope as env
from .matcher import Match, Matcher
from .slots import SlotFill
from .text import MAX_UTTERANCE_CHARS, cut, words
from .transport import SkillUnavailable, Transport

PAUSE_INTENT = "AMAZON.PauseIntent"
_TAGS = re.compile(r"<[^>]+>")


@dataclass
class Turn:
    """What happened for one line of input: the request sent (if any) and what was heard back."""

    you: str
    request: dict | None = None
    slots: dict[str, SlotFill] = field(default_factory=dict)
    ssml: str = ""
    reprompt_ssml: str = ""
    end_session: bool = True
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    # As the skill returned them: the APL RenderDocument (to a device with a screen) and the card.
    directives: list[dict] = field(default_factory=list)
    card: dict | None = None

    @property
    def speech(self) -> str:
        return _plain(self.ssml)

    @property
    def reprompt(self) -> str:
        return _plain(self.reprompt_ssml)

    @property
    def seconds(self) -> float:
        try:
            return round(spoken_seconds(self.ssml), 2) if self.ssml else 0.0
        except TimelineError:
            return 0.0

    def summary(self) -> dict | None:
        if self.request is None:
            return None
        intent = self.request.get("intent", {}).get("name")
        summary = {"type": self.request["type"], "intent": intent, "slots": {}}
        for name, fill in self.slots.items():
            summary["slots"][name] = {
                "value": fill.value,
                "resolved": fill.resolved[0].name if fill.resolved else None,
                "id": fill.resolved[0].id if fill.resolved else None,
                "status": fill.status,
            }
        if "reason" in self.request:
            summary["reason"] = self.request["reason"]
        return summary

    def as_json(self) -> dict:
        data = {
            "you": self.you,
            "request": self.summary(),
            "speech": self.speech,
            "ssml": self.ssml,
            "reprompt": self.reprompt,
            "end_session": self.end_session,
            "seconds": self.seconds,
            "directives": self.directives,
            "card": self.card,
        }
        if self.notes:
            data["note"] = "; ".join(self.notes)
        if self.error:
            data["error"] = self.error
        return data


def _plain(ssml: str) -> str:
    if not ssml:
        return ""
    try:
        return plain_text(ssml)
    except TimelineError:
        return " ".join(_TAGS.sub(" ", ssml).split())


def _speech_ssml(output_speech: dict | None) -> str:
    """SSML for an outputSpeech object; PlainText is wrapped so one timeline model covers both."""
    if not isinstance(output_speech, dict):
        return ""
    if output_speech.get("type") == "PlainText":
        return f"<speak>{escape(str(output_speech.get('text', '')))}</speak>"
    return str(output_speech.get("ssml", ""))


class Conversation:
    def __init__(self, matcher: Matcher, transport: Transport, identity: env.Identity, locale: str):
        self.matcher = matcher
        self.transport = transport
        self.identity = identity
        self.locale = locale
        self.session: env.Session | None = None
        self.last_reprompt_ssml = ""
        self.silences = 0

    @property
    def invocation_name(self) -> str:
        return self.matcher.model.invocation_name

    def _no_session_note(self) -> str:
        name = self.invocation_name
        return f'no session is open: say "open {name}" (or "ask {name} to ...") to start one'

    def hear(self, line: str) -> Turn:
        """Send what was said (a line of text) and return what the skill answered."""
        utterance, was_cut = cut(line)
        notes = []
        if was_cut:
            notes.append(f"that line had {len(line)} characters; only the first {MAX_UTTERANCE_CHARS} were heard")
        if not utterance.strip():
            return self.silence()
        if not words(utterance):
            notes.append("no words the skill could hear (only symbols or non-Latin characters)")
        match = self.matcher.match(utterance)
        if match.opens_session:
            if self.session is not None:
                self.end("USER_INITIATED")
                notes.append("the open session was ended first, as a new invocation starts a new one")
            self.session = env.Session()
        elif self.session is None:
            return Turn(you=utterance, notes=notes + [self._no_session_note()])
        turn = self._send_match(utterance, match)
        turn.notes[:0] = notes
        return turn

    def silence(self) -> Turn:
        """An empty line: the user said nothing after the skill stopped talking."""
        if self.session is None:
            return Turn(you="", notes=["silence; " + self._no_session_note()])
        self.silences += 1
        if self.silences == 1 and self.last_reprompt_ssml:
            return Turn(
                you="",
                ssml=self.last_reprompt_ssml,
                reprompt_ssml=self.last_reprompt_ssml,
                end_session=False,
                notes=["silence: Alexa says the reprompt"],
            )
        turn = self.end("EXCEEDED_MAX_REPROMPTS")
        turn.notes.append("silence again: the session ends, as on a device")
        return turn

    def pause(self) -> Turn:
        """What "Alexa, pause" sends (Ctrl-C during a hold)."""
        if self.session is None:
            return Turn(you="(pause)", notes=["nothing to pause: no session is open"])
        intent = self.matcher.model.intents.get(PAUSE_INTENT)
        request = env.intent_request(
            self.locale, PAUSE_INTENT, intent.slots if intent else {}, {}, self.identity.skill_id
        )
        return self._exchange("(pause)", request, {})

    def end(self, reason: str) -> Turn:
        """Close the open session with a SessionEndedRequest (its response is never spoken)."""
        if self.session is None:
            return Turn(you="")
        request = env.session_ended_request(self.locale, reason)
        session, self.session = self.session, None
        self.transport.send(env.envelope(request, session, self.identity))
        return Turn(you="", request=request)

    def _send_match(self, utterance: str, match: Match) -> Turn:
        if match.request_type == "LaunchRequest":
            request = env.launch_request(self.locale)
        else:
            declared = self.matcher.model.intents.get(match.intent)
            request = env.intent_request(
                self.locale, match.intent, declared.slots if declared else {}, match.slots, self.identity.skill_id
            )
        return self._exchange(utterance, request, match.slots)

    def _exchange(self, utterance: str, request: dict, slots: dict[str, SlotFill]) -> Turn:
        session = self.session
        try:
            reply = self.transport.send(env.envelope(request, session, self.identity))
        except SkillUnavailable:
            self.session = None
            raise
        body = reply.get("response")
        if not isinstance(body, dict):
            self.session = None
            raise SkillUnavailable("the skill answered without a 'response' object")
        ssml = _speech_ssml(body.get("outputSpeech"))
        reprompt = body.get("reprompt") or {}
        reprompt_ssml = _speech_ssml(reprompt.get("outputSpeech") if isinstance(reprompt, dict) else None)
        ends = body.get("shouldEndSession") is not False
        directives = body.get("directives")
        card = body.get("card")
        turn = Turn(
            you=utterance, request=request, slots=dict(slots), ssml=ssml, reprompt_ssml=reprompt_ssml, end_session=ends,
            directives=[d for d in directives if isinstance(d, dict)] if isinstance(directives, list) else [],
            card=card if isinstance(card, dict) else None,
        )
        for label, text in (("speech", ssml), ("reprompt", reprompt_ssml)):
            if text:
                try:
                    spoken_seconds(text)
                except TimelineError as error:
                    turn.notes.append(f"the skill's {label} SSML cannot be measured: {error}")
        if ends:
            self.session = None
            self.last_reprompt_ssml = ""
        else:
            attributes = reply.get("sessionAttributes")
            session.attributes = dict(attributes) if isinstance(attributes, dict) else {}
            session.new = False
            self.last_reprompt_ssml = reprompt_ssml
            self.silences = 0
        return turn
