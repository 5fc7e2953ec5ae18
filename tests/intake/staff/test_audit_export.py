"""`manage.py audit_export`: the audit trail as JSON lines for an external
append-only store, with no health data and no contact details, resumable."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.urls import reverse

from ketacare.audit import audit_record
from ketacare.models import AuditEvent
from tests.intake.factories import build, phq9, valid_posts

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:intake_assessment_changelist")
SEARCH = reverse("admin:intake_assessment_search")
# Unusual values that must never leave the database through the export.
CANARIES = {
    "name": "Zebulon Quaxworth",
    "email": "zebulon.quaxworth@canary.example",
    "phone": "+1 (555) 010-9988",
    "hopes": "canary-hopes-to-sleep-again",
}


def exported(*args: str, **options) -> list[dict]:
    out = StringIO()
    call_command("audit_export", *args, stdout=out, stderr=StringIO(), **options)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture
def canary():
    """An urgent assessment whose contact details and free text are canaries."""
    posts = valid_posts()
    details = {
        **posts["details"],
        "name": CANARIES["name"],
        "email": CANARIES["email"],
        "phone": CANARIES["phone"],
    }
    goals = {**posts["goals"], "hopes": CANARIES["hopes"]}
    return build(phq9=phq9(0, 0, 0, 0, 0, 0, 0, 0, 2), details=details, goals=goals)


def test_a_leads_work_is_exported_without_health_data_or_contact_details(
    canary, lead, as_lead
):
    as_lead.get(QUEUE, {"urgent__exact": "1"})
    as_lead.get(reverse("admin:intake_assessment_change", args=[canary.pk]))
    as_lead.post(SEARCH, {"q": CANARIES["email"]})
    as_lead.post(QUEUE, {"action": "export_csv", ACTION_CHECKBOX_NAME: [canary.pk]})
    # Whatever a future caller puts into the free-form detail stays home too.
    audit_record(
        request=None,
        action=AuditEvent.Action.LOGIN_FAILED,
        detail={"username": CANARIES["email"], "filters": {"q": CANARIES["name"]}},
    )
    rows = exported()
    assert {row["action"] for row in rows} >= {"list", "view", "export", "login_failed"}
    text = "\n".join(json.dumps(row) for row in rows)
    for value in CANARIES.values():
        assert value.lower() not in text.lower()
    assert "555" not in text
    # Which records were urgent, or what a filter chose, is health data.
    assert "urgent" not in text
    assert "phq" not in text.lower()
    view = next(row for row in rows if row["action"] == "view")
    assert view["object_ids"] == [str(canary.pk)]
    assert view["actor_username"] == lead.username
    assert view["detail"] == {"contact_details": True}
    assert set(view) == {
        "id",
        "at",
        "actor_id",
        "actor_username",
        "action",
        "model",
        "object_ids",
        "ip_address",
        "path",
        "detail",
        "prev_hash",
        "chain_hash",
    }


def test_each_line_carries_the_rows_seal(canary, as_lead):
    as_lead.get(reverse("admin:intake_assessment_change", args=[canary.pk]))
    row = exported()[-1]
    assert row["action"] == "view"
    stored = AuditEvent.objects.get(pk=row["id"])
    assert row["chain_hash"] == stored.chain_hash
    assert row["prev_hash"] == stored.prev_hash
    assert row["at"].startswith(stored.at.isoformat()[:19])


def record(n: int) -> list[AuditEvent]:
    return [audit_record(request=None, action=AuditEvent.Action.LIST) for _ in range(n)]


def test_it_starts_after_a_given_id():
    first, second, third = record(3)
    assert [row["id"] for row in exported("--after-id", str(first.pk))] == [
        second.pk,
        third.pk,
    ]


def test_it_starts_from_a_given_time():
    events = record(2)
    since = AuditEvent.objects.get(pk=events[1].pk).at.isoformat()
    ids = [row["id"] for row in exported("--since", since)]
    assert events[1].pk in ids
    assert exported("--since", "2999-01-01T00:00:00Z") == []


def test_a_bad_time_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not an ISO date"):
        exported("--since", "yesterday")


def test_with_a_state_file_it_resumes_where_it_stopped(tmp_path: Path):
    state = tmp_path / "audit.state"
    output = tmp_path / "audit.jsonl"
    first, second = record(2)
    call_command("audit_export", state=state, output=output, stderr=StringIO())
    assert state.read_text().strip() == str(second.pk)
    (third,) = record(1)
    call_command("audit_export", state=state, output=output, stderr=StringIO())
    call_command("audit_export", state=state, output=output, stderr=StringIO())
    lines = [json.loads(line) for line in output.read_text().splitlines()]
    assert [row["id"] for row in lines] == [first.pk, second.pk, third.pk]
    assert state.read_text().strip() == str(third.pk)


def test_an_erasure_is_exported_without_its_typed_reason(canary, as_lead):
    erase = reverse("admin:intake_assessment_erase", args=[canary.pk])
    reason = "Asked by phone, canary-reason-4b2"
    as_lead.post(erase, {"reason": reason, "confirm": "yes"})
    row = exported()[-1]
    assert row["action"] == "erase"
    assert row["object_ids"] == [str(canary.pk)]
    assert row["detail"] == {"removal": "request"}
    assert "canary-reason" not in json.dumps(row)
