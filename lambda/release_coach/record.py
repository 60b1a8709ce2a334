"""Immutable records: named tuples written as class statements.

collections.namedtuple writes each class's source as text and compiles it (eval) when its module
is imported, and every Lambda cold start imports about twenty of them: 0.35 M instructions a
class, against 0.1 M for a class statement, whose code is already in the module's bytecode. So a
record is a tuple subclass whose `__new__` lists its fields, in order, with their defaults:

    @record
    class Timing(tuple):
        __slots__ = ()

        def __new__(cls, default, min, max):
            return tuple.__new__(cls, (default, min, max))

and `record` adds what namedtuple would: a read-only property per field, `_fields`, `_replace`,
`_asdict` and namedtuple's repr. Records compare, hash and unpack as the tuples they are.
"""
from __future__ import annotations

from operator import itemgetter


def record(cls: type) -> type:
    """Make a tuple subclass whose __new__ takes its fields into a named tuple (see above)."""
    new = cls.__new__.__code__
    cls._fields = new.co_varnames[1:new.co_argcount]
    for index, name in enumerate(cls._fields):
        setattr(cls, name, property(itemgetter(index), doc=f"Alias for field number {index}"))
    for method in (__repr__, _replace, _asdict, __getnewargs__):
        setattr(cls, method.__name__, method)
    return cls


def __repr__(self) -> str:
    return f"{type(self).__name__}({', '.join(f'{name}={value!r}' for name, value in zip(self._fields, self))})"


def _replace(self, **changes):
    """A copy with some fields changed, as namedtuple's _replace."""
    values = _asdict(self)
    unknown = changes.keys() - values.keys()
    if unknown:
        raise ValueError(f"got unexpected field names: {sorted(unknown)!r}")
    return type(self)(**{**values, **changes})


def _asdict(self) -> dict:
    return dict(zip(self._fields, self))


def __getnewargs__(self) -> tuple:
    # Copies and pickles are made through __new__ with the fields, as namedtuple's are.
    return tuple(self)
