"""A check-in end to end in Chromium at phone size: the email's link followed
from a mail site, the agreement, the PHQ-9 with item 9 above "Not at all" (the
safety message on the next page), the GAD-7 and the session question, the
curve, clearing the device, and the stop link. axe finds nothing on any page."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from intake.checkins import unsubscribe_token
from intake.models import CheckIn, StaffAlert
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.helpers import assert_no_axe_violations
from tests.intake import browser as flow
from tests.intake.checkins.public_factories import enrol, invite
from tests.intake.factories import gad7, phq9
from tests.intake.fixtures import intake_settings  # noqa: F401  (autouse)

MAIL_SITE = "http://mail.example/inbox"


@pytest.fixture
def phone(browser: Browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    yield page
    context.close()


def from_the_mail_site(page: Page, link: str) -> None:
    """Follow `link` from another site's page, as from webmail."""
    html = f'<!doctype html><title>Inbox</title><a href="{link}">Open</a>'
    page.route(
        MAIL_SITE, lambda route: route.fulfill(body=html, content_type="text/html")
    )
    page.goto(MAIL_SITE)
    page.get_by_role("link", name="Open").click()


def check(page: Page, heading: str) -> None:
    expect(page.locator("h1").first).to_contain_text(heading)
    page.mouse.move(0, 0)
    assert_no_axe_violations(page)


@pytest.mark.django_db(transaction=True)
def test_a_check_in_from_the_email_to_the_curve_passes_axe_at_phone_size(
    live_server, phone: Page
):
    follow_up = enrol()
    check_in, token = invite(follow_up)
    base = live_server.url

    from_the_mail_site(phone, base + reverse("check_in:open", args=[token]))
    phone.wait_for_url(base + reverse("check_in:consent"))
    assert token not in phone.url
    check(phone, "Check-ins from the clinic")

    flow.click_continue(phone)  # without ticking the box
    check(phone, "Check-ins from the clinic")
    expect(phone.locator(".kc-error-summary")).to_contain_text("Tick the box")
    phone.get_by_label("I agree to answer regular check-ins").check()
    flow.click_continue(phone)

    check(phone, "Over the last 2 weeks")
    flow.fill_by_mouse(phone, phq9(1, 1, 1, 1, 1, 1, 1, 1, 1))
    flow.click_continue(phone)

    check(phone, "Support is available now")
    assert phone.url == base + reverse("check_in:gad7")
    phone.get_by_role("link", name="Continue with the check-in").click()
    flow.fill_by_mouse(phone, gad7())
    phone.locator('input[name="had_session"][value="yes"]').check()
    phone.get_by_label("Date of your last ketamine session").fill(
        timezone.localdate().isoformat()
    )
    flow.click_continue(phone)

    check(phone, "Your scores over time")
    # (The browser keeps the "#questions" of the safety message's link.)
    assert phone.url.split("#")[0] == base + reverse("check_in:scores")
    expect(phone.locator("table caption")).to_be_visible()
    expect(phone.locator("svg.chart__svg")).to_be_visible()
    check_in.refresh_from_db()
    assert check_in.completed_at is not None
    assert check_in.urgent
    assert StaffAlert.objects.filter(check_in=check_in).exists()

    phone.get_by_role("button", name="Finish and clear this device").click()
    check(phone, "This device is cleared")
    phone.goto(base + reverse("check_in:scores"))
    check(phone, "This link does not work")
    assert CheckIn.objects.completed().count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_stop_link_asks_then_stops_and_passes_axe(live_server, phone: Page):
    follow_up = enrol()
    link = live_server.url + reverse(
        "check_in:unsubscribe", args=[unsubscribe_token(follow_up)]
    )
    from_the_mail_site(phone, link)
    check(phone, "Stop check-in emails")
    follow_up.refresh_from_db()
    assert follow_up.unsubscribed_at is None
    flow.click_continue(phone, "Stop all check-in emails")
    check(phone, "Check-in emails stopped")
    follow_up.refresh_from_db()
    assert follow_up.unsubscribed_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_wrong_or_used_link_passes_axe(live_server, phone: Page):
    _check_in, token = invite(enrol())
    phone.goto(live_server.url + reverse("check_in:open", args=["not-a-token"]))
    check(phone, "This link does not work")
    CheckIn.objects.update(completed_at=timezone.now(), phq9_total=3, gad7_total=3)
    phone.goto(live_server.url + reverse("check_in:open", args=[token]))
    check(phone, "expired or was already used")
