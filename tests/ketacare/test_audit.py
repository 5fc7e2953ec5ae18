"""The audit trail: written on staff sign-in events, append-only in the database."""

import pytest
from django.contrib.auth.models import Permission
from django.db import DatabaseError, connection, transaction
from django.test import Client, RequestFactory

from ketacare.audit import audit_record
from ketacare.models import AuditEvent
from tests.conftest import STAFF_PASSWORD, give_device
from tests.conftest import current_code as code


@pytest.fixture
def event(db) -> AuditEvent:
    request = RequestFactory().get("/admin/intake/assessment/7/change/")
    request.user = type("Anon", (), {"is_authenticated": False})()
    return audit_record(
        request=request,
        action=AuditEvent.Action.VIEW,
        model="intake.assessment",
        object_ids=[7],
    )


def test_audit_record_keeps_who_what_when_and_where(event):
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.action == "view"
    assert stored.object_ids == ["7"]
    assert stored.model == "intake.assessment"
    assert stored.ip_address == "127.0.0.1"
    assert stored.path == "/admin/intake/assessment/7/change/"
    assert stored.at.tzinfo is not None
    assert AuditEvent.objects.for_object("intake.assessment", 7).get() == stored


def test_audit_rows_cannot_be_changed_through_the_orm(event):
    event.action = AuditEvent.Action.CHANGE
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()


def test_audit_rows_cannot_be_deleted_through_the_orm(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_rows_cannot_be_changed_with_raw_sql(event):
    update = "UPDATE ketacare_auditevent SET actor_username = 'x' WHERE id = %s"
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(update, [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("DELETE FROM ketacare_auditevent")
    assert AuditEvent.objects.get(pk=event.pk).actor_username == ""


def test_sign_in_sign_out_and_failures_are_audited(make_staff_user, staff_client):
    user = make_staff_user("lead")
    Client().post(
        "/admin/login/", {"username": "lead", "password": "nope", "otp_token": "1"}
    )
    failed = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    # The account by its id, and never what was typed.
    assert (failed.model, failed.object_ids) == ("auth.user", [str(user.pk)])
    assert failed.detail == {"locked_out": False}

    device = give_device(user)
    client = Client()
    signed_in = client.post(
        "/admin/login/",
        {"username": "lead", "password": STAFF_PASSWORD, "otp_token": code(device)},
    )
    assert signed_in.status_code == 302
    client.post("/admin/logout/")
    actions = list(
        AuditEvent.objects.filter(actor=user)
        .order_by("at")
        .values_list("action", flat=True)
    )
    assert actions == ["login", "logout"]


def test_staff_without_audit_permission_cannot_read_the_trail(
    make_staff_user, staff_client, event
):
    client = staff_client(make_staff_user("reviewer"))
    assert client.get("/admin/ketacare/auditevent/").status_code == 403


def test_staff_with_audit_permission_read_but_cannot_change(
    make_staff_user, staff_client, event
):
    auditor = make_staff_user("auditor")
    auditor.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    client = staff_client(auditor)
    listing = client.get("/admin/ketacare/auditevent/?action__exact=view")
    assert listing.status_code == 200
    assert b"intake.assessment" in listing.content
    detail = client.get(f"/admin/ketacare/auditevent/{event.pk}/change/")
    assert detail.status_code == 200
    assert b'type="submit"' not in detail.content.split(b'id="content-main"')[1]
    assert (
        client.post(f"/admin/ketacare/auditevent/{event.pk}/delete/").status_code == 403
    )
    assert client.get("/admin/ketacare/auditevent/add/").status_code == 403


def test_the_trail_filters_by_record_id(make_staff_user, staff_client, event):
    client = staff_client(make_staff_user("boss", superuser=True))
    found = client.get("/admin/ketacare/auditevent/?q=7")
    assert list(found.context["cl"].result_list) == [event]
    missing = client.get("/admin/ketacare/auditevent/?q=8")
    assert list(missing.context["cl"].result_list) == []


@pytest.mark.django_db
def test_behind_the_proxy_audit_rows_and_lockouts_use_the_real_client_address(
    settings,
):
    from axes.helpers import get_client_ip_address

    from ketacare import rate_limit

    settings.KETACARE_PROXY_HOPS = 1
    request = RequestFactory().get(
        "/admin/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7"
    )
    request.user = type("Anon", (), {"is_authenticated": False})()
    stored = audit_record(request=request, action=AuditEvent.Action.VIEW)
    assert AuditEvent.objects.get(pk=stored.pk).ip_address == "203.0.113.7"
    assert get_client_ip_address(request) == "203.0.113.7"
    # The start throttle counts the same address: same key as a direct request.
    direct = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    key = rate_limit.client_key
    assert key("starts", request, 60) == key("starts", direct, 60)
