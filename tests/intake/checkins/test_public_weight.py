"""The check-in pages keep the intake's budget: under 50 KB compressed with the
CSS and scripts they load, the curve page with a year of weekly check-ins too."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intake.checkins import _plan_check_ins
from tests.education.test_page_weight import BUDGET, page_weight
from tests.intake.checkins.public_factories import (
    complete_through_services,
    enrol,
    invite,
    opened,
)
from tests.intake.factories import gad7, phq9

pytestmark = pytest.mark.django_db


def test_each_check_in_question_page_is_under_50_kb_compressed():
    _check_in, token = invite(enrol())
    person = Client()
    opened(person, token)
    weights = {"phq9": page_weight(person, reverse("check_in:phq9"))}
    person.post(reverse("check_in:phq9"), phq9())
    weights["gad7"] = page_weight(person, reverse("check_in:gad7"))
    for page, parts in weights.items():
        assert sum(parts.values()) < BUDGET, (page, parts)


def test_the_curve_page_with_a_year_of_weekly_check_ins_is_under_50_kb():
    follow_up = enrol()
    # Weekly for 12 weeks is the preset; a year of readings is the worst case.
    follow_up.ends_on = follow_up.starts_on.replace(year=follow_up.starts_on.year + 1)
    follow_up.interval_days, follow_up.interval_months = 7, None
    follow_up.save()
    _plan_check_ins(follow_up, after=follow_up.check_ins.latest("due_on").due_on)
    for sequence in range(1, 53):
        day = follow_up.starts_on + timedelta(weeks=sequence)
        noon = timezone.make_aware(datetime.combine(day, time(12)))
        with time_machine.travel(noon, tick=False):
            check_in, token = invite(follow_up, sequence)
            if sequence < 52:
                complete_through_services(check_in, phq9_total=sequence % 20)
                continue
            person = Client()
            opened(person, token)
            person.post(reverse("check_in:phq9"), phq9())
            person.post(reverse("check_in:gad7"), {**gad7(), "had_session": "no"})
            parts = page_weight(person, reverse("check_in:scores"))
    assert follow_up.check_ins.completed().count() == 52
    assert sum(parts.values()) < BUDGET, parts
