"""Numbers and durations as words, so the voice never has to guess how to read them."""
from __future__ import annotations

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """0..9999 as spoken English ("forty five", "one hundred and twenty")."""
    if n < 0:
        return "minus " + number_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + ("" if ones == 0 else " " + _ONES[ones])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = _ONES[hundreds] + " hundred"
        return head if rest == 0 else f"{head} and {number_words(rest)}"
    thousands, rest = divmod(n, 1000)
    head = number_words(thousands) + " thousand"
    return head if rest == 0 else f"{head} {number_words(rest)}"


def duration_words(seconds: int) -> str:
    """A duration the way a person says it: "forty five seconds", "a minute and a half"."""
    seconds = int(round(seconds))
    minutes, rest = divmod(seconds, 60)
    if minutes == 0:
        return f"{number_words(rest)} second" + ("" if rest == 1 else "s")
    if rest == 30:
        return "a minute and a half" if minutes == 1 else f"{number_words(minutes)} and a half minutes"
    head = "a minute" if minutes == 1 else f"{number_words(minutes)} minutes"
    if rest == 0:
        return head
    return f"{head} and {number_words(rest)} second" + ("" if rest == 1 else "s")


def minutes_words(seconds: float) -> str:
    """A rounded, approximate span for "how long is left" style answers."""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return duration_words(max(5, int(round(seconds / 5.0)) * 5))
    minutes = int(round(seconds / 60.0))
    return "about a minute" if minutes == 1 else f"about {number_words(minutes)} minutes"
