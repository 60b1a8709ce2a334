"""Content as data, in our own words. Loaded relative to this package, never the working directory."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

DEFAULT_LANGUAGE = "en"


def language_of(locale: str | None) -> str:
    """en-US, en-GB, en-AU ... all read the English content; locale differences live in locales.json."""
    return (locale or DEFAULT_LANGUAGE).split("-")[0].lower() or DEFAULT_LANGUAGE


@lru_cache(maxsize=None)
def load(language: str, name: str) -> dict:
    folder = resources.files(__name__).joinpath(language)
    if not folder.joinpath(name).is_file():
        folder = resources.files(__name__).joinpath(DEFAULT_LANGUAGE)
    return json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
