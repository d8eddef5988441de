"""The migration scripts as Alembic sees them: their newest revision, and moving a database step by step."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from creatorpost.server.store.db import MIGRATIONS


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migration_head() -> str:
    """The revision `creatorpost migrate` brings a database to (the only head: the chain never forks)."""
    heads = ScriptDirectory.from_config(_config()).get_heads()
    assert len(heads) == 1, f"the migration chain forks: {heads}"
    return heads[0]


def upgrade_to(engine: Engine, revision: str) -> None:
    """Run the migrations up to `revision` on this database (as `migrate` does, but stopping there)."""
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def downgrade_to(engine: Engine, revision: str) -> None:
    """Undo the migrations after `revision` on this database (`alembic downgrade`)."""
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
