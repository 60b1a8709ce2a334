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
ONE = ("my", "your", "our", "the", "a", "an", "this", "that", "it", "there", "massage", "any", *NUMBERS)
MANY = ("you", "we", "my", "your", "our", "the", "these", "those", "they", "there", "people", "some", "any",
        *NUMBERS)
EVERY = ("I", "we", "my", "your", "our", "the", "a", "an", "this", "that", "it", "there", "they", "these",
         "those", "people", "massage", "some", "any")
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
}
# A choice asked without a question word ("heating pad before or after"): the tail is the carrier.
CHOICE_TAILS = ("or after", "or before", "or not", "or both", "which is better", "which is best", "which one")
# A question asked after what was said ("it aches a bit, is that normal"): the words come first.
TAILS = tuple(f"{opener} {judgement}" for opener in ("is that", "is this", "is it")
              for judgement in ("normal", "okay", "ok", "alright", "bad", "safe", "right", "fine", "enough",
                                "a problem", "good", "too much", "usual", "common")) + tuple(
    f"{opener} {action}" for opener, actions in (
        ("should I", ("stop", "keep going", "carry on", "worry", "be worried", "still do it", "still do this")),
        ("do I", ("stop", "keep going", "carry on")),
        ("can I", ("keep going", "carry on", "still do it", "still do this")))
    for action in actions)
OPEN_WITH_AUXILIARY = {
    "WhatQuestionIntent": ("what", "which"),
    "HowQuestionIntent": ("how",),
    "HowLongQuestionIntent": ("how long", "how many seconds", "how many minutes", "how much time"),
    "HowHardQuestionIntent": ("how hard", "how firm", "how firmly", "how far"),
    "HowOftenQuestionIntent": ("how often", "how many times"),
    "WhyQuestionIntent": ("why",),
    "WhenQuestionIntent": ("when",),
    "WhereQuestionIntent": ("where",),
    "WhoQuestionIntent": ("who",),
}


def _rules():
    sys.path.insert(0, str(ROOT / "tests" / "core"))
    sys.path.insert(0, str(ROOT / "lambda"))
    import test_model as rules

    return rules


def _candidates():
    """(intent, carrier, longer carriers to try if it clashes)."""
    for tail in (*CHOICE_TAILS, *TAILS):
        yield "TagQuestionIntent", "{query} " + tail, ()
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
        if not {w for kind, w in pattern if kind == "word"} <= rules.CARRIER_WORDS:
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
