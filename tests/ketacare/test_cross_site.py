"""Staff pages refuse requests another site started (Sec-Fetch-Site), and the
staff session cookie is SameSite=Strict."""

import pytest
from django.contrib.auth.models import User

from ketacare.models import AuditEvent
from tests.conftest import STAFF_PASSWORD, current_code, give_device
from tests.intake import factories

CROSS_SITE_LINK = {
    "HTTP_SEC_FETCH_SITE": "cross-site",
    "HTTP_SEC_FETCH_MODE": "navigate",
    "HTTP_SEC_FETCH_DEST": "document",
}


@pytest.fixture
def lead(make_staff_user) -> User:
    return make_staff_user("lead", "Intake lead")


@pytest.fixture
def record(client):
    factories.submit(client)
    from intake.models import Assessment

    return Assessment.objects.get()


def change_url(record) -> str:
    return f"/admin/intake/assessment/{record.pk}/change/"


def test_a_link_from_another_site_does_not_open_a_record(lead, staff_client, record):
    client = staff_client(lead)
    response = client.get(change_url(record), **CROSS_SITE_LINK)
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()
    # The page offers a link to continue, which then starts on this site.
    assert f'href="{change_url(record)}"'.encode() in response.content
    same_site = client.get(change_url(record), HTTP_SEC_FETCH_SITE="same-origin")
    assert same_site.status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).count() == 1


@pytest.mark.parametrize("started", ["cross-site", "same-site"])
def test_embeds_and_posts_from_other_sites_are_refused(
    lead, staff_client, record, started
):
    client = staff_client(lead)
    image = client.get(
        change_url(record),
        HTTP_SEC_FETCH_SITE=started,
        HTTP_SEC_FETCH_MODE="no-cors",
        HTTP_SEC_FETCH_DEST="image",
    )
    assert image.status_code == 403
    assert b"Continue to the staff page" not in image.content
    posted = client.post(
        "/admin/intake/assessment/",
        {"action": "export_csv", "_selected_action": [record.pk]},
        HTTP_SEC_FETCH_SITE=started,
        HTTP_SEC_FETCH_MODE="navigate",
    )
    assert posted.status_code == 403
    assert not AuditEvent.objects.filter(
        action__in=[AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT]
    ).exists()


def test_typed_addresses_and_old_browsers_still_work(lead, staff_client, record):
    client = staff_client(lead)
    assert client.get(change_url(record), HTTP_SEC_FETCH_SITE="none").status_code == 200
    assert client.get(change_url(record)).status_code == 200


def test_public_pages_accept_links_from_anywhere(db):
    from django.test import Client

    response = Client().get("/", **CROSS_SITE_LINK)
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_staff_session_cookie_is_strict_and_sign_in_still_works(
    make_staff_user,
):
    from django.test import Client

    user = make_staff_user("coordinator")
    device = give_device(user)
    client = Client()
    signed_in = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "coordinator",
            "password": STAFF_PASSWORD,
            "otp_token": current_code(device),
        },
        HTTP_SEC_FETCH_SITE="same-origin",
        HTTP_SEC_FETCH_MODE="navigate",
    )
    assert signed_in.status_code == 302
    from django.conf import settings

    assert signed_in.cookies[settings.SESSION_COOKIE_NAME]["samesite"] == "Strict"
    # The redirect after sign-in is a same-origin navigation.
    home = client.get(signed_in["Location"], HTTP_SEC_FETCH_SITE="same-origin")
    assert home.status_code == 200
