"""The lexicon (content/en/lexicon.json): concepts as token patterns, found in a clause.

A concept is a list of phrases. A phrase is a sequence of token elements:

    word          that word                      a|b|c       any of these words
    stem*         a word starting with stem      *ectomy     a word ending with ectomy
    (a b|c)       "a b" or "c"                   [a b|c]     "a b", "c" or nothing
    @NAME         any phrase of concept NAME     ~N          up to N other words, never a
    #             a number written in digits                  negation and never a comma

Concepts that refer to others are found after them, so `@CLOTHES` inside INCONTINENCE_EVENT
sees every piece of clothing already found. A concept's "except" phrases cancel any of its
occurrences they overlap ("chest of drawers" is not a chest). Finding is a scan of the clause's
tokens against phrases indexed by their first word: no regular expressions at request time.
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


class Occurrence(NamedTuple):
    concept: str
    start: int
    end: int  # exclusive


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


def _index(name: str, phrases: list[str], excepts: list[str] | None = None) -> Concept:
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
    return Concept(name, {w: tuple(p) for w, p in by_pair.items()}, {w: tuple(p) for w, p in by_word.items()},
                   tuple(by_affix), tuple(by_ref),
                   tuple(by_num), blocked, frozenset(refs))


@lru_cache(maxsize=None)
def concepts() -> tuple[Concept, ...]:
    """Every concept, each after the concepts it refers to."""
    raw = data()["concepts"]
    built = {name: _index(name, entry["phrases"], entry.get("except"))
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


def _word_matches(element: Element, token: str) -> bool:
    if token in element.words:
        return True
    if not (element.stems or element.suffixes):
        return False
    return any(token.startswith(s) for s in element.stems) or any(token.endswith(s) for s in element.suffixes)


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
        if tokens[i].isdigit():
            yield from _ends(elements, i + 1, tokens, found, j + 1)
    else:
        for end in found.get(element.ref, {}).get(i, ()):
            yield from _ends(elements, end, tokens, found, j + 1)


@lru_cache(maxsize=None)
def _affix_firsts() -> tuple:
    """(first element, concept position, is-except, phrase) for phrases opening with a stem or suffix."""
    found = []
    for position, concept in enumerate(concepts()):
        for blocked, part in ((False, concept), (True, concept.excepts)):
            if part is not None:
                found.extend((first, position, blocked, phrase) for first, phrase in part.by_affix)
    return tuple(found)


@lru_cache(maxsize=32768)
def _openers(token: str, following: str | None) -> tuple:
    """Every (concept position, is-except, phrase) that can open with this token (and the next)."""
    found = []
    for position, concept in enumerate(concepts()):
        for blocked, part in ((False, concept), (True, concept.excepts)):
            if part is not None:
                found.extend((position, blocked, phrase) for phrase in part.by_word.get(token, ()))
                if following is not None:
                    found.extend((position, blocked, phrase) for phrase in part.by_pair.get((token, following), ()))
                if token.isdigit():
                    found.extend((position, blocked, phrase) for phrase in part.by_num)
    found.extend((position, blocked, phrase) for first, position, blocked, phrase in _affix_firsts()
                 if _word_matches(first, token))
    return tuple(found)


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
