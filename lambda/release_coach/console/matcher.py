"""Which request an utterance becomes, decided from the interaction model.

Every sample utterance (plus the built-in intents' common phrasings) is compiled into a pattern of
literal words and `{Slot}` captures. An utterance is aligned against each pattern by dynamic
programming, and the alignment with the lowest cost gives that sample's score:

    score = 2 * matched / (pattern_weight + utterance_weight)          (a weighted Dice score)

- pattern_weight sums the sample's elements: a content word weighs 1.0, a function word
  ("the", "to", "my" ...) 0.35, a slot 1.5.
- utterance_weight sums what was heard the same way; the words a slot captures count as one slot.
- matched sums, over aligned pairs, the element's weight times how well it matched: the same word
  1.0, the same stem ("stretches"/"stretch") 0.9, an interchangeable word ("begin"/"start") 0.8,
  a near spelling ("rolller") 0.7; a slot counts its weight times its fit: a value or synonym of
  its custom type 1.0, a parsed AMAZON.NUMBER / AMAZON.DURATION 1.0, free text for
  AMAZON.SearchQuery 0.7, an unknown value of a custom type 0.3 (sent as ER_SUCCESS_NO_MATCH,
  as Alexa does). A sample with an AMAZON.SearchQuery slot matches only if every word of its
  carrier phrase is heard: Alexa requires the carrier.

Words the sample lacks and words the utterance adds only cost their weight, so fillers and small
paraphrases lower the score a little instead of breaking the match. The best sample wins (ties:
more matched weight, then the model's own intents before built-in phrasings). Below
FALLBACK_THRESHOLD the utterance is AMAZON.FallbackIntent. Launch phrases ("open release coach")
and one-shots ("ask release coach to ...") are recognised around the invocation name first.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .builtins import BUILTIN_PHRASINGS
from .model import InteractionModel, SlotValue
from .spoken import parse_duration, parse_number
from .text import stem, tokens as to_tokens, words as to_words

FALLBACK_INTENT = "AMAZON.FallbackIntent"
FALLBACK_THRESHOLD = 0.6

CONTENT_WEIGHT = 1.0
FUNCTION_WEIGHT = 0.35
SLOT_WEIGHT = 1.5

EXACT, SAME_STEM, INTERCHANGEABLE, NEAR_SPELLING = 1.0, 0.9, 0.8, 0.7
FIT_VALUE, FIT_FREE_TEXT, FIT_OTHER_BUILTIN, FIT_UNKNOWN_VALUE = 1.0, 0.7, 0.5, 0.3

FUNCTION_WORDS = frozenset(
    "a an the to of for on in at with by from into onto about this that these those it its is am "
    "are was be been do does did can could would will shall should may might must i me my mine "
    "you your we us our he she they them their and or but if then than there here now just some "
    "any want need like get got going let would".split()
)

# Words people swap freely in these requests; a real model learns this, a sample list cannot.
INTERCHANGEABLE_WORDS = (
    {"start", "begin", "commence"},
    {"continue", "resume"},
    {"tell", "give", "show"},
    {"explain", "describe"},
    {"next", "following"},
    {"finished", "done", "through"},
    # Homophones the recogniser writes either way: "two much" is "too much" heard.
    {"too", "two"},
)

# Connecting words Alexa drops between the invocation name and the request in a one-shot.
_ONE_SHOT_CONNECTORS = {"to", "for", "that", "if", "whether", "and", "then"}
_LAUNCH_VERBS = ("open", "start", "launch", "begin", "run", "load", "play", "use", "talk to",
                 "speak to", "open up", "start up", "fire up", "go to")
_ONE_SHOT_VERBS = ("ask", "tell")
_SUFFIX_WORDS = ("with", "using", "from", "on", "in", "via")

_SLOT_REFERENCE = re.compile(r"\{([A-Za-z0-9_]+)\}")
_NO_CLAUSES = False  # True hears every utterance whole (console/clauses.py is not asked)
# Words that open what people say without being the request ("oh", "um", "well", "yeah so").
_LEADING_FILLERS = frozenset("oh um umm uh uhh er erm hmm mm well so okay ok alright right yeah actually sorry "
                             "alexa look listen hey gosh anyway like honestly mate seriously basically jeez "
                             "crikey blimey ugh".split())


@dataclass(frozen=True)
class SlotFill:
    """A slot as Alexa fills it: `value` is what goes in slot.value."""

    name: str
    type: str
    value: str
    heard: str
    # None for built-in types (no entity resolution); otherwise the matching values, [] if none.
    resolved: tuple[SlotValue, ...] | None = None

    @property
    def status(self) -> str | None:
        if self.resolved is None:
            return None
        return "ER_SUCCESS_MATCH" if self.resolved else "ER_SUCCESS_NO_MATCH"


@dataclass(frozen=True)
class Match:
    request_type: str  # "LaunchRequest" or "IntentRequest"
    intent: str | None
    slots: dict[str, SlotFill] = field(default_factory=dict)
    score: float = 1.0
    sample: str | None = None
    # True for a launch phrase or a one-shot: the request opens a new session.
    opens_session: bool = False


@dataclass(frozen=True)
class _Literal:
    word: str
    stem: str
    weight: float


@dataclass(frozen=True)
class _SlotRef:
    name: str
    type: str
    weight: float = SLOT_WEIGHT


@dataclass(frozen=True)
class _Pattern:
    intent: str
    sample: str
    elements: tuple[_Literal | _SlotRef, ...]
    weight: float
    from_model: bool
    # Alexa hears an AMAZON.SearchQuery only behind its whole carrier phrase ("my {query}" needs
    # the "my"); without this, a one-word carrier would make its intent swallow every utterance.
    carrier_required: bool = False
    # A carrier's words before its first slot and after its last, heard exactly (_carrier_fits).
    lead: tuple[str, ...] = ()
    tail: tuple[str, ...] = ()


def word_weight(word: str) -> float:
    return FUNCTION_WEIGHT if word in FUNCTION_WORDS else CONTENT_WEIGHT


def _interchangeable(a: str, b: str) -> bool:
    return any(a in group and b in group for group in INTERCHANGEABLE_WORDS)


@lru_cache(maxsize=65536)
def literal_quality(expected: str, heard: str) -> float:
    if expected == heard:
        return EXACT
    if stem(expected) == stem(heard):
        return SAME_STEM
    if _interchangeable(expected, heard) or _interchangeable(stem(expected), stem(heard)):
        return INTERCHANGEABLE
    if min(len(expected), len(heard)) >= 5 and difflib.SequenceMatcher(None, expected, heard).ratio() >= 0.85:
        return NEAR_SPELLING
    return 0.0


class _SlotType:
    """How well a span of words fills a slot of one type, and what Alexa would send for it."""

    def __init__(self, type_name: str, values: tuple[SlotValue, ...]):
        self.type_name = type_name
        self.by_words: dict[tuple[str, ...], list[SlotValue]] = {}
        for value in values:
            for phrase in (value.name, *value.synonyms):
                key = tuple(stem(word) for word in to_words(phrase))
                if key and value not in self.by_words.setdefault(key, []):
                    self.by_words[key].append(value)
        self.custom = not type_name.startswith("AMAZON.")
        longest = max((len(key) for key in self.by_words), default=3)
        if type_name == "AMAZON.NUMBER":
            self.max_words = 7
        elif type_name == "AMAZON.DURATION":
            self.max_words = 10
        elif type_name == "AMAZON.SearchQuery":
            self.max_words = 10_000
        elif self.custom:
            self.max_words = longest + 2
        else:
            self.max_words = 4

    def fill(self, name: str, span: tuple[str, ...]) -> tuple[float, SlotFill] | None:
        heard = " ".join(span)
        if self.type_name == "AMAZON.NUMBER":
            number = parse_number(list(span))
            return None if number is None else (FIT_VALUE, SlotFill(name, self.type_name, str(number), heard))
        if self.type_name == "AMAZON.DURATION":
            duration = parse_duration(list(span))
            return None if duration is None else (FIT_VALUE, SlotFill(name, self.type_name, duration, heard))
        if self.custom:
            values = self.by_words.get(tuple(stem(word) for word in span), [])
            fit = FIT_VALUE if values else FIT_UNKNOWN_VALUE
            return fit, SlotFill(name, self.type_name, heard, heard, tuple(values))
        if self.type_name == "AMAZON.SearchQuery":
            return FIT_FREE_TEXT, SlotFill(name, self.type_name, heard, heard)
        return FIT_OTHER_BUILTIN, SlotFill(name, self.type_name, heard, heard)


class Matcher:
    def __init__(self, model: InteractionModel):
        self.model = model
        self.invocation = tuple(to_words(model.invocation_name))
        self.slot_types = {
            type_name: _SlotType(type_name, model.types.get(type_name, ()))
            for intent in model.intents.values()
            for type_name in intent.slots.values()
        }
        self.patterns: list[_Pattern] = []
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
        slots = self.model.intents[intent_name].slots
        elements: list[_Literal | _SlotRef] = []
        for index, piece in enumerate(_SLOT_REFERENCE.split(sample)):
            if index % 2:
                elements.append(_SlotRef(piece, slots[piece]))
            else:
                elements.extend(_Literal(word, stem(word), word_weight(word)) for word in to_tokens(piece))
        if elements:
            weight = sum(element.weight for element in elements)
            carrier_required = any(
                isinstance(element, _SlotRef) and element.type == "AMAZON.SearchQuery" for element in elements
            )
            lead = tail = ()
            if carrier_required:
                first = next(k for k, e in enumerate(elements) if isinstance(e, _SlotRef))
                last = max(k for k, e in enumerate(elements) if isinstance(e, _SlotRef))
                lead = tuple(e.word for e in elements[:first])
                tail = tuple(e.word for e in elements[last + 1:])
            self.patterns.append(_Pattern(intent_name, sample, tuple(elements), weight, from_model, carrier_required,
                                          lead, tail))

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
        if not after and before and before[-1] in _SUFFIX_WORDS and len(before) > 1:
            return self._one_shot(before[:-1])
        return None

    def _one_shot(self, request: list[str]) -> Match:
        candidates = [request]
        if request[0] in _ONE_SHOT_CONNECTORS and len(request) > 1:
            candidates.insert(0, request[1:])
        if request[:2] == ["to", "the"] or request[:1] == ["about"]:
            candidates.append(request[1:])
        best = max((self.match_intent(candidate) for candidate in candidates), key=lambda m: m.score)
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
        for pattern, bound in self._candidates(heard, heard_stems):
            if best is not None and bound < best[0]:
                break
            aligned = self._align(pattern, heard_tuple, token_weights)
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

    def _candidates(self, heard: list[str], heard_stems: set[str]):
        """Patterns with an upper bound on their score, best bound first (branch and bound).

        With M the matched weight, score = 2M / (P + U) and U >= M, so score <= 2M / (P + M);
        M is at most the weight of the pattern's literals that could match a heard word plus
        its slots' weight.
        """
        ranked = []
        seen: dict[str, bool] = {}  # literal word -> could it match a heard word
        start = len(heard) - len(without_leading_fillers(heard))
        for pattern in self.patterns:
            if pattern.carrier_required and not _carrier_fits(pattern, heard, start):
                continue
            reachable = 0.0
            for element in pattern.elements:
                if isinstance(element, _SlotRef):
                    reachable += element.weight
                    continue
                heard_it = seen.get(element.word)
                if heard_it is None:
                    heard_it = seen[element.word] = element.stem in heard_stems or any(
                        literal_quality(element.word, word) for word in heard)
                if heard_it:
                    reachable += element.weight
            if reachable:
                ranked.append((2 * reachable / (pattern.weight + reachable), pattern))
        ranked.sort(key=lambda item: -item[0])
        return [(pattern, bound) for bound, pattern in ranked]

    def _align(self, pattern: _Pattern, heard: tuple[str, ...], token_weights: list[float]):
        """Lowest-cost alignment of heard words to the pattern: (score, matched weight, slots)."""
        n, m = len(pattern.elements), len(heard)
        infinity = float("inf")
        cost = [[infinity] * (m + 1) for _ in range(n + 1)]
        back: list[list[tuple | None]] = [[None] * (m + 1) for _ in range(n + 1)]
        cost[0][0] = 0.0

        def relax(i: int, j: int, value: float, step: tuple) -> None:
            if value < cost[i][j]:
                cost[i][j] = value
                back[i][j] = step

        for i in range(n + 1):
            element = pattern.elements[i] if i < n else None
            for j in range(m + 1):
                here = cost[i][j]
                if here == infinity:
                    continue
                # Alexa hears a free-text slot only behind its carrier as said: no word before the
                # carrier (a filler aside) or inside it, and each carrier word as it is.
                if j < m and (not pattern.carrier_required or (i == 0 and heard[j] in _LEADING_FILLERS)
                              or (i > 0 and isinstance(pattern.elements[i - 1], _SlotRef))):
                    relax(i, j + 1, here + token_weights[j], ("extra", i, j))
                if element is None:
                    continue
                if not (pattern.carrier_required and isinstance(element, _Literal)):
                    relax(i + 1, j, here + element.weight, ("skip", i, j))
                if isinstance(element, _Literal):
                    if j < m:
                        quality = literal_quality(element.word, heard[j])
                        if pattern.carrier_required and quality < EXACT:
                            quality = 0.0
                        if quality:
                            relax(i + 1, j + 1, here + 2 * element.weight * (1 - quality), ("word", i, j, quality))
                else:
                    slot_type = self.slot_types[element.type]
                    for k in range(j + 1, min(m, j + slot_type.max_words) + 1):
                        filled = slot_type.fill(element.name, heard[j:k])
                        if filled is not None:
                            fit, slot = filled
                            relax(i + 1, k, here + 2 * element.weight * (1 - fit), ("slot", i, j, fit, slot))
        if cost[n][m] == infinity:
            return None
        heard_weight = 0.0
        matched = 0.0
        slots: dict[str, SlotFill] = {}
        i, j = n, m
        while (i, j) != (0, 0):
            step = back[i][j]
            kind = step[0]
            if kind == "extra":
                heard_weight += token_weights[step[2]]
            elif kind == "word":
                heard_weight += pattern.elements[step[1]].weight
                matched += pattern.elements[step[1]].weight * step[3]
            elif kind == "slot":
                heard_weight += SLOT_WEIGHT
                matched += SLOT_WEIGHT * step[3]
                slots[step[4].name] = step[4]
            i, j = step[1], step[2]
        score = 1.0 - cost[n][m] / (pattern.weight + heard_weight)
        return score, matched, slots


def without_leading_fillers(words: list[str]) -> list[str]:
    """The words after the fillers that open them ("oh um, ..."), keeping at least one."""
    start = 0
    while start < len(words) - 1 and words[start] in _LEADING_FILLERS:
        start += 1
    return words[start:]


def _carrier_fits(pattern: _Pattern, heard: list[str], start: int) -> bool:
    """A free-text sample's carrier, as _align hears it: its leading words exactly at the start
    (after fillers, or from the very start) and its trailing words exactly at the end. A cheap
    test that spares the alignment of every sample that can't match; _align keeps the rule itself."""
    lead, tail = pattern.lead, pattern.tail
    if lead and not any(tuple(heard[s:s + len(lead)]) == lead for s in range(start + 1)):
        return False
    return not tail or tuple(heard[len(heard) - len(tail):]) == tail


def find(haystack: list[str], needle: tuple[str, ...]) -> int:
    for start in range(len(haystack) - len(needle) + 1):
        if tuple(haystack[start:start + len(needle)]) == needle:
            return start
    return -1
