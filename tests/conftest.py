"""Fixtures shared by every app's tests."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client


@pytest.fixture
def make_staff_user(db) -> Callable[..., User]:
    """Create a staff user, optionally in named groups (created if missing)."""

    def make(username: str = "staff", *groups: str, superuser: bool = False) -> User:
        user = User.objects.create_user(
            username=username,
            password="correct horse battery staple",
            is_staff=True,
            is_superuser=superuser,
        )
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        return user

    return make


@pytest.fixture
def staff_client(db) -> Callable[[User], Client]:
    """A test client logged in to the admin as `user`.

    Always log staff in through this fixture: it is the one place that knows what
    an admin login takes (a password today; a verified second factor once 2FA is on).
    """

    def login(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return login
