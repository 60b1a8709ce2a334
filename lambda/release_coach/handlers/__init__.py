"""Request handlers: each picks the coach method for a request and nothing more.

Registered in order; dispatch takes the first whose can_handle is true, so the catch-alls come last.
"""
from __future__ import annotations

import logging
from typing import Callable

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.utils import is_request_type
from ask_sdk_model.canfulfill import (
    CanFulfillIntent,
    CanFulfillIntentValues,
    CanFulfillSlot,
    CanFulfillSlotValues,
    CanUnderstandSlotValues,
)

from ..domain.coach import Coach
from ..domain.reply import Line, Reply
from ..persistence.interceptors import forget_user
from .glue import coach_for, duration_seconds, respond, slot_id, slot_value

log = logging.getLogger(__name__)

Action = Callable[[object, Coach], Reply]


class IntentHandler(AbstractRequestHandler):
    """Handles the named intents with one coach action."""

    def __init__(self, names: tuple[str, ...], action: Action):
        self.names = names
        self.action = action

    def can_handle(self, handler_input) -> bool:
        # What is_intent_name checks, without building a predicate per name on every request.
        request = handler_input.request_envelope.request
        return request.object_type == "IntentRequest" and request.intent.name in self.names

    def handle(self, handler_input):
        return respond(handler_input, self.action(handler_input, coach_for(handler_input)))


class LaunchHandler(AbstractRequestHandler):
    def can_handle(self, handler_input) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input):
        return respond(handler_input, coach_for(handler_input).launch())


class SessionEndedHandler(AbstractRequestHandler):
    """No speech is allowed here; keep the position so the next launch can offer to resume."""

    def can_handle(self, handler_input) -> bool:
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input):
        request = handler_input.request_envelope.request
        reason = getattr(getattr(request, "reason", None), "value", None)
        error = getattr(request, "error", None)
        if error is not None:
            log.error("session ended: %s, error %s: %s", reason, getattr(getattr(error, "object_type", None), "value",
                      getattr(error, "object_type", None)), getattr(error, "message", None))
        else:
            log.info("session ended: %s", reason)
        from .glue import keep

        keep(handler_input, coach_for(handler_input))
        return handler_input.response_builder.response


class CanFulfillHandler(AbstractRequestHandler):
    """Alexa asks, without the user hearing anything, whether we can take an intent."""

    def can_handle(self, handler_input) -> bool:
        return is_request_type("CanFulfillIntentRequest")(handler_input)

    def handle(self, handler_input):
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        name = getattr(intent, "name", None)
        ours = name in HANDLED_INTENTS and name not in NOTHING_TO_FULFIL
        verdict = CanFulfillIntentValues.YES if ours else CanFulfillIntentValues.NO
        slots = {
            slot_name: CanFulfillSlot(
                can_understand=CanUnderstandSlotValues.YES if ours else CanUnderstandSlotValues.NO,
                can_fulfill=CanFulfillSlotValues.YES if ours else CanFulfillSlotValues.NO,
            )
            for slot_name in (getattr(intent, "slots", None) or {})
        }
        handler_input.response_builder.set_can_fulfill_intent(CanFulfillIntent(can_fulfill=verdict, slots=slots))
        return handler_input.response_builder.response


class UnsupportedRequestHandler(AbstractRequestHandler):
    """Anything else (a screen touch event, an audio player event, an intent we don't know)."""

    def can_handle(self, handler_input) -> bool:
        return True

    def handle(self, handler_input):
        coach = coach_for(handler_input)
        if is_request_type("IntentRequest")(handler_input):
            return respond(handler_input, coach.fallback())
        if handler_input.request_envelope.request.object_type.startswith(("AudioPlayer.", "PlaybackController.",
                                                                          "System.")):
            # These may not carry speech: Alexa rejects a spoken answer to them.
            return handler_input.response_builder.response
        return respond(handler_input, coach.unsupported())


class SpokenErrorHandler(AbstractExceptionHandler):
    """Whatever went wrong, the person on the floor hears a way forward, never silence."""

    def can_handle(self, handler_input, exception) -> bool:
        return True

    def handle(self, handler_input, exception):
        log.error("error while handling %s", type(handler_input.request_envelope.request).__name__,
                  exc_info=exception)
        builder = handler_input.response_builder
        builder.speak("<speak>Sorry, something went wrong on my side. Say that again, or say help.</speak>")
        builder.ask("<speak>Say help to hear what you can do.</speak>")
        return builder.response


def _forget(handler_input, coach: Coach) -> Reply:
    reply = coach.yes()
    if coach.profile.forget and not forget_user(handler_input):
        return Reply([Line("forget.failed")], end_session=True, tags=["forget:failed"])
    return reply


def _yes(handler_input, coach: Coach) -> Reply:
    return _forget(handler_input, coach) if coach.state.ask == "forget" else coach.yes()


def _pain(handler_input, coach: Coach) -> Reply:
    return coach.pain(slot_value(handler_input, "pain"), level=slot_id(handler_input, "pain"))


def _symptom(handler_input, coach: Coach) -> Reply:
    # The sample's own words never reach us, so every slot carries part of the meaning
    # ("no" + "numbness", "numb" + "groin"); symptom_report puts them back into one sentence.
    from ..domain.safety import symptom_report  # imported on use, like the coach does: cold starts

    slots = ("symptom", "body_part", "negation", "also", "alternative")
    return coach.symptom(symptom_report(*(slot_value(handler_input, name) for name in slots)))


def _question(handler_input, coach: Coach) -> Reply:
    return coach.question(topic=slot_id(handler_input, "topic"), text=slot_value(handler_input, "topic"))


INTENT_ACTIONS: list[tuple[tuple[str, ...], Action]] = [
    (("StartRoutineIntent",), lambda hi, c: c.start(slot_id(hi, "routine"), slot_value(hi, "routine"))),
    (("SessionPlanIntent",), lambda hi, c: c.session(duration_seconds(slot_value(hi, "duration")))),
    (("QuickReleaseIntent",), lambda hi, c: c.quick_release()),
    (("ListRoutinesIntent",), lambda hi, c: c.list_routines()),
    (("AMAZON.NextIntent",), lambda hi, c: c.next()),
    (("SkipStepIntent",), lambda hi, c: c.skip()),
    (("AMAZON.PreviousIntent",), lambda hi, c: c.previous()),
    (("AMAZON.RepeatIntent",), lambda hi, c: c.repeat()),
    (("AMAZON.StartOverIntent",), lambda hi, c: c.start_over()),
    (("AMAZON.PauseIntent",), lambda hi, c: c.pause()),
    (("AMAZON.ResumeIntent",), lambda hi, c: c.resume()),
    (("SwitchSideIntent",), lambda hi, c: c.switch_side(slot_id(hi, "side"))),
    (("SetHoldIntent",), lambda hi, c: c.set_hold(duration_seconds(slot_value(hi, "duration")))),
    (("LongerHoldsIntent",), lambda hi, c: c.change_hold(+1)),
    (("ShorterHoldsIntent",), lambda hi, c: c.change_hold(-1)),
    (("TimeLeftIntent",), lambda hi, c: c.time_left()),
    (("SlowerIntent",), lambda hi, c: c.change_pace(-1)),
    (("FasterIntent",), lambda hi, c: c.change_pace(+1)),
    (("AMAZON.YesIntent",), _yes),
    (("AMAZON.NoIntent",), lambda hi, c: c.no()),
    (("UnsureIntent",), lambda hi, c: c.unsure()),
    (("AMAZON.HelpIntent",), lambda hi, c: c.help()),
    (("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent"), lambda hi, c: c.stop()),
    (("AMAZON.FallbackIntent",), lambda hi, c: c.fallback()),
    (("ReportSymptomIntent",), _symptom),
    (("PainIntent",), _pain),
    (("AskQuestionIntent",), _question),
    (("FreeTextIntent",), lambda hi, c: c.free_text(slot_value(hi, "query"))),
    (("GentleModeIntent",), lambda hi, c: c.gentle()),
    (("NormalPressureIntent",), lambda hi, c: c.normal_pressure()),
    (("DoctorClearedIntent",), lambda hi, c: c.cleared()),
    (("ForgetMeIntent",), lambda hi, c: c.forget_me()),
    (("WhatDoYouRememberIntent",), lambda hi, c: c.what_do_you_remember()),
]

HANDLED_INTENTS = frozenset(name for names, _ in INTENT_ACTIONS for name in names)
# Handled, but there is nothing to fulfil: CanFulfill answers NO, so Alexa never picks us for them.
NOTHING_TO_FULFIL = frozenset({"AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent",
                               "AMAZON.HelpIntent", "AMAZON.FallbackIntent"})


def request_handlers() -> list[AbstractRequestHandler]:
    return ([LaunchHandler()] + [IntentHandler(names, action) for names, action in INTENT_ACTIONS]
            + [SessionEndedHandler(), CanFulfillHandler(), UnsupportedRequestHandler()])
