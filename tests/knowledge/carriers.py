"""The question carriers, generated as a class: each question word or auxiliary people open with,
times the word that follows it, rather than written sample by sample.

A carrier is `<opener> <second> {query}` ("do the {query}", "what should {query}"). When a carrier
could be heard as another intent's own fixed sample ("what can {query}" is also "what can I
say"), or another intent already owns it, it grows by one word, a subject ("what can my
{query}"), and each of those is tried in turn; a carrier that still clashes is left out. The
rules are those of tests/core/test_model.py, imported from it. Carriers written by hand in the
fragment stay; this only adds.

    python tests/knowledge/carriers.py            list the carriers the fragment lacks
    python tests/knowledge/carriers.py --write    add them to interactionModels/parts/knowledge.json
                                                  (then `make model`)
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PART = ROOT / "interactionModels" / "parts" / "knowledge.json"
BUILT = ROOT / "interactionModels" / "custom" / "en-US.json"

# The word after an auxiliary: who or what the question is about, agreeing with it ("is the",
# "are these", "am I"). All are carrier words (tests/core/test_model.py CARRIER_WORDS): none is a
# word the knowledge base or triage needs.
# A number said before its unit ("is ninety seconds too long"): the unit stays in the slot.
NUMBERS = ("one", "two", "three", "four", "five", "ten", "fifteen", "twenty", "thirty", "forty", "sixty", "ninety")
# "he" and "she" are the partner as people ask about them ("can he press on my spine"); "SI" and "all"
# open questions about the joint or a habit ("is SI pain always one-sided", "could all the lifting ...").
ONE = ("my", "your", "our", "the", "a", "an", "this", "that", "it", "there", "massage", "any", "he", "she", "SI",
       *NUMBERS)
MANY = ("you", "we", "my", "your", "our", "the", "these", "those", "they", "there", "people", "some", "any", "all",
        *NUMBERS)
EVERY = ("I", "we", "my", "your", "our", "the", "a", "an", "this", "that", "it", "there", "they", "these", "one",
         "those", "people", "massage", "some", "any", "he", "she", "SI", "all")
SUBJECTS = {"is": ONE, "was": ONE, "has": ONE, "does": ONE, "are": MANY, "were": MANY, "am": ("I",),
            "have": ("I", *MANY), "did": ("you", *EVERY),
            # "do a", "do this", "do it" are commands ("do a quick one"), not questions.
            "do": ("I", *MANY)}
# A modal takes any subject; "can you", "could you", "will you", "would you" are requests.
MODAL = EVERY
AUXILIARIES = ("is", "are", "was", "were", "am", "do", "does", "did", "should", "shall", "can", "could", "may",
               "might", "must", "will", "would", "has", "have")


# After a two-word opener ("how long", "how hard") only the auxiliaries people use there.
COMMON = ("is", "are", "do", "does", "did", "should", "can", "could", "would", "will", "must", "have")


def subjects(aux: str) -> tuple[str, ...]:
    return SUBJECTS.get(aux, MODAL)


# Per question intent (its shape is knowledge.SHAPES), the openers whose next word is a subject,
# and those whose next word is an auxiliary.
OPEN_WITH_SUBJECT = {
    "ShouldQuestionIntent": ("should", "shall", "must", "ought"),
    "CanQuestionIntent": ("can", "could", "may", "might"),
    "DoesQuestionIntent": ("do", "does", "did", "will", "would", "has", "have"),
    "OkayQuestionIntent": ("is", "are", "was", "were", "am"),
    # A question put as a condition ("if the pain came on after a fall should I get it looked at"):
    # what matters is all in the slot.
    "ConditionalQuestionIntent": ("if",),
}
# A choice asked without a question word ("heating pad before or after"): the tail is the carrier.
CHOICE_TAILS = ("or after", "or before", "or not", "or both", "which is better", "which is best", "which one")
# A question asked after what was said ("it aches a bit, is that normal"): the words come first.
TAILS = tuple(f"{opener} {judgement}" for opener in ("is that", "is this", "is it")
              for judgement in ("normal", "okay", "ok", "alright", "bad", "safe", "right", "fine", "enough",
                                "a problem", "good", "too much", "usual", "common")) + tuple(
    f"should I {worry}" for worry in ("worry", "be worried"))
# Tails that ask whether to go on carry the question themselves: "when should I stop" leaves only
# "when" in the slot, so their intent's shape (knowledge.SHAPES) says "should I stop".
GO_ON_TAILS = tuple(f"{opener} {action}" for opener, actions in (
    ("should I", ("stop", "keep going", "carry on", "still do it", "still do this")),
    ("do I", ("stop", "keep going", "carry on")),
    ("can I", ("keep going", "carry on", "still do it", "still do this")))
    for action in actions)
OPEN_WITH_AUXILIARY = {
    "WhatQuestionIntent": ("what", "which"),
    "HowQuestionIntent": ("how",),
    "HowLongQuestionIntent": ("how long", "how many seconds", "how many minutes", "how much time"),
    "HowHardQuestionIntent": ("how hard", "how firm", "how firmly", "how far", "how much"),
    "HowOftenQuestionIntent": ("how often", "how many times"),
    "WhyQuestionIntent": ("why",),
    "WhenQuestionIntent": ("when",),
    "WhereQuestionIntent": ("where",),
    "WhoQuestionIntent": ("who",),
}


# Openers whose own words are the question ("what causes", "what helps"): the carrier takes them and
# the intent's shape (knowledge.SHAPES) says them again, as the told intents do for statements.
# Each opener's words must reach the knowledge base as tokens its shape already gives.
SAID_AGAIN = {
    "WhatCausesQuestionIntent": ("what causes", "what can cause", "what could cause", "what would cause",
                                 "what might cause", "what usually causes", "what all causes", "what is causing",
                                 "what caused", "what makes", "what triggers", "what brings on"),
    # Not "what helps" or "what works": "helps" and "works" are triage's ("nothing helps").
    "WhatHelpsQuestionIntent": ("what eases", "what can ease", "what will ease", "what would ease",
                                "what might ease", "what relieves", "what can relieve", "what will relieve",
                                "what would relieve", "what is good for", "what is best for"),
}
# What people put before a question ("wait, should the ball be on the joint", "and can my partner
# use an elbow", "also how long per side"), in front of the carriers they most often open with.
# Only a carrier the fragment already has for that intent is prefixed.
PREFIXES = ("wait", "and", "also")
PREFIXED = {
    "ShouldQuestionIntent": ("should I", "should my", "should the", "should he", "should she", "do I need"),
    "CanQuestionIntent": ("can I", "can my", "can he", "can she", "can the", "could I"),
    "DoesQuestionIntent": ("do I", "does it", "does the", "does my", "will it", "would it"),
    "OkayQuestionIntent": ("is it", "is the", "is my", "is that", "is this", "is there", "are there"),
    "HowQuestionIntent": ("how do I", "how should I", "how can I"),
    "HowLongQuestionIntent": ("how long do", "how long should", "how long is the", "how long can"),
    "HowHardQuestionIntent": ("how hard", "how much should", "how firm"),
    "WhatQuestionIntent": ("what is the", "what if", "what about", "what do I do if", "what does"),
    "WhereQuestionIntent": ("where do", "where does", "where should", "where is"),
    "WhenQuestionIntent": ("when do", "when should", "when is"),
    "WhyQuestionIntent": ("why do", "why does", "why is", "why should"),
    "WhatCausesQuestionIntent": ("what causes",),
}
# Openers that take the question's words straight after them.
BARE = {"HowLongQuestionIntent": ("for how long", "for how many seconds", "for how many minutes")}


def _rules():
    sys.path.insert(0, str(ROOT / "tests" / "core"))
    sys.path.insert(0, str(ROOT / "lambda"))
    import test_model as rules

    return rules


def _candidates():
    """(intent, carrier, longer carriers to try if it clashes)."""
    for tail in (*CHOICE_TAILS, *TAILS):
        yield "TagQuestionIntent", "{query} " + tail, ()
    for tail in GO_ON_TAILS:
        yield "StopOrGoQuestionIntent", "{query} " + tail, ()
    for intent, openers in (*BARE.items(), *SAID_AGAIN.items()):
        for opener in openers:
            yield intent, opener, ()
    for intent, openers in OPEN_WITH_SUBJECT.items():
        for opener in openers:
            for subject in subjects(opener):
                yield intent, f"{opener} {subject}", ()
    for intent, openers in OPEN_WITH_AUXILIARY.items():
        for opener in openers:
            for aux in AUXILIARIES if " " not in opener else COMMON:
                yield intent, f"{opener} {aux}", tuple(f"{opener} {aux} {s}" for s in subjects(aux))


def _sample(carrier: str) -> str:
    carrier = re.sub(r"\bi\b", "I", carrier)
    return carrier if "{query}" in carrier else carrier + " {query}"


def missing(part: dict, lm: dict) -> dict[str, list[str]]:
    """The generated carriers the fragment lacks, by intent."""
    rules = _rules()
    values = rules.value_words(lm)
    ours = {i["name"] for i in part["intents"]}
    fixed = [(name, tuple(rules.heard_words(s))) for name, s, _ in rules.samples_of(lm)
             if "{" not in s and name not in ours]
    owner = {rules.normalise(s): name for name, s, _ in rules.samples_of(lm) if name not in ours}
    owner.update({rules.normalise(s): i["name"] for i in part["intents"] for s in i["samples"]})
    slots = {"query": rules.FREE_TEXT}

    def fits(intent: str, sample: str) -> bool:
        if owner.get(rules.normalise(sample), intent) != intent:
            return False
        pattern = rules.elements(sample, slots)
        if not rules.carrier_loses_nothing(intent, [w for kind, w in pattern if kind == "word"]):
            return False  # a word the knowledge base or triage needs would be lost in the carrier
        return not any(rules.can_say(pattern, words, values) for _, words in fixed)

    added: dict[str, list[str]] = {}
    for intent, carrier, longer in _candidates():
        if owner.get(rules.normalise(carrier.split()[0] + " {query}")) == intent:
            continue  # a one-word carrier ("does {query}", "why {query}") already takes it
        for words in (carrier, *longer) if fits(intent, _sample(carrier)) else longer:
            sample = _sample(words)
            if fits(intent, sample) and rules.normalise(sample) not in owner:
                owner[rules.normalise(sample)] = intent
                added.setdefault(intent, []).append(sample)
            if words == carrier:
                break
    for intent, bases in PREFIXED.items():
        for base in bases:
            if owner.get(rules.normalise(_sample(base))) != intent:
                continue
            for prefix in PREFIXES:
                sample = _sample(f"{prefix} {base}")
                if fits(intent, sample) and rules.normalise(sample) not in owner:
                    owner[rules.normalise(sample)] = intent
                    added.setdefault(intent, []).append(sample)
    return added


def main(argv: list[str]) -> int:
    if argv not in ([], ["--write"]):
        print(__doc__, file=sys.stderr)
        return 2
    part = json.loads(PART.read_text(encoding="utf-8"))
    lm = json.loads(BUILT.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
    added = missing(part, lm)
    for intent in part["intents"]:
        new = added.get(intent["name"], [])
        if argv:
            intent["samples"].extend(new)
        elif new:
            print(intent["name"], new)
    if argv:
        PART.write_text(json.dumps(part, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
