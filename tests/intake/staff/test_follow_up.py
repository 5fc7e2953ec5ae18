"""The check-ins section of a record: enrol, pause, resume, stop, change the
schedule, record a treatment event; who may, and what is audited."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake import checkins
from intake.models import CheckIn, FollowUp, FollowUpEvent, TreatmentEvent
from ketacare.models import AuditEvent
from tests.intake.factories import build

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)
LONG_AGO = date(2025, 11, 1)
NO_EMAIL = {
    "name": "Ada Lovelace",
    "email": "",
    "phone": "(555) 123-4567",
    "method": "phone",
    "consent": "on",
}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(date(2026, 3, 2), tick=False):
        yield


def action(assessment, name: str) -> str:
    return reverse("admin:intake_assessment_follow_up", args=[assessment.pk, name])


def page(assessment) -> str:
    return reverse("admin:intake_assessment_change", args=[assessment.pk])


def weekly(**extra) -> dict:
    return {
        "schedule-preset": "weekly_12_weeks",
        "schedule-starts_on": TODAY.isoformat(),
        **extra,
    }


def enrolled(assessment, starts_on: date = TODAY) -> FollowUp:
    """Enrolled on `starts_on` (the clock goes back to that day to enrol, as
    check-ins are planned from the day of enrolment on)."""
    with time_machine.travel(starts_on, tick=False):
        return checkins.follow_up_enrol(
            assessment=assessment,
            request=None,
            preset="weekly_12_weeks",
            starts_on=starts_on,
        )


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def audited(action_name: str) -> AuditEvent:
    return AuditEvent.objects.get(
        model="intake.followup", detail__follow_up=action_name
    )


@pytest.fixture
def viewer(make_staff_user):
    """Staff who may open records but not manage check-ins."""
    user = make_staff_user("vic")
    user.user_permissions.add(
        Permission.objects.get(codename="view_assessment"),
    )
    return user


# --- enrol ---------------------------------------------------------------------


def test_enrolling_plans_the_check_ins_of_the_schedule(as_reviewer, routine):
    as_reviewer.post(action(routine, "enrol"), weekly())
    follow_up = FollowUp.objects.get(assessment=routine)
    assert follow_up.check_ins.count() == 12


def test_enrolling_goes_back_to_the_record_with_a_message(as_reviewer, routine):
    response = as_reviewer.post(action(routine, "enrol"), weekly(), follow=True)
    assert response.redirect_chain[-1][0] == page(routine) + "#kc-check-ins"
    assert shown_messages(response) == ["Enrolled in check-ins: 12 planned."]


def test_enrolling_is_on_the_timeline_with_who_did_it(as_reviewer, routine):
    as_reviewer.post(action(routine, "enrol"), weekly())
    event = FollowUpEvent.objects.get(follow_up__assessment=routine)
    assert (event.action, event.actor_name) == ("enrolled", "rita")
    timeline = as_reviewer.get(page(routine)).context["timeline"]
    assert timeline[0].text.startswith("Enrolled in check-ins")
    assert timeline[0].by == "rita"


def test_enrolling_writes_an_audit_row(as_reviewer, reviewer, routine):
    as_reviewer.post(action(routine, "enrol"), weekly())
    row = audited("enrolled")
    assert (row.actor, row.object_ids) == (reviewer, [str(routine.pk)])


def test_a_custom_schedule_needs_its_interval_and_end(as_reviewer, routine):
    response = as_reviewer.post(
        action(routine, "enrol"), weekly(**{"schedule-preset": "custom"}), follow=True
    )
    assert not FollowUp.objects.exists()
    assert "needs the days between" in shown_messages(response)[0]


def test_a_custom_schedule_enrols_every_so_many_days(as_reviewer, routine):
    data = weekly(
        **{
            "schedule-preset": "custom",
            "schedule-interval_days": "10",
            "schedule-ends_on": "2026-04-01",
        }
    )
    as_reviewer.post(action(routine, "enrol"), data)
    due = CheckIn.objects.values_list("due_on", flat=True).order_by("due_on")
    assert list(due) == [date(2026, 3, 12), date(2026, 3, 22), date(2026, 4, 1)]


def test_enrolment_is_refused_without_consent_to_contact(as_reviewer):
    assessment = build(contact={"wants_contact": "no"})
    response = as_reviewer.post(action(assessment, "enrol"), weekly(), follow=True)
    assert not FollowUp.objects.exists()
    assert "did not agree to be contacted" in shown_messages(response)[0]


def test_enrolment_is_refused_without_an_email(as_reviewer):
    assessment = build(details=NO_EMAIL)
    response = as_reviewer.post(action(assessment, "enrol"), weekly(), follow=True)
    assert not FollowUp.objects.exists()
    assert "no email address" in shown_messages(response)[0]


def test_enrolling_twice_is_an_error_message_not_an_error_page(as_reviewer, routine):
    enrolled(routine)
    response = as_reviewer.post(action(routine, "enrol"), weekly(), follow=True)
    assert response.status_code == 200
    assert "already enrolled" in shown_messages(response)[0]


def test_staff_without_the_permission_cannot_enrol(viewer, staff_client, routine):
    response = staff_client(viewer).post(action(routine, "enrol"), weekly())
    assert response.status_code == 403
    assert not FollowUp.objects.exists()


def test_a_content_editor_cannot_enrol(editor, staff_client, routine):
    response = staff_client(editor).post(action(routine, "enrol"), weekly())
    assert response.status_code == 403
    assert not FollowUp.objects.exists()


def test_an_action_cannot_be_a_get(as_reviewer, routine):
    assert as_reviewer.get(action(routine, "enrol")).status_code == 405


def test_an_unknown_action_is_not_found(as_reviewer, routine):
    assert as_reviewer.post(action(routine, "delete")).status_code == 404


# --- the section -----------------------------------------------------------------


def test_the_record_offers_enrolment_to_a_person_who_consented(as_reviewer, routine):
    panel = as_reviewer.get(page(routine)).context["follow_up"]
    assert panel.enrol_form is not None


def test_the_record_says_why_a_person_without_consent_cannot_be_enrolled(
    as_reviewer,
):
    assessment = build(contact={"wants_contact": "no"})
    response = as_reviewer.get(page(assessment))
    assert response.context["follow_up"].enrol_form is None
    assert "did not agree to be contacted" in response.content.decode()


def test_staff_without_the_permission_see_the_check_ins_read_only(
    viewer, staff_client, routine
):
    enrolled(routine)
    response = staff_client(viewer).get(page(routine))
    panel = response.context["follow_up"]
    assert len(panel.rows) == 12
    assert (panel.statuses, panel.schedule_form, panel.event_form) == ([], None, None)
    assert action(routine, "status") not in response.content.decode()


def test_an_overdue_check_in_is_marked_on_the_record(as_reviewer, routine):
    enrolled(routine)
    midday = datetime(2026, 3, 13, 12, tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(midday, tick=False):
        rows = as_reviewer.get(page(routine)).context["follow_up"].rows
    # Due 9 March, 3 days' grace: overdue from the 13th; the 16th is not yet.
    assert [row.overdue for row in rows[:2]] == [True, False]


def test_a_failed_invitation_says_how_many_attempts(as_reviewer, routine):
    follow_up = enrolled(routine)
    follow_up.check_ins.filter(sequence=1).update(
        invitation_status=CheckIn.Invitation.FAILED, attempts=2
    )
    rows = as_reviewer.get(page(routine)).context["follow_up"].rows
    assert rows[0].invitation == "Failed after 2 attempts, will retry"


# --- pause, resume, stop, schedule -------------------------------------------


def test_pausing_is_audited(as_reviewer, routine):
    enrolled(routine)
    as_reviewer.post(action(routine, "status"), {"status": "paused"})
    assert FollowUp.objects.get().status == "paused"
    assert audited("paused").actor.username == "rita"


def test_resuming_is_audited(as_reviewer, routine):
    follow_up = enrolled(routine)
    FollowUp.objects.filter(pk=follow_up.pk).update(status="paused")
    as_reviewer.post(action(routine, "status"), {"status": "active"})
    assert FollowUp.objects.get().status == "active"
    assert audited("active").actor.username == "rita"


STOP = {"status": "stopped", "confirm_stop": "yes"}


def test_stopping_is_audited(as_reviewer, routine):
    enrolled(routine)
    as_reviewer.post(action(routine, "status"), STOP)
    assert FollowUp.objects.get().status == "stopped"
    assert audited("stopped").actor.username == "rita"


def test_stopping_without_the_confirmation_box_is_refused(as_reviewer, routine):
    enrolled(routine)
    response = as_reviewer.post(
        action(routine, "status"), {"status": "stopped"}, follow=True
    )
    assert FollowUp.objects.get().status == "active"
    assert "cannot be restarted" in shown_messages(response)[0]


def test_the_stop_button_comes_with_its_confirmation_box(as_reviewer, routine):
    enrolled(routine)
    shown = as_reviewer.get(page(routine)).content.decode()
    assert 'name="confirm_stop"' in shown
    assert "I understand check-ins cannot be restarted" in shown


def test_resuming_a_stopped_follow_up_is_an_error_message(as_reviewer, routine):
    follow_up = enrolled(routine)
    FollowUp.objects.filter(pk=follow_up.pk).update(status="stopped")
    response = as_reviewer.post(
        action(routine, "status"), {"status": "active"}, follow=True
    )
    assert FollowUp.objects.get().status == "stopped"
    assert "stopped" in shown_messages(response)[0]


def test_a_status_outside_the_choices_changes_nothing(as_reviewer, routine):
    enrolled(routine)
    response = as_reviewer.post(
        action(routine, "status"), {"status": "deleted"}, follow=True
    )
    assert FollowUp.objects.get().status == "active"
    assert "were not changed" in shown_messages(response)[0]


def test_pausing_someone_not_enrolled_is_an_error_message(as_reviewer, routine):
    response = as_reviewer.post(
        action(routine, "status"), {"status": "paused"}, follow=True
    )
    assert shown_messages(response) == ["This person is not enrolled in check-ins."]


def test_changing_the_schedule_is_audited(as_reviewer, routine):
    enrolled(routine)
    as_reviewer.post(
        action(routine, "schedule"), weekly(**{"schedule-preset": "monthly_12_months"})
    )
    assert FollowUp.objects.get().check_ins.count() == 12
    assert FollowUp.objects.get().interval_months == 1
    assert audited("schedule_changed").actor.username == "rita"


def test_staff_without_the_permission_cannot_pause(viewer, staff_client, routine):
    enrolled(routine)
    client = staff_client(viewer)
    response = client.post(action(routine, "status"), {"status": "paused"})
    assert response.status_code == 403
    assert FollowUp.objects.get().status == "active"


def test_a_content_editor_cannot_change_the_schedule(editor, staff_client, routine):
    enrolled(routine)
    response = staff_client(editor).post(action(routine, "schedule"), weekly())
    assert response.status_code == 403


# --- treatment events ------------------------------------------------------------


def test_recording_a_treatment_event_lists_it(as_reviewer, routine):
    enrolled(routine)
    as_reviewer.post(
        action(routine, "event"), {"event-kind": "series_end", "event-on": "2026-02-20"}
    )
    event = TreatmentEvent.objects.get()
    assert (event.kind, event.on) == ("series_end", date(2026, 2, 20))
    panel = as_reviewer.get(page(routine)).context["follow_up"]
    assert panel.events == [event]


def test_a_treatment_event_goes_on_the_timeline(as_reviewer, routine):
    enrolled(routine)
    as_reviewer.post(
        action(routine, "event"), {"event-kind": "booster", "event-on": "2026-02-20"}
    )
    timeline = as_reviewer.get(page(routine)).context["timeline"]
    texts = [entry.text for entry in timeline]
    assert "Treatment event recorded: Booster session, 2026-02-20" in texts


def test_a_treatment_event_without_a_date_is_an_error_message(as_reviewer, routine):
    enrolled(routine)
    response = as_reviewer.post(
        action(routine, "event"), {"event-kind": "booster"}, follow=True
    )
    assert not TreatmentEvent.objects.exists()
    assert "not recorded" in shown_messages(response)[0]


def test_staff_without_the_permission_cannot_record_an_event(
    viewer, staff_client, routine
):
    response = staff_client(viewer).post(
        action(routine, "event"), {"event-kind": "booster", "event-on": "2026-02-20"}
    )
    assert response.status_code == 403
    assert not TreatmentEvent.objects.exists()


# --- the curve and the cost of the page -----------------------------------------


def complete(follow_up: FollowUp, count: int) -> None:
    for check_in in follow_up.check_ins.order_by("sequence")[:count]:
        CheckIn.objects.filter(pk=check_in.pk).update(
            invitation_status=CheckIn.Invitation.SENT,
            sent_at=timezone.now(),
            completed_at=datetime.combine(check_in.due_on, time(12), UTC),
            phq9_total=10,
            gad7_total=8,
        )


def test_the_record_of_an_enrolled_person_draws_the_curve(as_reviewer, routine):
    complete(enrolled(routine, LONG_AGO), 2)
    response = as_reviewer.get(page(routine))
    assert response.status_code == 200
    assert 'id="kc-curve-title"' in response.content.decode()


def test_a_missing_curve_template_is_an_error_not_a_silent_gap(routine, monkeypatch):
    # A broken chart must show up in tests, not vanish from the page.
    from django.template import TemplateDoesNotExist

    from intake.staff import follow_up

    monkeypatch.setattr(follow_up, "CURVE_TEMPLATE", "intake/includes/no-curve.html")
    with pytest.raises(TemplateDoesNotExist):
        follow_up._curve(enrolled(routine))


def test_the_record_costs_the_same_with_1_and_with_10_check_ins_completed(
    as_reviewer, routine, django_assert_num_queries
):
    other = build()
    complete(enrolled(routine, LONG_AGO), 1)
    complete(enrolled(other, LONG_AGO), 10)
    as_reviewer.get(page(routine))
    with CaptureQueriesContext(connection) as few:
        assert as_reviewer.get(page(routine)).status_code == 200
    with django_assert_num_queries(len(few)):
        response = as_reviewer.get(page(other))
    assert response.content.decode().count(">10<") >= 10


# --- dates a schedule may use --------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"schedule-starts_on": "9999-12-30"}, "within the next year"),
        ({"schedule-starts_on": "2025-03-02"}, "no more than 30 days ago"),
        (
            {
                "schedule-preset": "custom",
                "schedule-interval_days": "1",
                "schedule-ends_on": "2120-01-01",
            },
            "no more than two years after the start",
        ),
    ],
)
def test_a_schedule_with_out_of_range_dates_is_refused_with_a_message(
    as_reviewer, routine, extra, message
):
    response = as_reviewer.post(action(routine, "enrol"), weekly(**extra), follow=True)
    assert response.status_code == 200
    assert not FollowUp.objects.filter(assessment=routine).exists()
    (shown,) = shown_messages(response)
    assert message in shown


def test_an_overflow_in_the_schedule_code_is_a_refusal_not_an_error_page(
    as_reviewer, routine, monkeypatch
):
    def overflow(**_kwargs):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(checkins, "follow_up_enrol", overflow)
    response = as_reviewer.post(action(routine, "enrol"), weekly(), follow=True)
    assert response.status_code == 200
    assert shown_messages(response)[0].startswith("The person was not enrolled.")
