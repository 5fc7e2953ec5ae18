"""Many people finishing the assessment at once, over real HTTP: every
acknowledged submission is stored exactly once, even when submitted twice.

The full-size version (hundreds of assessments against gunicorn) runs in
`make bench`; this one uses the live server's threads.
"""

import concurrent.futures
import uuid

import pytest

from bench import flows
from intake.models import Assessment
from tests.intake.fixtures import intake_settings  # noqa: F401  (autouse)

VISITORS = 24
AT_ONCE = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_are_stored_exactly_once(live_server):
    markers = [f"load-{uuid.uuid4().hex}" for _ in range(VISITORS)]
    with concurrent.futures.ThreadPoolExecutor(AT_ONCE) as pool:
        outcomes = list(
            pool.map(
                lambda n: flows.complete_assessment(
                    live_server.url, markers[n], double_submit=n % 3 == 0
                ),
                range(VISITORS),
            )
        )
    statuses = [status for outcome in outcomes for status in outcome.statuses]
    assert all(outcome.acknowledged for outcome in outcomes)
    assert not [s for s in statuses if s >= 500]
    submitted = Assessment.objects.submitted()
    assert submitted.count() == VISITORS
    stored = {a.contact_email for a in submitted}
    assert stored == {flows.marker_email(m) for m in markers}
