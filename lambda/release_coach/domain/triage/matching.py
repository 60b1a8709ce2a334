"""Finding the lexicon's concepts in one clause of tokens.

Phrases are indexed by their first word (and by their first two words when both are plain), so a
clause is scanned once against the few phrases its words can open; a concept whose phrases open
with another concept is only tried once that concept has been found. No regular expressions at
request time.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from .lexicon import Element, concepts, negation_words


class Occurrence(NamedTuple):
    concept: str
    start: int
    end: int  # exclusive


def _word_matches(element: Element, token: str) -> bool:
    if token in element.words:
        return True
    if not (element.stems or element.suffixes):
        return False
    return any(token.startswith(s) for s in element.stems) or any(token.endswith(s) for s in element.suffixes)


def _number_matches(element: Element, token: str) -> bool:
    if not token.isdigit():
        return False
    return element.ref != "old" or (len(token) == 4 and "1900" <= token <= "2019")


def _ends(elements, i: int, tokens, found: dict, j: int = 0):
    """Every end position where elements[j:] match tokens from position i."""
    n = len(tokens)
    # Plain words one after another, the common case, without recursion.
    while j < len(elements):
        element = elements[j]
        if element.kind != "word" or element.optional:
            break
        if i >= n or not _word_matches(element, tokens[i]):
            return
        i += 1
        j += 1
    if j == len(elements):
        yield i
        return
    element = elements[j]
    if element.optional:
        yield from _ends(elements, i, tokens, found, j + 1)
    if element.kind == "gap":
        negations = negation_words()
        k = i
        for _ in range(element.size + 1):
            yield from _ends(elements, k, tokens, found, j + 1)
            if k >= n or tokens[k] == "," or tokens[k] in negations:
                return
            k += 1
        return
    if i >= n:
        return
    if element.kind == "word":
        if _word_matches(element, tokens[i]):
            yield from _ends(elements, i + 1, tokens, found, j + 1)
    elif element.kind == "num":
        if _number_matches(element, tokens[i]):
            yield from _ends(elements, i + 1, tokens, found, j + 1)
    else:
        for end in found.get(element.ref, {}).get(i, ()):
            yield from _ends(elements, end, tokens, found, j + 1)


class _Index(NamedTuple):
    """Every phrase of every concept (and of its exceptions), by how it opens."""

    by_word: dict      # word -> ((concept position, is-except, phrase), ...)
    by_pair: dict      # (word, next word) -> (...)
    by_num: tuple      # phrases opening with a number
    by_stem: dict      # first three letters of a stem -> ((stem element, position, is-except, phrase), ...)
    by_suffix: tuple   # (suffix element, position, is-except, phrase)


@lru_cache(maxsize=None)
def _index() -> _Index:
    by_word: dict = {}
    by_pair: dict = {}
    by_num, by_suffix, by_stem = [], [], {}
    for position, concept in enumerate(concepts()):
        for blocked, part in ((False, concept), (True, concept.excepts)):
            if part is None:
                continue
            for word, phrases in part.by_word.items():
                by_word.setdefault(word, []).extend((position, blocked, p) for p in phrases)
            for pair, phrases in part.by_pair.items():
                by_pair.setdefault(pair, []).extend((position, blocked, p) for p in phrases)
            by_num.extend((position, blocked, p) for p in part.by_num)
            for first, phrase in part.by_affix:
                for stem in first.stems:
                    by_stem.setdefault(stem[:3], []).append((first, position, blocked, phrase))
                if first.suffixes:
                    by_suffix.append((first, position, blocked, phrase))
    return _Index({w: tuple(v) for w, v in by_word.items()}, {k: tuple(v) for k, v in by_pair.items()},
                  tuple(by_num), {k: tuple(v) for k, v in by_stem.items()}, tuple(by_suffix))


@lru_cache(maxsize=16384)
def _word_openers(token: str) -> tuple:
    """The phrases this token opens on its own: by the word, a number, a stem or a suffix."""
    index = _index()
    found = list(index.by_word.get(token, ()))
    if token.isdigit():
        found.extend(index.by_num)
    for first, position, blocked, phrase in index.by_stem.get(token[:3], ()) + index.by_suffix:
        if _word_matches(first, token) and (position, blocked, phrase) not in found:
            found.append((position, blocked, phrase))
    return tuple(found)


def _openers(token: str, following: str | None) -> tuple:
    """Every (concept position, is-except, phrase) that can open with this token (and the next)."""
    pair = _index().by_pair.get((token, following)) if following is not None else None
    return _word_openers(token) + pair if pair else _word_openers(token)


@lru_cache(maxsize=None)
def _dependents() -> tuple[tuple[int, ...], ...]:
    """For each concept position, the positions of concepts with a phrase opening with it."""
    ordered = concepts()
    where = {c.name: n for n, c in enumerate(ordered)}
    deps: list[set[int]] = [set() for _ in ordered]
    for n, concept in enumerate(ordered):
        for part in (concept, concept.excepts):
            for ref, _ in (part.by_ref if part is not None else ()):
                deps[where[ref]].add(n)
    return tuple(tuple(sorted(d)) for d in deps)


def find(tokens: tuple[str, ...]) -> list[Occurrence]:
    """Every concept occurrence in one clause: the longest match of each phrase at each start."""
    ordered = concepts()
    dependents = _dependents()
    starts: dict[tuple[int, bool], list] = {}
    active = bytearray(len(ordered))
    for i, token in enumerate(tokens):
        for position, blocked, phrase in _openers(token, tokens[i + 1] if i + 1 < len(tokens) else None):
            starts.setdefault((position, blocked), []).append((i, phrase))
            active[position] = 1
    found: dict[str, dict[int, set[int]]] = {}
    occurrences: list[Occurrence] = []
    for position, concept in enumerate(ordered):
        if not active[position]:
            continue
        spans = _spans(starts.get((position, False), ()), concept.by_ref, tokens, found)
        if spans and concept.excepts is not None:
            blocked = [(s, e) for s, ends in
                       _spans(starts.get((position, True), ()), concept.excepts.by_ref, tokens, found).items()
                       for e in ends]
            if blocked:
                spans = {s: {e for e in ends if not any(a < e and s < b for a, b in blocked)}
                         for s, ends in spans.items()}
                spans = {s: ends for s, ends in spans.items() if ends}
        if spans and concept.whole_clause:
            spans = {0: {len(tokens)}} if len(tokens) in spans.get(0, ()) else {}
        if spans:
            found[concept.name] = spans
            occurrences.extend(Occurrence(concept.name, s, e) for s, ends in spans.items() for e in ends)
            for dependent in dependents[position]:
                active[dependent] = 1
    return occurrences


def _spans(opened, by_ref, tokens, found: dict) -> dict[int, set[int]]:
    """Start -> end of the longest match of each phrase, from the phrases opened by a token and
    those opening with a concept already found."""
    spans: dict[int, set[int]] = {}
    candidates = list(opened)
    for ref, phrase in by_ref:
        candidates.extend((i, phrase) for i in found.get(ref, ()))
    n = len(tokens)
    for i, phrase in candidates:
        # The plain words at the front first: most phrases fail there, before any generator.
        k, j = i, 0
        while j < len(phrase) and phrase[j].kind == "word" and not phrase[j].optional:
            if k >= n or not _word_matches(phrase[j], tokens[k]):
                break
            k += 1
            j += 1
        else:
            end = k if j == len(phrase) else max(_ends(phrase, k, tokens, found, j), default=i)
            if end > i:
                spans.setdefault(i, set()).add(end)
    return spans
