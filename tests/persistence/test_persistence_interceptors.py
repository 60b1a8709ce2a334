"""Load once, save only on change, and a store that fails: the skill keeps talking and says so once."""
from __future__ import annotations

import logging

import pytest
from ask_sdk_core.skill_builder import SkillBuilder
from persistence_helpers import Conversation, build_skill, envelope, envelope_dict, invoke, spoken

from release_coach.persistence import STORAGE_WARNED, STORAGE_WARNING, register
from release_coach.persistence.memory import MemoryAdapter
from release_coach.persistence.sqlite import SqliteAdapter

ALICE = "amzn1.ask.account.ALICE"


class CountingAdapter(MemoryAdapter):
    def __init__(self) -> None:
        super().__init__()
        self.calls = {"get": 0, "save": 0, "delete": 0}

    def get_attributes(self, request_envelope):
        self.calls["get"] += 1
        return super().get_attributes(request_envelope)

    def save_attributes(self, request_envelope, attributes):
        self.calls["save"] += 1
        super().save_attributes(request_envelope, attributes)

    def delete_attributes(self, request_envelope):
        self.calls["delete"] += 1
        super().delete_attributes(request_envelope)


class FailingAdapter(MemoryAdapter):
    """A store that can be switched off, like a disk filling up or a network going away."""

    def __init__(self) -> None:
        super().__init__()
        self.fail_get = self.fail_save = self.fail_delete = False

    def get_attributes(self, request_envelope):
        if self.fail_get:
            raise ConnectionError("store unreachable")
        return super().get_attributes(request_envelope)

    def save_attributes(self, request_envelope, attributes):
        if self.fail_save:
            raise OSError("disk full")
        super().save_attributes(request_envelope, attributes)

    def delete_attributes(self, request_envelope):
        if self.fail_delete:
            raise ConnectionError("store unreachable")
        super().delete_attributes(request_envelope)


def test_attributes_persist_across_sessions():
    adapter = MemoryAdapter()
    skill = build_skill(adapter)

    assert "Launch number 1." in spoken(Conversation(skill, ALICE).launch())
    assert "Launch number 2." in spoken(Conversation(skill, ALICE).launch())
    assert "Launch number 1." in spoken(Conversation(skill, "amzn1.ask.account.BOB").launch())
    assert adapter.get_attributes(envelope(ALICE)) == {"launches": 2}


def test_each_request_loads_once_and_saves_only_what_changed():
    adapter = CountingAdapter()
    conversation = Conversation(build_skill(adapter), ALICE)

    conversation.launch()
    assert adapter.calls == {"get": 1, "save": 1, "delete": 0}
    assert "Still 1." in spoken(conversation.send(intent="AMAZON.NextIntent"))
    assert adapter.calls == {"get": 2, "save": 1, "delete": 0}


def test_a_working_store_adds_nothing_to_the_speech():
    response = Conversation(build_skill(MemoryAdapter()), ALICE).launch()
    assert spoken(response) == "<speak>Launch number 1.</speak>"
    assert STORAGE_WARNED not in response["sessionAttributes"]


def test_an_empty_memory_store_still_counts_as_a_store():
    # ask-sdk checks `if not adapter`; a falsy empty store would silently disable persistence.
    assert MemoryAdapter()


def test_no_store_means_the_skill_works_and_remembers_nothing():
    skill = build_skill(None)
    conversation = Conversation(skill, ALICE)
    assert spoken(conversation.launch()) == "<speak>Launch number 1.</speak>"
    assert "Still 0." in spoken(conversation.send(intent="AMAZON.NextIntent"))
    assert "Launch number 1." in spoken(Conversation(skill, ALICE).launch())
    assert "Forgotten." in spoken(conversation.send(intent="ForgetMeIntent"))


def test_a_failed_save_is_told_once_per_session_and_logged(caplog):
    adapter = FailingAdapter()
    adapter.fail_save = True
    conversation = Conversation(build_skill(adapter), ALICE)

    with caplog.at_level(logging.ERROR, logger="release_coach.persistence"):
        first = conversation.launch()
    assert spoken(first) == f"<speak>{STORAGE_WARNING} Launch number 1.</speak>"
    assert first["sessionAttributes"][STORAGE_WARNED] is True
    assert first["response"]["reprompt"]["outputSpeech"]["ssml"] == "<speak>Say next.</speak>"
    assert "could not save" in caplog.text and "disk full" in caplog.text

    conversation.send(intent="AMAZON.NextIntent")
    # Another change that can't be saved, later in the same session: no second notice.
    again = conversation.launch()
    assert STORAGE_WARNING not in spoken(again)
    assert again["sessionAttributes"][STORAGE_WARNED] is True

    assert STORAGE_WARNING in spoken(Conversation(conversation.skill, ALICE).launch()), "a new session is told again"


def test_a_failed_load_carries_on_empty_and_never_overwrites_the_good_record():
    adapter = FailingAdapter()
    adapter.save_attributes(envelope(ALICE), {"launches": 7, "preferences": {"gentle": True}})
    adapter.fail_get = True
    skill = build_skill(adapter)

    response = Conversation(skill, ALICE).launch()
    assert spoken(response) == f"<speak>{STORAGE_WARNING} Launch number 1.</speak>"

    adapter.fail_get = False
    assert adapter.get_attributes(envelope(ALICE)) == {"launches": 7, "preferences": {"gentle": True}}
    assert "Launch number 8." in spoken(Conversation(skill, ALICE).launch())


def test_an_unwritable_sqlite_path_still_answers_and_warns_once(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    conversation = Conversation(build_skill(SqliteAdapter(blocker / "coach.sqlite3")), ALICE)

    first = conversation.launch()
    second = conversation.send(intent="AMAZON.NextIntent")

    assert spoken(first) == f"<speak>{STORAGE_WARNING} Launch number 1.</speak>"
    assert spoken(second) == "<speak>Still 0.</speak>"


def test_the_notice_waits_for_a_response_that_speaks():
    adapter = FailingAdapter()
    adapter.fail_get = True
    skill = build_skill(adapter)
    conversation = Conversation(skill, ALICE)
    # SessionEndedRequest gets no speech: nothing to attach the notice to, so nothing is marked.
    ended = invoke(skill, envelope_dict(ALICE, request_type="SessionEndedRequest"))
    assert "outputSpeech" not in (ended.get("response") or {})
    assert STORAGE_WARNED not in (ended.get("sessionAttributes") or {})
    assert STORAGE_WARNING in spoken(conversation.launch())


def test_forget_deletes_the_record_and_saves_nothing_after_it():
    adapter = CountingAdapter()
    skill = build_skill(adapter)
    conversation = Conversation(skill, ALICE)
    conversation.launch()
    assert adapter.has_record(ALICE)

    assert spoken(conversation.send(intent="ForgetMeIntent")) == "<speak>Forgotten.</speak>"
    assert not adapter.has_record(ALICE)
    assert adapter.calls["delete"] == 1
    assert adapter.calls["save"] == 1, "forgetting must not write an empty record back"
    assert "Launch number 1." in spoken(Conversation(skill, ALICE).launch())


def test_forget_reports_a_store_it_cannot_reach():
    adapter = FailingAdapter()
    skill = build_skill(adapter)
    Conversation(skill, ALICE).launch()
    adapter.fail_delete = True

    assert spoken(Conversation(skill, ALICE).send(intent="ForgetMeIntent")) == "<speak>Could not forget.</speak>"
    adapter.fail_delete = False
    assert adapter.get_attributes(envelope(ALICE)) == {"launches": 1}


def test_register_refuses_a_builder_that_cannot_take_an_adapter():
    with pytest.raises(TypeError, match="CustomSkillBuilder"):
        register(SkillBuilder(), MemoryAdapter())
