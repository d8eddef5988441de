"""A throwaway PostgreSQL cluster for the server tests.

`start_cluster()` runs Debian's initdb into a fresh temporary directory, starts the server on
127.0.0.1 (a free port; its unix socket lives in the same directory) and waits until pg_isready
says it accepts connections. `create_database()` hands out one empty database per caller, so
tests never see each other's rows. `stop()` shuts it down and removes every file.

PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` system user
(`runuser`). The session time zone is deliberately not UTC: code that prints or compares
timestamps as if the database answered in UTC fails here rather than on a real server.
"""

from __future__ import annotations

import itertools
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

INSTALL_COMMAND = "apt-get update && apt-get install -y postgresql"
PG_ROOT = Path("/usr/lib/postgresql")
SUPERUSER = "creatorpost"
# UTC+12:45 (+13:45 in summer): nothing lines up with UTC by accident.
SESSION_TIME_ZONE = "Pacific/Chatham"
START_ATTEMPTS = 3
# Durability is worthless for a cluster deleted after the run; these make commits cheap.
SERVER_OPTIONS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=300",
                  f"timezone={SESSION_TIME_ZONE}", "log_timezone=UTC")


class PostgresMissing(RuntimeError):
    """PostgreSQL's server programs are not installed; the message says how to install them."""


def database_env(url: str) -> dict[str, str]:
    """The endpoint's environment for a `database_url` fixture value ("" is the SQLite default: nothing)."""
    return {"CREATORPOST_DATABASE_URL": url} if url else {}


def find_bin_dir() -> Path:
    """The bin/ of the newest PostgreSQL under /usr/lib/postgresql that has initdb and pg_ctl."""
    found = [d for d in PG_ROOT.glob("*/bin") if (d / "initdb").is_file() and (d / "pg_ctl").is_file()]
    if not found:
        raise PostgresMissing(f"PostgreSQL is not installed (no initdb under {PG_ROOT}/*/bin); "
                              f"install it with: {INSTALL_COMMAND}")
    return max(found, key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0)


def _owner() -> pwd.struct_passwd | None:
    """The unprivileged account the cluster runs as when we are root (None: run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresMissing("running as root, and there is no 'postgres' or 'nobody' account to run PostgreSQL as")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresCluster:
    bin_dir: Path
    root: Path
    port: int
    password: str
    owner: pwd.struct_passwd | None
    _names: itertools.count[int] = field(default_factory=itertools.count)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL (psycopg 3 driver) of one database of this cluster, over TCP."""
        return f"postgresql+psycopg://{SUPERUSER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "test") -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"{prefix}_{next(self._names)}"
        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, password=self.password,
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # name is ours: a fixed prefix and a counter
        return self.url(name)

    def run(self, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        """A PostgreSQL program from bin_dir, as the cluster's owner."""
        command = [str(self.bin_dir / str(args[0])), *map(str, args[1:])]
        if self.owner is not None:
            command = ["runuser", "-u", self.owner.pw_name, "--", *command]
        done = subprocess.run(command, cwd=self.root, capture_output=True, text=True, timeout=120)
        if check and done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
                               f"\n{self.log()}")
        return done

    def log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace")[-4000:] if path.is_file() else ""

    def stop(self) -> None:
        try:
            if (self.data_dir / "postmaster.pid").exists():
                self.run("pg_ctl", "stop", "-D", self.data_dir, "-m", "fast", "-w", "-t", "60", check=False)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> PostgresCluster:
    """initdb + start on a free port, ready when this returns; raises PostgresMissing if not installed."""
    bin_dir = find_bin_dir()
    owner = _owner()
    root = Path(tempfile.mkdtemp(prefix="creatorpost-pg-"))
    cluster = PostgresCluster(bin_dir, root, 0, secrets.token_hex(16), owner)
    try:
        password_file = root / "password"
        password_file.write_text(cluster.password + "\n")
        if owner is not None:
            for path in (root, password_file):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        cluster.run("initdb", "-D", cluster.data_dir, "-U", SUPERUSER, f"--pwfile={password_file}",
                    "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync")
        password_file.unlink()
        _start(cluster)
        return cluster
    except BaseException:
        cluster.stop()
        raise


def _start(cluster: PostgresCluster) -> None:
    # Another process may take the free port between our probe and the server's bind: try again.
    for _ in range(START_ATTEMPTS):
        cluster.port = _free_port()
        options = [f"-c listen_addresses=127.0.0.1", f"-c port={cluster.port}",
                   f"-c unix_socket_directories={cluster.root}", *(f"-c {o}" for o in SERVER_OPTIONS)]
        # -w: pg_ctl returns once the postmaster reports itself ready (or failed), no guessing.
        started = cluster.run("pg_ctl", "start", "-D", cluster.data_dir, "-l", cluster.root / "server.log",
                              "-w", "-t", "60", "-o", " ".join(options), check=False)
        if started.returncode == 0:
            break
        if "could not bind" not in cluster.log() and "already in use" not in cluster.log():
            raise RuntimeError(f"pg_ctl start failed:\n{started.stdout}{started.stderr}\n{cluster.log()}")
    else:
        raise RuntimeError(f"PostgreSQL found no free port in {START_ATTEMPTS} attempts:\n{cluster.log()}")
    ready = cluster.run("pg_isready", "-h", "127.0.0.1", "-p", str(cluster.port), "-t", "30", check=False)
    if ready.returncode != 0:
        raise RuntimeError(f"pg_isready: {ready.stdout}{ready.stderr}\n{cluster.log()}")
