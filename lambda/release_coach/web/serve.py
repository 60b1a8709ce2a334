"""`coach serve`: the web app under gunicorn.

Production is the default (SKILL_ID required, every request verified). `--dev` turns signature
and timestamp checks off, so it is only allowed on a loopback address, where nothing outside
this machine can reach it.
"""
from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import sys
from pathlib import Path

from release_coach.settings import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_WORKERS = 2

DEV_BANNER_LINES = (
    "DEV MODE: Alexa request signature and timestamp verification are OFF.",
    "Anyone who can reach {bind} can drive the skill.",
    "Never expose this server; production is `coach serve` without --dev.",
)


def dev_banner(bind: str) -> str:
    rule = "!" * 80
    lines = [f"!!  {line.format(bind=bind):<74}!!" for line in DEV_BANNER_LINES]
    return "\n".join([rule, *lines, rule])


def _bounded_int(what: str, low: int, high: int):
    """An argparse type: a whole number from low to high, or a one-line error naming `what`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a number, not {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be between {low} and {high}, not {value}")
        return value

    return parse


_port = _bounded_int("port", 1, 65535)
_workers = _bounded_int("workers", 1, 64)


def add_serve_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "serve",
        help="run the skill as a web service (gunicorn) with Alexa request verification",
        description=(
            "Serve the skill on POST / and a health check on GET /healthz. Needs SKILL_ID; "
            "put it behind a TLS-terminating proxy on port 443 for Alexa."
        ),
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument(
        "--workers", type=_workers, default=DEFAULT_WORKERS,
        help=f"gunicorn worker processes (default {DEFAULT_WORKERS})",
    )
    parser.add_argument(
        "--dev", action="store_true",
        help="turn request verification off (loopback addresses only; for local testing)",
    )
    parser.set_defaults(run=run_serve)
    return parser


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_address(host: str, port: int) -> str:
    host = host.strip("[]")
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _fail(message: str) -> int:
    print(f"coach serve: {message}", file=sys.stderr)
    return 2


def serve_settings(environ=os.environ) -> Settings:
    """Settings from the environment; with no store chosen, the SQLite file every worker shares
    (as the console does), so the skill remembers people as it says it does."""
    settings = Settings.from_env(environ)
    if environ.get("SKILL_PERSISTENCE", "").strip() or environ.get("DYNAMODB_TABLE"):
        return settings
    from release_coach.persistence import default_sqlite_path

    path = Path(settings.sqlite_path or default_sqlite_path()).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ValueError(f"cannot create the folder for the SQLite store {path}: {error.strerror}") from None
    if path.is_dir():
        raise ValueError(f"SQLITE_PATH {path} is a folder; give a file path")
    return settings.with_(persistence="sqlite", sqlite_path=str(path))


def check_skill_id(raw: str | None) -> str | None:
    """None if unset, else the id; a one-line reason (ValueError) for one that cannot be right."""
    if raw is None or raw == "":
        return None
    if not raw.strip():
        raise ValueError("SKILL_ID is only whitespace; set it to your skill's id (amzn1.ask.skill...)")
    if raw != raw.strip() or any(character.isspace() for character in raw):
        raise ValueError(f"SKILL_ID has whitespace in it ({raw!r}); set it to the id exactly")
    return raw


def run_serve(args: argparse.Namespace) -> int:
    try:
        check_skill_id(os.environ.get("SKILL_ID"))
        settings = serve_settings()
    except ValueError as error:
        return _fail(str(error))
    if not isinstance(logging.getLevelName(settings.log_level), int):
        return _fail(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {settings.log_level!r}")
    bind = bind_address(args.host, args.port)
    if args.dev:
        if not is_loopback(args.host):
            return _fail(
                f"--dev turns request verification off, so it only binds a loopback address "
                f"(127.0.0.1, ::1 or localhost), not {args.host}"
            )
        print(dev_banner(bind), file=sys.stderr, flush=True)
    elif not settings.skill_id:
        return _fail(
            "SKILL_ID is not set. Set it to your skill's id (amzn1.ask.skill...) so requests "
            "for other skills are refused, or use --dev on a loopback address for local testing."
        )

    from gunicorn.app.base import BaseApplication

    from release_coach.web import gunicorn_config
    from release_coach.web.app import create_app

    class SkillServer(BaseApplication):
        def load_config(self) -> None:
            for name, value in gunicorn_config.SETTINGS.items():
                self.cfg.set(name, value)
            self.cfg.set("bind", [bind])
            self.cfg.set("workers", args.workers)
            self.cfg.set("loglevel", settings.log_level.lower())

        def load(self):
            logging.basicConfig(
                level=settings.log_level,
                format="%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s",
            )
            return create_app(settings, dev=args.dev)

    try:
        SkillServer().run()
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    return 0
