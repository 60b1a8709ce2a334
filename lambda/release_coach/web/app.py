"""The Flask app: the skill on `POST /`, a health check on `GET /healthz`.

Every failure has an answer a caller can act on: transport and envelope problems get a 4xx with
a reason, failed verification a 400 and a log line, and a skill that breaks on a verified request
still gets Alexa a valid response. Nothing sends a stack trace.
"""
from __future__ import annotations

import json
import logging
import math
from importlib import metadata

from ask_sdk_core.exceptions import SerializationException as CoreSerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_runtime.exceptions import DispatchException
from ask_sdk_runtime.exceptions import SerializationException as RuntimeSerializationException
from ask_sdk_model import RequestEnvelope
from flask import Flask, Response, request as flask_request
from flask_ask_sdk.skill_adapter import (
    VERIFY_SIGNATURE_APP_CONFIG,
    VERIFY_TIMESTAMP_APP_CONFIG,
    SkillAdapter,
)
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from release_coach.settings import Settings
from release_coach.skill import create_skill
from release_coach.web.envelope_codec import PlannedSerializer
from release_coach.web.envelope_checks import check_application_id, check_timestamp, utc_now
from release_coach.web.refusals import WRONG_APPLICATION_ID, Refusal
from release_coach.web.verifier import SignatureVerifier
from release_coach.web.worker import READ_TIMEOUT_REASON, RequestReadTimeout

log = logging.getLogger("release_coach.web")

# Real Alexa requests are a few kilobytes; 128 KiB leaves room for large session state and
# device context while keeping a flood of big bodies cheap to refuse.
MAX_BODY_BYTES = 128 * 1024
MAX_RESPONSE_BYTES = 24 * 1024
SPEECH_ALLOWED_REQUEST_TYPES = ("LaunchRequest", "IntentRequest")
# Content-Type values that need no parsing to be known as JSON (Alexa sends the second).
_PLAIN_JSON_TYPES = frozenset(("application/json", "application/json; charset=utf-8", "application/json; charset=UTF-8"))
APOLOGY_SSML = "<speak>Sorry, something went wrong on my side. Please try again in a moment.</speak>"


def package_version() -> str:
    try:
        return metadata.version("release-coach")
    except metadata.PackageNotFoundError:
        return "unknown"


class _RequestRejected(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _json_response(payload: dict, status: int = 200) -> Response:
    return Response(
        json.dumps(payload, separators=(",", ":")), status=status, mimetype="application/json"
    )


def _error(status: int, reason: str) -> Response:
    return _json_response({"error": reason}, status)


def _fallback_response(request_type: str) -> dict:
    """What Alexa gets when the skill itself cannot answer a verified request."""
    if request_type in SPEECH_ALLOWED_REQUEST_TYPES:
        speech = {"type": "SSML", "ssml": APOLOGY_SSML}
        return {"version": "1.0", "response": {"outputSpeech": speech, "shouldEndSession": True}}
    # Events (AudioPlayer.*, System.ExceptionEncountered, ...) take no speech: an empty response
    # is the valid acknowledgement.
    return {"version": "1.0", "response": {}}


def _reject_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (math.inf, -math.inf):
        raise ValueError("number out of range")
    return value


_decoder = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite_float)


def parse_envelope(raw: bytes) -> tuple[str, dict]:
    """(body text, envelope) of a well-formed envelope, or _RequestRejected saying why not.

    Strict JSON: NaN, Infinity and numbers beyond a float (1e400) are refused, since whatever
    the skill echoes back from them would not be JSON either.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _RequestRejected(400, "body is not UTF-8") from None
    try:
        envelope = _decoder.decode(text)
    except (ValueError, RecursionError):
        raise _RequestRejected(400, "body is not JSON") from None
    if not isinstance(envelope, dict):
        raise _RequestRejected(400, "body is not a JSON object")
    if not isinstance(envelope.get("version"), str):
        raise _RequestRejected(400, "envelope has no version")
    request = envelope.get("request")
    if not isinstance(request, dict):
        raise _RequestRejected(400, "envelope has no request object")
    for field in ("type", "requestId", "timestamp"):
        if not isinstance(request.get(field), str) or not request[field]:
            raise _RequestRejected(400, f"request has no {field}")
    context = envelope.get("context")
    if not isinstance(context, dict) or not isinstance(context.get("System"), dict):
        raise _RequestRejected(400, "envelope has no context.System")
    return text, envelope


def read_body(environ: dict, declared_length: int | None) -> bytes:
    """The body, at most MAX_BODY_BYTES whether or not a length was declared (chunked)."""
    if declared_length is not None and declared_length > MAX_BODY_BYTES:
        raise _RequestRejected(413, f"body is larger than {MAX_BODY_BYTES} bytes")
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    if declared_length is None and not environ.get("wsgi.input_terminated"):
        return b""  # no length and not chunked: HTTP/1.1 says there is no body
    wanted = MAX_BODY_BYTES + 1 if declared_length is None else declared_length
    try:
        body = stream.read(wanted)
    except RequestReadTimeout:
        raise _RequestRejected(408, READ_TIMEOUT_REASON) from None
    except Exception as error:  # gunicorn's body reader refusing bad chunk framing, and the like
        log.info("bad request body (%s): %s", type(error).__name__, error)
        raise _RequestRejected(400, "request body is malformed") from None
    if len(body) > MAX_BODY_BYTES:
        raise _RequestRejected(413, f"body is larger than {MAX_BODY_BYTES} bytes")
    return body


class GuardedSkillAdapter(SkillAdapter):
    """flask-ask-sdk's adapter, checking requests cheapest first and answering every failure.

    Order: Content-Type, body size, JSON shape, timestamp, application id (all from the bytes
    that were signed), then the chain URL's syntax, the chain (cached or fetched) and the
    signature; only then does the SDK build its model and the skill run.
    """

    def __init__(self, *, skill: CustomSkill, skill_id: str | None, signature_verifier,
                 check_timestamps: bool, clock=utc_now, app: Flask) -> None:
        super().__init__(skill=skill, skill_id=skill_id or "dev", verifiers=[], app=app)
        self._skill = skill
        # The SDK's default (de)serializer, planned once (envelope_codec); any other is used as is.
        self._codec = PlannedSerializer() if type(skill.serializer) is DefaultSerializer else skill.serializer
        self._skill_id = skill_id
        self._signature_verifier = signature_verifier
        self._check_timestamps = check_timestamps
        self._clock = clock

    def _verify(self, envelope: dict, raw: bytes) -> None:
        if self._check_timestamps:
            check_timestamp(envelope["request"]["timestamp"], self._clock())
        if self._skill_id:
            check_application_id(envelope, self._skill_id)
        if self._signature_verifier is not None:
            self._signature_verifier.verify(flask_request.headers, raw)

    def dispatch_request(self) -> Response:
        try:
            # The headers Alexa sends skip werkzeug's parameter parsing; any other is parsed.
            exact = flask_request.environ.get("CONTENT_TYPE") in _PLAIN_JSON_TYPES
            if not exact and flask_request.mimetype != "application/json":
                raise _RequestRejected(415, "Content-Type must be application/json")
            raw = read_body(flask_request.environ, flask_request.content_length)
            text, envelope = parse_envelope(raw)
        except _RequestRejected as rejected:
            log.info("bad request refused (%d): %s", rejected.status, rejected.reason)
            return _error(rejected.status, rejected.reason)
        request_type = envelope["request"]["type"]

        try:
            self._verify(envelope, raw)
        except Refusal as refusal:
            log.warning("alexa request refused: %s", refusal.log_text())
            return _error(400, f"request verification failed: {refusal.reason}")

        try:
            model = _model_of(self._codec, text, envelope)
            _check_model_application_id(model, self._skill_id)
        except (CoreSerializationException, RuntimeSerializationException, AttributeError, TypeError):
            log.info("bad request refused (400): envelope does not match the Alexa schema")
            return _error(400, "envelope does not match the Alexa request schema")
        except Refusal as refusal:
            log.warning("alexa request refused: %s", refusal.log_text())
            return _error(400, f"request verification failed: {refusal.reason}")

        try:
            response = self._skill.invoke(request_envelope=model, context=None)
            # ensure_ascii (the default) makes the text its own bytes: encoded once, measured as sent.
            body = json.dumps(self._codec.serialize(response), separators=(",", ":"), allow_nan=False).encode("ascii")
        except DispatchException:
            log.info("no handler for %s; answered with an empty response", request_type)
            return _json_response(_fallback_response("event"))
        except Exception:  # the skill broke on a verified request: Alexa still needs an answer
            log.exception("skill failed on %s; answered with the fallback response", request_type)
            return _json_response(_fallback_response(request_type))

        if len(body) > MAX_RESPONSE_BYTES:
            log.error("skill response to %s is over %d bytes; sent the fallback", request_type, MAX_RESPONSE_BYTES)
            return _json_response(_fallback_response(request_type))
        return Response(body, mimetype="application/json")


def _model_of(codec, text: str, envelope: dict) -> RequestEnvelope:
    """The SDK model of the envelope, from the dict already parsed when the codec can take one."""
    if isinstance(codec, PlannedSerializer):
        return codec.from_json_value(envelope, RequestEnvelope)
    return codec.deserialize(payload=text, obj_type=RequestEnvelope)


def _check_model_application_id(model: RequestEnvelope, skill_id: str | None) -> None:
    """The SDK model must carry the id the raw JSON did (belt and braces for the alias keys)."""
    if skill_id and model.context.system.application.application_id != skill_id:
        raise Refusal(WRONG_APPLICATION_ID, "the SDK model reads another application id than the JSON")


def _http_error(error: HTTPException) -> Response:
    if isinstance(error, RequestEntityTooLarge):
        reason = f"body is larger than {MAX_BODY_BYTES} bytes"
    else:
        reason = error.name.lower()
    log.info("bad request refused (%d): %s", error.code, reason)
    return _error(error.code or 400, reason)


def create_app(
    settings: Settings | None = None,
    *,
    dev: bool = False,
    skill: CustomSkill | None = None,
    signature_verifier: SignatureVerifier | None = None,
) -> Flask:
    """The web app. Production (`dev=False`) needs settings.skill_id and verifies every request.

    `signature_verifier` replaces the production one (Amazon's chain fetched over HTTPS, public
    roots); only tests and benchmarks pass it, to trust a local CA.
    """
    settings = settings if settings is not None else Settings.from_env()
    skill_id = settings.skill_id
    if skill_id is not None and (not skill_id.strip() or skill_id != skill_id.strip()):
        raise ValueError("SKILL_ID must be the skill's id, without spaces")
    if not dev and not skill_id:
        raise ValueError("SKILL_ID is required unless verification is off (--dev)")
    if dev:
        signature_verifier = None
    elif signature_verifier is None:
        signature_verifier = SignatureVerifier()
    if skill is None:
        skill = create_skill(settings)

    app = Flask("release_coach.web")
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    # Ours replace the SDK's built-in verifiers (see pyproject.toml for why those cannot run).
    app.config[VERIFY_SIGNATURE_APP_CONFIG] = False
    app.config[VERIFY_TIMESTAMP_APP_CONFIG] = False
    adapter = GuardedSkillAdapter(
        skill=skill, skill_id=skill_id, signature_verifier=signature_verifier,
        check_timestamps=not dev, app=app,
    )
    app.add_url_rule("/", endpoint="skill", view_func=adapter.dispatch_request, methods=["POST"])

    version = package_version()
    verification = "off" if dev else "on"

    @app.get("/healthz")
    def healthz() -> Response:
        return _json_response({"status": "ok", "version": version, "verification": verification})

    app.register_error_handler(HTTPException, _http_error)
    return app
