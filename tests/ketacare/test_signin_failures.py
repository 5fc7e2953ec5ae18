"""Failed staff sign-ins: one message for every failure, lockout by username and
network (and a network alone after more), bounded storage, no typed text kept."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client

from ketacare.admin_site import StaffLoginForm
from ketacare.models import AuditEvent
from tests.conftest import STAFF_PASSWORD, current_code, give_device

LOGIN = "/admin/login/?next=/admin/"
GENERIC = [str(StaffLoginForm.error_messages["invalid_login"])]
HOME, AWAY = "198.51.100.10", "203.0.113.20"


@pytest.fixture
def staff(make_staff_user) -> User:
    return make_staff_user("coordinator")


@pytest.fixture
def device(staff):
    return give_device(staff)


def sign_in(address=HOME, username="coordinator", password=STAFF_PASSWORD, code=""):
    client = Client(REMOTE_ADDR=address)
    return client.post(
        LOGIN, {"username": username, "password": password, "otp_token": code}
    )


def code_now(device) -> str:
    """The current code, usable again (django-otp refuses a replayed code)."""
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    return current_code(device)


def wrong_code(device) -> str:
    return f"{(int(current_code(device)) + 1) % 1_000_000:06d}"


def test_a_wrong_password_and_a_wrong_code_read_the_same(staff, device):
    wrong_password = sign_in(password="not it", code=code_now(device))
    right_password = sign_in(code=wrong_code(device))
    missing_code = sign_in()
    for response in (wrong_password, right_password, missing_code):
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == GENERIC


def test_a_correct_password_on_a_non_staff_account_reads_the_same_and_counts(
    db, device
):
    User.objects.create_user("visitor", password=STAFF_PASSWORD)
    response = sign_in(username="visitor")
    assert response.context["form"].non_field_errors() == GENERIC
    for _ in range(4):
        sign_in(username="visitor")
    assert sign_in(username="visitor").status_code == 429


def test_every_kind_of_failure_counts_toward_the_lockout(staff, device):
    sign_in(password="not it", code=code_now(device))
    sign_in(code=wrong_code(device))
    sign_in()  # no code at all
    sign_in(code="")
    assert sign_in(code=wrong_code(device)).status_code == 429
    assert sign_in(code=code_now(device)).status_code == 429


def test_a_lockout_elsewhere_does_not_lock_the_reviewer_out(staff, device):
    for _ in range(5):
        sign_in(address=AWAY, password="guess")
    assert sign_in(address=AWAY, code=code_now(device)).status_code == 429
    assert sign_in(address=HOME, code=code_now(device)).status_code == 302


def test_a_network_trying_many_usernames_is_locked_after_twenty(staff, device):
    for number in range(19):
        assert sign_in(address=AWAY, username=f"guess{number}").status_code == 200
    # Nineteen failures on other names: the pair itself has none yet.
    assert sign_in(address=AWAY, code=code_now(device)).status_code == 302
    for number in range(20):
        sign_in(address=AWAY, username=f"again{number}")
    assert sign_in(address=AWAY, code=code_now(device)).status_code == 429
    assert sign_in(address=HOME, code=code_now(device)).status_code == 302


def test_one_ipv6_64_network_counts_as_one_address(staff, device):
    for number in range(20):
        sign_in(address=f"2001:db8:5:6::{number + 1:x}", username=f"guess{number}")
    locked = sign_in(address="2001:db8:5:6::ffff", code=code_now(device))
    assert locked.status_code == 429


def test_storage_stays_bounded_however_long_the_attack(staff, device):
    for number in range(30):
        Client(REMOTE_ADDR=AWAY, HTTP_USER_AGENT=f"bot/{number}").post(
            LOGIN, {"username": "coordinator", "password": "x", "otp_token": "1"}
        )
    for number in range(60):
        sign_in(address=AWAY, username=f"name{number}")
    attempts = AccessAttempt.objects.filter(ip_address=AWAY)
    # One row per username tried before the network was locked; each row stops
    # counting at its lock.
    assert attempts.count() <= 20
    assert max(attempts.values_list("failures_since_start", flat=True)) == 5
    audited = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED)
    # Only failures naming the real account, and only until it was locked.
    assert audited.count() == 5
    assert {tuple(ids) for ids in audited.values_list("object_ids", flat=True)} == {
        (str(staff.pk),)
    }
    assert audited.filter(detail__locked_out=True).count() == 1


def test_failures_naming_no_account_leave_no_audit_row(db):
    sign_in(username="nobody-here")
    assert not AuditEvent.objects.exists()
    assert AccessAttempt.objects.get().failures_since_start == 1


def every_row_containing(text: str) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        for (table,) in cursor.fetchall():
            cursor.execute(
                f'SELECT count(*) FROM "{table}" AS row '  # noqa: S608
                "WHERE strpos(row::text, %s) > 0",
                [text],
            )
            if cursor.fetchone()[0]:
                found.append(table)
    return found


def test_a_password_typed_as_the_username_is_kept_nowhere_in_clear(staff, device):
    secret = "Tr0ub4dor&3-horse"
    for address in (HOME, AWAY):
        sign_in(address=address, username=secret, password="x", code=secret[:8])
    sign_in(username="coordinator", password=secret, code=wrong_code(device))
    assert AccessAttempt.objects.exists()
    assert every_row_containing(secret) == []
    assert every_row_containing(secret[:8]) == []
    assert every_row_containing("coordinator") == ["auth_user"]


def test_a_successful_sign_in_clears_only_its_own_pair(staff, device):
    for number in range(3):
        sign_in(address=HOME, username=f"typo{number}")
    sign_in(address=HOME, password="wrong")
    assert sign_in(address=HOME, code=code_now(device)).status_code == 302
    assert AccessAttempt.objects.filter(ip_address=HOME).count() == 3


def test_staff_unlock_lifts_a_lockout_by_username(staff, device):
    for address in (HOME, AWAY):
        for _ in range(5):
            sign_in(address=address, password="wrong")
    call_command("staff_unlock", "coordinator", verbosity=0)
    assert not AccessAttempt.objects.exists()
    assert sign_in(address=AWAY, code=code_now(device)).status_code == 302
