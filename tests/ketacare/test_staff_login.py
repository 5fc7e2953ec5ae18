"""Signing in to the staff admin: two factors, lockout, session limits."""

import time

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketacare.admin_site import StaffLoginForm
from ketacare.middleware import StaffSessionLimitsMiddleware
from tests.conftest import STAFF_PASSWORD, current_code, give_device

LOGIN = "/admin/login/?next=/admin/"
GENERIC = [str(StaffLoginForm.error_messages["invalid_login"])]


@pytest.fixture
def staff(make_staff_user) -> User:
    return make_staff_user("coordinator")


@pytest.fixture
def device(staff) -> TOTPDevice:
    return give_device(staff)


def sign_in(client: Client, code: str, password: str = STAFF_PASSWORD):
    return client.post(
        LOGIN, {"username": "coordinator", "password": password, "otp_token": code}
    )


def test_the_admin_requires_a_second_factor_when_debug_is_off(settings, staff, device):
    assert settings.DEBUG is False
    assert settings.KETACARE_REQUIRE_2FA is True
    client = Client()
    response = client.post(
        LOGIN, {"username": "coordinator", "password": STAFF_PASSWORD}
    )
    assert response.status_code == 200
    assert b"This field is required" in response.content
    assert client.get("/admin/").status_code == 302


def test_a_wrong_code_is_refused_with_the_wrong_password_message(staff, device):
    client = Client()
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = sign_in(client, wrong)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == GENERIC
    assert client.get("/admin/").status_code == 302


def test_password_and_current_code_open_the_admin(staff, device):
    client = Client()
    response = sign_in(client, current_code(device))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_password_alone_is_not_enough_even_for_a_signed_in_user(staff, device):
    # A session without a verified device (e.g. from another login path) is
    # treated as not allowed into the admin.
    client = Client()
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/").status_code == 302


def test_an_account_without_an_authenticator_gets_the_same_message(staff):
    response = sign_in(Client(), "123456")
    assert response.context["form"].non_field_errors() == GENERIC
    assert b"No app set up yet? Ask a clinic administrator." in response.content


def test_the_session_key_rotates_on_sign_in(staff, device):
    client = Client()
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    sign_in(client, current_code(device))
    assert client.session.session_key != before


@pytest.mark.parametrize("attempts", [5])
def test_repeated_failures_lock_the_account_with_a_clear_message(
    staff, device, attempts
):
    client = Client()
    for _ in range(attempts - 1):
        assert sign_in(client, "000000", password="wrong").status_code == 200
    locked = sign_in(client, "000000", password="wrong")
    assert locked.status_code == 429
    assert b"Sign-in locked for now" in locked.content
    assert b"locked for 30 minutes" in locked.content
    # While locked, even the right password and code are refused.
    assert sign_in(Client(), current_code(device)).status_code == 429


def test_the_documented_command_unlocks_the_account(staff, device):
    client = Client()
    for _ in range(5):
        sign_in(client, "000000", password="wrong")
    assert sign_in(client, current_code(device)).status_code == 429
    call_command("axes_reset", verbosity=0)
    assert sign_in(Client(), current_code(device)).status_code == 302


def test_wrong_codes_count_towards_the_lockout(staff, device):
    client = Client()
    for _ in range(5):
        sign_in(client, "000000")
    assert sign_in(client, current_code(device)).status_code == 429


def age_session(client: Client, key: str, seconds: int) -> None:
    session = client.session
    session[key] = int(time.time()) - seconds
    session.save()


def test_staff_are_signed_out_after_15_idle_minutes(staff, staff_client):
    client = staff_client(staff)
    assert client.get("/admin/").status_code == 200
    age_session(client, StaffSessionLimitsMiddleware.LAST_SEEN, 15 * 60 + 1)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[0][0].startswith("/admin/login/")
    assert b"signed out after 15 minutes without activity" in response.content
    assert "_auth_user_id" not in client.session


def test_activity_keeps_a_staff_session_alive(staff, staff_client):
    client = staff_client(staff)
    age_session(client, StaffSessionLimitsMiddleware.LAST_SEEN, 14 * 60)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_staff_sessions_end_after_12_hours_whatever_the_activity(staff, staff_client):
    client = staff_client(staff)
    client.get("/admin/")
    age_session(client, StaffSessionLimitsMiddleware.STARTED, 12 * 3600 + 1)
    response = client.get("/admin/", follow=True)
    assert b"staff sessions last 12 hours at most" in response.content


def test_staff_totp_command_sets_up_an_authenticator(staff, capsys):
    call_command("staff_totp", "coordinator")
    output = capsys.readouterr().out
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed
    assert device.config_url in output
    assert "otpauth://totp/" in output


def test_a_staff_user_in_an_unknown_group_cannot_be_made(make_staff_user):
    with pytest.raises(LookupError, match="Intake reveiwer"):
        make_staff_user("typo", "Intake reveiwer")
