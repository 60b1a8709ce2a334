"""The lexicon (content/en/lexicon.json): concepts as token patterns, found in a clause.

A concept is a list of phrases. A phrase is a sequence of token elements:

    word          that word                      a|b|c       any of these words
    stem*         a word starting with stem      *ectomy     a word ending with ectomy
    (a b|c)       "a b" or "c"                   [a b|c]     "a b", "c" or nothing
    @NAME         any phrase of concept NAME     ~N          up to N other words, never a
    #             a number written in digits                  negation and never a comma
    #old          a year from 1900 to 2019 ("back in 2005": long ago, whenever it is said)

Concepts that refer to others are compiled after them, so `@CLOTHES` inside SOIL_EVENT sees
every piece of clothing already found. A concept's "except" phrases cancel any of its
occurrences they overlap ("chest of drawers" is not a chest). This module loads and compiles;
matching.py finds the concepts in a clause.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from release_coach import content


@lru_cache(maxsize=None)
def data() -> dict:
    return content.load("en", "lexicon.json")


class Element(NamedTuple):
    kind: str            # "word", "gap", "ref", "num"
    words: frozenset = frozenset()
    stems: tuple = ()
    suffixes: tuple = ()
    optional: bool = False
    size: int = 0         # gap width
    ref: str = ""


@lru_cache(maxsize=None)
def _element(token: str) -> Element:
    optional = token.startswith("[") and token.endswith("]")
    if optional:
        token = token[1:-1]
    if token.startswith("~"):
        return Element("gap", size=int(token[1:]), optional=optional)
    if token.startswith("@"):
        return Element("ref", ref=token[1:], optional=optional)
    if token == "#":
        return Element("num", optional=optional)
    if token == "#old":
        return Element("num", optional=optional, ref="old")
    words, stems, suffixes = set(), [], []
    for alt in token.split("|"):
        if alt.endswith("*") and len(alt) > 1:
            stems.append(alt[:-1])
        elif alt.startswith("*") and len(alt) > 1:
            suffixes.append(alt[1:])
        else:
            words.add(alt)
    return Element("word", frozenset(words), tuple(stems), tuple(suffixes), optional)


def _spell_out(phrase: str) -> list[list[str]]:
    """Every plain token sequence a phrase stands for: groups "(a b|c)" and "[a b|c]" expanded."""
    spaced, depth = [], 0
    for char in phrase:
        depth += char in "(["
        depth -= char in ")]"
        spaced.append(f" {char} " if char in "()[]" or (char == "|" and depth) else char)
    pieces = "".join(spaced).split()

    def sequence(i: int, closer: str | None) -> tuple[list[list[str]], int]:
        """The token sequences from pieces[i] up to the closer, and where reading stopped."""
        done, current = [], [[]]
        while i < len(pieces):
            piece = pieces[i]
            if piece == closer:
                return done + current, i + 1
            if piece in ("(", "["):
                inner, i = sequence(i + 1, ")" if piece == "(" else "]")
                # The one-word choices stay one element ("a|b|c"): no need to spell out every path.
                singles = [seq[0] for seq in inner if len(seq) == 1 and seq[0][0] not in "@~[#"]
                inner = [seq for seq in inner if not (len(seq) == 1 and seq[0] in singles)]
                if singles:
                    inner.append(["|".join(dict.fromkeys(w for s in singles for w in s.split("|")))])
                if piece == "[":
                    inner.append([])
                current = [c + choice for c in current for choice in inner]
                continue
            if piece == "|" and closer:
                done, current = done + current, [[]]
            elif piece == "|" or piece.startswith("|") or piece.endswith("|"):
                raise ValueError(f"lexicon: a stray '|' in {phrase!r}")
            else:
                current = [c + [piece] for c in current]
            i += 1
        if closer:
            raise ValueError(f"lexicon: unclosed group in {phrase!r}")
        return current, i

    return sequence(0, None)[0]


def _compile_phrase(phrase: str) -> list[tuple[Element, ...]]:
    return [tuple(_element(t) for t in tokens) for tokens in _spell_out(phrase) if tokens]


class Concept(NamedTuple):
    name: str
    whole_clause: bool     # kept only when it is the whole clause ("since the summer", said alone)
    by_pair: dict          # (first word, second word) -> phrases opening with those two plain words
    by_word: dict          # first word -> other phrases starting with it
    by_affix: tuple        # (first element, phrase) for phrases starting with a stem or suffix
    by_ref: tuple          # (concept name, phrase) for phrases starting with another concept
    by_num: tuple          # phrases starting with a number
    excepts: "Concept | None"
    refs: frozenset


def _leading_choices(phrase: tuple[Element, ...]) -> list[tuple[Element, ...]]:
    """A phrase whose first element is optional is two phrases: with it and without it."""
    if phrase and phrase[0].optional:
        return _leading_choices(phrase[1:]) + [(phrase[0]._replace(optional=False),) + phrase[1:]]
    return [phrase] if phrase else []


@lru_cache(maxsize=None)
def _plain(element: Element) -> bool:
    return element.kind == "word" and not element.optional and not (element.stems or element.suffixes)


def _index(name: str, phrases: list[str], excepts: list[str] | None = None, whole_clause: bool = False) -> Concept:
    by_word: dict[str, list] = {}
    by_pair: dict[tuple[str, str], list] = {}
    by_affix, by_ref, by_num, refs = [], [], [], set()
    for text in phrases:
        for phrase in (p for compiled in _compile_phrase(text) for p in _leading_choices(compiled)):
            refs.update(e.ref for e in phrase if e.kind == "ref")
            first = phrase[0]
            if first.kind == "gap":
                raise ValueError(f"lexicon: {name}: a phrase may not start with a gap: {text!r}")
            if first.kind == "ref":
                by_ref.append((first.ref, phrase))
            elif first.kind == "num":
                by_num.append(phrase)
            elif _plain(first) and len(phrase) > 1 and _plain(phrase[1]):
                for word in first.words:
                    for second in phrase[1].words:
                        by_pair.setdefault((word, second), []).append(phrase)
            else:
                for word in first.words:
                    by_word.setdefault(word, []).append(phrase)
                if first.stems or first.suffixes:
                    by_affix.append((first, phrase))
    blocked = _index(name + ":except", excepts) if excepts else None
    if blocked is not None:
        refs |= blocked.refs
    return Concept(name, whole_clause, {w: tuple(p) for w, p in by_pair.items()}, {w: tuple(p) for w, p in by_word.items()},
                   tuple(by_affix), tuple(by_ref),
                   tuple(by_num), blocked, frozenset(refs))


@lru_cache(maxsize=None)
def concepts() -> tuple[Concept, ...]:
    """Every concept, each after the concepts it refers to."""
    raw = data()["concepts"]
    built = {name: _index(name, entry["phrases"], entry.get("except"), bool(entry.get("whole_clause")))
             for name, entry in raw.items() if not name.startswith("_")}
    ordered, seen = [], set()

    def visit(name: str, path: tuple = ()) -> None:
        if name in seen:
            return
        if name in path or name not in built:
            raise ValueError(f"lexicon: concept {name!r} is unknown or refers to itself ({' > '.join(path)})")
        for ref in sorted(built[name].refs):
            visit(ref, path + (name,))
        seen.add(name)
        ordered.append(built[name])

    for name in built:
        visit(name)
    return tuple(ordered)


@lru_cache(maxsize=None)
def negation_words() -> frozenset[str]:
    return frozenset(data()["negation"]["cues"])
