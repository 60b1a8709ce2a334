"""Session handling: carry-over, new sessions, silence and reprompts, notes, pause."""
import pytest

from console_helpers import ScriptedSkill, ask, tell
from release_coach.console.conversation import Conversation
from release_coach.console.envelope import Identity
from release_coach.console.text import MAX_UTTERANCE_CHARS


@pytest.fixture
def skill():
    return ScriptedSkill()


@pytest.fixture
def talk(tiny_matcher, skill):
    return Conversation(tiny_matcher, skill, Identity("amzn1.ask.skill.test", "alice"), "en-US")


def test_session_attributes_flow_from_each_response_into_the_next_request(talk, skill):
    skill.replies = [ask("Hi.", attributes={"step": 1}), ask("Go.", attributes={"step": 2, "routine": "foam"})]
    talk.hear("open release coach")
    talk.hear("start the foam roller")
    talk.hear("yes")
    first, second, third = (envelope["session"] for envelope in skill.sent)
    assert first["new"] is True and first["attributes"] == {}
    assert second["new"] is False and second["attributes"] == {"step": 1}
    assert third["attributes"] == {"step": 2, "routine": "foam"}
    assert first["sessionId"] == second["sessionId"] == third["sessionId"]


def test_a_new_session_opens_after_should_end_session(talk, skill):
    skill.replies = [ask("Hi."), tell("Bye."), ask("Hi again.")]
    talk.hear("open release coach")
    ended = talk.hear("stop")
    assert ended.end_session is True
    note = talk.hear("start the foam roller")
    assert note.request is None
    assert "no session is open" in note.notes[-1] and "open release coach" in note.notes[-1]
    talk.hear("open release coach")
    first, stop, relaunch = skill.sent
    assert relaunch["session"]["new"] is True
    assert relaunch["session"]["sessionId"] != first["session"]["sessionId"]
    assert relaunch["session"]["attributes"] == {}


def test_absent_should_end_session_ends_it_as_on_a_voice_only_echo(talk, skill):
    skill.replies = [{"version": "1.0", "response": {"outputSpeech": {"type": "PlainText", "text": "Done & dusted."}}}]
    turn = talk.hear("open release coach")
    assert turn.end_session is True and talk.session is None
    assert turn.speech == "Done & dusted."


def test_first_silence_repeats_the_reprompt_second_ends_the_session(talk, skill):
    skill.replies = [ask("Which routine?", reprompt="Say foam roller or tennis ball.")]
    talk.hear("open release coach")
    first = talk.silence()
    assert first.request is None and first.speech == "Say foam roller or tennis ball."
    assert first.end_session is False
    second = talk.hear("")
    assert second.request["type"] == "SessionEndedRequest"
    assert second.request["reason"] == "EXCEEDED_MAX_REPROMPTS"
    assert second.end_session is True and talk.session is None
    assert skill.sent[-1]["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"


def test_speaking_after_a_silence_resets_the_reprompt_count(talk, skill):
    talk.hear("open release coach")
    talk.hear("")
    talk.hear("yes")
    assert talk.hear("").request is None  # a reprompt again, not the end
    assert talk.session is not None


def test_end_sends_session_ended_only_when_a_session_is_open(talk, skill):
    assert talk.end("USER_INITIATED").request is None
    assert skill.sent == []
    talk.hear("open release coach")
    talk.end("USER_INITIATED")
    last = skill.sent[-1]["request"]
    assert (last["type"], last["reason"]) == ("SessionEndedRequest", "USER_INITIATED")


def test_a_launch_phrase_inside_a_session_starts_a_fresh_one(talk, skill):
    talk.hear("open release coach")
    turn = talk.hear("open release coach")
    types = [envelope["request"]["type"] for envelope in skill.sent]
    assert types == ["LaunchRequest", "SessionEndedRequest", "LaunchRequest"]
    assert skill.sent[0]["session"]["sessionId"] != skill.sent[2]["session"]["sessionId"]
    assert any("ended first" in note for note in turn.notes)


def test_a_one_shot_opens_a_session_with_its_intent(talk, skill):
    turn = talk.hear("ask release coach to start the foam roller")
    sent = skill.sent[0]
    assert sent["session"]["new"] is True
    assert sent["request"]["intent"]["name"] == "StartRoutineIntent"
    assert sent["request"]["intent"]["slots"]["Routine"]["value"] == "foam roller"
    assert turn.summary()["slots"]["Routine"]["id"] == "FOAM_ROLLER"


def test_an_unmatched_utterance_in_session_is_a_fallback_intent(talk, skill):
    talk.hear("open release coach")
    talk.hear("what's the capital of peru")
    assert skill.sent[-1]["request"]["intent"]["name"] == "AMAZON.FallbackIntent"


def test_a_very_long_line_is_cut_with_a_note(talk, skill):
    talk.hear("open release coach")
    turn = talk.hear("start the foam roller " + "and then some more " * 600)
    assert len(turn.you) == MAX_UTTERANCE_CHARS
    assert "only the first" in turn.notes[0]
    assert skill.sent[-1]["request"]["type"] == "IntentRequest"


def test_non_latin_text_is_a_fallback_with_a_note(talk, skill):
    talk.hear("open release coach")
    turn = talk.hear("🙂🙂 日本語")
    assert skill.sent[-1]["request"]["intent"]["name"] == "AMAZON.FallbackIntent"
    assert "no words" in turn.notes[0]


def test_accented_input_is_folded(talk, skill):
    talk.hear("open release coach")
    talk.hear("stárt thé fóam róller")
    assert skill.sent[-1]["request"]["intent"]["slots"]["Routine"]["value"] == "foam roller"


def test_pause_sends_the_pause_intent_in_the_open_session(talk, skill):
    talk.hear("open release coach")
    talk.pause()
    assert skill.sent[-1]["request"]["intent"]["name"] == "AMAZON.PauseIntent"
    assert skill.sent[-1]["session"]["sessionId"] == skill.sent[0]["session"]["sessionId"]


def test_json_view_of_a_turn(talk, skill):
    skill.replies = [ask('Hold here. <break time="10s"/><break time="5s"/> Ease off.', reprompt="Ready?")]
    turn = talk.hear("open release coach").as_json()
    assert turn["request"] == {"type": "LaunchRequest", "intent": None, "slots": {}}
    assert turn["speech"] == "Hold here. Ease off."
    assert turn["reprompt"] == "Ready?"
    assert turn["end_session"] is False
    assert turn["seconds"] == pytest.approx(15 + 4 * 60 / 155, abs=0.01)
