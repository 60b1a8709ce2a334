"""The interaction model, read from interactionModels/custom/<locale>.json as `ask deploy` would."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

# lambda/release_coach/console/model.py -> the repository root is three folders up from here.
MODELS_DIR = Path(__file__).resolve().parents[3] / "interactionModels" / "custom"

_SLOT_REFERENCE = re.compile(r"\{([A-Za-z0-9_]+)\}")


class ModelError(ValueError):
    """The interaction model is missing, unreadable or not shaped like an Alexa model."""


@dataclass(frozen=True)
class SlotValue:
    id: str
    name: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class Intent:
    name: str
    slots: dict[str, str]  # slot name -> slot type
    samples: tuple[str, ...]


@dataclass
class InteractionModel:
    locale: str
    invocation_name: str
    intents: dict[str, Intent]
    types: dict[str, tuple[SlotValue, ...]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict, locale: str) -> "InteractionModel":
        try:
            language_model = data["interactionModel"]["languageModel"]
            invocation_name = str(language_model["invocationName"])
            intents = {}
            for raw in language_model.get("intents", []):
                slots = {slot["name"]: slot["type"] for slot in raw.get("slots", [])}
                samples = tuple(str(sample) for sample in raw.get("samples", []))
                for sample in samples:
                    for slot_name in _SLOT_REFERENCE.findall(sample):
                        if slot_name not in slots:
                            raise ModelError(
                                f"{raw['name']} sample {sample!r} uses {{{slot_name}}}, which the intent does not declare"
                            )
                intents[raw["name"]] = Intent(raw["name"], slots, samples)
            types = {}
            for raw_type in language_model.get("types", []):
                values = []
                for raw_value in raw_type.get("values", []):
                    name = raw_value["name"]["value"]
                    values.append(
                        SlotValue(
                            id=raw_value.get("id") or _generated_id(name),
                            name=name,
                            synonyms=tuple(raw_value["name"].get("synonyms", [])),
                        )
                    )
                types[raw_type["name"]] = tuple(values)
        except (KeyError, TypeError, AttributeError) as error:
            raise ModelError(f"the {locale} interaction model is not shaped like an Alexa model ({error!r} missing or wrong)") from None
        return cls(locale=locale, invocation_name=invocation_name, intents=intents, types=types)


def _generated_id(name: str) -> str:
    # Alexa makes up a stable id when the model gives none; any stable string serves locally.
    return hashlib.md5(name.encode("utf-8")).hexdigest()


def available_locales(models_dir: Path = MODELS_DIR) -> list[str]:
    return sorted(path.stem for path in models_dir.glob("*.json"))


def load_model(locale: str, models_dir: Path = MODELS_DIR) -> InteractionModel:
    path = models_dir / f"{locale}.json"
    if not path.is_file():
        known = available_locales(models_dir)
        listing = ", ".join(known) if known else f"none in {models_dir}"
        raise ModelError(f"unknown locale {locale!r}: there is no interaction model for it (available: {listing})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"cannot read interaction model {path}: {error}") from None
    return InteractionModel.from_dict(data, locale)
