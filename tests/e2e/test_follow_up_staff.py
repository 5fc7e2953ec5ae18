"""A reviewer enrols a person in check-ins and reads the record in Chromium,
with axe finding nothing on either page."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from intake import checkins
from intake.models import CheckIn, FollowUp
from tests.conftest import give_device
from tests.e2e.helpers import assert_no_axe_violations, sign_in
from tests.intake.factories import build
from tests.intake.fixtures import intake_settings  # noqa: F401  (autouse)

pytestmark = pytest.mark.browser


@pytest.fixture
def reviewer(make_staff_user):
    user = make_staff_user("rita", "Intake reviewer")
    give_device(user)
    return user


@pytest.mark.django_db(transaction=True)
def test_a_reviewer_enrols_a_person_and_sees_the_check_ins(
    live_server, page: Page, reviewer
):
    assessment = build()
    sign_in(page, live_server.url, reviewer.totpdevice_set.get())
    page.goto(f"{live_server.url}/admin/intake/assessment/{assessment.pk}/change/")
    section = page.locator("#kc-check-ins")
    expect(section.get_by_role("heading", name="Check-ins")).to_be_visible()
    assert_no_axe_violations(page)

    section.get_by_label("Every 2 weeks for 6 months").check()
    with page.expect_navigation():
        section.get_by_role("button", name="Enrol in check-ins").click()
    expect(page.locator(".messagelist")).to_contain_text("Enrolled in check-ins")
    expect(section.get_by_role("button", name="Pause check-ins")).to_be_visible()
    assert_no_axe_violations(page)
    follow_up = FollowUp.objects.get(assessment=assessment)
    assert (follow_up.preset, follow_up.starts_on) == (
        "fortnightly_6_months",
        date.today(),
    )


@pytest.mark.django_db(transaction=True)
def test_the_curve_and_the_flags_on_the_record_pass_axe(
    live_server, page: Page, reviewer
):
    assessment = build()
    follow_up = checkins.follow_up_enrol(
        assessment=assessment,
        request=None,
        preset="weekly_12_weeks",
        starts_on=timezone.localdate() - timedelta(days=30),
    )
    first_two = follow_up.check_ins.order_by("sequence")[:2]
    for check_in, score in zip(first_two, (4, 12), strict=True):
        CheckIn.objects.filter(pk=check_in.pk).update(
            invitation_status=CheckIn.Invitation.SENT,
            sent_at=timezone.now(),
            completed_at=datetime.combine(check_in.due_on, time(12), UTC),
            phq9_total=score,
            gad7_total=5,
        )
    checkins.follow_up_refresh(follow_up=follow_up)
    sign_in(page, live_server.url, reviewer.totpdevice_set.get())
    page.goto(f"{live_server.url}/admin/intake/assessment/{assessment.pk}/change/")
    section = page.locator("#kc-check-ins")
    expect(section.locator(".kc-flag").first).to_have_text("Possible relapse")
    expect(section.locator(".chart__svg")).to_be_visible()
    assert_no_axe_violations(page)
