"""bench/scale.py at a tiny size: its generator, its direct counts and its
query budgets (`make bench-scale` runs it at 100,000 assessments)."""

import pytest
from django.utils import timezone

from bench import scale

pytestmark = pytest.mark.django_db

ASSESSMENTS = 200
CHECK_INS = 1000


@pytest.fixture
def sizes():
    return scale.generate(
        assessments=ASSESSMENTS, check_ins=CHECK_INS, now=timezone.now()
    )


@pytest.fixture
def measured(sizes, make_staff_user, staff_client):
    lead = staff_client(make_staff_user("lead", "Intake lead"))
    return {page.name: page for page in scale.measure(runs=1, client=lead)}


def test_the_generator_makes_the_sizes_asked_for(sizes):
    assert (sizes.assessments, sizes.follow_ups, sizes.check_ins) == (200, 20, 1000)


def test_the_generator_flags_about_one_assessment_in_fifty_urgent(sizes):
    assert sizes.staff_alerts == 4


def test_every_page_shows_the_directly_counted_numbers(measured):
    differing = {
        name: (page.shown, page.direct)
        for name, page in measured.items()
        if page.shown != page.direct
    }
    assert differing == {}


def test_the_data_set_gives_every_queue_view_something_to_show(measured):
    queue = [page for name, page in measured.items() if name.startswith("queue")]
    assert all(page.shown["results"] > 0 for page in queue)


def test_every_page_stays_within_its_query_budget(measured):
    over = {
        name: page.queries
        for name, page in measured.items()
        if page.queries > scale.QUERY_BUDGETS[name]
    }
    assert over == {}


def test_a_page_over_its_budget_is_reported_by_name(measured):
    slow = measured["queue"]
    slow.seconds = scale.TIME_BUDGETS["queue"] + 1
    assert scale.failures([slow]) == [
        f"queue: {slow.seconds:.3f} s, budget {scale.TIME_BUDGETS['queue']} s"
    ]
