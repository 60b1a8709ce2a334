import pytest

from release_coach.speech import timeline as T
from release_coach.speech.numbers import duration_words, number_words
from release_coach.speech.ssml import CountdownWords, Pause, Say, render, timed_stretch

WORDS = CountdownWords("one minute left", "thirty seconds left", "ten seconds", ("five", "four", "three", "two", "one"))


def test_words_take_the_documented_rate():
    assert T.spoken_seconds("<speak>one two three</speak>") == pytest.approx(3 * 60 / T.WORDS_PER_MINUTE)


def test_digits_count_as_the_words_they_are_read_as():
    assert T.word_count("hold 45 seconds") == 4
    assert T.word_count("it's fine") == 2


def test_breaks_take_exactly_their_time_and_chain():
    events = T.timeline('<speak>Hold.<break time="10s"/><break time="2500ms"/>Release.</speak>')
    assert [e.kind for e in events] == ["speech", "break", "break", "speech"]
    assert events[3].start == pytest.approx(T.SECONDS_PER_WORD + 12.5)


def test_strength_breaks_use_the_table():
    assert T.spoken_seconds('<speak><break strength="strong"/></speak>') == T.BREAK_STRENGTH["strong"]


@pytest.mark.parametrize("ssml", ["<speak>unclosed", "<p>no speak</p>", '<speak><break time="11s"/></speak>',
                                  '<speak><break time="soon"/></speak>', '<speak><break strength="huge"/></speak>'])
def test_bad_ssml_is_refused_with_a_reason(ssml):
    with pytest.raises(T.TimelineError):
        T.timeline(ssml)


def test_plain_text_strips_markup_and_reads_sub_aliases():
    assert T.plain_text('<speak>A <sub alias="sacroiliac">SI</sub> joint<break time="1s"/>ok</speak>') == "A sacroiliac joint ok"


@pytest.mark.parametrize("n,words", [(0, "zero"), (7, "seven"), (45, "forty five"), (90, "ninety"),
                                     (120, "one hundred and twenty"), (1000, "one thousand")])
def test_number_words(n, words):
    assert number_words(n) == words


@pytest.mark.parametrize("s,words", [(45, "forty five seconds"), (1, "one second"), (60, "a minute"),
                                     (90, "a minute and a half"), (150, "two and a half minutes"),
                                     (75, "a minute and fifteen seconds"), (180, "three minutes")])
def test_duration_words(s, words):
    assert duration_words(s) == words


@pytest.mark.parametrize("seconds", list(range(8, 181)))
def test_a_timed_stretch_lasts_exactly_its_seconds_and_ends_counting_down(seconds):
    items = timed_stretch(seconds, WORDS, ["Breathe slowly into your belly.", "Let it soften."])
    ssml = render([Say("Hold it there.")] + items + [Say("And release.")])
    events = T.timeline(ssml)
    start = events[0].end
    release = next(e for e in events if e.kind == "speech" and e.text.endswith("And release."))
    release_start = release.start + T.speech_seconds(release.text) - T.speech_seconds("And release.")
    assert release_start - start == pytest.approx(seconds, abs=0.01)
    spoken = T.plain_text(ssml)
    assert "five four three two one And release." in spoken
    assert all(e.seconds <= T.MAX_BREAK_SECONDS for e in events if e.kind == "break")


def test_cues_never_overlap_the_countdown():
    items = timed_stretch(30, WORDS, ["a very long cue that goes on and on and on and on and on for ages"])
    clock, starts = 0.0, []
    for item in items:
        if isinstance(item, Pause):
            assert item.seconds > 0
            clock += item.seconds
        else:
            starts.append((clock, item.text))
            clock += T.speech_seconds(item.text)
    said_at = dict((text, at) for at, text in starts)
    assert said_at["five"] == pytest.approx(25)
    assert said_at["ten seconds"] == pytest.approx(20)
    assert "a very long cue that goes on and on and on and on and on for ages" in said_at


def test_prosody_rate_scales_speech_but_not_breaks():
    normal = T.timeline('<speak>one two three<break time="2s"/>four</speak>')
    slow = T.timeline('<speak><prosody rate="50%">one two three<break time="2s"/>four</prosody></speak>')
    assert slow[0].seconds == pytest.approx(2 * normal[0].seconds)
    assert slow[1].seconds == normal[1].seconds == 2.0
    nested = T.timeline('<speak><prosody rate="50%"><prosody rate="50%">one</prosody></prosody></speak>')
    assert nested[0].seconds == pytest.approx(4 * T.SECONDS_PER_WORD)


@pytest.mark.parametrize("rate", ["fast", "10%", "-5%"])
def test_rates_the_model_cannot_time_are_refused(rate):
    with pytest.raises(T.TimelineError):
        T.timeline(f'<speak><prosody rate="{rate}">hi</prosody></speak>')


@pytest.mark.parametrize("rate", [80, 90, 110, 120])
@pytest.mark.parametrize("seconds", [10, 30, 45, 60, 90, 180])
def test_a_timed_stretch_keeps_its_length_at_any_speaking_pace(rate, seconds):
    items = timed_stretch(seconds, WORDS, ["Breathe slowly into your belly."], rate)
    ssml = render([Say("Hold it there.")] + items + [Say("And release.")], rate)
    assert f'rate="{rate}%"' in ssml
    events = T.timeline(ssml)
    release = next(e for e in events if e.text.endswith("And release."))
    release_start = release.end - T.speech_seconds("And release.", rate)
    assert release_start - events[0].end == pytest.approx(seconds, abs=0.01)
