"""Content as data, in our own words. Loaded relative to this package, never the working directory."""
from __future__ import annotations

import json
from functools import lru_cache
import os

DEFAULT_LANGUAGE = "en"


def language_of(locale: str | None) -> str:
    """en-US, en-GB, en-AU ... all read the English content; locale differences live in locales.json."""
    return (locale or DEFAULT_LANGUAGE).split("-")[0].lower() or DEFAULT_LANGUAGE


# os.path, not pathlib: one import fewer on every Lambda cold start.
HERE = os.path.dirname(os.path.abspath(__file__))


@lru_cache(maxsize=None)
def load(language: str, name: str) -> dict:
    path = os.path.join(HERE, language, name)
    if not os.path.isfile(path):
        path = os.path.join(HERE, DEFAULT_LANGUAGE, name)
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)
