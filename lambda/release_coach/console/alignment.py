"""One sample against one utterance: the sample compiled to a pattern, aligned word by word.

A sample becomes a pattern of literal words and `{Slot}` captures. An utterance is aligned against
it by dynamic programming, and the alignment with the lowest cost gives that sample's score:

    score = 2 * matched / (pattern_weight + utterance_weight)          (a weighted Dice score)

- pattern_weight sums the sample's elements: a content word weighs 1.0, a function word
  ("the", "to", "my" ...) 0.35, a slot 1.5.
- utterance_weight sums what was heard the same way; the words a slot captures count as one slot.
- matched sums, over aligned pairs, the element's weight times how well it matched: the same word
  1.0, the same stem ("stretches"/"stretch") 0.9, an interchangeable word ("begin"/"start") 0.8,
  a near spelling ("rolller") 0.7; a slot counts its weight times its fit (console/slots.py).
  A sample with an AMAZON.SearchQuery slot matches only if every word of its carrier phrase is
  heard: Alexa requires the carrier.

Words the sample lacks and words the utterance adds only cost their weight, so fillers and small
paraphrases lower the score a little instead of breaking the match.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from .slots import SlotFill, SlotType
from .text import stem, tokens as to_tokens

CONTENT_WEIGHT = 1.0
FUNCTION_WEIGHT = 0.35
SLOT_WEIGHT = 1.5

EXACT, SAME_STEM, INTERCHANGEABLE, NEAR_SPELLING = 1.0, 0.9, 0.8, 0.7

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

_SLOT_REFERENCE = re.compile(r"\{([A-Za-z0-9_]+)\}")
# Words that open what people say without being the request ("oh", "um", "well", "yeah so").
_LEADING_FILLERS = frozenset("oh um umm uh uhh er erm hmm mm well so okay ok alright right yeah actually sorry "
                             "alexa look listen hey gosh anyway like honestly mate seriously basically jeez "
                             "crikey blimey ugh".split())


@dataclass(frozen=True)
class Word:
    word: str
    stem: str
    weight: float


@dataclass(frozen=True)
class SlotRef:
    name: str
    type: str
    weight: float = SLOT_WEIGHT


@dataclass(frozen=True)
class Pattern:
    intent: str
    sample: str
    elements: tuple[Word | SlotRef, ...]
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


def compile_sample(intent_name: str, sample: str, slots: dict[str, str], from_model: bool) -> Pattern | None:
    """The pattern of a sample (`slots`: the intent's slot name -> type), None if it has no words."""
    elements: list[Word | SlotRef] = []
    for index, piece in enumerate(_SLOT_REFERENCE.split(sample)):
        if index % 2:
            elements.append(SlotRef(piece, slots[piece]))
        else:
            elements.extend(Word(word, stem(word), word_weight(word)) for word in to_tokens(piece))
    if not elements:
        return None
    weight = sum(element.weight for element in elements)
    carrier_required = any(
        isinstance(element, SlotRef) and element.type == "AMAZON.SearchQuery" for element in elements
    )
    lead = tail = ()
    if carrier_required:
        first = next(k for k, e in enumerate(elements) if isinstance(e, SlotRef))
        last = max(k for k, e in enumerate(elements) if isinstance(e, SlotRef))
        lead = tuple(e.word for e in elements[:first])
        tail = tuple(e.word for e in elements[last + 1:])
    return Pattern(intent_name, sample, tuple(elements), weight, from_model, carrier_required, lead, tail)


def candidates(patterns: list[Pattern], heard: list[str], heard_stems: set[str]):
    """Patterns with an upper bound on their score, best bound first (branch and bound).

    With M the matched weight, score = 2M / (P + U) and U >= M, so score <= 2M / (P + M);
    M is at most the weight of the pattern's literals that could match a heard word plus
    its slots' weight.
    """
    ranked = []
    seen: dict[str, bool] = {}  # literal word -> could it match a heard word
    start = len(heard) - len(without_leading_fillers(heard))
    for pattern in patterns:
        if pattern.carrier_required and not _carrier_fits(pattern, heard, start):
            continue
        reachable = 0.0
        for element in pattern.elements:
            if isinstance(element, SlotRef):
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


def align(pattern: Pattern, heard: tuple[str, ...], token_weights: list[float], slot_types: dict[str, SlotType]):
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
                          or (i > 0 and isinstance(pattern.elements[i - 1], SlotRef))):
                relax(i, j + 1, here + token_weights[j], ("extra", i, j))
            if element is None:
                continue
            if not (pattern.carrier_required and isinstance(element, Word)):
                relax(i + 1, j, here + element.weight, ("skip", i, j))
            if isinstance(element, Word):
                if j < m:
                    quality = literal_quality(element.word, heard[j])
                    if pattern.carrier_required and quality < EXACT:
                        quality = 0.0
                    if quality:
                        relax(i + 1, j + 1, here + 2 * element.weight * (1 - quality), ("word", i, j, quality))
            else:
                slot_type = slot_types[element.type]
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


def _carrier_fits(pattern: Pattern, heard: list[str], start: int) -> bool:
    """A free-text sample's carrier, as align hears it: its leading words exactly at the start
    (after fillers, or from the very start) and its trailing words exactly at the end. A cheap
    test that spares the alignment of every sample that can't match; align keeps the rule itself."""
    lead, tail = pattern.lead, pattern.tail
    if lead and not any(tuple(heard[s:s + len(lead)]) == lead for s in range(start + 1)):
        return False
    return not tail or tuple(heard[len(heard) - len(tail):]) == tail
