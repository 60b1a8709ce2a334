"""Raw request envelopes for tests that need odd requests the console would never build."""
import uuid
from datetime import datetime, timezone

SKILL_ID = "amzn1.ask.skill.core-tests"


def envelope(request: dict, attributes=None, new=False, with_session=True) -> dict:
    system = {"application": {"applicationId": SKILL_ID}, "user": {"userId": "amzn1.ask.account.core"},
              "device": {"deviceId": "amzn1.ask.device.core", "supportedInterfaces": {}},
              "apiEndpoint": "https://api.amazonalexa.com"}
    body = {"version": "1.0", "context": {"System": system},
            "request": {"requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
                        "timestamp": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "locale": "en-US", **request}}
    if with_session:
        body["session"] = {"new": new, "sessionId": "amzn1.echo-api.session.core",
                           "application": {"applicationId": SKILL_ID}, "user": {"userId": "amzn1.ask.account.core"}}
        if attributes is not None:
            body["session"]["attributes"] = attributes
    return body


def intent(name: str, **slots) -> dict:
    return {"type": "IntentRequest", "intent": {
        "name": name, "confirmationStatus": "NONE",
        "slots": {k: {"name": k, "value": v, "confirmationStatus": "NONE"} for k, v in slots.items()}}}
