"""The minimal read-only admin the staff alert links to."""

import pytest
from django.test import Client
from django.urls import reverse

from intake.alerts import admin_url
from intake.models import Assessment
from tests.intake import factories
from tests.intake.factories import phq9

pytestmark = pytest.mark.django_db


@pytest.fixture
def urgent():
    factories.submit(Client(), phq9=phq9(0, 0, 0, 0, 0, 0, 0, 0, 2))
    return Assessment.objects.get()


def change_path(assessment):
    return reverse("admin:intake_assessment_change", args=[assessment.pk])


def test_the_alert_link_is_the_admin_page_of_the_record(urgent):
    assert admin_url(urgent.pk) == "https://clinic.example" + change_path(urgent)


def test_a_superuser_can_open_the_record_read_only(
    urgent, make_staff_user, staff_client
):
    client = staff_client(make_staff_user("lead", superuser=True))
    response = client.get(change_path(urgent))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ada Lovelace" in text
    assert 'name="_save"' not in text  # nothing can be changed here


def test_anonymous_visitors_are_sent_to_the_login(urgent):
    response = Client().get(change_path(urgent))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_without_permission_cannot_see_assessments(
    urgent, make_staff_user, staff_client
):
    client = staff_client(make_staff_user("editor"))
    assert client.get(change_path(urgent)).status_code == 403
    assert client.get(reverse("admin:intake_assessment_changelist")).status_code == 403


def test_nobody_can_add_change_or_delete_through_this_admin(
    urgent, make_staff_user, staff_client
):
    client = staff_client(make_staff_user("lead", superuser=True))
    assert client.get(reverse("admin:intake_assessment_add")).status_code == 403
    delete = reverse("admin:intake_assessment_delete", args=[urgent.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(change_path(urgent), {"review_status": "closed"})
    assert Assessment.objects.get().review_status == Assessment.ReviewStatus.NEW


def test_the_list_shows_urgent_records(urgent, make_staff_user, staff_client):
    client = staff_client(make_staff_user("lead", superuser=True))
    response = client.get(reverse("admin:intake_assessment_changelist"))
    assert response.status_code == 200
    assert change_path(urgent) in response.content.decode()
