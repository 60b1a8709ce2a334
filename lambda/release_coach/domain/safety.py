"""Safety triage, pain words and the first-run screen, as pure functions over spoken text.

The bar (issue 4) is no missed emergency with almost no needless alarm. The matcher therefore
reads compositional patterns ("can't" + "control" + "bladder") from content/en/safety.json
rather than keyword lists, and only lets a negation cancel a sign when the negation clearly
governs it ("no numbness", "I don't have any leg pain", "my bladder is fine but ...").
Anything unclear is read as the more serious tier.
"""
from __future__ import annotations

import re
from typing import NamedTuple
from functools import lru_cache

from release_coach import content

EMERGENCY = "emergency"
PROFESSIONAL = "professional"
SELF_CARE = "self_care"
_TIER_RANK = {EMERGENCY: 0, PROFESSIONAL: 1, SELF_CARE: 2}

_CONTRACTIONS = [
    (r"\bcan ?not\b|\bcan'?t\b|\bcannae\b", "can not"),
    (r"\bwon'?t\b", "will not"),
    (r"\bain'?t\b", "is not"),
    (r"\b(do|does|did|is|are|was|were|have|has|had|could|would|should)n'?t\b", r"\1 not"),
    (r"\bi'?m\b", "i am"),
    (r"\b(i|you|we|they)'ve\b", r"\1 have"),
    (r"\bive\b", "i have"),
    (r"\b(i|you|he|she|we|they)'d\b", r"\1 would"),
    (r"\b(i|you|he|she|we|they)'ll\b", r"\1 will"),
    (r"\b(\w+)'s been\b", r"\1 has been"),
    (r"\b(it|that|there|what|he|she|who)'s\b", r"\1 is"),
    (r"\bits (been)\b", r"it has \1"),
    (r"\bthey'?re\b", "they are"),
    (r"\byou'?re\b", "you are"),
    (r"\bwe'?re\b", "we are"),
    (r"'s\b", ""),
    # "I don't think I can hold it" says "I can't hold it".
    (r"\bdo not think (i|it|they|he|she) (can|could|will|would)\b", r"think \1 \2 not"),
    (r"\bwee bit\b", "little"),
]
_CONTRACTION_RES = [(re.compile(p), r) for p, r in _CONTRACTIONS]


class Triage(NamedTuple):
    tier: str
    sign: str | None = None
    matched: str | None = None
    signs: tuple[str, ...] = ()

    @property
    def is_emergency(self) -> bool:
        return self.tier == EMERGENCY

    @property
    def needs_professional(self) -> bool:
        return self.tier == PROFESSIONAL


class ScreeningQuestion(NamedTuple):
    id: str
    tier: str
    text: str


class _Sign(NamedTuple):
    id: str
    tier: str
    patterns: tuple[re.Pattern, ...]
    needs_pain_word: frozenset[int]
    not_after_activity: frozenset[int]


@lru_cache(maxsize=None)
def _data() -> dict:
    return content.load("en", "safety.json")


def _alternation(words) -> str:
    # Longest first so "pins and needles" wins over "pins", and multiword entries keep their spaces.
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


@lru_cache(maxsize=None)
def _negation_words() -> frozenset[str]:
    return frozenset(cue for cue in _data()["negation"]["cues"] if " " not in cue)


def _gap(n: int) -> str:
    """Up to n filler words between the parts of a pattern, but never a negation: "my legs are
    not weak" must not read as "legs ... weak"."""
    neg = "|".join(sorted(_negation_words()))
    return rf"(?:(?!(?:{neg})\b)\w+ ){{0,{n}}}"


def _expand(pattern: str) -> str:
    vocabulary = _data()["vocabulary"]

    def macro(m: re.Match) -> str:
        name = m.group(1)
        if name.startswith("GAP"):
            return _gap(int(name[3:]))
        return _alternation(vocabulary[name])

    return re.sub(r"\{([A-Z_]+\d?)\}", macro, pattern)


def _compile(pattern: str) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + _expand(pattern) + r")(?!\w)")


@lru_cache(maxsize=None)
def _signs() -> tuple[_Sign, ...]:
    signs = []
    for s in _data()["signs"]:
        entries = [p if isinstance(p, dict) else {"pattern": p} for p in s["patterns"]]
        signs.append(
            _Sign(
                id=s["id"],
                tier=s["tier"],
                patterns=tuple(_compile(e["pattern"]) for e in entries),
                needs_pain_word=frozenset(i for i, e in enumerate(entries) if e.get("needs_pain_word")),
                not_after_activity=frozenset(i for i, e in enumerate(entries) if e.get("not_after_activity")),
            )
        )
    return tuple(signs)


@lru_cache(maxsize=None)
def _phrase_re(key: str) -> re.Pattern:
    """Compiled alternation of a vocabulary list, matched on word boundaries."""
    return re.compile(r"(?<!\w)" + _alternation(_data()["vocabulary"][key]) + r"(?!\w)")


@lru_cache(maxsize=None)
def _respelling_tables():
    table = _data()["respellings"]
    always = [(re.compile(r"(?<!\w)" + re.escape(k) + r"(?!\w)"), v) for k, v in table["always"].items()]
    near = [(re.compile(r"(?<!\w)" + re.escape(k) + r"(?!\w)"), v) for k, v in table["near_numbness"].items()]
    numbness = re.compile(
        r"(?<!\w)(?:" + "|".join([_alternation(_data()["vocabulary"][k]) for k in ("NUMB", "NO_FEELING", "CANT_FEEL")])
        + r"|feel|feeling|sensation)(?!\w)"
    )
    return always, near, numbness, tuple(table["fuzzy_targets"]), table["fuzzy_min_length"], table["fuzzy_min_ratio"]


@lru_cache(maxsize=4096)
def _fuzzy(token: str) -> str:
    """A mis-heard spelling of a word that matters ("bladdar", "osteoperosis") becomes the word;
    short tokens are left alone because at that length near misses are other real words."""
    import difflib  # only on the first word that needs it: a Lambda cold start pays for imports

    _, _, _, targets, min_len, min_ratio = _respelling_tables()
    if len(token) < min_len or token in targets:
        return token
    best, best_ratio = token, min_ratio
    for target in targets:
        ratio = difflib.SequenceMatcher(None, token, target).ratio()
        if ratio >= best_ratio:
            best, best_ratio = target, ratio
    return best


def normalise(text: str) -> str:
    """Lower case, contractions spelled out, punctuation gone, filler words dropped.

    Clause punctuation becomes " , " so clause splitting can still see it."""
    text = (text or "").lower().replace("\u2019", "'").replace("`", "'")
    text = re.sub(r"[.;!?]+|,|\s-\s|\s\u2013\s", " , ", text)
    for pattern, replacement in _CONTRACTION_RES:
        text = pattern.sub(replacement, text)
    text = re.sub(r"[^a-z0-9, ]+", " ", text)
    text = _filler_re().sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=None)
def _filler_re() -> re.Pattern:
    return re.compile(r"(?<!\w)" + _alternation(_data()["fillers"]) + r"(?!\w)")


def _respell(clause: str) -> str:
    always, near, numbness, *_ = _respelling_tables()
    for pattern, replacement in always:
        clause = pattern.sub(replacement, clause)
    clause = " ".join(_fuzzy(t) for t in clause.split())
    if numbness.search(clause):
        for pattern, replacement in near:
            clause = pattern.sub(replacement, clause)
    return clause


@lru_cache(maxsize=None)
def _breaker_re() -> re.Pattern:
    neg = _data()["negation"]
    words = _alternation(neg["breakers"])
    and_followers = _alternation(neg["and_breakers_followed_by"])
    return re.compile(rf"\s*(?:,|(?<!\w){words}(?!\w)|(?<!\w)(?:and|or) (?={and_followers}(?!\w)))\s*")


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in _breaker_re().split(text) if c and c.strip()]


@lru_cache(maxsize=None)
def _negation_cue_re() -> re.Pattern:
    neg = _data()["negation"]
    return re.compile(r"(?<!\w)" + _alternation(neg["cues"]) + r"(?!\w)")


@lru_cache(maxsize=None)
def _pseudo_negation_re() -> re.Pattern:
    return re.compile(r"(?<!\w)" + _alternation(_data()["negation"]["pseudo"]) + r"(?!\w)")


@lru_cache(maxsize=None)
def _interjection_re() -> re.Pattern:
    followers = _alternation(_data()["negation"]["interjection_followers"])
    return re.compile(rf"(?<!\w)(?:no|nope|nah)(?= {followers}(?!\w)|$)")


def _negation_positions(clause: str, protected: list[tuple[int, int]]) -> list[int]:
    """Start offsets of words that negate what follows them in this clause.

    Not counted: negations inside a symptom phrase ("can't control", "no feeling in"), fixed
    phrases that negate nothing ("not sure", "don't know"), and a bare "no" that answers a
    question before the sentence goes on ("no, my leg is numb")."""
    skip = list(protected)
    skip += [(m.start(), m.end()) for m in _pseudo_negation_re().finditer(clause)]
    skip += [(m.start(), m.end()) for m in _interjection_re().finditer(clause)]
    inability = re.search(r"(?<!\w)(?:can not|could not|can no longer)(?!\w)", clause)
    return [
        m.start()
        for m in _negation_cue_re().finditer(clause)
        if not any(a <= m.start() < b for a, b in skip)
        # "I can't walk far without my legs going numb": the numbness happens.
        and not (m.group(0) == "without" and inability and inability.start() < m.start())
    ]


def _negates(clause: str, cue_start: int, match_start: int) -> bool:
    """A negation reaches forward to the sign unless a new subject starts in between:
    in "I don't think I can control my bladder" the "not" belongs to "think", not to the bladder."""
    if cue_start >= match_start:
        return False
    cue_and_rest = clause[cue_start:match_start].split(" ", 1)
    between = cue_and_rest[1] if len(cue_and_rest) > 1 else ""
    return not _phrase_re("SUBJECT").search(between)


def _other_person_before(clause: str, start: int) -> bool:
    """'my mum had osteoporosis' is about someone else; 'my husband says I have osteoporosis'
    is not, so a first-person word after the other person cancels it."""
    before = clause[:start]
    people = list(_phrase_re("OTHER_PERSON").finditer(before))
    if not people:
        return False
    after_person = before[people[-1].end():]
    return not re.search(r"(?<!\w)(?:i|me|my|i am|i have)(?!\w)", after_person)


def _activity_just_before(clause: str, start: int) -> bool:
    """'I sit for a long time' times the sitting, not the pain."""
    window = " ".join(clause[:start].split()[-3:])
    return bool(_phrase_re("ACTIVITY").search(window))


def _clause_signs(clause: str) -> list[tuple[_Sign, re.Match]]:
    found = []
    has_pain_word = bool(_phrase_re("PAIN_WORD").search(clause))
    for sign in _signs():
        for index, pattern in enumerate(sign.patterns):
            if index in sign.needs_pain_word and not has_pain_word:
                continue
            for m in pattern.finditer(clause):
                if index in sign.not_after_activity and _activity_just_before(clause, m.start()):
                    continue
                found.append((sign, m))
    return found


def _affirmed(clause: str) -> list[tuple[_Sign, str]]:
    found = _clause_signs(clause)
    spans = [(m.start(), m.end()) for _, m in found]
    negations = _negation_positions(clause, spans)
    other_person_signs = set(_data()["other_person_applies_to"])
    affirmed = []
    for sign, m in found:
        if any(_negates(clause, pos, m.start()) for pos in negations):
            continue
        if sign.id in other_person_signs and _other_person_before(clause, m.start()):
            continue
        affirmed.append((sign, m.group(0)))
    return affirmed


def triage(text: str | None) -> Triage:
    """Sort what someone said into emergency, professional or self-care.

    `sign` is the most serious sign found (an id from safety.json "signs"), `matched` the words
    that showed it, `signs` every sign found, most serious first."""
    found: list[tuple[_Sign, str]] = []
    for clause in _clauses(normalise(text or "")):
        found.extend(_affirmed(_respell(clause)))
    if not found:
        return Triage(SELF_CARE)
    found.sort(key=lambda item: _TIER_RANK[item[0].tier])
    ordered_ids = tuple(dict.fromkeys(sign.id for sign, _ in found))
    top_sign, evidence = found[0]
    return Triage(top_sign.tier, top_sign.id, evidence, ordered_ids)


def symptom_report(symptom: str | None, body_part: str | None = None, negation: str | None = None,
                   also: str | None = None, alternative: str | None = None) -> str | None:
    """One sentence from ReportSymptomIntent's slots, for triage.

    The sample's own words never reach the skill, so the model's samples put every meaningful
    word in a slot: "numb" + "groin" make "numb in my groin"; "no" + "numbness" make "no
    numbness"; and in the "but" samples ("no {symptom} but {also} in my {body_part}") the
    negation stays with the first symptom and the body part goes with the second:
    "no bladder problems, but tingling in my calf". In the "or" samples the negation covers both:
    "no numbness or tingling"."""
    symptom, body_part, negation, also, alternative = (
        (v or "").strip() for v in (symptom, body_part, negation, also, alternative))
    if alternative:
        symptom = f"{symptom} or {alternative}" if symptom else alternative
    if also:
        first = " ".join(p for p in (negation, symptom) if p)
        second = f"{also} in my {body_part}" if body_part else also
        return f"{first}, but {second}" if first else second
    if not symptom and not body_part:
        return None
    text = f"{symptom} in my {body_part}" if symptom and body_part else symptom or body_part
    return f"{negation} {text}" if negation else text


def mentions_clearance(text: str | None) -> bool:
    """True when the speaker says a doctor or therapist has okayed massage ("my physio cleared me").
    A clause that also carries a 'not', 'wait' or 'first' is read as no clearance."""
    clearance = _data()["clearance"]
    patterns = _clearance_patterns()
    negation = re.compile(r"(?<!\w)" + _alternation(clearance["negations"]) + r"(?!\w)")
    for clause in re.split(r"\s*(?:,|(?<!\w)but(?!\w))\s*", normalise(text or "")):
        for pattern in patterns:
            m = pattern.search(clause)
            if m and not negation.search(clause):
                return True
    return False


@lru_cache(maxsize=None)
def _clearance_patterns() -> tuple[re.Pattern, ...]:
    return tuple(_compile(p) for p in _data()["clearance"]["patterns"])


def _pain_text(text: str) -> str:
    """Pain words need their intensifiers ("really bad"), so no filler removal here."""
    text = (text or "").lower().replace("\u2019", "'")
    for pattern, replacement in _CONTRACTION_RES:
        text = pattern.sub(replacement, text)
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=None)
def _pain_res() -> dict[str, re.Pattern]:
    pain = _data()["pain"]
    return {
        level: re.compile(r"(?<!\w)" + _alternation(pain[f"{level}_phrases"]) + r"(?!\w)")
        for level in ("mild", "stop", "severe")
    }


def classify_pain(text: str | None) -> str | None:
    """For words said during a hold: "severe", "stop", "mild", or None when it is not about pain.

    Mild phrases are taken out first so "good pain" and "tender" never count as pain; a negated
    pain word ("it doesn't hurt") counts for nothing."""
    spoken = _pain_text(text)
    if not spoken:
        return None
    res = _pain_res()
    had_mild = bool(res["mild"].search(spoken))
    remaining = res["mild"].sub(" ", spoken)
    negation = r"(?:not|no|never|nothing|without)(?: \w+){0,2} "
    for level in ("severe", "stop"):
        for m in res[level].finditer(remaining):
            if not re.search(negation + r"$", remaining[: m.start()]):
                return level
    return "mild" if had_mild else None


def check_during_hold(text: str | None) -> str | None:
    """One decision for anything said mid-hold, most serious first: "emergency", "professional",
    "severe", "stop", "mild" or None.

    A new nerve sign, an injury or a long-standing problem stops the hold and refers ("shooting
    pain down my leg" is a leg symptom, not just pain). Only pain that is getting worse right
    now ("it's getting worse") is a reason to stop the hold and offer options instead."""
    found = triage(text)
    if found.is_emergency:
        return EMERGENCY
    pain = classify_pain(text)
    worsening_now = found.sign == "persistent_worse" and pain in ("severe", "stop")
    if found.needs_professional and not worsening_now:
        return PROFESSIONAL
    return pain


def wants_gentle(text: str | None) -> bool:
    """True for "go gentle", "I'm having a flare-up", "easy on me" and the like."""
    phrases = _data()["gentle_phrases"]
    spoken = normalise(text or "").replace("flare up", "flare-up")
    return bool(re.search(r"(?<!\w)" + _alternation(phrases) + r"(?!\w)", spoken))


def emergency_number(locale: str | None) -> str:
    """The number to call for this Alexa locale, by its region part (en-GB -> GB -> 999).
    Unknown or missing regions get the fallback in safety.json (112, which mobile phones accept
    in most countries)."""
    numbers = _data()["emergency_numbers"]
    parts = (locale or "").replace("_", "-").split("-")
    region = parts[-1].upper() if len(parts) > 1 else ""
    return numbers["by_region"].get(region, numbers["fallback"])


def screening_questions() -> tuple[ScreeningQuestion, ...]:
    """The first-run screen in the order to ask it: emergency signs, then injury, leg, conditions."""
    return tuple(ScreeningQuestion(q["id"], q["tier"], q["text"]) for q in _data()["screening"]["questions"])


_YES = re.compile(
    r"^(?:yes|yeah|yep|yup|yah|ya|aye|sure|correct|right|true|i do|i have|i am|i did|it did|it has|it is|"
    # The free-text carrier "I {query}" hands over "think so" without its "I", so both forms.
    r"sort of|kind of|maybe|possibly|probably|perhaps|a little|a bit|sometimes|(?:i )?think(?: so)?|"
    r"(?:i )?guess(?: so)?|(?:i )?suppose so|(?:i )?believe so|(?:i )?might (?:have|be)|am not sure|"
    r"i am not sure|not sure|unsure|i do not know|do not know|dunno|no idea|i can not say|i can not remember|"
    r"i am not certain|not certain)(?!\w)"
)
_NO = re.compile(
    r"^(?:no|nope|nah|none|nothing|never|not really|not at all|negative|i do not|i have not|it did not|"
    r"it has not|neither|none of (?:those|them|that|these)|no to all)(?!\w)"
)


def answer_screening(question_id: str, text: str | None) -> Triage | None:
    """Read an answer to one screening question; None when it answers nothing (ask again).

    A sign named in the answer wins ("no, but my leg is numb"). A plain yes, or an unsure answer
    ("I think so", "not sure"), counts as the sign the question asked about: for a red-flag
    question, "maybe" is a reason to be checked. Only a clear no is self-care; anything else,
    such as "it depends", must not be taken as a no."""
    question = next((q for q in screening_questions() if q.id == question_id), None)
    if question is None:
        raise ValueError(f"unknown screening question: {question_id!r}")
    said = triage(text)
    if said.tier != SELF_CARE:
        return said
    spoken = _pain_text(text)
    if _YES.match(spoken):
        return Triage(question.tier, question.id, spoken, (question.id,))
    if _NO.match(spoken):
        return Triage(SELF_CARE)
    return None


def line(key: str, **values: str) -> str:
    """A spoken safety line from safety.json "lines", with {number} / {reason} filled in."""
    return _data()["lines"][key]["text"].format(**values)


def reason(sign: str | None) -> str:
    """One sentence saying why this sign needs a professional; the generic one if unknown."""
    reasons = _data()["reasons"]
    return reasons.get(sign or "", reasons["persistent_worse"])["text"]


def professional_line(sign: str | None) -> str:
    return line("professional", reason=reason(sign))


def emergency_line(locale: str | None) -> str:
    return line("emergency", number=emergency_number(locale))


def screening_intro() -> str:
    return _data()["screening"]["intro"]


def screening_all_clear() -> str:
    return _data()["screening"]["all_clear"]


def rescreen_after_days() -> float:
    """How old a screen may be before it is asked again; safety.json "rescreen_why" says why."""
    return float(_data()["rescreen_after_days"])


def disclaimer() -> str:
    return _data()["disclaimer"]["text"]


def flare_up_question() -> str:
    return _data()["flare_up_question"]["text"]
