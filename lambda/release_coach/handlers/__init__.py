"""Request handlers: each picks the coach method for a request and nothing more.

Registered in order; dispatch takes the first whose can_handle is true, so the catch-alls come last.
"""
from __future__ import annotations

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

from ..domain.coach import Answer, Coach
from ..domain.reply import Line, Reply
from ..persistence.interceptors import forget_user
from ..settings import lazy_logger
from .glue import coach_for, duration_seconds, respond, slot_id, slot_name, slot_value

log = lazy_logger(__name__)



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

        coach = coach_for(handler_input)
        coach.step_finished_check()
        keep(handler_input, coach)
        return handler_input.response_builder.response


class CanFulfillHandler(AbstractRequestHandler):
    """Alexa asks, without the user hearing anything, whether we can take an intent."""

    def can_handle(self, handler_input) -> bool:
        return is_request_type("CanFulfillIntentRequest")(handler_input)

    def handle(self, handler_input):
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        name = getattr(intent, "name", None)
        ours = handles(name) and name not in NOTHING_TO_FULFIL
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
    reply = coach.hear(Answer("yes"))
    if coach.profile.forget and not forget_user(handler_input):
        return Reply([Line("forget.failed")], end_session=True, tags=["forget:failed"])
    return reply


def _symptom(hi) -> Answer:
    # The sample's own words never reach us, so every slot carries part of the meaning
    # ("no" + "numbness", "numb" + "groin"); symptom_report puts them back into one sentence.
    from ..domain.safety import symptom_report  # imported on use, like the coach does: cold starts

    slots = ("symptom", "body_part", "negation", "also", "alternative")
    values = [slot_value(hi, name) for name in slots]
    # A sign said in a word of its own ("we're expecting" heard as the value "expecting") carries its
    # meaning in the value's canonical name ("pregnant"), which triage reads beside the words heard.
    canonical = slot_name(hi, "symptom")
    if values[0] and canonical and canonical.lower() not in values[0].lower():
        values[0] = f"{values[0]} {canonical}"
    return Answer("symptom", None, symptom_report(*values))


def _pain_words(value: str | None) -> str | None:
    # Every PainIntent sample says how the pain is ("it's {pain}", "the pain keeps {pain}"): the
    # slot alone ("worse") loses that, so triage hears it as a sentence, as symptom_report does.
    return f"it is {value}" if value else None


def _words_of(hi, *names: str) -> str | None:
    return next((v for name in names if (v := slot_value(hi, name))), None)


# What each intent means, as a kind of answer (domain/dialog/answers.py). The coach decides what
# that kind does given the question that is open (domain/dialog/questions.py).
ANSWERS: dict[str, Callable[[object], Answer]] = {
    "StartRoutineIntent": lambda hi: Answer("routine", slot_id(hi, "routine"), slot_value(hi, "routine")),
    "SessionPlanIntent": lambda hi: Answer("session", duration_seconds(slot_value(hi, "duration"))),
    "QuickReleaseIntent": lambda hi: Answer("quick"),
    "ListRoutinesIntent": lambda hi: Answer("list"),
    "AMAZON.NextIntent": lambda hi: Answer("next"),
    "AcknowledgeIntent": lambda hi: Answer("ack"),
    "ThanksIntent": lambda hi: Answer("thanks"),
    "ElsewhereIntent": lambda hi: Answer("elsewhere", None, _words_of(hi, "query")),
    "ClarifyIntent": lambda hi: Answer("clarify", None, _words_of(hi, "query")),
    "HesitateIntent": lambda hi: Answer("hesitate"),
    "SkipStepIntent": lambda hi: Answer("skip"),
    "AMAZON.PreviousIntent": lambda hi: Answer("back"),
    "AMAZON.RepeatIntent": lambda hi: Answer("repeat"),
    "AMAZON.StartOverIntent": lambda hi: Answer("start_over"),
    "AMAZON.PauseIntent": lambda hi: Answer("wait"),
    "AMAZON.ResumeIntent": lambda hi: Answer("resume"),
    "SwitchSideIntent": lambda hi: Answer("side", slot_id(hi, "side")),
    "SetHoldIntent": lambda hi: Answer("hold", duration_seconds(slot_value(hi, "duration"))),
    "LongerHoldsIntent": lambda hi: Answer("longer"),
    "ShorterHoldsIntent": lambda hi: Answer("shorter"),
    "TimeComplaintIntent": lambda hi: Answer("time_complaint"),
    "TimeLeftIntent": lambda hi: Answer("time_left"),
    "SlowerIntent": lambda hi: Answer("slower"),
    "FasterIntent": lambda hi: Answer("faster"),
    "FlowModeIntent": lambda hi: Answer("flow"),
    "StepModeIntent": lambda hi: Answer("step_mode"),
    "AMAZON.YesIntent": lambda hi: Answer("yes"),
    "AMAZON.NoIntent": lambda hi: Answer("no"),
    "UnsureIntent": lambda hi: Answer("unsure"),
    "AMAZON.HelpIntent": lambda hi: Answer("help"),
    "AMAZON.StopIntent": lambda hi: Answer("stop"),
    "AMAZON.CancelIntent": lambda hi: Answer("stop"),
    "AMAZON.NavigateHomeIntent": lambda hi: Answer("stop"),
    "AMAZON.FallbackIntent": lambda hi: Answer("fallback"),
    "ReportSymptomIntent": _symptom,
    "PainIntent": lambda hi: Answer("pain", slot_id(hi, "pain"), _pain_words(slot_value(hi, "pain"))),
    "FeedbackIntent": lambda hi: Answer("feedback", None, _words_of(hi, "feeling")),
    "AskQuestionIntent": lambda hi: Answer("question", slot_id(hi, "topic"), _words_of(hi, "topic", "query")),
    "FreeTextIntent": lambda hi: Answer("words", None, _words_of(hi, "query")),
    "GentleModeIntent": lambda hi: Answer("gentle"),
    "NormalPressureIntent": lambda hi: Answer("normal"),
    "DoctorClearedIntent": lambda hi: Answer("cleared"),
    "ForgetMeIntent": lambda hi: Answer("forget"),
    "WhatDoYouRememberIntent": lambda hi: Answer("memory"),
}


def _question_family(name: str) -> Callable[[object], Answer] | None:
    """Intents the knowledge fragment adds per question shape ("HowLongQuestionIntent", ...):
    every slot they have carries the question's words."""
    if name.endswith("QuestionIntent"):
        # The carrier's shape ("how long", "who") helps the knowledge base choose; it reads a
        # shape passed as the topic.
        return lambda hi: Answer("question", _shape(name), _all_slot_words(hi))
    return None


def _shape(name: str) -> str | None:
    from ..domain import knowledge  # on use: the knowledge base loads only for questions

    return knowledge.shape_of(name)


def _all_slot_words(hi) -> str | None:
    intent = getattr(hi.request_envelope.request, "intent", None)
    values = [slot_value(hi, n) for n in (getattr(intent, "slots", None) or {})]
    return " ".join(v for v in values if v) or None


# Statements whose carrier took words that matter, by the suffix of their intents' names: the
# lexicon table of the words each class puts back in front of the slot's, and the kind of answer.
#   *ToldIntent: the opening verb is the sign ("came off my bike"): read as a symptom report;
#   *SaidIntent: the opening holds no request ("yesterday ...", "sitting on the loo ...", "some bloke
#   shoved me ...", "throat's closing up"): free text, as "I ..." is (triage first, then what it asks).
_PUT_BACK = {"ToldIntent": ("told", "symptom"), "SaidIntent": ("said", "words")}


def _put_back_family(name: str) -> Callable[[object], Answer] | None:
    suffix = next((s for s in _PUT_BACK if name.endswith(s)), None)
    if suffix is None:
        return None
    table, kind = _PUT_BACK[suffix]
    from ..domain.triage.lexicon import data  # on use: the triage lexicon loads for statements

    return lambda hi: Answer(kind, None, " ".join(filter(None, (data()[table][name], _words_of(hi, "query")))))


def _answer(hi) -> Answer:
    name = hi.request_envelope.request.intent.name
    read = ANSWERS.get(name) or _question_family(name) or _put_back_family(name)
    return read(hi) if read else Answer("fallback")


def _hear(handler_input, coach: Coach) -> Reply:
    if coach.state.ask == "forget" and handler_input.request_envelope.request.intent.name == "AMAZON.YesIntent":
        return _forget(handler_input, coach)
    return coach.hear(_answer(handler_input))


class AnswerHandler(AbstractRequestHandler):
    """Every intent we know: what it means as an answer, heard by the coach."""

    def can_handle(self, handler_input) -> bool:
        request = handler_input.request_envelope.request
        return request.object_type == "IntentRequest" and handles(request.intent.name)

    def handle(self, handler_input):
        return respond(handler_input, _hear(handler_input, coach_for(handler_input)))


def handles(name: str | None) -> bool:
    return bool(name) and (name in ANSWERS or _question_family(name) is not None
                          or _put_back_family(name) is not None)


# Intents with nothing to fulfil: CanFulfillIntentRequest answers NO for them.
NOTHING_TO_FULFIL = frozenset({"AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent",
                               "AMAZON.FallbackIntent", "AMAZON.HelpIntent"})
HANDLED_INTENTS = frozenset(ANSWERS)


def request_handlers() -> list[AbstractRequestHandler]:
    return [LaunchHandler(), AnswerHandler(), SessionEndedHandler(), CanFulfillHandler(), UnsupportedRequestHandler()]
