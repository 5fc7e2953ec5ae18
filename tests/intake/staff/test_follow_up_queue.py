"""Check-ins in the queue: the column's words, the filter, the order (an urgent
check-in nobody acted on comes first, even on a finished record), the audit
row, and a query count that does not grow with the rows."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake import alerts, checkins
from intake.models import Assessment, CheckIn, FollowUp
from intake.staff.review import assessment_review_update
from ketacare.models import AuditEvent
from tests.intake.factories import build

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:intake_assessment_changelist")
EVERYTHING = {"review": "all", "stage": "all"}
TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(date(2026, 3, 2), tick=False):
        yield


def enrol(assessment, starts_on: date = TODAY) -> FollowUp:
    return checkins.follow_up_enrol(
        assessment=assessment,
        request=None,
        preset="weekly_12_weeks",
        starts_on=starts_on,
    )


def complete_first(follow_up: FollowUp, **fields) -> None:
    follow_up.check_ins.filter(sequence=1).update(
        invitation_status=CheckIn.Invitation.SENT,
        sent_at=timezone.now(),
        completed_at=timezone.now(),
        phq9_total=20,
        gad7_total=10,
        **fields,
    )


def flag_first(follow_up: FollowUp) -> None:
    """What saving a positive PHQ-9 item 9 does: the check-in turns urgent and
    its staff alert is created (the alert's created_at is the flag's moment)."""
    follow_up.check_ins.filter(sequence=1).update(urgent=True, item9_positive=True)
    alerts.staff_alert_queue_check_in(check_in=follow_up.check_ins.get(sequence=1))


def urgent_check_in(assessment) -> FollowUp:
    follow_up = enrol(assessment)
    complete_first(follow_up)
    flag_first(follow_up)
    return follow_up


def abandoned_urgent_check_in(assessment) -> FollowUp:
    """Flagged at the PHQ-9, then left: never completed."""
    follow_up = enrol(assessment)
    follow_up.check_ins.filter(sequence=1).update(
        invitation_status=CheckIn.Invitation.SENT,
        sent_at=timezone.now(),
        started_at=timezone.now(),
    )
    flag_first(follow_up)
    return follow_up


def with_signal(assessment, signal: str) -> FollowUp:
    follow_up = enrol(assessment)
    FollowUp.objects.filter(pk=follow_up.pk).update(latest_signal=signal)
    return follow_up


def overdue(assessment) -> FollowUp:
    # Sent, first due 23 Feb: more than 3 days late on 2 March.
    follow_up = enrol(assessment)
    follow_up.check_ins.filter(sequence=1).update(
        due_on=TODAY - timedelta(days=7),
        invitation_status=CheckIn.Invitation.SENT,
        sent_at=timezone.now(),
    )
    return follow_up


def listed(client, **params) -> list[int]:
    response = client.get(QUEUE, {**EVERYTHING, **params})
    return [row.pk for row in response.context["cl"].result_list]


def urgent_column(client, assessment) -> str:
    response = client.get(QUEUE, EVERYTHING)
    row = next(r for r in response.context["cl"].result_list if r.pk == assessment.pk)
    return str(response.context["cl"].model_admin.urgent_badge(row))


def column(client, assessment) -> str:
    response = client.get(QUEUE, EVERYTHING)
    row = next(r for r in response.context["cl"].result_list if r.pk == assessment.pk)
    return str(response.context["cl"].model_admin.check_ins(row))


@pytest.fixture
def records():
    made = {name: build() for name in ("urgent", "relapse", "warning", "overdue")}
    made["plain"] = build()
    made["none"] = build()
    urgent_check_in(made["urgent"])
    with_signal(made["relapse"], "possible_relapse")
    with_signal(made["warning"], "early_warning")
    overdue(made["overdue"])
    enrol(made["plain"])
    return made


# --- the filter --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("urgent", {"urgent"}),
        ("relapse", {"relapse"}),
        ("warning", {"warning"}),
        ("overdue", {"overdue"}),
        ("enrolled", {"urgent", "relapse", "warning", "overdue", "plain"}),
        ("not_enrolled", {"none"}),
    ],
)
def test_each_check_in_filter_lists_its_records(as_reviewer, records, choice, expected):
    ids = {records[name].pk for name in expected}
    assert set(listed(as_reviewer, checkins=choice)) == ids


def test_an_unknown_check_in_filter_value_is_refused(as_reviewer, records):
    response = as_reviewer.get(QUEUE, {"checkins": "nonsense"})
    assert response.status_code == 302


def test_the_audit_row_withholds_the_check_in_filter_value(as_reviewer, records):
    as_reviewer.get(QUEUE, {"checkins": "urgent"})
    row = AuditEvent.objects.get(action=AuditEvent.Action.LIST)
    assert row.detail["filters"] == {"checkins": "(withheld)"}


def test_a_check_in_paused_before_it_was_sent_is_not_overdue(as_reviewer):
    assessment = build()
    follow_up = overdue(assessment)
    follow_up.check_ins.update(invitation_status=CheckIn.Invitation.SKIPPED)
    assert listed(as_reviewer, checkins="overdue") == []


# --- the column ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("urgent", "Urgent check-in"),
        ("relapse", "Possible relapse"),
        ("warning", "Early warning"),
        ("overdue", "Overdue check-in"),
        ("plain", "Enrolled"),
        ("none", "Not enrolled"),
    ],
)
def test_the_check_in_column_says_the_flag_in_words(as_reviewer, records, name, words):
    assert f">{words}<" in column(as_reviewer, records[name])


def test_the_urgent_check_in_badge_is_the_urgent_badge(as_reviewer, records):
    shown = column(as_reviewer, records["urgent"])
    assert shown == '<strong class="kc-urgent">Urgent check-in</strong>'


# --- an urgent check-in cannot be missed ---------------------------------------


def test_an_urgent_check_in_on_a_closed_record_is_in_the_default_queue(
    as_reviewer, lead
):
    closed = build()
    assessment_review_update(
        assessment_id=closed.pk, actor=lead, review_status="closed", note=""
    )
    with time_machine.travel(date(2026, 3, 3), tick=False):
        urgent_check_in(closed)
        shown = as_reviewer.get(QUEUE).context["cl"].result_list
    assert [row.pk for row in shown] == [closed.pk]


def closed_record(lead):
    record = build()
    assessment_review_update(
        assessment_id=record.pk, actor=lead, review_status="closed", note=""
    )
    return record


def test_an_abandoned_urgent_check_in_on_a_closed_record_is_first_in_the_queue(
    as_reviewer, lead, urgent
):
    record = closed_record(lead)
    with time_machine.travel(date(2026, 3, 3), tick=False):
        abandoned_urgent_check_in(record)
        assert listed(as_reviewer, review="open", stage="queue")[:2] == [
            record.pk,
            urgent.pk,
        ]


def test_an_abandoned_urgent_check_in_is_in_the_default_view(as_reviewer, lead):
    record = closed_record(lead)
    with time_machine.travel(date(2026, 3, 3), tick=False):
        abandoned_urgent_check_in(record)
        shown = as_reviewer.get(QUEUE).context["cl"].result_list
    assert [row.pk for row in shown] == [record.pk]


def test_an_abandoned_urgent_check_in_says_urgent_check_in(as_reviewer, lead):
    record = closed_record(lead)
    with time_machine.travel(date(2026, 3, 3), tick=False):
        abandoned_urgent_check_in(record)
        assert ">Urgent check-in<" in column(as_reviewer, record)


def test_an_unopened_urgent_check_in_shows_its_wait(as_reviewer):
    record = build()
    abandoned_urgent_check_in(record)
    with time_machine.travel(timezone.now() + timedelta(minutes=20), tick=False):
        shown = urgent_column(as_reviewer, record)
    assert "waiting 20 min" in shown
    assert "Check-in" in shown


def test_an_unopened_urgent_check_in_past_the_promise_says_so(as_reviewer):
    record = build()
    abandoned_urgent_check_in(record)
    with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
        assert "past the promised time" in urgent_column(as_reviewer, record)


def test_an_opened_urgent_check_in_shows_no_wait(as_reviewer):
    record = build()
    abandoned_urgent_check_in(record)
    as_reviewer.get(reverse("admin:intake_assessment_change", args=[record.pk]))
    assert ">No<" in urgent_column(as_reviewer, record)


def test_an_urgent_check_in_comes_before_urgent_assessments(as_reviewer, urgent):
    record = build()
    urgent_check_in(record)
    assert listed(as_reviewer)[:2] == [record.pk, urgent.pk]


def test_acting_on_the_record_after_the_urgent_check_in_clears_its_place(
    as_reviewer, lead
):
    record = build()
    urgent_check_in(record)
    with time_machine.travel(date(2026, 3, 3), tick=False):
        assessment_review_update(
            assessment_id=record.pk, actor=lead, review_status="closed", note=""
        )
        assert listed(as_reviewer, checkins="urgent") == []


def test_a_note_after_the_urgent_check_in_clears_its_place(as_reviewer, lead):
    record = build()
    urgent_check_in(record)
    with time_machine.travel(date(2026, 3, 3), tick=False):
        assessment_review_update(
            assessment_id=record.pk,
            actor=lead,
            review_status=Assessment.objects.get(pk=record.pk).review_status,
            note="Called them; safe, appointment booked.",
        )
        assert listed(as_reviewer, checkins="urgent") == []


# --- the cost ----------------------------------------------------------------------


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(QUEUE, EVERYTHING).status_code == 200
    return len(captured)


def some_enrolled(count: int) -> None:
    for number in range(count):
        assessment = build()
        if number % 2:
            urgent_check_in(assessment)
        else:
            overdue(assessment)


def test_the_list_with_enrolled_records_costs_the_same_for_2_and_for_20_rows(
    as_reviewer, django_assert_num_queries
):
    some_enrolled(2)
    queries(as_reviewer)  # the first request also sets the session up
    few = queries(as_reviewer)
    some_enrolled(18)
    with django_assert_num_queries(few):
        as_reviewer.get(QUEUE, EVERYTHING)
