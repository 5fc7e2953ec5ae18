"""Test-session set-up, loaded with `-p tests.plugin` before pytest-django.

The suite runs with production settings (DEBUG off) over plain HTTP, against a
real PostgreSQL: the embedded server, or DATABASE_URL when it is set.
"""

import os

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketacare.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-" + "k" * 50)
    os.environ.setdefault("DJANGO_HTTPS", "0")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    # Intake: test-only field encryption (a Fernet key) and blind-index keys.
    os.environ.setdefault(
        "KETACARE_FIELD_KEYS", "dGVzdC1vbmx5LWZpZWxkLWtleS0tLS0tLS0tLS0tLS0="
    )
    os.environ.setdefault("KETACARE_BLIND_INDEX_KEY", "test-only-" + "b" * 50)
    # Playwright's sync API runs an event loop in the test thread; the live
    # server's database calls happen in its own thread, so this is safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    from ketacare import embedded_db

    embedded_db.start()


def pytest_configure(config):
    from django.conf import settings

    # Hashed static names need `collectstatic` first; tests find the files
    # where they are instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    # Deliberately slow password hashing only slows the suite down.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
