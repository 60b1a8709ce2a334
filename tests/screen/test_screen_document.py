"""The APL document: data beside the other content, a layout for every viewport the manifest
declares, directives built with ask-sdk-model's classes, and packaged with the skill."""
import json
import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path
from types import SimpleNamespace

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

from release_coach.domain.reply import Line, Reply
from release_coach.screen import apl
from release_coach.screen.view import APL_DIR, screen_data, words

from screen_helpers import coach_at, document_problems, speak_step

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = json.loads((ROOT / "skill-package" / "skill.json").read_text())["manifest"]
DOC = apl.document()

# A device for each viewport the manifest declares: its pixels, and the viewport APL sees (dp).
DEVICES = {
    "small round hub": ({"mode": "HUB", "shape": "ROUND", "px": (480, 480)},
                        {"mode": "hub", "shape": "round", "width": 480, "height": 480}, "RoundScreen"),
    "medium landscape hub": ({"mode": "HUB", "shape": "RECTANGLE", "px": (1024, 600)},
                             {"mode": "hub", "shape": "rectangle", "width": 1024, "height": 600}, "LandscapeScreen"),
    "large landscape hub": ({"mode": "HUB", "shape": "RECTANGLE", "px": (1280, 800)},
                            {"mode": "hub", "shape": "rectangle", "width": 1280, "height": 800}, "LandscapeScreen"),
    "TV": ({"mode": "TV", "shape": "RECTANGLE", "px": (960, 540)},
           {"mode": "tv", "shape": "rectangle", "width": 960, "height": 540}, "TvScreen"),
}


def holds_when(expression: str | None, viewport: dict) -> bool:
    """The document's viewport conditions, evaluated the way APL would (they only compare)."""
    if expression is None:
        return True
    body = re.fullmatch(r"\$\{(.*)\}", expression).group(1)
    python = body.replace("&&", " and ").replace("||", " or ")
    assert set(re.findall(r"[A-Za-z_]+", python)) <= {"viewport", "shape", "mode", "width", "height", "and", "or",
                                                       "round", "rectangle", "hub", "tv"}, body
    return bool(eval(python, {"__builtins__": {}}, {"viewport": SimpleNamespace(**viewport)}))


def layout_for(viewport: dict) -> str:
    return next(item["type"] for item in DOC["mainTemplate"]["items"] if holds_when(item.get("when"), viewport))


def dimensions_for(viewport: dict) -> dict:
    found = {}
    for block in DOC["resources"]:
        if holds_when(block.get("when"), viewport):
            found.update(block.get("dimensions", {}))
    return found


def types_in(node) -> set[str]:
    if isinstance(node, dict):
        return ({node["type"]} if "type" in node else set()) | set().union(*(types_in(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(types_in(v) for v in node)) if node else set()
    return set()


def test_the_manifest_declares_apl_with_exactly_the_viewports_designed_for():
    (interface,) = [i for i in MANIFEST["apis"]["custom"]["interfaces"] if i["type"] == "ALEXA_PRESENTATION_APL"]
    declared = interface["supportedViewports"]
    assert len(declared) == len(DEVICES)
    for (device, _, _) in DEVICES.values():
        width, height = device["px"]
        assert [v for v in declared if v["mode"] == device["mode"] and v["shape"] == device["shape"]
                and v["minWidth"] <= width <= v["maxWidth"] and v["minHeight"] <= height <= v["maxHeight"]]


@pytest.mark.parametrize("name", list(DEVICES))
def test_each_viewport_has_its_layout_in_the_document(name):
    _, viewport, expected = DEVICES[name]
    chosen = layout_for(viewport)
    assert chosen == expected
    screen = DOC["layouts"][chosen]
    panel_type = screen["item"]["item"]["type"]
    panel = DOC["layouts"][panel_type]
    assert screen["item"]["data"] == "${panels}", "one panel per hold, inflated from the datasource"
    assert {"Clock", "Bar", "Text"} <= types_in(panel)
    shown = json.dumps(panel)
    for field in ("title", "side", "instruction", "note", "progress", "showMs", "hideMs"):
        assert f"panel.{field}" in shown, field
    sizes = dimensions_for(viewport)
    assert set(sizes) >= {"clockSize", "instructionSize", "sideSize", "titleSize", "padX", "padY", "barHeight"}
    # readable from the floor: the countdown is the biggest thing, the instruction next
    assert sizes["clockSize"] >= 3 * sizes["instructionSize"] >= 3 * sizes["titleSize"]
    assert sizes["instructionSize"] >= 30


def test_bigger_screens_get_bigger_type():
    medium, large = (dimensions_for(DEVICES[n][1]) for n in ("medium landscape hub", "large landscape hub"))
    assert all(large[k] > medium[k] for k in ("clockSize", "instructionSize", "titleSize"))


def test_high_contrast_colours():
    colours = DOC["resources"][0]["colors"]

    def luminance(hex_colour):
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    background = luminance(DOC["background"])
    for name in ("ink", "accent", "dim"):
        ratio = (luminance(colours[name]) + 0.05) / (background + 0.05)
        assert ratio >= 7, f"{name}: contrast {ratio:.1f}:1 is below WCAG AAA"


def test_the_directive_is_built_with_the_sdk_classes_and_serialises_to_a_valid_document():
    coach = coach_at("ball_release", 3)
    reply = speak_step(coach)
    data = screen_data(reply, coach.state, coach.plan)
    directive = apl.render_directive(data)
    assert isinstance(directive, RenderDocumentDirective)
    serialised = DefaultSerializer().serialize(directive)
    assert document_problems(serialised) == []
    (sequence,) = serialised["document"]["onMount"]
    assert sequence["type"] == "Sequential" and sequence["sequencer"] == apl.SEQUENCER
    idle, animate = sequence["commands"]
    panel = data["panels"][0]
    assert idle == {"type": "Idle", "delay": panel["startMs"]}
    assert animate["type"] == "AnimateItem" and animate["duration"] == panel["seconds"] * 1000
    assert animate["screenLock"] is True and animate["componentId"] == "bar0"


def test_a_reply_without_a_hold_has_no_clock_commands():
    data = screen_data(Reply([Line("pause.paused")], tags=["paused"]))
    serialised = DefaultSerializer().serialize(apl.render_directive(data))
    assert "onMount" not in serialised["document"]
    assert document_problems(serialised) == []


@pytest.mark.parametrize("device,shown", [(None, True), ("1.5", False), ("1.6", True), ("2024.3", True),
                                          ("not-a-version", True)])
def test_devices_whose_apl_is_too_old_get_no_document(device, shown):
    assert apl.runs_on(device) is shown


def test_every_step_of_every_routine_has_a_few_words_for_the_screen():
    from release_coach.domain import routines as R

    labels = words("en")["routines"]
    for routine in R.catalog().routines.values():
        for step in routine.steps:
            label = labels.get(routine.id, {}).get("steps", {}).get(step.id)
            assert label, f"{routine.id}.{step.id} has no screen label"
            assert len(label.split()) <= 8 and len(label) <= 48, label


def test_the_apl_files_are_packaged_with_the_skill():
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    globs = package_data["release_coach"]
    for path in Path(APL_DIR).glob("*.json"):
        relative = path.relative_to(Path(APL_DIR).parents[1]).as_posix()  # from the package
        assert any(fnmatch(relative, pattern) for pattern in globs), relative


def test_words_reach_apl_text_as_themselves():
    """APL Text reads <br>, <b> and entities: our words are escaped, the day's list uses <br>."""
    (panel,) = screen_data(Reply([Line("goodbye")], end_session=True), summary=["A & B", "<C>"])["panels"]
    assert panel["note"] == "A &amp; B<br>&lt;C&gt;"
    from release_coach.domain.reply import Text

    (panel,) = screen_data(Reply([Text("Heat & ice <first>?")]))["panels"]
    assert panel["note"] == "Heat &amp; ice &lt;first&gt;?"
