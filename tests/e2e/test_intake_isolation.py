"""Another browser sees nothing; no URL the browser ever requests carries an id."""

import re
import time

import pytest
from playwright.sync_api import Browser, Page, expect

from intake.models import Assessment
from tests.intake import browser as flow
from tests.intake.factories import phq9
from tests.intake.fixtures import intake_settings  # noqa: F401  (autouse)

ALLOWED = re.compile(
    r"/assessment/((about-you|depression-questions|anxiety-questions|"
    r"physical-health|mental-health|keeping-you-safe|treatment-so-far|medicines|"
    r"treatment-at-home|your-goals|contact|"
    r"contact-details|check-answers|result)/)?(\?change=1)?"
)


@pytest.mark.django_db(transaction=True)
def test_no_request_url_carries_an_id_and_another_browser_gets_404(
    live_server, page: Page, browser: Browser
):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    flow.walk(
        page,
        live_server.url,
        flow.answer_by_mouse,
        phq9=phq9(0, 0, 0, 0, 0, 0, 0, 0, 3),
    )
    assessment = Assessment.objects.get()
    intake_paths = [
        url.removeprefix(live_server.url)
        for url in requested
        if url.startswith(live_server.url + "/assessment")
    ]
    assert len(intake_paths) >= 14
    for path in intake_paths:
        assert ALLOWED.fullmatch(path), path
    assert not any(str(assessment.pk) in p.replace("phq9", "") for p in intake_paths)
    cookies = {c["name"]: c for c in page.context.cookies()}
    token = cookies["assessment"]
    assert token["httpOnly"]
    assert token["sameSite"] == "Lax"
    # An explicit lifetime (a restored "session" cookie would not end): two
    # hours, as the settings say, after sending.
    assert token["expires"] == pytest.approx(time.time() + 2 * 60 * 60, abs=120)
    assert "sessionid" not in cookies  # a patient needs no session row

    other = browser.new_context()
    stranger = other.new_page()
    for path in ("/assessment/result/", "/assessment/check-answers/"):
        response = stranger.goto(live_server.url + path)
        assert response.status == 404, path
        expect(stranger.locator("body")).not_to_contain_text("Ada Lovelace")
    stranger.goto(live_server.url + "/assessment/depression-questions/")
    assert stranger.url == live_server.url + "/assessment/"  # sent to the start
    other.close()
