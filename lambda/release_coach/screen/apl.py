"""The APL RenderDocument directive for one reply's screen data.

The ask-sdk-model APL classes are imported inside the builder, not at import: only replies to a
device with a screen pay for them, and never the Lambda cold start.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache

from .view import APL_DIR

TOKEN = "release-coach-screen"
DATASOURCE = "coach"
# The sequencer the hold clock's commands run on: a command on the main sequencer (a touch, an
# ExecuteCommands) then never cuts the bar's animation short.
SEQUENCER = "holdClock"


def _strip_descriptions(value):
    """Descriptions document the JSON for people; they need not travel in every response."""
    if isinstance(value, dict):
        return {k: _strip_descriptions(v) for k, v in value.items() if k != "description"}
    if isinstance(value, list):
        return [_strip_descriptions(v) for v in value]
    return value


@lru_cache(maxsize=None)
def document() -> dict:
    """The document as it is sent (no onMount): loaded once per process."""
    with open(os.path.join(APL_DIR, "document.json"), encoding="utf-8") as handle:
        return _strip_descriptions(json.load(handle))


def version_tuple(version: str | None) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in str(version).split("."))
    except ValueError:
        return ()


def runs_on(max_version: str | None) -> bool:
    """Whether a device whose APL runtime goes up to `max_version` can show the document
    (a device that does not say is given it)."""
    if not max_version:
        return True
    device = version_tuple(max_version)
    return not device or device >= version_tuple(document()["version"])


def hold_commands(data: dict) -> list:
    """For each hold, in order: wait until it starts, then shrink its bar over exactly its length
    with the screen kept on. Built from the screen data's own windows (startMs, endMs)."""
    from ask_sdk_model.interfaces.alexa.presentation.apl import (
        AnimatedTransformProperty,
        AnimateItemCommand,
        IdleCommand,
        ScaleTransformProperty,
        SequentialCommand,
    )

    steps = []
    clock = 0
    for number, panel in enumerate(data["panels"]):
        if not panel["seconds"]:
            continue
        steps.append(IdleCommand(delay=max(0, panel["startMs"] - clock)))
        steps.append(AnimateItemCommand(
            component_id=f"bar{number}", duration=panel["endMs"] - panel["startMs"], easing="linear",
            screen_lock=True,
            value=[AnimatedTransformProperty(object_from=[ScaleTransformProperty(scale_x=1.0)],
                                             to=[ScaleTransformProperty(scale_x=0.0)])]))
        clock = panel["endMs"]
    return [SequentialCommand(sequencer=SEQUENCER, commands=steps)] if steps else []


def render_directive(data: dict):
    """Alexa.Presentation.APL.RenderDocument with the document, its onMount and the data."""
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

    doc = dict(document())
    commands = hold_commands(data)
    if commands:
        doc["onMount"] = commands
    return RenderDocumentDirective(token=TOKEN, document=doc, datasources={DATASOURCE: data})
