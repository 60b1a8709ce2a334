"""The human side of `coach talk` and `coach replay`: prompt, transcript, notes, playback."""
from __future__ import annotations

import html
import sys
from typing import Iterator

from rich.console import Console
from rich.markup import escape

from .conversation import Conversation, Turn
from .playback import ESPEAK_MISSING, EspeakVoice, Player
from .transport import SkillUnavailable


RENDER_DOCUMENT = "Alexa.Presentation.APL.RenderDocument"


class DeviceScreen:
    """A response's APL screen as text: the datasource its RenderDocument carries, read by the same
    rules as the document's bindings (release_coach.screen.view), on the playback clock."""

    def __init__(self, data: dict):
        self.data = data

    @classmethod
    def of(cls, turn: Turn) -> "DeviceScreen | None":
        from ..screen.apl import DATASOURCE

        for directive in turn.directives:
            data = (directive.get("datasources") or {}).get(DATASOURCE)
            if directive.get("type") == RENDER_DOCUMENT and isinstance(data, dict) and data.get("panels"):
                return cls(data)
        return None

    def lines_at(self, seconds: float) -> tuple[str, str | None]:
        from ..screen.view import LINE_BREAK, clock_text, countdown_at, phase_word, visible_panel

        ms = round(seconds * 1000.0)  # the datasource keeps whole milliseconds
        panel = visible_panel(self.data, ms)
        if panel is None:
            return "(blank)", None
        words = " | ".join(panel[key] for key in ("title", "progress", "side", "instruction", "note") if panel[key])
        words = html.unescape(words.replace(LINE_BREAK, " / "))  # as the device shows the markup
        shown = countdown_at(panel, ms)
        if shown is None:
            return words, None
        phase, left = shown
        return words, " ".join(filter(None, (phase_word(self.data, panel, phase), clock_text(left))))


class Screen:
    def __init__(self, console: Console, player: Player):
        self.console = console
        self.player = player
        self.failures = 0

    @classmethod
    def create(cls, speed: float | None, voice: bool) -> "Screen":
        console = Console(highlight=False, soft_wrap=True)
        espeak = None
        if voice:
            espeak = EspeakVoice.find(speed or 1.0)
            if espeak is None:
                print(ESPEAK_MISSING, file=sys.stderr, flush=True)
        return cls(console, Player(console, speed=speed, voice=espeak))

    def welcome(self, invocation_name: str, locale: str) -> None:
        self.console.print(
            f'[bold]Release Coach console[/] ({locale}). Say "open {escape(invocation_name)}" to start. '
            "[dim]Empty line = silence; Ctrl-C during a hold = \"Alexa, pause\"; Ctrl-D quits.[/]"
        )

    def read_lines(self, interactive: bool) -> Iterator[str]:
        while True:
            if interactive:
                try:
                    line = self.console.input("[bold green]you>[/] ")
                except EOFError:
                    self.newline()
                    return
            else:
                raw = sys.stdin.readline()
                if not raw:
                    return
                line = raw.rstrip("\r\n")
                self.show_said(line)
            yield line

    def show_said(self, line: str) -> None:
        shown = line if len(line) <= 120 else line[:120] + "..."
        self.console.print(f"[bold green]you:[/] {escape(shown)}")

    def newline(self) -> None:
        self.console.print()

    def respond(self, conversation: Conversation, line: str) -> None:
        """Send a line and show the answer; Ctrl-C while it plays sends "Alexa, pause"."""
        try:
            turn = conversation.hear(line)
        except SkillUnavailable as error:
            self._failure(error)
            return
        while True:
            try:
                self.show_turn(turn)
                return
            except KeyboardInterrupt:
                self.console.print('\n[dim](Ctrl-C: "Alexa, pause")[/]')
                try:
                    turn = conversation.pause()
                except SkillUnavailable as error:
                    self._failure(error)
                    return

    def _failure(self, error: Exception) -> None:
        self.failures += 1
        self.console.print(f"[bold red]error:[/] {escape(str(error))}")

    def show_turn(self, turn: Turn) -> None:
        for note in turn.notes:
            self.console.print(f"[yellow]note:[/] {escape(note)}")
        summary = turn.summary()
        if summary is not None:
            self.console.print(f"[dim]  -> {escape(_describe(summary))}[/]")
        if turn.ssml and (summary is None or summary["type"] != "SessionEndedRequest"):
            self.player.play(turn.ssml, screen=DeviceScreen.of(turn))
        if turn.card:
            title = turn.card.get("title") or ""
            text = str(turn.card.get("content") or turn.card.get("text") or "")
            self.console.print(f"[bold blue]card:[/] {escape(title)}")
            for line in text.splitlines():
                self.console.print(f"[blue]  {escape(line)}[/]" if line else "")
        if summary is not None and turn.end_session and summary["type"] != "SessionEndedRequest":
            self.console.print("[dim]  (session ended)[/]")

    def finish(self, conversation: Conversation) -> None:
        """Leaving the console closes an open session, as walking away from the device would."""
        try:
            turn = conversation.end("USER_INITIATED")
        except SkillUnavailable as error:
            self._failure(error)
            return
        if turn.request is not None:
            self.show_turn(turn)


def _describe(summary: dict) -> str:
    parts = [summary["type"]]
    if summary.get("intent"):
        parts.append(summary["intent"])
    for name, slot in summary["slots"].items():
        resolved = f" = {slot['resolved']}" if slot["resolved"] else ""
        status = f" [{slot['status']}]" if slot["status"] else ""
        parts.append(f"{name}={slot['value']!r}{resolved}{status}")
    if summary.get("reason"):
        parts.append(summary["reason"])
    return " ".join(parts)
