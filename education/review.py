"""Clinical review of education content: the states, the version fingerprint,
and what a reader is told. Plain values here; the queries are in models.py
(PublishedQuerySet.with_review) and the writing in services.py."""

import calendar
import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Func
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    """Where a page or answer stands with the clinic's own clinical review."""

    NEVER = "never", _("Not yet reviewed by this clinic")
    CHANGED = "changed", _("Changed since its last clinical review")
    OVERDUE = "overdue", _("Clinical review overdue")
    CURRENT = "current", _("Reviewed")


# The sign-off of a version is shown only while that version is the one online.
SIGNED_OFF_STATES = {ReviewState.CURRENT, ReviewState.OVERDUE}


class Fingerprint(Func):
    """SHA-256 (hex) of the given values as one JSON array, computed by PostgreSQL.

    The JSON array keeps the values apart (no separator can be forged), and
    computing it in SQL lets the admin filter on "changed since review".
    """

    template = (
        "encode(sha256(convert_to(jsonb_build_array(%(expressions)s)::text, "
        "'UTF8')), 'hex')"
    )
    output_field = models.CharField()


@dataclass(frozen=True)
class Review:
    """One page's clinical review as the public sees it (see with_review())."""

    state: ReviewState
    reviewer_name: str = ""
    reviewer_credentials: str = ""
    reviewed_on: datetime.date | None = None
    due_on: datetime.date | None = None

    @property
    def is_signed_off(self) -> bool:
        """A sign-off of the version online, current or overdue."""
        return self.state in SIGNED_OFF_STATES

    @property
    def is_overdue(self) -> bool:
        return self.state == ReviewState.OVERDUE

    @property
    def is_changed(self) -> bool:
        return self.state == ReviewState.CHANGED


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months; the 31st becomes the month's last day if needed."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
