"""How the matcher hears a turn of more than one clause, as a statistical model would.

People say more than a request: "okay, the tennis ball then, I'll give that a whirl", "that's
ages, can they be shorter", "right, I'm there". Two readings, each what a trained recogniser
does with words its samples don't cover, and neither needing punctuation to find the request
after a remark:

- A leading remark, then a request: the turn opens with the whole of a remark's sample (an
  acknowledgement, thanks, a complaint about time, feedback) and the words after it are a request
  by themselves. The request is what the turn asks for; the remark only acknowledges.
- When the whole utterance matches nothing, each clause (split at punctuation and at "but") is
  matched alone, and the one that carries the most (its score times its words) wins; a clause a
  free-text carrier caught keeps every word that was said.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .text import tokens as to_tokens

# Intents that remark on what happened rather than ask for anything.
REMARKS = frozenset(("AcknowledgeIntent", "ThanksIntent", "TimeComplaintIntent", "FeedbackIntent"))
_CLAUSE_BREAK = re.compile(r"[,.;:!?]+|\s+(?:but|because|cause|cos)\s+", re.IGNORECASE)
_FALLBACK = "AMAZON.FallbackIntent"


@lru_cache(maxsize=8)
def _remark_openings(matcher) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(to_tokens(sample)) for name in REMARKS if name in matcher.model.intents
                     for sample in matcher.model.intents[name].samples if "{" not in sample)


def _free_text(match) -> bool:
    return any(fill.type == "AMAZON.SearchQuery" for fill in match.slots.values())


def request_after_remark(matcher, heard: list[str], whole):
    """"That's ages, can they be shorter": the request after a remark, or None. The request must
    stand alone (no free-text carrier, whose words would lose the remark's) and either follow the
    very remark the whole turn was heard as, or fit better than the whole did ("right side please"
    and "thanks so much" stay whole)."""
    openings = _remark_openings(matcher)
    for cut in range(len(heard) - 1, 0, -1):
        if tuple(heard[:cut]) not in openings:
            continue
        rest = matcher.match_intent(heard[cut:])
        if rest.intent in REMARKS or rest.intent == _FALLBACK or _free_text(rest):
            return None
        heard_as_the_remark = whole.intent in REMARKS and tuple(to_tokens(whole.sample or "")) == tuple(heard[:cut])
        return rest if heard_as_the_remark or rest.score > whole.score else None
    return None


def best_clause(matcher, utterance: str):
    """The clause that carries the most, when the whole utterance matched nothing; None if none does."""
    from .alignment import without_leading_fillers

    clauses = [c for c in _CLAUSE_BREAK.split(utterance) if c and c.strip()]
    best, best_key = None, 0.0
    for clause in clauses:
        words = without_leading_fillers(to_tokens(clause))
        if not words or (len(clauses) == 1 and words == to_tokens(utterance)):
            continue
        found = matcher.match_intent(words)
        if found.intent == _FALLBACK:
            continue
        key = found.score * len(words)
        if key > best_key:
            best, best_key = found, key
    return _all_words_in_free_text(best, utterance) if best is not None else None


def _all_words_in_free_text(found, utterance: str):
    """A clause caught by a free-text carrier carries every word that was said, not its clause
    alone: "yes, I peed myself" must reach triage whole, "okay, the tennis ball then, I'll
    give that a whirl" must keep the tennis ball."""
    from .alignment import without_leading_fillers
    from .matcher import Match, find
    from .slots import SlotFill

    free = [name for name, fill in found.slots.items() if fill.type == "AMAZON.SearchQuery"]
    if len(free) != 1 or not found.sample or found.sample.startswith("{"):
        return found
    words = without_leading_fillers(to_tokens(utterance))
    carrier = tuple(to_tokens(found.sample.split("{")[0]))
    at = find(words, carrier)
    rest = words[:at] + words[at + len(carrier):] if at >= 0 else words
    fill = found.slots[free[0]]
    text = " ".join(rest)
    slots = dict(found.slots, **{free[0]: SlotFill(fill.name, fill.type, text, text)})
    return Match(found.request_type, found.intent, slots, found.score, found.sample, found.opens_session)
