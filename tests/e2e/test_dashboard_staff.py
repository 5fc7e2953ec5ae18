"""The staff dashboard in Chromium: every chart, and the error state, pass axe."""

import pytest

from tests.conftest import give_device
from tests.e2e.helpers import assert_no_axe_violations, sign_in
from tests.intake.staff.test_dashboard import URL, alert, patient, submitted


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_dashboard_with_every_chart_has_no_axe_violations(
    live_server,
    page,
    make_staff_user,
    settings,
):
    settings.KETACARE_DASHBOARD_MIN_PATIENTS = 3
    reviewer = make_staff_user("rhea", "Intake reviewer")
    for days in (10, 20, 30, 40):
        patient(60, warning_days=days, done_days=days + 5)
        alert(days // 10, days)
    submitted(1, review="in_review")
    submitted(8, "needs_review", review="contacted")
    sign_in(page, live_server.url, give_device(reviewer))
    page.goto(live_server.url + URL)
    for chart in ("outcomes", "work", "urgent", "km"):
        assert page.locator(f"#chart-{chart}-title").count() == 1
    assert_no_axe_violations(page)
    page.goto(live_server.url + URL + "?from=nonsense")
    assert page.locator(".errornote").count() == 1
    assert_no_axe_violations(page)
