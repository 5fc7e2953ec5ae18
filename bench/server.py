"""A production-style KetaCare on loopback for the benchmarks.

It gets its own embedded PostgreSQL (var/bench/pgdata, recreated each run), so
benchmark rows never mix with development data, and gunicorn with DEBUG off,
hashed and compressed static files, and persistent database connections.
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BENCH_DIR = ROOT / "var" / "bench"
PORT = int(os.environ.get("BENCH_PORT", "8100"))
BASE_URL = f"http://127.0.0.1:{PORT}"


def bench_env() -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "KETACARE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="ketacare.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        # Loopback has no TLS; everything else is as in production.
        DJANGO_HTTPS="0",
        KETACARE_PGDATA=str(BENCH_DIR / "pgdata"),
        KETACARE_BENCH="1",
        KETACARE_BIND=f"127.0.0.1:{PORT}",
        KETACARE_ACCESS_LOG="/dev/null",
        KETACARE_MAX_REQUESTS="0",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def prepare(env: dict[str, str]) -> None:
    """A fresh database with the shipped content, and collected static files."""
    if (BENCH_DIR / "pgdata").exists():
        shutil.rmtree(BENCH_DIR / "pgdata")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_content")
    manage(env, "collectstatic", "--noinput")


def wait_until_up(timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{BASE_URL}/healthz", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on {BASE_URL} within {timeout}s")


@contextmanager
def running(env: dict[str, str]):
    """gunicorn serving the bench database; stopped (and its database) on exit."""
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "--config",
            "ketacare/gunicorn_conf.py",
            "ketacare.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=sys.stderr,
        start_new_session=True,
    )
    try:
        wait_until_up()
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
