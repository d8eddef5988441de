"""The database: one SQLAlchemy engine, SQLite tuned for a single file (WAL, foreign keys on,
writers that queue instead of failing), and Alembic migrations run from code.

The same queries run on PostgreSQL; `_sqlite_setup` and `_postgresql_setup` hold what differs.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """Everything we store is UTC. SQLite hands back naive datetimes; PostgreSQL aware ones in the
    session's time zone (the server's `timezone` setting), which must not leak into our answers."""
    if value is None:
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def iso(value: datetime | None) -> str | None:
    moment = as_utc(value)
    return moment.isoformat().replace("+00:00", "Z") if moment else None


class Database:
    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        if parsed.drivername in {"postgres", "postgresql"}:
            # A bare postgresql:// (or Heroku-style postgres://) would mean psycopg2; we ship psycopg 3.
            parsed = parsed.set(drivername="postgresql+psycopg")
            url = parsed.render_as_string(hide_password=False)
        self.url = url
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.is_postgresql = parsed.get_backend_name() == "postgresql"
        options: dict[str, Any] = {"future": True}
        if self.is_sqlite:
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            options.update(pool_size=16, max_overflow=32, connect_args={"check_same_thread": False, "timeout": 30})
        else:
            options.update(pool_pre_ping=True)
        self.engine: Engine = create_engine(url, **options)
        self._write_lock: threading.Lock | nullcontext[None] = threading.Lock() if self.is_sqlite else nullcontext()
        if self.is_sqlite:
            _sqlite_setup(self.engine)
        if self.is_postgresql:
            _postgresql_setup(self.engine)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction that commits on success and rolls back on any exception.

        On SQLite it starts with BEGIN IMMEDIATE, so concurrent writers wait their turn
        (busy timeout) instead of failing with 'database is locked' on lock upgrade. Writers of
        this process also queue on a lock first: SQLite's busy handler polls with sleeps of up
        to 100 ms, which made the tail latency of concurrent publishes seconds long."""
        with self._write_lock, self.engine.connect() as conn:
            conn = conn.execution_options(creatorpost_write=True)
            with conn.begin():
                yield conn

    def one_at_a_time(self, conn: Connection, step: str) -> None:
        """Wait, inside this transaction, until no other process runs `step` (until its commit).

        PostgreSQL: a transaction-level advisory lock, so a server and workers starting together on a
        new database neither create the same table twice nor seed the same rows twice. SQLite needs
        nothing here; writers that started with BEGIN IMMEDIATE already take turns."""
        if self.is_postgresql:
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:step))"), {"step": f"creatorpost.{step}"})

    def migrate(self, revision: str = "head") -> None:
        """Bring the schema to `revision` (tests stop at an older one to try a data migration)."""
        from alembic import command

        config = _alembic_config()
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        # SQLite: BEGIN IMMEDIATE, so processes starting together on a new file take turns instead of
        # failing to upgrade a read transaction; PostgreSQL: the advisory lock below.
        with self.engine.connect().execution_options(creatorpost_write=True) as conn, conn.begin():
            self.one_at_a_time(conn, "migrate")
            config.attributes["connection"] = conn
            command.upgrade(config, revision)

    def dispose(self) -> None:
        self.engine.dispose()


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migration_head() -> str:
    """The newest revision of our migrations."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _sqlite_setup(engine: Engine) -> None:
    _storable_parameters(engine, _UNSTORABLE_SQLITE)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's BEGIN (below) drive transactions instead of pysqlite's implicit ones.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("creatorpost_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


# PostgreSQL text cannot hold U+0000 and psycopg refuses such a parameter outright (a 500 for a
# lookup of /api/posts/p_%00 that SQLite answers with 404). Neither database takes a lone surrogate
# (a "\ud800" in JSON), which has no UTF-8 form: both drivers refuse it. Bound strings carry U+FFFD
# instead: a lookup still finds nothing, and stored text keeps a visible mark where the character
# was (validation refuses posts holding either long before they are stored). JSON columns are
# unaffected: their serialised text escapes both.
STAND_IN = "\ufffd"
_UNSTORABLE_PG = re.compile("[\x00\ud800-\udfff]")
_UNSTORABLE_SQLITE = re.compile("[\ud800-\udfff]")


def _storable(value: Any, unstorable: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return unstorable.sub(STAND_IN, value) if unstorable.search(value) else value
    if isinstance(value, dict):
        return {key: _storable(item, unstorable) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_storable(item, unstorable) for item in value)
    return value


def _storable_parameters(engine: Engine, unstorable: re.Pattern[str]) -> None:
    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _storable_only(_conn: Connection, _cursor: Any, statement: str, parameters: Any, _context: Any,
                       _executemany: bool) -> tuple[str, Any]:
        return statement, _storable(parameters, unstorable)


def _postgresql_setup(engine: Engine) -> None:
    _storable_parameters(engine, _UNSTORABLE_PG)
