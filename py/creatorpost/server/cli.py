"""`creatorpost`: serve, worker, migrate, sweep, create-creator, issue-token, create-reviewer, decisions, schema.

`serve --port 0` picks a free port; once the endpoint accepts connections it prints
`Creator Post Studio on http://HOST:PORT/` (one line, flushed) followed by the demo tokens.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import socket
import sys
import threading
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from creatorpost.server.settings import PREFIX, Settings, SettingsError, partner_origin

READY_PREFIX = "Creator Post Studio on "


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(dist=getattr(args, "dist", None))


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from creatorpost.server.app import create_app
    from creatorpost.server.joined_writes import H11JoinedWrites
    from creatorpost.server.logs import configure_logging
    from creatorpost.server.store.demo import demo_tokens
    from creatorpost.server.store.reviewers import DEMO_REVIEWER

    settings = _settings(args)
    configure_logging()
    app = create_app(settings)
    sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this: a response sent as headers + body must not wait for
    # the client's delayed ACK (40 ms per request on keep-alive connections otherwise).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((args.host, args.port))
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host

    class AnnouncingServer(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if self.should_exit:
                return
            lines = [f"{READY_PREFIX}http://{host}:{port}/"]
            if not (settings.dist / "index.html").is_file():
                lines.append(f"note: no built app at {settings.dist.resolve()} (run: python3 build.py); the API works")
            if settings.is_demo:
                lines.append("Demo tokens (Authorization: Bearer <token>):")
                lines += [f"  {level:<13} {token}" for level, token in demo_tokens()]
                lines.append(f"  {'reviewer':<13} {DEMO_REVIEWER}   "
                             f"(the review desk; review mode: {settings.review_mode})")
            else:
                lines.append("Production mode: no demo data, demo tokens refused.")
            print("\n".join(lines), flush=True)

    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="on", timeout_graceful_shutdown=5,
                            server_header=False, http=H11JoinedWrites)
    AnnouncingServer(config).run(sockets=[sock])
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from creatorpost.server.app import build_services
    from creatorpost.server.logs import configure_logging
    from creatorpost.server.review.worker import ReviewWorker
    from creatorpost.server.store.demo import prepare_database

    configure_logging()
    svc = build_services(_settings(args))
    prepare_database(svc.db, svc.settings)
    stop = threading.Event()
    try:
        ReviewWorker(svc, name="worker").run_blocking(stop)
    except KeyboardInterrupt:
        stop.set()
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from creatorpost.server.app import build_services
    from creatorpost.server.leftovers import sweep_leftovers
    from creatorpost.server.logs import configure_logging

    configure_logging()
    svc = build_services(_settings(args))
    try:
        svc.db.migrate()
        swept = sweep_leftovers(svc, args.older_than, args.budget)
    finally:
        svc.db.dispose()
    print(json.dumps({"storage": svc.settings.media_location.url, "seen": swept.seen, "removed": swept.removed,
                      "uploads_aborted": swept.uploads_aborted, "stopped_early": swept.stopped_early}), flush=True)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from creatorpost.server.store.db import Database

    settings = _settings(args)
    Database(settings.database_url).migrate()
    shown = make_url(settings.database_url).render_as_string(hide_password=True)  # never a password on screen
    print(f"database at {shown} is up to date", flush=True)
    return 0


def cmd_create_creator(args: argparse.Namespace) -> int:
    from creatorpost.creators import Level
    from creatorpost.server.store.accounts import create_creator

    settings = _settings(args)
    token = create_creator(settings, handle=args.handle, display_name=args.name or args.handle,
                           level=Level(args.level), store_ids=args.store or [])
    print(json.dumps({"handle": args.handle, "token": token}), flush=True)
    return 0


# --- the review desk ---
def cmd_create_reviewer(args: argparse.Namespace) -> int:
    from creatorpost.server.store.reviewers import create_reviewer

    token = create_reviewer(_settings(args), handle=args.handle, display_name=args.name or args.handle)
    print(json.dumps({"handle": args.handle, "role": "reviewer", "token": token}), flush=True)
    return 0


def cmd_decisions(args: argparse.Namespace) -> int:
    """Every decision (the automatic checks' and each reviewer's), newest first, one JSON object a line."""
    from creatorpost.server.store.db import Database
    from creatorpost.server.store.review_decisions import decisions

    db = Database(_settings(args).database_url)
    try:
        db.migrate()
        for row in decisions(db, post_id=args.post, limit=args.limit):
            print(json.dumps(row, ensure_ascii=False), flush=True)
    finally:
        db.dispose()
    return 0


_TTL = re.compile(r"^(\d{1,6})([smhd])$")
_TTL_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _ttl(raw: str) -> timedelta:
    found = _TTL.match(raw.strip())
    if not found or int(found.group(1)) == 0:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a lifetime like 90s, 15m, 1h or 7d")
    return timedelta(seconds=int(found.group(1)) * _TTL_UNITS[found.group(2)])


def _partner(raw: str) -> str:
    try:
        return partner_origin(raw)
    except ValueError as bad:
        raise argparse.ArgumentTypeError(str(bad)) from None


def cmd_issue_token(args: argparse.Namespace) -> int:
    from creatorpost.server.store.accounts import issue_token

    settings = _settings(args)
    if args.partner and args.partner not in settings.partner_origins:
        print(f"creatorpost: note: {args.partner} is not in {PREFIX}PARTNER_ORIGINS; the token works once it is",
              file=sys.stderr, flush=True)
    token, expires = issue_token(settings, handle=args.handle, partner_origin=args.partner, ttl=args.ttl)
    print(token, flush=True)
    if args.partner or expires:
        scope = f"only in the editor embedded by {args.partner}" if args.partner else "anywhere"
        until = f"until {expires.isoformat(timespec='seconds')}" if expires else "until revoked"
        print(f"creatorpost: this token works {scope}, {until}", file=sys.stderr, flush=True)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from creatorpost.schema import post_json_schema

    text = json.dumps(post_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="creatorpost", description="Creator Post Studio endpoint")
    commands = root.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the endpoint (and the review worker) and serve dist/")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    serve.add_argument("--dist", type=Path, default=None, help="built app directory (default $CREATORPOST_DIST or ./dist)")
    serve.set_defaults(run=cmd_serve)

    commands.add_parser("worker", help="run the review worker as its own process").set_defaults(run=cmd_worker)
    commands.add_parser("migrate", help="bring the database schema up to date").set_defaults(run=cmd_migrate)

    sweep = commands.add_parser("sweep", help="remove stored photos no row names, temporary files and unfinished "
                                              "uploads, once they are old (serve does this at start, bounded)")
    sweep.add_argument("--older-than", type=float, default=None, metavar="SECONDS",
                       help="age of what may go (default $CREATORPOST_SWEEP_AGE_SECONDS or 3600)")
    sweep.add_argument("--budget", type=int, default=10_000_000, help="stored objects looked at, at most")
    sweep.set_defaults(run=cmd_sweep)

    create = commands.add_parser("create-creator", help="add a creator and print their first token")
    create.add_argument("handle")
    create.add_argument("--name", default=None)
    create.add_argument("--level", default="basic", choices=["basic", "amateur", "junior", "intermediate", "senior",
                                                             "professional"])
    create.add_argument("--store", action="append", help="a store id they collaborate with (repeatable)")
    create.set_defaults(run=cmd_create_creator)

    issue = commands.add_parser("issue-token", help="print a new token for an existing creator")
    issue.add_argument("handle")
    issue.add_argument("--partner", type=_partner, default=None, metavar="ORIGIN",
                       help="the token works only in the editor embedded in this origin's page")
    issue.add_argument("--ttl", type=_ttl, default=None, help="the token stops working after this long (90s, 15m, 1h, 7d)")
    issue.set_defaults(run=cmd_issue_token)

    reviewer = commands.add_parser("create-reviewer",
                                   help="add a reviewer (the review desk) and print their first token")
    reviewer.add_argument("handle")
    reviewer.add_argument("--name", default=None, help="the name shown to other reviewers (default: the handle)")
    reviewer.set_defaults(run=cmd_create_reviewer)

    decided = commands.add_parser("decisions",
                                  help="print review decisions (who, when, what, which revision), newest first")
    decided.add_argument("--post", default=None, metavar="POST_ID", help="only this post's")
    decided.add_argument("--limit", type=int, default=100)
    decided.set_defaults(run=cmd_decisions)

    schema = commands.add_parser("schema", help="print the post's JSON Schema")
    schema.add_argument("--output", "-o", default=None)
    schema.set_defaults(run=cmd_schema)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except SettingsError as bad:
        print(f"creatorpost: configuration error: {bad}", file=sys.stderr, flush=True)
        return 2


if __name__ == "__main__":
    sys.exit(main())
