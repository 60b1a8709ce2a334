"""Request envelopes shaped like the ones an Echo device sends (what ask-sdk-model deserialises)."""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .slots import SlotFill

API_ENDPOINT = "https://api.amazonalexa.com"
# Used when no SKILL_ID is configured; the skill only checks the id when one is set.
LOCAL_SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-c0ac4c0ac4c0"


def _stable_suffix(kind: str, name: str) -> str:
    return hashlib.sha256(f"release-coach-console:{kind}:{name}".encode("utf-8")).hexdigest().upper()


@dataclass(frozen=True)
class Identity:
    """Who is talking, to which skill, on which device; the same for every request of a run."""

    skill_id: str
    user: str
    # A device with a screen (coach talk --screen): an Echo Show-like hub that renders APL.
    screen: bool = False

    @property
    def user_id(self) -> str:
        return "amzn1.ask.account." + _stable_suffix("user", self.user)

    @property
    def device_id(self) -> str:
        return "amzn1.ask.device." + _stable_suffix("device", self.user)


@dataclass
class Session:
    session_id: str = field(default_factory=lambda: f"amzn1.echo-api.session.{uuid.uuid4()}")
    new: bool = True
    attributes: dict = field(default_factory=dict)


# What an Echo Show 8-class hub declares: APL in its supported interfaces, and its viewport.
APL_INTERFACE = {"runtime": {"maxVersion": "2024.3"}}
HUB_VIEWPORT = {
    "experiences": [{"arcMinuteWidth": 246, "arcMinuteHeight": 144, "canRotate": False, "canResize": False}],
    "mode": "HUB",
    "shape": "RECTANGLE",
    "pixelWidth": 1280,
    "pixelHeight": 800,
    "dpi": 213,
    "currentPixelWidth": 1280,
    "currentPixelHeight": 800,
    "touch": ["SINGLE"],
    "keyboard": [],
    "video": {"codecs": ["H_264_42", "H_264_41"]},
}


def now_timestamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _request_base(request_type: str, locale: str) -> dict:
    return {
        "type": request_type,
        "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
        "timestamp": now_timestamp(),
        "locale": locale,
    }


def launch_request(locale: str) -> dict:
    return _request_base("LaunchRequest", locale)


def session_ended_request(locale: str, reason: str) -> dict:
    return {**_request_base("SessionEndedRequest", locale), "reason": reason}


def slot_json(slot_name: str, fill: SlotFill | None, skill_id: str) -> dict:
    """One slot as Alexa sends it; a declared but unfilled slot carries only its name."""
    slot = {"name": slot_name, "confirmationStatus": "NONE"}
    if fill is None:
        return slot
    slot["value"] = fill.value
    slot["source"] = "USER"
    slot_value = {"type": "Simple", "value": fill.value}
    if fill.resolved is not None:
        resolutions = {
            "resolutionsPerAuthority": [
                {
                    "authority": f"amzn1.er-authority.echo-sdk.{skill_id}.{fill.type}",
                    "status": {"code": fill.status},
                    **(
                        {"values": [{"value": {"name": value.name, "id": value.id}} for value in fill.resolved]}
                        if fill.resolved
                        else {}
                    ),
                }
            ]
        }
        slot["resolutions"] = resolutions
        slot_value["resolutions"] = resolutions
    slot["slotValue"] = slot_value
    return slot


def intent_request(
    locale: str, intent_name: str, declared_slots: dict[str, str], fills: dict[str, SlotFill], skill_id: str
) -> dict:
    intent: dict = {"name": intent_name, "confirmationStatus": "NONE"}
    if declared_slots:
        intent["slots"] = {name: slot_json(name, fills.get(name), skill_id) for name in declared_slots}
    return {**_request_base("IntentRequest", locale), "intent": intent}


def envelope(request: dict, session: Session, identity: Identity) -> dict:
    application = {"applicationId": identity.skill_id}
    user = {"userId": identity.user_id}
    interfaces = {"Alexa.Presentation.APL": APL_INTERFACE} if identity.screen else {}
    body = {
        "version": "1.0",
        "session": {
            "new": session.new,
            "sessionId": session.session_id,
            "application": application,
            "user": user,
            "attributes": dict(session.attributes),
        },
        "context": {
            "System": {
                "application": application,
                "user": user,
                "device": {"deviceId": identity.device_id, "supportedInterfaces": interfaces},
                "apiEndpoint": API_ENDPOINT,
                "apiAccessToken": "console." + _stable_suffix("token", identity.user)[:32],
            }
        },
        "request": request,
    }
    if identity.screen:
        body["context"]["Viewport"] = HUB_VIEWPORT
    return body
