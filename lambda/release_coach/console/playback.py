"""Hearing a response: its words printed as they would be spoken, its silences waited out.

Timing comes from the skill's own spoken-timeline model (release_coach.speech.timeline), so a
45-second hold takes 45 seconds here, with a live countdown while it runs.
"""
from __future__ import annotations

import math
import shutil
import subprocess
import time
from dataclasses import dataclass
from typing import Protocol
from xml.sax.saxutils import escape

from rich.console import Console
from rich.markup import escape as markup_escape
from rich.progress import BarColumn, Progress, TextColumn

from ..speech.timeline import WORDS_PER_MINUTE, Event, TimelineError, timeline

# Quiet shorter than this is a pause between sentences, not a hold worth a countdown.
HOLD_DISPLAY_SECONDS = 2.0
ESPEAK_MISSING = "espeak-ng is not installed, so --voice only prints; install it with: sudo apt-get install espeak-ng"


@dataclass(frozen=True)
class Stretch:
    """Speech, or a run of consecutive breaks heard as one silence (a 45 s hold is 5 breaks)."""

    kind: str
    text: str
    seconds: float


def stretches(ssml: str) -> list[Stretch]:
    merged: list[Stretch] = []
    events: list[Event] = timeline(ssml)
    for event in events:
        if event.kind == "break" and merged and merged[-1].kind == "break":
            merged[-1] = Stretch("break", "", merged[-1].seconds + event.seconds)
        else:
            merged.append(Stretch(event.kind, event.text, event.seconds))
    return merged


class ShownScreen(Protocol):
    """What a device's screen shows at a moment of the response (console/screen.py builds one
    from the response's APL directive): its words, and its countdown (None when there is none)."""

    def lines_at(self, seconds: float) -> tuple[str, str | None]: ...


class EspeakVoice:
    """Speaks through espeak-ng in SSML mode (-m), at the timeline's speaking rate."""

    def __init__(self, executable: str, speed: float = 1.0, extra_args: tuple[str, ...] = ()):
        self.executable = executable
        self.words_per_minute = max(80, min(450, int(round(WORDS_PER_MINUTE * speed))))
        self.extra_args = extra_args
        self.failure: str | None = None

    @classmethod
    def find(cls, speed: float = 1.0) -> "EspeakVoice | None":
        executable = shutil.which("espeak-ng")
        return cls(executable, speed) if executable else None

    def command(self, text: str) -> list[str]:
        return [self.executable, "-m", "-s", str(self.words_per_minute), *self.extra_args,
                f"<speak>{escape(text)}</speak>"]

    def say(self, text: str) -> bool:
        """Speak and wait until done; False (and `failure` set) if espeak-ng could not play."""
        if self.failure:
            return False
        try:
            result = subprocess.run(self.command(text), capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as error:
            self.failure = str(error)
            return False
        # espeak-ng exits 0 even when it found no sound device; its stderr says so.
        errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
        if result.returncode != 0 or errors:
            self.failure = (errors or result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[-1]
            return False
        return True


class Player:
    """Plays responses on a rich console. speed None means do not wait at all (--fast)."""

    def __init__(self, console: Console, speed: float | None = 1.0, voice: EspeakVoice | None = None):
        self.console = console
        self.speed = speed
        self.voice = voice

    def play(self, ssml: str, label: str = "coach", screen: ShownScreen | None = None) -> None:
        """Raises KeyboardInterrupt through if the listener presses Ctrl-C mid-way. With a screen,
        what it shows is printed whenever it changes, on the same clock as the speech."""
        try:
            parts = stretches(ssml)
        except TimelineError as error:
            self.console.print(f"[yellow]note:[/] cannot time this speech ({markup_escape(str(error))})")
            return
        self._shown: tuple[str | None, str | None] = (None, None)
        clock = 0.0
        for part in parts:
            self._show(screen, clock)
            if part.kind == "speech":
                self._speak(part, label)
            else:
                self._hold(part.seconds, screen, clock)
            clock += part.seconds
        self._show(screen, clock)

    def _show(self, screen: ShownScreen | None, clock: float) -> None:
        if screen is None:
            return
        words, countdown = screen.lines_at(clock)
        if words != self._shown[0]:
            self.console.print(f"[bold magenta]screen:[/] {markup_escape(words)}")
        if countdown is not None and countdown != self._shown[1]:
            self.console.print(f"[magenta]  screen clock {round(clock, 1):g} s:[/] {markup_escape(countdown)}")
        self._shown = (words, countdown)

    def _speak(self, part: Stretch, label: str) -> None:
        self.console.print(f"[bold cyan]{label}:[/] {markup_escape(part.text)}")
        if self.voice is not None and self.voice.say(part.text):
            return
        if self.voice is not None and self.voice.failure:
            self.console.print(f"[yellow]note:[/] espeak-ng could not speak ({markup_escape(self.voice.failure)}); printing only")
            self.voice = None
        self._wait(part.seconds)

    def _hold(self, seconds: float, screen: ShownScreen | None = None, at: float = 0.0) -> None:
        if seconds < HOLD_DISPLAY_SECONDS:
            self._wait(seconds)
            return
        self.console.print(f"[dim]  (quiet for {round(seconds, 1):g} s)[/]")
        if self.speed is None:
            return
        if not self.console.is_terminal:
            self._wait(seconds)
            return

        def shown(elapsed: float) -> str:
            countdown = screen.lines_at(at + elapsed)[1] if screen is not None else None
            return f"  [magenta]screen {markup_escape(countdown)}[/]" if countdown else ""

        columns = (
            TextColumn("[dim]  hold"),
            BarColumn(),
            TextColumn("[bold]{task.fields[left]}[/] s left{task.fields[screen]}"),
        )
        with Progress(*columns, console=self.console, transient=True) as progress:
            task = progress.add_task("hold", total=seconds, left=math.ceil(seconds), screen=shown(0.0))
            started = time.monotonic()
            while True:
                elapsed = (time.monotonic() - started) * self.speed
                if elapsed >= seconds:
                    break
                progress.update(task, completed=elapsed, left=math.ceil(seconds - elapsed), screen=shown(elapsed))
                time.sleep(min(0.1, (seconds - elapsed) / self.speed))

    def _wait(self, seconds: float) -> None:
        if self.speed is not None and seconds > 0:
            time.sleep(seconds / self.speed)
