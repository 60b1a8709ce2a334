"""Words of a question, made comparable with the words of the knowledge base.

A question goes through four steps, and every entry of the knowledge base goes through the same
ones, so both sides meet on the same tokens:

1. clean: lower case, contractions opened ("can't" -> "can not"), punctuation gone;
2. repair: a word the recogniser split or misspelt ("pear a form is", "effle arge", "glues") is
   joined back to the technical term it sounds like, by a rough sound key and a spelling ratio;
3. fold: lay words and phrases become one concept token ("bum", "butt", "backside" -> buttock;
   "the ball thing" -> ball), longest phrase first, the table being LEXICON below;
4. stem lightly and drop the function words.

`shapes()` reads the question's shape ("how long", "who", "where" ...) from the cleaned words,
before anything is dropped; the index uses it to prefer entries that answer that shape.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .kb_lexicon import LEXICON, SHAPES, STOPWORDS

# Contractions opened, with or without the apostrophe a recogniser may drop ("dont", "cant").
_NEGATIONS = {"can't": "can not", "cant": "can not", "cannot": "can not", "won't": "will not", "wont": "will not"}
_CONTRACTION = re.compile(r"\b(can'?t|cannot|won'?t)\b|n't\b|\b(do|is|was|are|were|does|did|has|have|had|should|"
                          r"would|could|must|need)nt\b|'s\b|'(?:re|ve|ll|d|m)\b")


def _open(match: re.Match) -> str:
    whole = match.group(0)
    if match.group(1):
        return _NEGATIONS[whole]
    if match.group(2):
        return match.group(2) + " not"
    return {"n't": " not", "'s": " is"}.get(whole, " ")


_VOWELS = re.compile(r"[aeiouy]+")
# Joined pieces shorter than this are too ambiguous to repair ("is it" is not "asis").
_MIN_REPAIR = 5
# Sound keys this close may be the same word; then the spelling must be this close too. A run
# made only of known and function words ("spine us") must share the key and spell closer still.
_KEY_RATIO = 0.75
_SPELLING_RATIO = 0.75
_STRICT_RATIO = 0.85
# Sounding the same (equal keys) lets the spelling be a little further off ("petrisahj").
_SAME_KEY_RATIO = 0.7
# A single word is repaired only to a term at most this much longer ("super" is not "superior").
_LONGER_BY = 2
# A half-said term ("peri something") is only one of the long terms, and only when it's the only one.
_HALF_TERM = 8
_VAGUE = frozenset({"something", "thingy", "thingo", "whatsit", "whatever", "thing", "whatchamacallit"})


_LETTERS = re.compile(r"\b([a-z])\.\s?(?=[a-z]\b\.?)")  # "s.i." -> "s i"
_SEPARATORS = re.compile(r"[^a-z0-9]+")


def clean(text: str | None) -> list[str]:
    text = _LETTERS.sub(r"\1 ", (text or "").lower().replace("\u2019", "'"))
    return _SEPARATORS.sub(" ", _CONTRACTION.sub(_open, text)).split()


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """Light suffix stripping, enough that 'rolling', 'rolled' and 'rolls' meet."""
    for suffix in ("ing", "edly", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2]:
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def sound_key(word: str) -> str:
    """A rough key for how a word sounds: spellings of one sound meet, vowels after the first go."""
    word = word.replace("ph", "f").replace("ck", "k").replace("qu", "kw").replace("x", "ks")
    # The soft g of the French terms as people spell it ("effleurazh", "petri sahj"): one sound.
    word = re.sub(r"g(?=[eiy])", "j", word.replace("zh", "j"))
    word = re.sub(r"(?<=[aeiou])h", "", word)  # "ah" is a vowel
    word = re.sub(r"c(?=[eiy])", "s", word).replace("c", "k").replace("z", "s")
    head, tail = word[:1], _VOWELS.sub("", word[1:])
    return re.sub(r"(.)\1+", r"\1", head + tail)


@lru_cache(maxsize=None)
def _lexicon() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Phrases by their first stem, longest first."""
    table: dict[tuple[str, ...], str] = {}
    for concept, phrases in LEXICON.items():
        for phrase in (concept, *phrases):
            key = tuple(stem(w) for w in clean(phrase))
            if key:
                table[key] = concept
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for key, concept in table.items():
        by_first.setdefault(key[0], []).append((key, concept))
    for phrases in by_first.values():
        phrases.sort(key=lambda kc: -len(kc[0]))
    return by_first


def fold(words: list[str]) -> list[str]:
    """Lay words and phrases to their concept token, longest match first; other words stemmed."""
    by_first = _lexicon()
    stems = [stem(w) for w in words]
    out, i = [], 0
    while i < len(stems):
        for key, concept in by_first.get(stems[i], ()):
            if tuple(stems[i:i + len(key)]) == key:
                out.append(concept)
                i += len(key)
                break
        else:
            out.append(words[i] if words[i] in STOPWORDS else stems[i])
            i += 1
    return out


class Repairer:
    """Joins split or misheard words back into the knowledge base's technical terms.

    `terms` are the long, rare words of the knowledge base (piriformis, effleurage ...). A run of
    one to four heard words is replaced by a term when the run isn't made of words the knowledge
    base already knows, and, joined, it sounds like the term (same sound key, or keys close) and
    is spelt close to it.
    """

    def __init__(self, terms: set[str], known: set[str]):
        self.known = known
        self.by_key: dict[str, list[str]] = {}
        for term in terms:
            self.by_key.setdefault(sound_key(term), []).append(term)
        self.by_head: dict[str, list[str]] = {}
        for key in self.by_key:
            self.by_head.setdefault(key[:1], []).append(key)

    @lru_cache(maxsize=4096)
    def _match(self, joined: str, strict: bool) -> str | None:
        """The term this joined run sounds like. `strict`: same sound key and a close spelling."""
        import difflib  # on first use only: cold starts

        key = sound_key(joined)
        candidates = list(self.by_key.get(key, ()))
        same_key = bool(candidates)
        if not candidates and not strict:
            # Keys that start alike and are about as long: the rest can't reach the cutoff.
            near = [k for k in self.by_head.get(key[:1], ()) if abs(len(k) - len(key)) <= 2]
            close = difflib.get_close_matches(key, near, n=3, cutoff=_KEY_RATIO)
            candidates = [t for k in close for t in self.by_key[k]]
        best, best_ratio = None, 0.0
        for term in candidates:
            if abs(len(term) - len(joined)) > (1 if strict else 3):
                continue
            ratio = difflib.SequenceMatcher(None, joined, term).ratio()
            if ratio > best_ratio:
                best, best_ratio = term, ratio
        wanted = _STRICT_RATIO if strict else _SAME_KEY_RATIO if same_key else _SPELLING_RATIO
        return best if best_ratio >= wanted else None

    def repair(self, words: list[str]) -> list[str]:
        out, i = [], 0
        while i < len(words):
            term, size = self._repair_at(words, i)
            if term is None:
                out.append(words[i])
                i += 1
            else:
                out.append(term)
                i += size
        return out

    def _unknown(self, word: str) -> bool:
        return word not in STOPWORDS and word not in self.known and stem(word) not in self.known

    @lru_cache(maxsize=1024)
    def _half(self, start: str) -> str | None:
        """The one long term that starts as this half-remembered word sounds ("peri" for piriformis)."""
        import difflib

        key, found = sound_key(start), set()
        for terms in self.by_key.values():
            for term in terms:
                head = term[:len(start)]
                if len(term) >= _HALF_TERM and sound_key(head) == key and \
                        difflib.SequenceMatcher(None, start, head).ratio() >= _SPELLING_RATIO:
                    found.add(term)
        # Spellings of one term ("petrissage", "petrisage") are one term.
        meanings = {tuple(fold([term])) for term in found}
        return min(found) if len(meanings) == 1 else None

    def _repair_at(self, words: list[str], i: int) -> tuple[str | None, int]:
        if words[i] in STOPWORDS and words[i] not in ("a", "i"):
            return None, 0
        # A term half said, then given up on: "that peri something muscle", "the effle thingy".
        if i + 1 < len(words) and words[i + 1] in _VAGUE and len(words[i]) >= 3 and self._unknown(words[i]):
            term = self._half(words[i])
            if term is not None:
                return term, 2
        for size in (4, 3, 2):
            run = words[i:i + size]
            if len(run) < size or not self._unknown(run[-1]) and run[-1] not in STOPWORDS:
                continue
            joined = "".join(run)
            if len(joined) < 4 or sum(len(w) > 2 and not self._unknown(w) and w not in STOPWORDS for w in run) > 1:
                continue  # two words the index knows are two words ("hip bone"), not one split term
            term = self._match(joined, strict=not any(self._unknown(w) for w in run))
            # A term no longer than one of the run's words, or a form of one ("massage do" is not
            # "massaged"), is that word, not a split term.
            if term is not None and len(term) > max(len(w) for w in run) and not any(
                    stem(term) == stem(w) or not self._unknown(w) and len(w) >= 4 and term.startswith(w) for w in run):
                return term, size
        word = words[i]
        if self._unknown(word) and len(word) >= _MIN_REPAIR:
            term = self._match(word, strict=False)
            if term is not None and term[0] == word[0] and -1 <= len(term) - len(word) <= _LONGER_BY:
                return term, 1
        return None, 0


def shapes(words: list[str]) -> frozenset[str]:
    """The question shapes these cleaned words take: 'timing', 'who', 'where', 'define' ..."""
    text = " " + " ".join(words) + " "
    return frozenset(shape for shape, pattern in SHAPES.items() if pattern.search(text))


def content_tokens(tokens: list[str]) -> list[str]:
    return [t for t in tokens if t not in STOPWORDS and not t.isdigit()]
