"""The check-in services staff and the person use: enrolment, schedule changes,
pause/resume/stop, treatment events, item 9 in a check-in, completion."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from intake.checkins import (
    CheckInClosed,
    NotEnrollable,
    check_in_complete,
    check_in_save_step,
    follow_up_change_schedule,
    follow_up_enrol,
    follow_up_set_status,
    follow_up_unsubscribe,
    treatment_event_add,
)
from intake.domain import scoring
from intake.domain.followup import Preset
from intake.domain.instruments import GAD7, PHQ9
from intake.models import CheckIn, FollowUp, FollowUpEvent, StaffAlert, TreatmentEvent
from ketacare.models import AuditEvent
from tests.intake.checkins.conftest import (
    BASELINE,
    START,
    answer,
    answer_and_complete,
    at,
    day,
    gad7_answers,
    link_token,
    open_check_ins,
    phq9_answers,
)
from tests.intake.factories import build, phq9, valid_posts

pytestmark = pytest.mark.django_db

NO_EMAIL = {
    **valid_posts()["details"],
    "email": "",
    "method": "phone",
}


def enrol(assessment, preset=Preset.WEEKLY_12_WEEKS, **schedule) -> FollowUp:
    with at(START):
        return follow_up_enrol(
            assessment=assessment,
            request=None,
            preset=preset,
            starts_on=START.date(),
            **schedule,
        )


# --- enrolment ---------------------------------------------------------------


def test_a_draft_cannot_be_enrolled(db):
    with pytest.raises(NotEnrollable, match="submitted"):
        enrol(build(submit=False, phq9=BASELINE))


def test_someone_who_did_not_ask_to_be_contacted_cannot_be_enrolled(db):
    assessment = build(contact={"wants_contact": "no"})
    with pytest.raises(NotEnrollable, match="contacted"):
        enrol(assessment)


def test_someone_without_an_email_address_cannot_be_enrolled(db):
    assessment = build(details=NO_EMAIL)
    assert assessment.wants_contact
    assert not assessment.contact_email
    with pytest.raises(NotEnrollable, match="email"):
        enrol(assessment)


def test_no_follow_up_is_left_after_a_refused_enrolment(db):
    with pytest.raises(NotEnrollable):
        enrol(build(details=NO_EMAIL))
    assert not FollowUp.objects.exists()
    assert not CheckIn.objects.exists()


def test_someone_already_enrolled_cannot_be_enrolled_again(follow_up, assessment):
    with pytest.raises(NotEnrollable, match="already"):
        enrol(assessment)
    assert follow_up.check_ins.count() == 12


@pytest.mark.parametrize(
    ("preset", "schedule", "count", "last_due"),
    [
        (Preset.WEEKLY_12_WEEKS, {}, 12, date(2026, 5, 25)),
        # 6 months is 184 days from 2 March; 13 fortnights are 182.
        (Preset.FORTNIGHTLY_6_MONTHS, {}, 13, date(2026, 8, 31)),
        (Preset.MONTHLY_12_MONTHS, {}, 12, date(2027, 3, 2)),
        (
            Preset.CUSTOM,
            {"interval_days": 10, "ends_on": date(2026, 4, 6)},
            3,
            date(2026, 4, 1),
        ),
    ],
    ids=str,
)
def test_enrolment_plans_one_check_in_per_due_date_of_the_preset(
    assessment, preset, schedule, count, last_due
):
    follow_up = enrol(assessment, preset, **schedule)
    check_ins = list(follow_up.check_ins.all())
    assert [c.sequence for c in check_ins] == list(range(1, count + 1))
    assert check_ins[-1].due_on == last_due
    assert {c.invitation_status for c in check_ins} == {CheckIn.Invitation.SCHEDULED}


def test_a_custom_schedule_needs_an_interval_and_an_end(assessment):
    with pytest.raises(ValueError, match="interval"):
        enrol(assessment, Preset.CUSTOM, interval_days=7)
    assert not FollowUp.objects.exists()


def test_enrolment_is_on_the_timeline_with_the_schedule_only(follow_up):
    (event,) = follow_up.events.all()
    assert event.action == FollowUpEvent.Action.ENROLLED
    assert event.detail == {
        "preset": "weekly_12_weeks",
        "interval_days": 7,
        "interval_months": None,
        "starts_on": "2026-03-02",
        "ends_on": "2026-05-25",
        "check_ins": 12,
    }


def test_enrolment_is_audited_without_health_data(follow_up, assessment):
    event = AuditEvent.objects.get(model="intake.followup")
    assert event.action == AuditEvent.Action.CHANGE
    assert event.object_ids == [str(assessment.pk)]
    assert event.detail == {"follow_up": "enrolled", "check_ins": 12}


def test_enrolment_by_staff_records_who_enrolled(assessment, make_staff_user):
    user = make_staff_user("rita", "Intake reviewer")
    request = RequestFactory().post("/admin/")
    request.user = user
    with at(START):
        follow_up = follow_up_enrol(
            assessment=assessment,
            request=request,
            preset=Preset.WEEKLY_12_WEEKS,
            starts_on=START.date(),
        )
    assert follow_up.enrolled_by == user
    assert follow_up.events.get().actor_name == "rita"
    assert AuditEvent.objects.get(model="intake.followup").actor == user


# --- schedule changes --------------------------------------------------------


def test_changing_the_schedule_keeps_sent_and_completed_check_ins(
    follow_up, mailoutbox
):
    (first,) = open_check_ins(day(7))
    with at(day(7)):
        answer_and_complete(first, 9)
    open_check_ins(day(14))
    kept = list(follow_up.check_ins.filter(sequence__in=[1, 2]).values())
    with at(day(15)):
        follow_up_change_schedule(
            follow_up=follow_up,
            request=None,
            preset=Preset.FORTNIGHTLY_6_MONTHS,
            starts_on=START.date(),
        )
    assert list(follow_up.check_ins.filter(sequence__in=[1, 2]).values()) == kept


def test_changing_the_schedule_replaces_the_check_ins_not_yet_sent(
    follow_up, mailoutbox
):
    open_check_ins(day(7))
    open_check_ins(day(14))
    with at(day(15)):
        follow_up_change_schedule(
            follow_up=follow_up,
            request=None,
            preset=Preset.FORTNIGHTLY_6_MONTHS,
            starts_on=START.date(),
        )
    # Fortnights from 2 March after the last one kept (16 March) up to 2 September.
    later = follow_up.check_ins.filter(sequence__gt=2)
    dues = list(later.values_list("due_on", flat=True))
    assert dues[0] == date(2026, 3, 30)
    assert dues[-1] == date(2026, 8, 31)
    assert [d2 - d1 for d1, d2 in pairwise(dues)] == [timedelta(14)] * 11
    assert list(later.values_list("sequence", flat=True)) == list(range(3, 15))
    assert {c.invitation_status for c in later} == {CheckIn.Invitation.SCHEDULED}


def test_a_schedule_change_is_on_the_timeline_and_audited(follow_up):
    with at(START):
        follow_up_change_schedule(
            follow_up=follow_up,
            request=None,
            preset=Preset.MONTHLY_12_MONTHS,
            starts_on=START.date(),
        )
    event = follow_up.events.get(action=FollowUpEvent.Action.SCHEDULE_CHANGED)
    assert event.detail["preset"] == "monthly_12_months"
    assert event.detail["check_ins"] == 12
    audited = AuditEvent.objects.filter(model="intake.followup").order_by("id")
    assert audited.last().detail == {
        "follow_up": "schedule_changed",
        "check_ins": 12,
    }


# --- pause, resume, stop -----------------------------------------------------


def set_status(follow_up, status) -> FollowUp:
    return follow_up_set_status(follow_up=follow_up, request=None, status=status)


def test_a_follow_up_can_be_paused_and_resumed(follow_up):
    assert set_status(follow_up, FollowUp.Status.PAUSED).status == "paused"
    assert set_status(follow_up, FollowUp.Status.ACTIVE).status == "active"
    actions = list(follow_up.events.values_list("action", flat=True))
    assert actions == ["enrolled", "paused", "resumed"]


def test_setting_the_same_status_again_records_nothing(follow_up):
    set_status(follow_up, FollowUp.Status.PAUSED)
    set_status(follow_up, FollowUp.Status.PAUSED)
    assert follow_up.events.filter(action=FollowUpEvent.Action.PAUSED).count() == 1


def test_each_status_change_is_audited(follow_up):
    set_status(follow_up, FollowUp.Status.PAUSED)
    set_status(follow_up, FollowUp.Status.STOPPED)
    details = AuditEvent.objects.filter(model="intake.followup").order_by("id")
    assert [event.detail["follow_up"] for event in details] == [
        "enrolled",
        "paused",
        "stopped",
    ]


@pytest.mark.parametrize(
    "status", [FollowUp.Status.ACTIVE, FollowUp.Status.PAUSED], ids=str
)
def test_a_stopped_follow_up_stays_stopped(follow_up, status):
    set_status(follow_up, FollowUp.Status.STOPPED)
    with pytest.raises(ValidationError):
        set_status(follow_up, status)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.STOPPED


def test_staff_cannot_resume_check_ins_the_person_unsubscribed_from(
    follow_up, mailoutbox
):
    open_check_ins(day(7))
    follow_up_unsubscribe(token=link_token(mailoutbox[0], "check_in:unsubscribe"))
    set_status(follow_up, FollowUp.Status.PAUSED)
    with pytest.raises(ValidationError, match="unsubscribed"):
        set_status(follow_up, FollowUp.Status.ACTIVE)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.PAUSED


# --- treatment events --------------------------------------------------------


def test_a_treatment_event_is_stored_on_the_timeline_and_audited(follow_up, assessment):
    event = treatment_event_add(
        assessment=assessment,
        request=None,
        kind=TreatmentEvent.Kind.SERIES_END,
        on=date(2026, 3, 20),
    )
    assert TreatmentEvent.objects.get() == event
    logged = follow_up.events.get(action=FollowUpEvent.Action.EVENT_ADDED)
    assert logged.detail == {"kind": "series_end", "on": "2026-03-20"}
    audited = AuditEvent.objects.get(model="intake.treatmentevent")
    assert audited.object_ids == [str(assessment.pk)]
    assert audited.detail == {"treatment_event": "series_end"}


def test_a_treatment_event_of_an_unknown_kind_is_refused(follow_up, assessment):
    with pytest.raises(ValidationError):
        treatment_event_add(
            assessment=assessment, request=None, kind="infusion", on=date(2026, 3, 20)
        )
    assert not TreatmentEvent.objects.exists()


def test_a_treatment_event_can_be_recorded_before_enrolment(assessment):
    treatment_event_add(
        assessment=assessment,
        request=None,
        kind=TreatmentEvent.Kind.SERIES_START,
        on=date(2026, 2, 20),
    )
    assert assessment.treatment_events.count() == 1


# --- item 9 in a check-in ----------------------------------------------------


def save_phq9(check_in, *, item9: int) -> CheckIn:
    return check_in_save_step(
        check_in=check_in, step=PHQ9.key, data=phq9_answers(6, item9=item9)
    )


def test_a_positive_item9_flags_the_check_in_urgent_at_once(first_check_in):
    with at(day(7)):
        check_in = save_phq9(first_check_in, item9=1)
    assert (check_in.item9_positive, check_in.urgent) == (True, True)
    assert check_in.completed_at is None


def test_a_positive_item9_creates_one_staff_alert_for_the_check_in(
    first_check_in, assessment
):
    with at(day(7)):
        save_phq9(first_check_in, item9=2)
        save_phq9(first_check_in, item9=3)
    alert = StaffAlert.objects.get()
    assert alert.check_in == first_check_in
    assert alert.assessment_id == assessment.pk


def test_the_urgent_flag_stays_when_item9_is_changed_back(first_check_in):
    with at(day(7)):
        save_phq9(first_check_in, item9=2)
        check_in = save_phq9(first_check_in, item9=0)
        save_phq9(first_check_in, item9=1)
    assert (check_in.item9_positive, check_in.urgent) == (False, True)
    assert StaffAlert.objects.count() == 1


def test_a_check_in_without_item9_is_not_urgent(first_check_in):
    with at(day(7)):
        check_in = answer_and_complete(first_check_in, 12)
    assert (check_in.item9_positive, check_in.urgent) == (False, False)
    assert not StaffAlert.objects.exists()


def test_an_urgent_check_in_of_someone_urgent_at_intake_gets_its_own_alert(
    mailoutbox,
):
    urgent = build(phq9=phq9(3, 3, 3, 3, 2, 2, 0, 0, 2))
    assert StaffAlert.objects.get().check_in is None
    enrol(urgent)
    (check_in,) = open_check_ins(day(7))
    with at(day(7)):
        save_phq9(check_in, item9=1)
    assert StaffAlert.objects.filter(assessment=urgent).count() == 2
    assert StaffAlert.objects.get(check_in__isnull=False).check_in == check_in


def test_answers_on_a_stopped_follow_up_are_refused(first_check_in, follow_up):
    set_status(follow_up, FollowUp.Status.STOPPED)
    with at(day(7)), pytest.raises(CheckInClosed):
        save_phq9(first_check_in, item9=0)


# --- completion ----------------------------------------------------------------


def test_completing_scores_the_answers_exactly(first_check_in):
    phq9_given = phq9_answers(14, item9=1)
    gad7_given = gad7_answers(11)
    with at(day(7)):
        check_in_save_step(check_in=first_check_in, step="phq9", data=phq9_given)
        check_in_save_step(check_in=first_check_in, step="gad7", data=gad7_given)
        check_in = check_in_complete(check_in=first_check_in)
    assert check_in.phq9_total == scoring.score(PHQ9, phq9_given).total == 14
    assert check_in.gad7_total == scoring.score(GAD7, gad7_given).total == 11
    assert check_in.completed_at == day(7)


def test_completing_is_on_the_timeline_and_marks_the_last_check_in(
    first_check_in, follow_up
):
    with at(day(7)):
        answer_and_complete(first_check_in, 8)
    follow_up.refresh_from_db()
    assert follow_up.last_check_in_at == day(7)
    completed = follow_up.events.get(action=FollowUpEvent.Action.COMPLETED)
    assert completed.detail == {"sequence": 1}


def test_completing_twice_changes_nothing(first_check_in, follow_up):
    with at(day(7)):
        first = answer_and_complete(first_check_in, 8)
    with at(day(8)):
        second = check_in_complete(check_in=first_check_in)
    assert (second.completed_at, second.phq9_total) == (first.completed_at, 8)
    assert follow_up.events.filter(action=FollowUpEvent.Action.COMPLETED).count() == 1


def test_completing_records_the_session_the_person_reported(first_check_in):
    with at(day(7)):
        answer(first_check_in, 8)
        check_in_save_step(
            check_in=first_check_in,
            step="session",
            data={"had_session": True, "session_on": "2026-03-06"},
        )
        check_in = check_in_complete(check_in=first_check_in)
    assert (check_in.had_session, check_in.session_on) == (True, date(2026, 3, 6))


def test_a_completed_check_in_takes_no_more_answers(first_check_in):
    with at(day(7)):
        answer_and_complete(first_check_in, 8)
        with pytest.raises(CheckInClosed):
            answer(first_check_in, 20)
    first_check_in.refresh_from_db()
    assert first_check_in.phq9_total == 8


# --- erasure -------------------------------------------------------------------


def test_erasing_the_assessment_removes_its_follow_up_check_ins_and_events(
    first_check_in, follow_up, assessment, make_staff_user
):
    from intake.removal import assessment_erase

    with at(day(7)):
        save_phq9(first_check_in, item9=2)
    treatment_event_add(
        assessment=assessment,
        request=None,
        kind=TreatmentEvent.Kind.SERIES_END,
        on=date(2026, 3, 20),
    )
    lead = make_staff_user("leo", "Intake lead")
    assessment_erase(
        assessment_id=assessment.pk, actor=lead, reason="The person asked by email"
    )
    assert not FollowUp.objects.filter(pk=follow_up.pk).exists()
    assert not CheckIn.objects.filter(follow_up_id=follow_up.pk).exists()
    assert not FollowUpEvent.objects.filter(follow_up_id=follow_up.pk).exists()
    assert not TreatmentEvent.objects.filter(assessment_id=assessment.pk).exists()
    assert not StaffAlert.objects.filter(assessment_id=assessment.pk).exists()


def test_the_unsubscribe_link_of_an_erased_record_does_nothing(
    follow_up, assessment, mailoutbox, make_staff_user
):
    from intake.removal import assessment_erase

    open_check_ins(day(7))
    token = link_token(mailoutbox[0], "check_in:unsubscribe")
    lead = make_staff_user("leo", "Intake lead")
    assessment_erase(assessment_id=assessment.pk, actor=lead, reason="Asked to")
    assert follow_up_unsubscribe(token=token) is None
