"""`coach`: talk to the skill on this machine (`coach talk`, the default), replay an ASK CLI dialog
file (`coach replay FILE`), or serve it over HTTP (`coach serve`, from release_coach.web.serve).

Every failure the user can cause (a bad flag, locale, file or endpoint) ends in one line on
stderr and a non-zero exit, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, TextIO

from ..settings import Settings
from .conversation import Conversation, Turn
from .envelope import LOCAL_SKILL_ID, Identity
from .matcher import Matcher
from .model import ModelError, load_model
from .transport import HttpTransport, InProcessTransport, SkillUnavailable, Transport

EXIT_USAGE = 2
EXIT_FAILURE = 1
DEFAULT_LOCALE = "en-US"
DEFAULT_USER = "console-user"


class CoachError(Exception):
    """A problem with what the user asked for; printed as one line."""


class _OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (0 < value <= 1000):
        raise argparse.ArgumentTypeError(f"must be above 0 and at most 1000, not {text}")
    return value


def default_db_path(environ=os.environ) -> Path:
    """SQLITE_PATH, else the store's own default ($XDG_STATE_HOME/release-coach/...)."""
    if environ.get("SQLITE_PATH"):
        return Path(environ["SQLITE_PATH"]).expanduser()
    from ..persistence import default_sqlite_path

    return Path(default_sqlite_path())


def _add_conversation_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true",
                        help="one JSON object per utterance on one line (implies --fast)")
    parser.add_argument("--user", default=DEFAULT_USER,
                        help="who is talking; the same name keeps the same Alexa user id (default: %(default)s)")
    parser.add_argument("--url", help="POST requests to this running endpoint instead of running the skill here")
    parser.add_argument("--screen", action="store_true",
                        help="be a device with a screen (an Echo Show): print what it shows, and the countdown")
    parser.add_argument("--db", type=Path,
                        help="SQLite file for saved progress (default: $SQLITE_PATH or ~/.local/share/release-coach/coach.sqlite3)")


def build_parser(with_serve: bool) -> argparse.ArgumentParser:
    parser = _OneLineParser(prog="coach", description="Talk to Release Coach on this machine, timing and all.")
    commands = parser.add_subparsers(dest="command", metavar="{talk,replay,serve}", parser_class=_OneLineParser)

    talk = commands.add_parser("talk", help="talk to the skill (the default): type what you would say")
    _add_conversation_options(talk)
    talk.add_argument("--locale", default=DEFAULT_LOCALE, help="interaction model to use (default: %(default)s)")
    talk.add_argument("--speed", type=_speed, default=1.0, help="play N times faster than real time")
    talk.add_argument("--fast", action="store_true", help="do not wait through speech and holds")
    talk.add_argument("--voice", action="store_true", help="also speak through espeak-ng, when installed")
    talk.set_defaults(run=run_talk)

    replay = commands.add_parser("replay", help="run an ASK CLI dialog replay file and print the transcript")
    replay.add_argument("file", type=Path, help='{"skillId", "locale", "type": "text", "userInput": [...]}')
    _add_conversation_options(replay)
    replay.set_defaults(run=run_replay)

    if with_serve:
        # Imported only when serving, so talking never loads Flask.
        from ..web.serve import add_serve_parser, run_serve

        add_serve_parser(commands).set_defaults(run=run_serve)
    else:
        commands.add_parser("serve", help="serve the skill over HTTP (see coach serve --help)", add_help=False)
    return parser


# -- wiring ----------------------------------------------------------------------------------


def _settings(db: Path | None) -> Settings:
    try:
        settings = Settings.from_env({**os.environ, "SKILL_PERSISTENCE": "sqlite"})
    except ValueError as error:
        raise CoachError(str(error)) from None
    path = db.expanduser() if db is not None else default_db_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CoachError(f"cannot create the folder for the database {path}: {error.strerror}") from None
    if path.is_dir():
        raise CoachError(f"--db {path} is a folder; give a file path")
    return settings.with_(persistence="sqlite", sqlite_path=str(path))


def _conversation(args, locale: str, skill_id: str | None = None) -> Conversation:
    try:
        matcher = Matcher(load_model(locale))
    except ModelError as error:
        raise CoachError(str(error)) from None
    transport: Transport
    if args.url:
        if not args.url.startswith(("http://", "https://")):
            raise CoachError(f"--url must start with http:// or https://, not {args.url!r}")
        transport = HttpTransport(args.url)
        configured_id = os.environ.get("SKILL_ID") or None
    else:
        settings = _settings(args.db)
        transport = InProcessTransport(settings)
        configured_id = settings.skill_id
    if not args.user.strip():
        raise CoachError("--user must not be empty")
    identity = Identity(skill_id=configured_id or skill_id or LOCAL_SKILL_ID, user=args.user, screen=args.screen)
    return Conversation(matcher, transport, identity, locale)


def _json_turns(conversation: Conversation, lines: Iterable[str], out: TextIO) -> int:
    """One JSON object per line, flushed before the next line is read; 1 if any turn failed."""
    failed = False
    for line in lines:
        try:
            turn = conversation.hear(line)
        except SkillUnavailable as error:
            failed = True
            turn = Turn(you=line, error=str(error))
        out.write(json.dumps(turn.as_json()) + "\n")
        out.flush()
    try:
        conversation.end("USER_INITIATED")
    except SkillUnavailable as error:
        print(f"coach: error: {error}", file=sys.stderr)
        failed = True
    return EXIT_FAILURE if failed else 0


def _lines(stream: TextIO) -> Iterable[str]:
    while True:
        line = stream.readline()
        if not line:
            return
        yield line.rstrip("\r\n")


# -- talk ------------------------------------------------------------------------------------


def run_talk(args) -> int:
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")
    conversation = _conversation(args, args.locale)
    if args.json:
        return _json_turns(conversation, _lines(sys.stdin), sys.stdout)

    from .screen import Screen

    screen = Screen.create(speed=None if args.fast else args.speed, voice=args.voice)
    interactive = sys.stdin.isatty()
    if interactive:
        screen.welcome(conversation.invocation_name, args.locale)
    try:
        for line in screen.read_lines(interactive):
            screen.respond(conversation, line)
    except KeyboardInterrupt:
        screen.newline()
    screen.finish(conversation)
    return EXIT_FAILURE if screen.failures else 0


# -- replay ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReplayFile:
    skill_id: str | None
    locale: str
    user_input: list[str]


def load_replay(path: Path) -> ReplayFile:
    """An ASK CLI dialog replay file, checked field by field so the error can say what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CoachError(f"replay file not found: {path}") from None
    except IsADirectoryError:
        raise CoachError(f"replay file {path} is a folder") from None
    except UnicodeDecodeError:
        raise CoachError(f"replay file {path} is not UTF-8 text") from None
    except OSError as error:
        raise CoachError(f"cannot read replay file {path}: {error.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CoachError(f"replay file {path} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    if not isinstance(data, dict):
        raise CoachError(f"replay file {path} must hold a JSON object with skillId, locale, type and userInput")
    if data.get("type", "text") != "text":
        raise CoachError(f'replay file {path}: "type" must be "text", not {data.get("type")!r}')
    locale = data.get("locale")
    if not isinstance(locale, str) or not locale:
        raise CoachError(f'replay file {path}: "locale" is missing (for example "en-US")')
    user_input = data.get("userInput")
    if not isinstance(user_input, list) or not all(isinstance(item, str) for item in user_input):
        raise CoachError(f'replay file {path}: "userInput" must be a list of strings')
    skill_id = data.get("skillId")
    if skill_id is not None and not isinstance(skill_id, str):
        raise CoachError(f'replay file {path}: "skillId" must be a string')
    return ReplayFile(skill_id=skill_id or None, locale=locale, user_input=user_input)


def run_replay(args) -> int:
    replay = load_replay(args.file)
    conversation = _conversation(args, replay.locale, replay.skill_id)
    if args.json:
        return _json_turns(conversation, replay.user_input, sys.stdout)
    from .screen import Screen

    screen = Screen.create(speed=None, voice=False)
    for line in replay.user_input:
        screen.show_said(line)
        screen.respond(conversation, line)
    screen.finish(conversation)
    return EXIT_FAILURE if screen.failures else 0


# -- entry point -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv.insert(0, "talk")  # plain `coach` (with talk's flags) is `coach talk`
    try:
        parser = build_parser(with_serve=argv[0] == "serve")
    except ImportError as error:
        print(f"coach: error: coach serve is not available: {error}", file=sys.stderr)
        return EXIT_FAILURE
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except CoachError as error:
        print(f"coach: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SkillUnavailable as error:
        print(f"coach: error: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (coach talk --json | head); nothing left to say to anyone.
        sys.stderr.close()
        return EXIT_FAILURE
