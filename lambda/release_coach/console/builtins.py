"""What people say for Alexa's built-in intents.

Amazon trains these intents on its own data and a skill's model lists them with few or no
samples, so the console needs its own phrasings. A built-in intent is only heard when the model
declares it (as on a device); samples the model adds are used as well. A phrasing that the model
gives as a sample of another intent is left out: the skill's author has said where it belongs.
"""
from __future__ import annotations

BUILTIN_PHRASINGS: dict[str, tuple[str, ...]] = {
    "AMAZON.StopIntent": (
        "stop", "quit", "shut up", "exit", "stop it", "be quiet", "enough", "that is enough",
        "i am done", "goodbye", "bye", "off", "turn off", "stop talking", "end", "finish",
        "i want to stop", "i am finished", "silence",
    ),
    "AMAZON.CancelIntent": (
        "cancel", "never mind", "nevermind", "forget it", "cancel that", "cancel it",
    ),
    "AMAZON.HelpIntent": (
        "help", "help me", "what can i say", "what can i do", "how does this work",
        "i need help", "what are my options", "can you help me", "what do i do",
        "how do i use this", "i am confused", "what can you do",
    ),
    "AMAZON.YesIntent": (
        "yes", "yeah", "yep", "yup", "sure", "yes please", "okay", "ok", "sounds good",
        "of course", "absolutely", "go ahead", "all right", "alright", "correct", "i do",
        "please do", "definitely", "uh huh", "yes i do", "let us do it", "why not", "that is right",
    ),
    "AMAZON.NoIntent": (
        "no", "nope", "nah", "no thanks", "no thank you", "not now", "i do not", "negative",
        "not really", "no i do not", "not today", "i would rather not",
    ),
    "AMAZON.NextIntent": (
        "next", "next one", "move on", "go to the next one", "go forward", "the next one",
        "next please", "go to the next step",
    ),
    "AMAZON.PreviousIntent": (
        "go back", "previous", "back", "previous one", "the previous one", "go to the previous one",
        "last one", "back up", "go back one",
    ),
    "AMAZON.RepeatIntent": (
        "repeat", "say that again", "repeat that", "what did you say", "come again", "pardon",
        "once more", "again", "i did not catch that", "sorry what", "say it again",
        "can you repeat that", "one more time", "what was that",
    ),
    "AMAZON.PauseIntent": (
        "pause", "wait", "hold on", "hang on", "pause it", "just a moment", "one moment",
        "give me a moment", "wait a second", "pause please", "hold it",
    ),
    "AMAZON.ResumeIntent": (
        "resume", "continue", "keep going", "go on", "carry on", "unpause", "let us continue",
        "i am back", "resume it", "pick up where we left off", "keep it going",
    ),
    "AMAZON.StartOverIntent": (
        "start over", "restart", "begin again", "start again", "from the top",
        "start from the beginning", "reset", "go back to the beginning", "start over again",
    ),
    "AMAZON.NavigateHomeIntent": (
        "go home", "home", "go to the home screen", "exit to home",
    ),
    # Alexa never matches a phrase to the fallback intent; it is what is left when nothing fits.
    "AMAZON.FallbackIntent": (),
}
