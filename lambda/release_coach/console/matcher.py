"""Which request an utterance becomes, decided from the interaction model.

Every sample utterance (plus the built-in intents' common phrasings) is compiled into a pattern
and the utterance is aligned against each one (console/alignment.py scores a sample; how well
words fill a slot is console/slots.py). The best sample wins (ties: more matched weight, then the
model's own intents before built-in phrasings). Below FALLBACK_THRESHOLD the utterance is
AMAZON.FallbackIntent. Launch phrases ("open release coach") and one-shots ("ask release coach to
...") are recognised around the invocation name first; a turn of more than one clause is heard as
console/clauses.py says.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .alignment import Pattern, align, candidates, compile_sample, word_weight
from .builtins import BUILTIN_PHRASINGS
from .model import InteractionModel
from .slots import SlotFill, SlotType
from .text import stem, tokens as to_tokens, words as to_words

FALLBACK_INTENT = "AMAZON.FallbackIntent"
FALLBACK_THRESHOLD = 0.6

# Connecting words Alexa drops between the invocation name and the request in a one-shot.
_ONE_SHOT_CONNECTORS = {"to", "for", "that", "if", "whether", "and", "then"}
_LAUNCH_VERBS = ("open", "start", "launch", "begin", "run", "load", "play", "use", "talk to",
                 "speak to", "open up", "start up", "fire up", "go to")
_ONE_SHOT_VERBS = ("ask", "tell")
_SUFFIX_WORDS = ("with", "using", "from", "on", "in", "via")

_NO_CLAUSES = False  # True hears every utterance whole (console/clauses.py is not asked)


@dataclass(frozen=True)
class Match:
    request_type: str  # "LaunchRequest" or "IntentRequest"
    intent: str | None
    slots: dict[str, SlotFill] = field(default_factory=dict)
    score: float = 1.0
    sample: str | None = None
    # True for a launch phrase or a one-shot: the request opens a new session.
    opens_session: bool = False


class Matcher:
    def __init__(self, model: InteractionModel):
        self.model = model
        self.invocation = tuple(to_words(model.invocation_name))
        self.slot_types = {
            type_name: SlotType(type_name, model.types.get(type_name, ()))
            for intent in model.intents.values()
            for type_name in intent.slots.values()
        }
        self.patterns: list[Pattern] = []
        claimed: dict[tuple[str, ...], str] = {}
        for intent in model.intents.values():
            for sample in intent.samples:
                self._add_pattern(intent.name, sample, from_model=True)
                claimed.setdefault(tuple(to_tokens(sample)), intent.name)
        for intent in model.intents.values():
            for phrase in BUILTIN_PHRASINGS.get(intent.name, ()):
                if claimed.get(tuple(to_tokens(phrase)), intent.name) == intent.name:
                    self._add_pattern(intent.name, phrase, from_model=False)

    def _add_pattern(self, intent_name: str, sample: str, from_model: bool) -> None:
        pattern = compile_sample(intent_name, sample, self.model.intents[intent_name].slots, from_model)
        if pattern is not None:
            self.patterns.append(pattern)

    # -- whole utterances -------------------------------------------------------------------

    def match(self, utterance: str) -> Match:
        """The request this utterance makes, inside a session or (launch, one-shot) opening one."""
        heard = to_tokens(utterance)
        launch_or_one_shot = self._match_invocation(heard)
        if launch_or_one_shot is not None:
            return launch_or_one_shot
        whole = self.match_intent(heard)
        if _NO_CLAUSES:
            return whole
        from . import clauses  # how a turn of more than one clause is heard

        if whole.intent != FALLBACK_INTENT:
            return clauses.request_after_remark(self, heard, whole) or whole
        return clauses.best_clause(self, utterance) or whole

    def _match_invocation(self, heard: list[str]) -> Match | None:
        name = self.invocation
        if not name:
            return None
        position = find(heard, name)
        if position < 0:
            return None
        before, after = heard[:position], heard[position + len(name):]
        if before[-1:] == ["the"]:
            before = before[:-1]
        if after[:1] in (["skill"], ["app"]):
            after = after[1:]
        before_text = " ".join(before)
        if not after and (not before or before_text in _LAUNCH_VERBS or before_text in _ONE_SHOT_VERBS):
            return Match("LaunchRequest", None, score=1.0, opens_session=True)
        if before_text in _ONE_SHOT_VERBS and after:
            return self._one_shot(after)
        if before_text in _LAUNCH_VERBS and after and after[0] in ("and", "to", "then"):
            return self._one_shot(after)
        if before_text in _LAUNCH_VERBS and after:
            # "open release coach, I'd like to carry on": no connector makes it a one-shot, so the
            # skill is opened and hears the rest as nothing: a launch, never silence.
            return Match("LaunchRequest", None, score=1.0, opens_session=True)
        if not after and before and before[-1] in _SUFFIX_WORDS and len(before) > 1:
            return self._one_shot(before[:-1])
        return None

    def _one_shot(self, request: list[str]) -> Match:
        readings = [request]
        if request[0] in _ONE_SHOT_CONNECTORS and len(request) > 1:
            readings.insert(0, request[1:])
        if request[:2] == ["to", "the"] or request[:1] == ["about"]:
            readings.append(request[1:])
        best = max((self.match_intent(reading) for reading in readings), key=lambda m: m.score)
        return Match(best.request_type, best.intent, best.slots, best.score, best.sample, opens_session=True)

    def match_intent(self, heard: list[str]) -> Match:
        """The best intent for these (already normalised) words, or the fallback intent."""
        if not heard:
            return Match("IntentRequest", FALLBACK_INTENT, score=0.0)
        heard_tuple = tuple(heard)
        heard_stems = {stem(word) for word in heard}
        token_weights = [word_weight(word) for word in heard]
        best: tuple[float, float, bool] | None = None
        best_match: Match | None = None
        for pattern, bound in candidates(self.patterns, heard, heard_stems):
            if best is not None and bound < best[0]:
                break
            aligned = align(pattern, heard_tuple, token_weights, self.slot_types)
            if aligned is None:
                continue
            score, matched, slots = aligned
            key = (score, matched, pattern.from_model)
            if best is None or key > best:
                best = key
                best_match = Match("IntentRequest", pattern.intent, slots, score, pattern.sample)
        if best_match is None or best_match.score < FALLBACK_THRESHOLD:
            score = 0.0 if best_match is None else best_match.score
            return Match("IntentRequest", FALLBACK_INTENT, score=score)
        return best_match


def find(haystack: list[str], needle: tuple[str, ...]) -> int:
    for start in range(len(haystack) - len(needle) + 1):
        if tuple(haystack[start:start + len(needle)]) == needle:
            return start
    return -1
