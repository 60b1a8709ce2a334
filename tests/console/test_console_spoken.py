import pytest

from release_coach.console.spoken import parse_duration, parse_number
from release_coach.speech.numbers import number_words


@pytest.mark.parametrize(
    "said, expected",
    [
        ("forty five seconds", "PT45S"),
        ("a minute and a half", "PT1M30S"),
        ("ten minutes", "PT10M"),
        ("an hour", "PT1H"),
        ("half a minute", "PT30S"),
        ("one and a half minutes", "PT1M30S"),
        ("two minutes and thirty seconds", "PT2M30S"),
        ("a minute thirty seconds", "PT1M30S"),
        ("ninety seconds", "PT90S"),
        ("an hour and a half", "PT1H30M"),
        ("two and a half hours", "PT2H30M"),
        ("45 seconds", "PT45S"),
        ("1.5 minutes", "PT1M30S"),
        ("a couple of minutes", "PT2M"),
        ("thirty secs", "PT30S"),
        ("three weeks", "P3W"),
        ("a day and a half", "P1DT12H"),
    ],
)
def test_spoken_durations_become_iso_8601(said, expected):
    assert parse_duration(said.split()) == expected


@pytest.mark.parametrize("said", ["five", "minutes", "five foam rollers", "a minute and", "and a half", ""])
def test_things_that_are_not_durations(said):
    assert parse_duration(said.split()) is None


@pytest.mark.parametrize(
    "said, expected",
    [("forty five", 45), ("45", 45), ("a hundred and twenty", 120), ("zero", 0), ("nineteen hundred", 1900),
     ("two thousand five hundred", 2500), ("twelve", 12)],
)
def test_spoken_numbers(said, expected):
    assert parse_number(said.split()) == expected


@pytest.mark.parametrize("said", ["five twenty", "one two", "twenty eleven", "and", "five rounds", ""])
def test_word_salad_is_not_a_number(said):
    assert parse_number(said.split()) is None


def test_every_number_the_skill_says_reads_back():
    # The skill speaks numbers with speech.numbers; the console must hear them back the same.
    for n in range(0, 2001):
        assert parse_number(number_words(n).split()) == n
