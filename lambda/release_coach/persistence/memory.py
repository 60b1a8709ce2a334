"""A process-local store for unit tests and the console's throwaway sessions."""
from __future__ import annotations

import threading

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from .records import DATA_VERSION, decode_attributes, encode_attributes, user_id_of


class MemoryAdapter(AbstractPersistenceAdapter):
    # Records are held as JSON text, not live dicts, so a test meets the same failures as a real
    # store (values that aren't JSON) and a handler can't change saved state by mutating a dict.
    def __init__(self) -> None:
        self._records: dict[str, tuple[str, int]] = {}
        self._lock = threading.Lock()

    def get_attributes(self, request_envelope) -> dict:
        user_id = user_id_of(request_envelope)
        with self._lock:
            record = self._records.get(user_id)
        if record is None:
            return {}
        text, data_version = record
        return decode_attributes(text, data_version, user_id)

    def save_attributes(self, request_envelope, attributes) -> None:
        user_id = user_id_of(request_envelope)
        text = encode_attributes(attributes)
        with self._lock:
            self._records[user_id] = (text, DATA_VERSION)

    def delete_attributes(self, request_envelope) -> None:
        user_id = user_id_of(request_envelope)
        with self._lock:
            self._records.pop(user_id, None)

    # Not __len__: ask-sdk tests the adapter for truth, and an empty store would read as no store.
    def has_record(self, user_id: str) -> bool:
        with self._lock:
            return user_id in self._records
