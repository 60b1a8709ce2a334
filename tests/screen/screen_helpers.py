"""Shared by the screen tests: step replies straight from the coach, conversations through
lambda_handler as a device with or without a screen, and checks of what a response carries."""
from __future__ import annotations

import json
import re

from release_coach.console.conversation import Conversation
from release_coach.console.envelope import Identity
from release_coach.domain import routines as R
from release_coach.domain.coach import Coach, Context, Profile, SessionState
from release_coach.screen.apl import DATASOURCE, TOKEN, document
from release_coach.speech.timeline import timeline

CAT = R.catalog()
# The speaking paces a person can choose (the coach moves in steps of 10 between these).
PACES = range(80, 121, 10)
RESPONSE_LIMIT_BYTES = 24 * 1024
RENDER = "Alexa.Presentation.APL.RenderDocument"
NOW = 1_700_000_000.0

TIMED = [(rid, pos) for rid in CAT.routines for pos, ps in enumerate(R.build_plan(CAT, [rid])) if ps.step.is_timed]


def coach_at(routine_id: str, pos: int, pace: int = 100, **state) -> Coach:
    fields = dict(routines=[routine_id], pos=pos, screened=True, flare_asked=True, warmup_offered=True)
    fields.update(state)
    return Coach(SessionState(**fields), Profile(prefs={"pace": pace}), Context(now=NOW))


def speak_step(coach: Coach):
    """The reply for the coach's current step (the method's name has changed over time)."""
    method = getattr(coach, "step_reply", None) or getattr(coach, "_step_reply")
    return method([])


def step_window(ssml: str, step: R.Step) -> tuple[float, float]:
    """Where the hold really is in the SSML: from the end of the step's start line to the start of
    its end line, on the spoken timeline (the way tests/core measures every hold)."""
    events = timeline(ssml)
    starts = [e for e in events if e.kind == "speech" and e.text.endswith(step.start)]
    ends = [e for e in events if e.kind == "speech" and e.text.startswith(step.end)]
    assert starts and ends, f"{step.id}: start or end line not found"
    return starts[0].end, ends[0].start


def raw_envelope(intent_name: str, attributes: dict, screen: bool) -> dict:
    """An intent request in a session carrying these attributes, from a hub or a speaker."""
    user = {"userId": "amzn1.ask.account.screen"}
    application = {"applicationId": "amzn1.ask.skill.screen"}
    interfaces = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2024.3"}}} if screen else {}
    return {
        "version": "1.0",
        "session": {"new": False, "sessionId": "amzn1.echo-api.session.screen", "application": application,
                    "user": user, "attributes": attributes},
        "context": {"System": {"application": application, "user": user, "apiEndpoint": "https://api.amazonalexa.com",
                               "device": {"deviceId": "amzn1.ask.device.screen", "supportedInterfaces": interfaces}}},
        "request": {"type": "IntentRequest", "requestId": "amzn1.echo-api.request.screen",
                    "timestamp": "2026-12-01T12:00:00Z", "locale": "en-US",
                    "intent": {"name": intent_name, "confirmationStatus": "NONE"}},
    }


class Recorder:
    """A transport to lambda_handler that keeps every response whole."""

    def __init__(self, handler):
        self.handler = handler
        self.responses: list[dict] = []

    def send(self, envelope: dict) -> dict:
        response = self.handler(envelope, None)
        self.responses.append(response)
        return response


def talk(matcher, lambda_handler, screen: bool, user: str = "screen-tests") -> tuple[Conversation, Recorder]:
    recorder = Recorder(lambda_handler)
    identity = Identity(skill_id="amzn1.ask.skill.screen", user=user, screen=screen)
    return Conversation(matcher, recorder, identity, "en-US"), recorder


SCREEN_ANSWERS = ["no"] * 7 + ["no", "no"]  # the safety screen, then no flare-up and no warm-up


def start(conversation: Conversation, recorder: Recorder, routine_phrase: str) -> dict:
    """Open the skill, ask for a routine and answer the questions before it; the first step's response."""
    conversation.hear("open release coach")
    conversation.hear(routine_phrase)
    for answer in SCREEN_ANSWERS:
        if any(t.startswith("step:") for t in reply_tags(recorder.responses[-1])):
            break
        conversation.hear(answer)
    return recorder.responses[-1]


def reply_tags(response: dict) -> list[str]:
    return list((response.get("sessionAttributes") or {}).get("reply") or [])


def render_directives(response: dict) -> list[dict]:
    return [d for d in response["response"].get("directives") or [] if d.get("type") == RENDER]


def screen_of(response: dict) -> dict:
    (directive,) = render_directives(response)
    return directive["datasources"][DATASOURCE]


_PANEL_FIELD = re.compile(r"panel\.([A-Za-z]+)")
_RESOURCE = re.compile(r"@([A-Za-z]+)")
PRIMITIVES = {"Container", "Text", "Frame"}


def document_problems(directive: dict) -> list[str]:
    """What is wrong with a RenderDocument, as far as can be checked without a device."""
    problems = []
    if directive.get("type") != RENDER or directive.get("token") != TOKEN:
        problems.append("not our RenderDocument")
    doc = directive.get("document") or {}
    base = document()
    if {k: v for k, v in doc.items() if k != "onMount"} != json.loads(json.dumps(base)):
        problems.append("the document is not the one in content/apl/document.json")
    if doc.get("type") != "APL" or doc.get("mainTemplate", {}).get("parameters") != [DATASOURCE]:
        problems.append("not an APL document taking the coach datasource")
    text = json.dumps(doc)
    resources = set()
    for block in doc.get("resources", []):
        for group in ("colors", "dimensions"):
            resources |= set(block.get(group, {}))
    problems += [f"unknown resource @{name}" for name in set(_RESOURCE.findall(text)) - resources]
    layouts = doc.get("layouts", {})

    def walk(node):
        if isinstance(node, dict):
            kind = node.get("type")
            if kind and kind not in PRIMITIVES and kind not in layouts and kind != "APL":
                problems.append(f"unknown component type {kind}")
            for key, value in node.items():
                if key != "onMount":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({"mainTemplate": doc.get("mainTemplate"), "layouts": layouts})
    data = (directive.get("datasources") or {}).get(DATASOURCE)
    if not isinstance(data, dict) or not data.get("panels"):
        return problems + ["no panels in the datasource"]
    needed = set(_PANEL_FIELD.findall(text))
    for number, panel in enumerate(data["panels"]):
        missing = needed - set(panel)
        if missing:
            problems.append(f"panel {number} lacks {sorted(missing)}")
        if panel.get("kind") not in set(data["phases"]) | {"none"} or (panel["kind"] == "none") != (not panel["seconds"]):
            problems.append(f"panel {number} has kind {panel.get('kind')!r} for {panel.get('seconds')} s")
        if panel.get("seconds") and panel["endMs"] - panel["startMs"] != panel["seconds"] * 1000:
            problems.append(f"panel {number}: its window is not its seconds long")
    bars = {f"bar{n}" for n, p in enumerate(data["panels"]) if p.get("seconds")}
    animated = set(re.findall(r'"componentId": "([^"]+)"', json.dumps(doc.get("onMount", []))))
    if animated != bars:
        problems.append(f"onMount animates {sorted(animated)}, the holds are {sorted(bars)}")
    return problems
