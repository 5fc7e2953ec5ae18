"""Fixtures shared by every app's tests."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

STAFF_PASSWORD = "correct horse battery staple"


@pytest.fixture
def shipped_content(db):
    """The content files in education/content/, loaded as `make run` loads them."""
    from education.services import content_load

    return content_load()


def give_device(user: User) -> TOTPDevice:
    """The user's confirmed authenticator app (made on first use)."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Authenticator app", defaults={"confirmed": True}
    )
    return device


def current_code(device: TOTPDevice) -> str:
    """The six digits the device's app shows now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:06d}"


@pytest.fixture
def make_staff_user(db) -> Callable[..., User]:
    """Create a staff user, optionally in named groups.

    The groups must exist (the migrations create them): a misspelt or renamed
    group fails here instead of quietly making a user without permissions.
    """

    def make(username: str = "staff", *groups: str, superuser: bool = False) -> User:
        user = User.objects.create_user(
            username=username,
            password=STAFF_PASSWORD,
            is_staff=True,
            is_superuser=superuser,
        )
        existing = {g.name: g for g in Group.objects.filter(name__in=groups)}
        unknown = sorted(set(groups) - set(existing))
        if unknown:
            raise LookupError(f"no such staff group: {', '.join(unknown)}")
        user.groups.add(*existing.values())
        return user

    return make


@pytest.fixture
def staff_client(db) -> Callable[[User], Client]:
    """A test client signed in to the admin as `user`, second factor included.

    Always sign staff in through this fixture: it is the one place that knows
    what an admin session takes (a password and, with KETACARE_REQUIRE_2FA on as
    in production, a verified TOTP device in the session).
    """

    def login(user: User) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        if settings.KETACARE_REQUIRE_2FA:
            device = give_device(user)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return login


def pytest_collection_modifyitems(items):
    """Every test that commits (live-server and transaction tests) gets its
    database back as the migrations left it, groups included. Tests that stop
    the database server are marked serial (`make test` runs them alone).

    Mixing the two kinds of flush breaks the restore: a plain flush re-creates
    content types that a serialized restore then inserts again. So all of them
    use serialized rollback.
    """
    for item in items:
        # Stopping the embedded server would fail whatever runs beside it.
        if "database_outage" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.serial)
        marker = item.get_closest_marker("django_db")
        commits = (marker is not None and marker.kwargs.get("transaction")) or (
            "live_server" in getattr(item, "fixturenames", ())
        )
        if commits:
            kwargs = dict(marker.kwargs) if marker else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(autouse=True)
def _forget_recent_pages():
    """Each test starts without this process's copies of cached pages (the
    database they came from is rolled back between tests)."""
    from education.cache import _recent

    _recent.forget()


MANIFEST_STORAGE = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """The static files as production serves them: hashed, compressed, with a
    manifest (collectstatic compresses every file, so once per session)."""
    root = tmp_path_factory.mktemp("staticfiles")
    storages = {**settings.STORAGES, "staticfiles": MANIFEST_STORAGE}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root
