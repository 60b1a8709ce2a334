"""The coach's records: the session state, the stored profile and the request context.

Built from untrusted data (session attributes and stored records come back from the outside),
so every field is checked for type and anything wrong falls back to its default.
"""
from __future__ import annotations

from ..record import record

HISTORY_KEEP = 30
# The sides of the body a routine is done on, in the order a session starts by default.
SIDES = ("left", "right")
# Speaking pace as a percentage of the normal rate (slower than 80% sounds broken; faster than
# 120% is hard to follow lying down).
PACE_RANGE = (80, 120)
QUESTION_IDS = ("menu", "resume", "screen", "check", "flare", "warmup", "another", "forget", "cleared", "more",
                "pain", "confirm", "carry_on", "shorter", "alternative")


_NONE = type(None)


def _accepts(types: tuple, value) -> bool:
    if isinstance(value, bool):
        return bool in types
    if isinstance(value, int) and float in types:
        return True
    return isinstance(value, types)


class _Record:
    """A mutable record of typed, defaulted fields that can be rebuilt from untrusted stored data.

    FIELDS maps each name to (accepted types, default); a callable default (list, dict) makes a
    fresh value. Plain classes, not dataclasses: the @dataclass decorator generates each class's
    methods with exec at import, which cost this package about 10 ms of every Lambda cold start.
    """

    FIELDS: dict[str, tuple[tuple, object]] = {}
    __slots__ = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Worked out once per class: records are built and saved on every request.
        cls._DEFAULTS = tuple((name, default, callable(default)) for name, (_, default) in cls.FIELDS.items())
        cls._EMPTY = {name: default() if factory else default for name, default, factory in cls._DEFAULTS}

    def __init__(self, **values):
        for name, default, factory in self._DEFAULTS:
            if name in values:
                setattr(self, name, values[name])
            else:
                setattr(self, name, default() if factory else default)

    @classmethod
    def from_untrusted(cls, raw: object):
        """Keep only the stored fields that have the right type; defaults for the rest."""
        record = cls()
        if isinstance(raw, dict):
            for name, (types, _) in cls.FIELDS.items():
                if name in raw and _accepts(types, raw[name]):
                    setattr(record, name, raw[name])
        return record

    def to_dict(self) -> dict:
        """Only the fields that differ from their defaults: session attributes travel with every
        request and response, and are parsed by the SDK each time."""
        empty = self._EMPTY
        return {name: value for name in empty if (value := getattr(self, name)) != empty[name]}


class SessionState(_Record):
    """Everything the coach remembers within one Alexa session (serialised into session attributes)."""

    FIELDS = {
        "routines": ((list,), list),  # the plan's routine ids, in order
        "pos": ((int,), 0),
        "first_side": ((str,), "left"),
        "gentle": ((bool,), False),
        "scale": ((float, _NONE), None),  # a fitted session: where each time sits between min and max
        "paused": ((bool,), False),
        "ask": ((str, _NONE), None),  # the question waiting for an answer
        "screen_index": ((int,), 0),
        "pending": ((dict, _NONE), None),  # what to start once the questions before it are answered
        "screened": ((bool,), False),
        "flare_asked": ((bool,), False),
        "flare_today": ((bool,), False),  # a flare-up reported this session: gentle, whatever else
        "warmup_offered": ((bool,), False),
        "blocked": ((str, _NONE), None),  # a see-a-professional sign: no routine this session
        "cleared": ((list,), list),  # signs a doctor has cleared, as the person confirmed
        "pain_reports": ((int,), 0),
        "sides_done": ((list,), list),  # "routine:side" for each side finished
        "timed_at": ((float, _NONE), None),  # when the last timed step was sent
        "timed_lead": ((float,), 0.0),
        "timed_seconds": ((int,), 0),
        "kb_topic": ((str, _NONE), None),
        "last": ((str, _NONE), None),  # what "repeat" repeats
        "confirm": ((str, _NONE), None),  # the triage confirmation question open
        "sent_at": ((float, _NONE), None),  # when the last response with steps was sent
        "segments": ((list,), list),  # [pos, step start, hold start, hold seconds] per step in it
        "hold_left": ((int,), 0),  # seconds left of an interrupted hold
        "step_spoken": ((bool,), False),  # the interrupted step had been spoken to its end
        "completed": ((list,), list),  # routines finished this session, for the card
        "finished": ((dict, _NONE), None),  # the routine the last response finished, until heard out
        "counted": ((bool,), False),  # this session is in the history (a routine began)
        "undo": ((dict, _NONE), None),  # the setting the last reply changed, as it was before
        "sig": ((str,), ""),  # the last reply's signature, and how often it came in a row
        "same": ((int,), 0),
    }
    __slots__ = tuple(FIELDS)

    @classmethod
    def from_dict(cls, raw: object) -> "SessionState":
        state = cls.from_untrusted(raw)
        state.routines = _known_routines(state.routines)
        state.sides_done = [m for m in state.sides_done if isinstance(m, str)]
        if state.first_side not in SIDES:
            state.first_side = "left"
        if state.ask not in QUESTION_IDS:
            state.ask = None
        state.segments = [seg for seg in state.segments if isinstance(seg, list) and len(seg) == 4
                          and all(_accepts((float,), v) for v in seg)]
        state.completed = [c for c in state.completed if isinstance(c, dict)][-6:]
        if state.finished is not None:
            done = state.finished
            routines = _known_routines(done.get("routines") or [])
            state.finished = {"routines": routines, "first_side": done.get("first_side") if done.get("first_side")
                              in SIDES else "left", "scale": None,
                              "sides_done": [m for m in done.get("sides_done") or [] if isinstance(m, str)]
                              } if routines else None
        if state.routines:
            from .routines import cached_plan  # on use, as in _known_routines: a first launch has no plan

            plan_length = len(cached_plan("en", tuple(state.routines), state.first_side, state.gentle))
            state.pos = min(max(0, state.pos), plan_length - 1)
        if state.scale is not None:
            state.scale = min(1.0, max(0.0, float(state.scale)))
        return state


def _known_routines(ids: list) -> list[str]:
    """The ids of routines the catalog has. It is read only when there are ids to check: a first
    launch has none, and neither the catalog nor routines.py is needed to answer it."""
    if not ids:
        return []
    from .routines import catalog

    return [r for r in ids if isinstance(r, str) and r in catalog().routines]


# Everything a profile may keep besides the position and the history: progress and preferences
# only, never anything about the person's body (tests/persistence reads every field).
PREFERENCES = {
    "hold": "hold length asked for, in seconds",
    "roll": "roll length on the foam roller asked for, in seconds",
    "pace": "speaking pace asked for, in percent",
    "first_side": "which side to start on",
    "tool": "ball or roller, for the quick release",
    "gentle_until": "light pressure asked for, until this time",
    "flow": "flow mode asked for",
    "routines_done": "how many routines were finished",
}


class Profile(_Record):
    """What is kept per user between sessions (persistent attributes)."""

    FIELDS = {
        "position": ((dict, _NONE), None),
        "prefs": ((dict,), dict),  # see PREFERENCES
        "history": ((list,), list),  # when each session with a routine began, newest last
    }
    __slots__ = tuple(FIELDS) + ("forget",)

    def __init__(self, forget: bool = False, **values):
        super().__init__(**values)
        # The person asked to be forgotten: the store deletes the record. Never stored itself.
        self.forget = forget

    @classmethod
    def from_dict(cls, raw: object) -> "Profile":
        profile = cls.from_untrusted(raw)
        # Only known preferences survive a load: older records may hold what we no longer keep.
        profile.prefs = {k: v for k, v in profile.prefs.items() if k in PREFERENCES}
        profile.history = [t for t in profile.history if _accepts((float,), t)][-HISTORY_KEEP:]
        return profile

    @property
    def hold_preference(self) -> int | None:
        return self.length_preference("hold")

    @property
    def roll_preference(self) -> int | None:
        return self.length_preference("roll")

    @property
    def speaking_rate(self) -> int:
        """The pace asked for, in percent of the normal rate, inside PACE_RANGE; 100 if none."""
        pace = self.prefs.get("pace")
        lo, hi = PACE_RANGE
        return min(hi, max(lo, int(pace))) if isinstance(pace, int) and not isinstance(pace, bool) else 100

    def length_preference(self, setting: str | None) -> int | None:
        value = self.prefs.get(setting or "")
        return int(value) if _accepts((float,), value) else None


# The request's context: now, the request's time in seconds since the epoch; the locale; whether
# the session is new; remembers: a store keeps the profile between sessions. A named tuple as a
# class statement (release_coach/record.py): cheaper to make at import (Lambda cold starts).
@record
class Context(tuple):
    __slots__ = ()

    def __new__(cls, now, locale="en-US", new_session=False, remembers=True):
        return tuple.__new__(cls, (now, locale, new_session, remembers))
