"""From raw recognised words to clauses of tokens.

A device sends the words as recognised: capitals, apostrophes, "um", run-on clauses, and
mis-hearings ("in continents", "my blatter"). Everything here is driven by the "text" part of
content/en/lexicon.json; the code only knows the order of the steps.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import data

_WORD = re.compile(r"[a-z0-9]+|,")


@lru_cache(maxsize=None)
def _rewrites() -> tuple[tuple[re.Pattern, object], ...]:
    """Contractions, then the plain respellings in one pass, then the patterned ones."""
    text = data()["text"]
    pairs: list[tuple[re.Pattern, object]] = [(re.compile(p), r) for p, r in text["contractions"]]
    plain = {w: r for w, r in text["respellings"].items() if not w.startswith("re:")}
    words = sorted(plain, key=len, reverse=True)
    one_pass = re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(w) for w in words) + r")(?![a-z0-9])")
    pairs.append((one_pass, lambda m: plain[m.group(0)]))
    pairs += [(re.compile(w[3:]), r) for w, r in text["respellings"].items() if w.startswith("re:")]
    return tuple(pairs)


@lru_cache(maxsize=None)
def _token_tables():
    text = data()["text"]
    fillers: dict[str, list[tuple[str, ...]]] = {}
    for f in sorted((tuple(f.split()) for f in text["fillers"]), key=len, reverse=True):
        fillers.setdefault(f[0], []).append(f)
    kept_after = {tuple(f.split()): frozenset(words) for f, words in text["fillers_kept_after"].items()}
    return (fillers, kept_after, frozenset(text["comma_glue_after"]),
            frozenset(text["respell_tokens"].keys()), text["respell_tokens"])


def normalise(text: str | None) -> str:
    """Lower case, contractions spelled out, mis-hearings put right, fillers gone; clause
    punctuation kept as " , " so that clauses can still be told apart."""
    return " ".join(tokens(text))


@lru_cache(maxsize=2048)
def tokens(text: str | None) -> tuple[str, ...]:
    said = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    said = re.sub(r"[.;:!?]+|,|\s[-\u2013\u2014]+\s", " , ", said)
    said = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", said)
    said = re.sub(r"([a-z])\1{2,}", r"\1\1", said)  # "owwww", "arrrgh": stretched words, two letters at most
    for pattern, replacement in _rewrites():
        said = pattern.sub(replacement, said)
    words = _WORD.findall(said)
    fillers, kept_after, comma_glue_after, respell, respelled = _token_tables()
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        filler = next((f for f in fillers.get(word, ()) if tuple(words[i:i + len(f)]) == f), None)
        # "the good kind of sore", "I don't like that": the same words are not filler there.
        if filler and not (out and out[-1] in kept_after.get(filler, ())):
            i += len(filler)
            continue
        if word == ",":
            # "I can't feel my, you know, my back passage": a comma after "my" is a stumble, not a clause.
            if not out or out[-1] == "," or out[-1] in comma_glue_after:
                i += 1
                continue
        elif out and word == out[-1] and word in comma_glue_after:
            i += 1  # "my my back passage"
            continue
        if word in respell:
            out.extend(respelled[word].split())
        else:
            out.append(_fuzzy(word))
        i += 1
    while out and out[-1] == ",":
        out.pop()
    return _rejoined(out)


def _rejoined(words: list[str]) -> tuple[str, ...]:
    """A recogniser sometimes splits one long word in two or three ("in contin ence"): joined
    up, they are the word if it is one we look for (exactly or as a near spelling)."""
    exact, targets, min_len, _, _ = _fuzzy_tables()
    prefixes = _target_prefixes()
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            piece = words[i:i + size]
            if len(piece) < size or "," in piece:
                continue
            joined = "".join(piece)
            if len(joined) >= min_len and joined[:3] in prefixes:
                found = joined if joined in exact else _fuzzy(joined)
                if found in exact:
                    out.append(found)
                    i += size
                    break
        else:
            out.append(words[i])
            i += 1
    return tuple(out)


@lru_cache(maxsize=None)
def _target_prefixes() -> frozenset[str]:
    return frozenset(t[:3] for t in _fuzzy_tables()[1])


@lru_cache(maxsize=None)
def _fuzzy_tables():
    fuzzy = data()["text"]["fuzzy"]
    targets = tuple(fuzzy["targets"])
    return (frozenset(targets), targets, fuzzy["min_length"], fuzzy["min_ratio"],
            frozenset(fuzzy["never"]) | _spelled_out())


def _spelled_out() -> frozenset[str]:
    """Every whole word a concept's phrases spell out: a word the lexicon looks for as it is
    ("radiation") is never a near spelling of another ("radiating")."""
    found = set()
    for entry in data()["concepts"].values():
        for phrase in entry.get("phrases", ()) if isinstance(entry, dict) else ():
            found.update(w for w in re.split(r"[^a-z*#@~]+", phrase) if w.isalpha())
    return frozenset(found)


@lru_cache(maxsize=8192)
def _fuzzy(token: str) -> str:
    """A near spelling of a long word that matters ("incontinance", "osteoprosis") becomes that
    word. Short tokens are left alone: at that length a near miss is usually another real word."""
    exact, targets, min_len, min_ratio, never = _fuzzy_tables()
    if len(token) < min_len or token in exact or token in never or token.isdigit():
        return token
    import difflib  # only on the first long unknown word: a Lambda cold start pays for imports

    best, best_ratio = token, min_ratio
    matcher = difflib.SequenceMatcher(None, "", token)
    for target in targets:
        if abs(len(target) - len(token)) > 3 or target[0] != token[0]:
            continue
        matcher.set_seq1(target)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = target, ratio
    return best


def clauses(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Split at commas and at words that start a new thought ("but", "and then I ..."), so a
    "no" or a "fine" in one clause never reaches a sign in another."""
    split = data()["clauses"]
    breakers = frozenset(split["breakers"])
    two_word = {tuple(b.split()) for b in split["two_word_breakers"]}
    and_followers = frozenset(split["and_breaks_before"])
    result: list[tuple[str, ...]] = []
    current: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        pair = tuple(words[i:i + 2])
        nxt = words[i + 1] if i + 1 < len(words) else None
        if word == "," or word in breakers or pair in two_word or (
                word in ("and", "or", "so") and nxt in and_followers):
            if current:
                result.append(tuple(current))
            current = []
            i += 2 if pair in two_word else 1
            continue
        current.append(word)
        i += 1
    if current:
        result.append(tuple(current))
    return result
