"""ask-sdk-core's DefaultSerializer, with its per-class work done once instead of per request.

DefaultSerializer rebuilds, for every object of every request, what it will read: it resolves
each type name with __import__, merges the class's attribute_map with its deserialized_types,
and parses every timestamp with dateutil's general parser. On the web service's request path
that was the largest single cost (about 80 us of a launch request's 300 us in-process).
PlannedSerializer gives the same results (tests/web/test_web_codec.py compares the two on
fixed, fuzzed and mutated envelopes and on responses) by keeping, per type name and per class,
what the default recomputes:

- a type name's resolution (only names the SDK's models spell: `deserialized_types` values and
  discriminator targets, never a key from the request);
- each model class's (attribute, JSON key, type name) triples and its set of JSON keys;
- timestamps in the one shape Alexa sends (`2026-12-02T00:55:00Z`, optionally with up to six
  fraction digits) read directly into the datetime dateutil would build, zone included (tz.UTC,
  or tzlocal() where the local zone is called UTC, as dateutil decides); any other shape, and
  any that does not make a valid datetime, still goes to dateutil.

Every other rule is the default's, in its order: None stays None, the discriminator picks the
subclass, keys the model does not know become attributes, primitives are cast the same way and
every failure inside a model is a SerializationException.
"""
from __future__ import annotations

import json
import re
import time
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Callable

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from dateutil.parser import parse as parse_datetime
from dateutil.tz import enfold, tzlocal, tzutc

_LIST_TYPE = re.compile(r"list\[(.*)\]")
_DICT_TYPE = re.compile(r"dict\(([^,]*), (.*)\)")
_ALEXA_TIMESTAMP = re.compile(
    r"([1-9]\d{3})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?Z", re.ASCII
)
_UTC = tzutc()
_MISSING = object()

Decoder = Callable[[Any], Any]


def read_timestamp(text: Any) -> datetime:
    """What dateutil's parse(text) returns, without its tokenizer for Alexa's usual shape."""
    if type(text) is str:
        shape = _ALEXA_TIMESTAMP.fullmatch(text)
        if shape is not None:
            year, month, day, hour, minute, second, fraction = shape.groups()
            try:
                naive = datetime(
                    int(year), int(month), int(day), int(hour), int(minute), int(second),
                    int(fraction.ljust(6, "0")) if fraction else 0,
                )
            except ValueError:
                pass  # e.g. month 13 or second 60: dateutil decides, as it always did
            else:
                return _as_dateutil_utc(naive)
    return parse_datetime(text)


def _as_dateutil_utc(naive: datetime) -> datetime:
    """The zone dateutil gives a `Z` time: its rule, step for step. It reads `Z` as the name
    "UTC", and a name the local zone also uses (a server set to UTC) becomes tzlocal()."""
    if "UTC" not in time.tzname:
        return naive.replace(tzinfo=_UTC)
    aware = naive.replace(tzinfo=tzlocal())
    if aware.tzname() != "UTC":
        folded = enfold(aware, fold=1)
        if folded.tzname() == "UTC":
            aware = folded
    if aware.tzname() != "UTC":
        aware = aware.replace(tzinfo=_UTC)
    return aware


class PlannedSerializer(DefaultSerializer):
    """DefaultSerializer's results, planned once per type name and class (see the module doc)."""

    def __init__(self) -> None:
        super().__init__()
        self._decoders: dict[Any, Decoder] = {}
        self._classes: dict[str, type] = {}
        self._model_plans: dict[type, tuple[tuple[tuple[str, str, Any], ...], frozenset]] = {}
        self._field_plans: dict[type, tuple[tuple[str, str], ...]] = {}

    # -- deserializing -------------------------------------------------------------------------

    def deserialize(self, payload, obj_type):
        if payload is None:
            return None
        return self.from_json_value(self._load_json(payload), obj_type)

    def _load_json(self, payload):
        try:
            return json.loads(payload)
        except Exception:
            raise SerializationException(f"Couldn't parse response body: {payload}") from None

    def from_json_value(self, payload, obj_type):
        """The model of an already parsed JSON value (DefaultSerializer's private step)."""
        if payload is None:
            return None
        decoder = self._decoders.get(obj_type)
        if decoder is None:
            decoder = self._decoders[obj_type] = self._decoder_for(obj_type)
        return decoder(payload)

    def _decoder_for(self, obj_type) -> Decoder:
        if isinstance(obj_type, str):
            if obj_type.startswith("list["):
                return self._list_decoder(obj_type)
            if obj_type.startswith("dict("):
                shape = _DICT_TYPE.match(obj_type)
                if shape is None:
                    return lambda payload: {}
                value_type = shape.group(2)
                return lambda payload: {
                    key: self.from_json_value(value, value_type) for key, value in payload.items()
                }
            native = self.NATIVE_TYPES_MAPPING.get(obj_type)
            obj_type = native if native is not None else self._load_class(obj_type)
        if obj_type in self.PRIMITIVE_TYPES:
            return self._primitive_decoder(obj_type)
        if obj_type == object:
            return lambda payload: payload
        if obj_type == date or obj_type == datetime:
            return self._datetime_decoder(obj_type)
        return self._model_decoder(obj_type)

    def _list_decoder(self, obj_type: str) -> Decoder:
        shape = _LIST_TYPE.match(obj_type)
        if shape is None:
            return lambda payload: []
        item_types = shape.group(1)
        if "," in item_types:
            each = [item_type.strip() for item_type in item_types.split(",")]
            return lambda payload: [
                self.from_json_value(item, item_type) for item, item_type in zip(payload, each)
            ]
        item_type = item_types.strip()
        return lambda payload: [self.from_json_value(item, item_type) for item in payload]

    def _load_class(self, class_name: str) -> type:
        resolved = self._classes.get(class_name)
        if resolved is None:
            resolved = self._DefaultSerializer__load_class_from_name(class_name)
            self._classes[class_name] = resolved
        return resolved

    def _primitive_decoder(self, kind: type) -> Decoder:
        def decode(payload):
            try:
                return kind(payload)
            except UnicodeEncodeError:
                return str(payload)
            except TypeError:
                return payload
            except ValueError:
                raise SerializationException(
                    f"Failed to parse {payload} into '{kind.__name__}' object"
                ) from None

        return decode

    def _datetime_decoder(self, kind: type) -> Decoder:
        def decode(payload):
            try:
                moment = read_timestamp(payload) if kind is datetime else parse_datetime(payload)
            except ValueError:
                raise SerializationException(
                    f"Failed to parse {payload} into '{kind.__name__}' object"
                ) from None
            return moment.date() if kind is date else moment

        return decode

    def _model_plan(self, model_class: type):
        plan = self._model_plans.get(model_class)
        if plan is None:
            types = model_class.deserialized_types
            names = dict(getattr(model_class, "attribute_map", {}))
            names.update({name: name for name in types if name not in names})
            fields = tuple((name, key, types.get(name, _MISSING)) for name, key in names.items())
            plan = self._model_plans[model_class] = (fields, frozenset(names.values()))
        return plan

    def _model_decoder(self, model_class) -> Decoder:
        try:  # what the default asks of the class on every call, asked once: classes are fixed
            is_enum = issubclass(model_class, Enum)
            is_model = hasattr(model_class, "deserialized_types")
            discriminated = hasattr(model_class, "get_real_child_model")
        except Exception as error:  # not a class at all: the default's error, on every call
            message = str(error)

            def refuse(payload):
                raise SerializationException(message)

            return refuse
        if is_enum:
            return self._guarded(model_class)
        if not is_model:
            return lambda payload: payload

        def decode(payload):
            chosen = model_class
            if discriminated:
                child = chosen.get_real_child_model(payload)
                if not child:
                    raise SerializationException(
                        f"Couldn't resolve object by discriminator type for {model_class} class"
                    )
                chosen = self._load_class(child)
            fields, known_keys = self._model_plan(chosen)
            model = chosen()
            for name, key, value_type in fields:
                if key in payload:
                    if value_type is _MISSING:
                        raise KeyError(name)
                    setattr(model, name, self.from_json_value(payload[key], value_type))
            for extra in [key for key in payload if key not in known_keys]:
                setattr(model, extra, payload[extra])
            return model

        return self._guarded(decode)

    @staticmethod
    def _guarded(decode: Decoder) -> Decoder:
        """Every failure while building a model is a SerializationException, as in the default."""
        def guarded(payload):
            try:
                return decode(payload)
            except Exception as error:
                raise SerializationException(str(error)) from None

        return guarded

    # -- serializing ---------------------------------------------------------------------------

    def serialize(self, obj):
        if obj is None:
            return None
        if isinstance(obj, self.PRIMITIVE_TYPES):
            return obj
        if isinstance(obj, list):
            return [self.serialize(item) for item in obj]
        if isinstance(obj, (tuple, datetime, date, Enum, Decimal)):
            return super().serialize(obj)  # the rare kinds: the default's own code
        if isinstance(obj, dict):
            return {key: self.serialize(value) for key, value in obj.items()}
        fields = self._fields_of(obj) if hasattr(obj, "__dict__") else None
        if fields is None:
            return super().serialize(obj)
        serialized = {}
        for name, key in fields:
            value = getattr(obj, name)
            if value is not None:
                serialized[key] = self.serialize(value)
        return serialized

    def _fields_of(self, obj):
        """(attribute, JSON key) pairs of a model instance, or None where only the default's
        code is right: the instance itself carries attribute_map or deserialized_types, or two
        attributes share a JSON key."""
        if "attribute_map" in obj.__dict__ or "deserialized_types" in obj.__dict__:
            return None
        kind = type(obj)
        fields = self._field_plans.get(kind, _MISSING)
        if fields is _MISSING:
            types = getattr(kind, "deserialized_types", None)
            names = getattr(kind, "attribute_map", {})
            fields = None
            if isinstance(types, dict) and isinstance(names, dict):
                fields = tuple((name, names.get(name, name)) for name in types)
                if len({key for _, key in fields}) != len(fields):
                    fields = None
            self._field_plans[kind] = fields
        return fields
