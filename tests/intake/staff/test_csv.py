"""The CSV export: its columns per permission, and safe to open in a spreadsheet."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from intake.exports.csv_rows import neutralise
from ketacare.models import AuditEvent
from tests.intake.factories import build, valid_posts

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:intake_assessment_changelist")
WITHOUT_CONTACT = [
    "id",
    "stage",
    "created_at",
    "submitted_at",
    "review_status",
    "assigned_to",
    "urgent",
    "item9_positive",
    "phq9_total",
    "phq9_band",
    "gad7_total",
    "gad7_band",
    "outcome",
    "reasons",
    "screen_version",
    "state",
]
CONTACT = [
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_method",
    "consented_at",
]


def export(client, *assessments):
    response = client.post(
        QUEUE,
        {"action": "export_csv", ACTION_CHECKBOX_NAME: [a.pk for a in assessments]},
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets then read UTF-8 correctly
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_a_reviewer_exports_scores_and_statuses_without_contact_details(
    as_reviewer, urgent, routine
):
    [row] = export(as_reviewer, urgent)
    assert list(row) == WITHOUT_CONTACT
    assert row["id"] == str(urgent.pk)
    assert row["stage"] == "submitted"
    assert row["urgent"] == "yes"
    assert row["item9_positive"] == "yes"
    assert (row["phq9_total"], row["phq9_band"]) == ("2", "minimal")
    assert (row["gad7_total"], row["gad7_band"]) == ("7", "mild")
    assert row["outcome"] == "needs_review"
    assert row["reasons"] == "item9"
    assert row["review_status"] == "new"
    assert row["submitted_at"] == urgent.submitted_at.isoformat(timespec="seconds")
    assert "Ada" not in str(row)


def test_a_lead_also_gets_the_contact_details(as_lead, urgent):
    [row] = export(as_lead, urgent)
    assert list(row) == WITHOUT_CONTACT + CONTACT
    assert row["contact_name"] == "Ada Lovelace"
    assert row["contact_email"] == "ada@example.org"
    assert row["contact_method"] == "email"


def test_only_the_selected_assessments_are_exported(as_reviewer, urgent, routine):
    rows = export(as_reviewer, routine)
    assert [row["id"] for row in rows] == [str(routine.pk)]


def test_formulas_in_answers_are_neutralised(as_lead):
    details = {
        **valid_posts()["details"],
        "name": '=HYPERLINK("http://evil.example")',
        "email": "-2+3@example.org",
        "phone": "+1 555 010 2222",
    }
    [row] = export(as_lead, build(details=details))
    assert row["contact_name"] == '\'=HYPERLINK("http://evil.example")'
    assert row["contact_email"] == "'-2+3@example.org"
    assert row["contact_phone"] == "'+1 555 010 2222"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),
        ("", ""),
        (None, ""),
        (7, "7"),
        (True, "yes"),
        (False, "no"),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_an_export_is_audited_with_the_ids(as_lead, lead, urgent, routine):
    export(as_lead, urgent, routine)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert set(event.object_ids) == {str(urgent.pk), str(routine.pk)}
    assert event.actor == lead
    assert event.detail == {"format": "csv", "contact_details": True}


def test_exporting_nothing_selected_is_a_message_not_an_error(as_reviewer, urgent):
    form = {"action": "export_csv", "index": "0", "select_across": "0"}
    response = as_reviewer.post(QUEUE, form, follow=True)
    assert response.status_code == 200
    assert "Items must be selected" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_download_is_an_attachment_and_never_cached(as_reviewer, urgent):
    response = as_reviewer.post(
        QUEUE, {"action": "export_csv", ACTION_CHECKBOX_NAME: [urgent.pk]}
    )
    assert response["Content-Disposition"].startswith(
        'attachment; filename="assessments-'
    )
    assert "no-store" in response["Cache-Control"]
