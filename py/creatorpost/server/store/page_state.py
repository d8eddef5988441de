"""The database state a reader's page is rendered from, read in one short look per request.

A state is a plain value that changes whenever what the page shows from the database would: the
post's published revision and its author's name, handle and level (`/p/`); the author, how many posts
are live and published and which ones (with their published revisions) the asked page lists (`/c/`).
A published revision never changes, revisions only move forward and a deletion is for good, so a state
once replaced never comes back. `page_cache.PageCache` keeps a rendered page with its state and renders
it again when they differ, which is how another process's write shows on the next request.

Every reader's request makes this look, so it is made cheap (docs/ARCHITECTURE.md, "Readers at scale").
Through SQLAlchemy a point read costs 0.1-0.2 ms of Python (pool, BEGIN, result rows, ROLLBACK), and
as much again handed to a worker thread and back. On SQLite the same statements, compiled once, run
on a connection of their own in autocommit mode (each statement sees every commit, of any process) in
about 6 µs, on the event loop itself: a WAL reader does not wait for writers. Should that connection
fail (busy, an unusual value), the look is made the ordinary way. On PostgreSQL the look is a network
round trip, made through SQLAlchemy in a worker thread."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from sqlalchemy import Select, bindparam, func, select

from creatorpost.server.store import tables as t
from creatorpost.server.store.db import Database

PageState = tuple[object, ...]
Row = Sequence[Any]
Read = Callable[[Select[Any], Mapping[str, object]], list[Row]]
T = TypeVar("T")

# Built once: building a statement costs more than running it.
_LIVE = (t.posts.c.deleted_at.is_(None), t.posts.c.published_revision.is_not(None))
_POST = (select(t.posts.c.published_revision, t.posts.c.deleted_at, t.creators.c.handle,
                t.creators.c.display_name, t.creators.c.level)
         .join(t.creators, t.creators.c.id == t.posts.c.creator_id)
         .where(t.posts.c.id == bindparam("post_id")))
_AUTHOR = (select(t.creators.c.id, t.creators.c.display_name, t.creators.c.level,
                  select(func.count()).select_from(t.posts)
                  .where(t.posts.c.creator_id == t.creators.c.id, *_LIVE).scalar_subquery())
           .where(t.creators.c.handle == bindparam("handle")))
_LISTED = (select(t.posts.c.id, t.posts.c.published_revision)  # as `posts.published_posts_of` lists them
           .where(t.posts.c.creator_id == bindparam("creator_id"), *_LIVE)
           .order_by(t.posts.c.created_at.desc(), t.posts.c.id.desc())
           .limit(bindparam("limit")).offset(bindparam("offset")))


@dataclass(frozen=True)
class ProfileState:
    """`/c/{handle}?page=`: whose profile, which page it shows (the asked one, within 1..pages), and its state."""

    author_id: str
    page: int
    pages: int
    state: PageState


def _post_state(read: Read, post_id: str) -> PageState | Literal["deleted"] | None:
    rows = read(_POST, {"post_id": post_id})
    if not rows:
        return None
    revision, deleted_at, handle, name, level = rows[0]
    if deleted_at is not None:
        return "deleted"
    return None if revision is None else (revision, handle, name, level)


def _profile_state(read: Read, handle: str, asked_page: int, page_size: int) -> ProfileState | None:
    authors = read(_AUTHOR, {"handle": handle})
    if not authors:
        return None
    author_id, name, level, total = authors[0]
    pages = max(1, -(-int(total) // page_size))
    page = min(asked_page, pages)
    shown = read(_LISTED, {"creator_id": author_id, "limit": page_size, "offset": (page - 1) * page_size})
    return ProfileState(author_id, page, pages, (name, level, total, tuple(tuple(row) for row in shown)))


class PageStates:
    """The looks of `/p/` and `/c/`, made from the event loop (see the module's note)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._compiled: dict[int, tuple[str, tuple[str, ...], dict[str, object]]] = {}
        self._sqlite: sqlite3.Connection | None = None
        database = db.engine.url.database
        self._sqlite_path = database if db.is_sqlite and database and database != ":memory:" \
            and not db.engine.url.query else None

    async def post(self, post_id: str) -> PageState | Literal["deleted"] | None:
        """The state of `/p/{post_id}`; "deleted" once the post was deleted; None when it was never published."""
        return await self._look(lambda read: _post_state(read, post_id))

    async def profile(self, handle: str, asked_page: int, page_size: int) -> ProfileState | None:
        return await self._look(lambda read: _profile_state(read, handle, asked_page, page_size))

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None

    async def _look(self, look: Callable[[Read], T]) -> T:
        if self._sqlite_path is not None:
            try:
                return look(self._read_sqlite)
            except (sqlite3.Error, UnicodeEncodeError):
                self.close()  # opened again by the next look
        return await asyncio.to_thread(self._look_through_sqlalchemy, look)

    def _look_through_sqlalchemy(self, look: Callable[[Read], T]) -> T:
        with self.db.read() as conn:
            return look(lambda statement, params: [tuple(row) for row in conn.execute(statement, dict(params))])

    def _read_sqlite(self, statement: Select[Any], params: Mapping[str, object]) -> list[Row]:
        if self._sqlite is None:
            assert self._sqlite_path is not None
            # Autocommit (isolation_level=None): no transaction is ever left open, so no snapshot goes stale.
            # A busy database holds the loop 50 ms at most; the look is then made the ordinary way.
            connection = sqlite3.connect(self._sqlite_path, timeout=0.05, isolation_level=None,
                                         check_same_thread=False)
            connection.execute("PRAGMA query_only=ON")
            self._sqlite = connection
        compiled = self._compiled.get(id(statement))
        if compiled is None:
            done = statement.compile(dialect=self.db.engine.dialect)
            compiled = (str(done), tuple(done.positiontup or ()), dict(done.params))
            self._compiled[id(statement)] = compiled
        sql, names, defaults = compiled
        values = {**defaults, **params}
        return self._sqlite.execute(sql, [values[name] for name in names]).fetchall()
