"""Whether a reply shows an outcome label of the authors' brief (tests/data/conversations_brief.md).

Read from the reply tags the skill leaves in the session attribute "reply", the session's state and
whether the session ended; a silence is judged by the reprompt Alexa would play.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from harness_setups import answer_questions

if TYPE_CHECKING:
    from harness import Player, Said

ROUTINE_IDS = {"ball": "ball_release", "roller": "foam_roller", "compression": "gentle_compression",
               "partner": "partner", "warmup": "warm_up"}


def place_kept(before: Said | None, after: Said) -> bool:
    if after.ended:
        return False
    if before is None:
        return True
    if before.state.get("routines") and tuple(after.state.get("routines") or ()) != tuple(before.state["routines"]):
        return False
    if before.state.get("routines") and after.state.get("pos") != before.state.get("pos"):
        return False
    if before.question and before.question != "ask:menu" and not after.question and not after.step:
        return False
    return True


def _fallback(s: Said) -> bool:
    return "fallback" in s.tags or any(t.startswith("fallback.") for t in s.tags)


def _question_sentence(text: str) -> str | None:
    questions = [q.strip() for q in re.findall(r"[^.?!]*\?", text)]
    return questions[-1] if questions else None


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def outcome_ok(label: str, before: Said | None, after: Said, p: Player) -> bool:
    """Whether the reply `after` (to what was said after `before`) shows the outcome `label`."""
    if label.startswith("starts:"):
        wanted = label.split(":", 1)[1]
        said = after
        if not said.ended:
            said = answer_questions(p, said)
        step = said.step or ""
        if wanted == "quick":
            return "quick.intro" in " ".join(t for s in p.history[-14:] for t in s.tags) and bool(step)
        if wanted == "session":
            return bool(step) and any(t.startswith("session.") for s in p.history[-14:] for t in s.tags)
        return step.startswith(f"step:{ROUTINE_IDS[wanted]}:")
    if label in ("resume", "accept") and _checked_first(before, after):
        # Taking the saved place in a new session: this session's safety check comes first, as
        # questions before a routine do for `starts:`; it counts once the saved step follows.
        said = answer_questions(p, after)
        return bool(said.step) and said.has("resume.picking_up") and not said.ended
    if after.tags and "silence" in after.tags:
        return _silence_ok(label, before, after)
    checks = {
        "menu": lambda: after.has("menu") or after.question == "ask:menu",
        "advance": lambda: (bool(after.step) and before is not None and (
            after.step != before.step or after.state.get("pos") != before.state.get("pos"))
            and not after.has("nav.back")) or after.has("routine:done"),
        "same_step": lambda: bool(after.step) and before is not None and after.step == before.step,
        "back": lambda: after.has("nav.back") or after.has("nav.at_start"),
        "pause": lambda: after.has("paused") and not after.ended,
        "resume": lambda: bool(after.step) and not after.state.get("paused") and not after.ended and (
            after.has("pause.resumed") or after.has("resume.picking_up") or after.has("resume:")
            or (before is not None and after.step == before.step) or after.has("hold:resume")),
        "stop_hold": lambda: after.has("pain:stop") or after.has("pain:end"),
        "answer": lambda: any(t.startswith("kb:") and t != "kb:unknown" for t in after.tags) and not after.ended,
        "reask": lambda: bool(after.question) and before is not None and after.question == before.question
        and not after.ended,
        "next_question": lambda: before is not None and not after.ended and (
            (after.question != before.question or after.tags != before.tags) and (
                any(t.startswith("screen:") for t in after.tags) or bool(after.step)
                or after.question in ("ask:flare", "ask:warmup"))),
        "accept": lambda: not after.ended and not _fallback(after) and (
            after.has("kb:more") or after.has("menu") or bool(after.step)),
        "decline": lambda: not _fallback(after) and (after.ended or after.has("menu") or bool(after.step)
                                                     or after.has("kb.no_more")),
        "emergency": lambda: (after.has("triage:emergency") or after.has("triage:general_emergency")) and after.ended,
        "referral": lambda: after.has("triage:professional") or after.has("triage:blocked"),
        "time_left": lambda: after.has("time_left") or after.has("progress"),
        "hold_changed": lambda: any(re.match(r"hold:\d+$", t) for t in after.tags),
        "gentle": lambda: bool(after.state.get("gentle")) and not after.ended,
        "slower": lambda: any(re.match(r"pace:\d+$", t) and int(t.split(":")[1]) < 100 for t in after.tags),
        "side_switch": lambda: after.has("side.switch") or after.has("side:"),
        "help": lambda: after.has("help") and not after.ended,
        "goodbye": lambda: after.ended,
        "keeps_place": lambda: place_kept(before, after) and not _fallback(after),
    }
    check = checks.get(label)
    if check is None:
        raise ValueError(f"unknown outcome label {label!r}")
    ok = check()
    if ok and label not in ("goodbye", "emergency", "decline", "stop_hold", "referral") and after.ended:
        return False
    return ok


def _checked_first(before: Said | None, after: Said) -> bool:
    """The resume offer was taken and the session's safety check (or flare-up question) was asked."""
    return (before is not None and before.question == "ask:resume" and not after.ended
            and after.question in ("ask:check", "ask:screen", "ask:flare"))


def _silence_ok(label: str, before: Said | None, after: Said) -> bool:
    """Silence: Alexa plays the reprompt. It must keep the session and carry the open question."""
    if after.ended:
        return label == "goodbye"
    if label not in ("reask", "keeps_place", "help", "same_step", "pause"):
        return False
    spoken = before.speech if before else ""
    question = _question_sentence(spoken)
    if question and before is not None and before.question:
        return len(_words(question) & _words(after.reprompt)) >= 0.6 * len(_words(question))
    return "say" in _words(after.reprompt)
