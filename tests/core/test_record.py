"""release_coach.record: named tuples written as class statements behave as namedtuple's do."""
import copy
import pickle
from collections import namedtuple

import pytest

from release_coach.domain.reply import Line
from release_coach.domain.routines import Step, catalog
from release_coach.record import record
from release_coach.settings import Settings


@record
class Pair(tuple):
    __slots__ = ()

    def __new__(cls, left, right=0):
        return tuple.__new__(cls, (left, right))


Reference = namedtuple("Pair", ("left", "right"), defaults=(0,))


def test_a_record_is_the_tuple_namedtuple_would_make():
    made, reference = Pair(1, right=2), Reference(1, right=2)
    assert made == reference == (1, 2) and hash(made) == hash(reference)
    assert (made.left, made.right) == (1, 2)
    assert Pair(5) == (5, 0)  # defaults from __new__
    assert made._fields == reference._fields == ("left", "right")
    assert repr(made) == repr(reference) == "Pair(left=1, right=2)"
    assert made._asdict() == reference._asdict()
    left, right = made
    assert (left, right) == (1, 2)


def test_replace_changes_only_the_fields_named_and_refuses_others():
    made = Pair(1, 2)
    assert made._replace(right=3) == Pair(1, 3) and isinstance(made._replace(right=3), Pair)
    assert made == Pair(1, 2)
    with pytest.raises(ValueError, match="middle"):
        made._replace(middle=1)


def test_records_are_immutable_and_keep_no_dict():
    made = Pair(1, 2)
    with pytest.raises(AttributeError):
        made.left = 3
    with pytest.raises(AttributeError):
        made.other = 3
    with pytest.raises(TypeError):
        Pair(1, 2, 3)


def test_copies_and_pickles_are_the_same_record():
    for value in (Pair(1, 2), Line("menu.choose", {"n": 1}), Settings(skill_id="x"), catalog().routines["ball_release"]):
        for twin in (copy.copy(value), copy.deepcopy(value), pickle.loads(pickle.dumps(value))):
            assert twin == value and type(twin) is type(value)


def test_the_skill_records_keep_their_fields_and_defaults():
    assert Line("k") == ("k", {})
    assert Settings() == (None, "none", None, None, None, None, "INFO")
    assert Settings().with_(log_level="DEBUG").log_level == "DEBUG"
    step = next(s for r in catalog().routines.values() for s in r.steps)
    assert isinstance(step, Step) and step._fields[-2:] == ("settle", "setting")
