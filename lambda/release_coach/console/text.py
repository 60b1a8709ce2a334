"""Turning what was typed into the tokens a voice model would have heard.

A speech recogniser never delivers punctuation, capitals, accents or emoji, and people pad what
they say ("um, okay, please start"). Samples and utterances go through the same normalisation so
that they compare like for like.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Longer than anyone says in one breath; Alexa itself stops listening well before this.
MAX_UTTERANCE_CHARS = 300

FILLER_WORDS = frozenset(
    "um umm uh uhh uhm er erm hmm mm ah oh hey alexa please pls okay ok so well actually "
    "kindly basically yaar yar arre arey ngl tbh lol".split()
)

_CONTRACTIONS = {
    "i'm": "i am", "im": "i am", "it's": "it is", "that's": "that is", "what's": "what is",
    "where's": "where is", "how's": "how is", "there's": "there is", "let's": "let us",
    "lets": "let us", "don't": "do not", "dont": "do not", "doesn't": "does not",
    "didn't": "did not", "can't": "can not", "cant": "can not", "cannot": "can not",
    "won't": "will not", "isn't": "is not", "aren't": "are not", "wasn't": "was not",
    "i'll": "i will", "i've": "i have", "i'd": "i would", "you're": "you are",
    "we're": "we are", "they're": "they are", "wanna": "want to", "gonna": "going to",
    "gotta": "got to", "shouldn't": "should not", "couldn't": "could not", "wouldn't": "would not",
    "haven't": "have not", "hasn't": "has not", "y'all": "you all", "c'mon": "come on",
    # Typed without the apostrophe, as people text: a recogniser writes these as the spoken word.
    "whats": "what is", "thats": "that is", "theres": "there is", "wheres": "where is", "its": "it is",
    "isnt": "is not", "wasnt": "was not", "arent": "are not", "didnt": "did not", "doesnt": "does not",
    "havent": "have not", "hasnt": "has not", "couldnt": "could not", "wouldnt": "would not",
    "shouldnt": "should not", "wont": "will not", "ive": "i have", "youre": "you are", "theyre": "they are",
    "itll": "it will", "thatll": "that will", "nothingll": "nothing will", "kinda": "kind of", "sorta": "sort of",
}

# Typographic quotes and dashes that phones and word processors put in typed text.
_LOOKALIKES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2013": "-", "\u2014": "-"})
_SEPARATORS = re.compile(r"[^a-z0-9'.]+")
_LONE_DOTS = re.compile(r"(?<![0-9])\.|\.(?![0-9])")


def cut(utterance: str) -> tuple[str, bool]:
    """The utterance cut to MAX_UTTERANCE_CHARS, and whether it had to be cut."""
    if len(utterance) <= MAX_UTTERANCE_CHARS:
        return utterance, False
    return utterance[:MAX_UTTERANCE_CHARS], True


def to_ascii(text: str) -> str:
    """Accents folded ("café" -> "cafe"); anything with no ASCII reading (emoji, CJK) dropped."""
    folded = unicodedata.normalize("NFKD", text.translate(_LOOKALIKES))
    return folded.encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    """Lower-case words with contractions expanded; keeps digits and decimal points."""
    text = to_ascii(text).lower()
    text = _LONE_DOTS.sub(" ", _SEPARATORS.sub(" ", text))
    out: list[str] = []
    for token in text.split():
        token = token.strip("'")
        if not token:
            continue
        expanded = _CONTRACTIONS.get(token)
        if expanded:
            out.extend(expanded.split())
        elif token.endswith("'s"):
            out.append(token[:-2])  # "coach's" is heard as "coach"
        else:
            out.append(token.replace("'", ""))
    return out


def tokens(text: str) -> list[str]:
    """words() without fillers, unless the fillers are all there is ("okay" alone is an answer)."""
    all_words = words(text)
    kept = [word for word in all_words if word not in FILLER_WORDS]
    return kept or all_words


_SUFFIXES = ("ing", "es", "ed", "s")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem so "stretches"/"stretch" and "glutes"/"glute" compare equal."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("ss"):
        return word
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 3 and word.endswith(suffix):
            if suffix == "es" and not word[:-2].endswith(("s", "x", "z", "ch", "sh")):
                return word[:-1]
            return word[: -len(suffix)]
    return word
