"""A person enrolled in check-ins at a known moment, and helpers to walk their
check-ins through the real services: the invitation email, its link, the
answers and the completion."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from intake.checkins import (
    check_in_complete,
    check_in_for_token,
    check_in_invitations_send,
    check_in_save_step,
    follow_up_enrol,
)
from intake.domain.followup import Preset
from intake.domain.instruments import GAD7, PHQ9
from intake.models import CheckIn
from tests.intake.factories import build, phq9

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning
# A baseline PHQ-9 of 18 with item 9 "Not at all", so the intake is not urgent.
BASELINE = phq9(3, 3, 3, 3, 2, 2, 2, 0, 0)
BASELINE_TOTAL = 18


def at(moment: datetime):
    """Stand still at `moment` (time-machine, without ticking)."""
    return time_machine.travel(moment, tick=False)


def day(n: int) -> datetime:
    """The same time of day, `n` days after the start."""
    return START + timedelta(days=n)


def spread(total: int, count: int, last: int = 0) -> list[int]:
    """`count` item values of 0-3 adding up to `total`, the last one `last`."""
    values, rest = [], total - last
    for _ in range(count - 1):
        values.append(min(3, rest))
        rest -= values[-1]
    assert rest == 0, f"{total} does not fit in {count} items"
    return [*values, last]


def phq9_answers(total: int, *, item9: int = 0) -> dict[str, int]:
    """PHQ-9 answers as a check-in stores them (ints), totalling `total`."""
    values = spread(total, len(PHQ9.items), last=item9)
    return {item.link_id: value for item, value in zip(PHQ9.items, values, strict=True)}


def gad7_answers(total: int) -> dict[str, int]:
    values = spread(total, len(GAD7.items), last=min(3, total))
    return {item.link_id: value for item, value in zip(GAD7.items, values, strict=True)}


def link_token(message, name: str = "check_in:open") -> str:
    """The token in the email's link to the URL named `name`."""
    marker = "TOKENMARKER"
    before, after = (settings.KETACARE_SITE_URL + reverse(name, args=[marker])).split(
        marker
    )
    match = re.search(re.escape(before) + r"(\S+)", message.body)
    assert match, f"no {name} link in the email"
    token = match.group(1)
    return token.removesuffix(after) if after else token


def send_at(moment: datetime) -> dict[str, int]:
    with at(moment):
        return check_in_invitations_send()


def open_check_ins(moment: datetime) -> list[CheckIn]:
    """Send what is due at `moment`; the check-ins the new emails' links open."""
    already = len(mail.outbox)
    send_at(moment)
    with at(moment):
        return [check_in_for_token(link_token(m)) for m in mail.outbox[already:]]


def answer(check_in: CheckIn, phq9_total: int, *, gad7_total: int = 4, item9=0):
    check_in = check_in_save_step(
        check_in=check_in, step="phq9", data=phq9_answers(phq9_total, item9=item9)
    )
    return check_in_save_step(
        check_in=check_in, step="gad7", data=gad7_answers(gad7_total)
    )


def answer_and_complete(check_in: CheckIn, phq9_total: int, **kwargs) -> CheckIn:
    return check_in_complete(check_in=answer(check_in, phq9_total, **kwargs))


@pytest.fixture
def assessment(db):
    """Submitted at START with consent to contact and an email; PHQ-9 18."""
    with at(START):
        return build(phq9=BASELINE)


@pytest.fixture
def follow_up(assessment):
    """Enrolled at START, weekly for 12 weeks (first check-in due on day 7)."""
    with at(START):
        return follow_up_enrol(
            assessment=assessment,
            request=None,
            preset=Preset.WEEKLY_12_WEEKS,
            starts_on=START.date(),
        )


@pytest.fixture
def first_check_in(follow_up, mailoutbox) -> CheckIn:
    """The first check-in, invited on its due day and opened by its link."""
    (check_in,) = open_check_ins(day(7))
    return check_in
