"""The staff's side of an assessment: review statuses, and how the queue is sorted.

Plain Python, no Django. An assessment starts as NEW and moves on as staff work
it: in review, contacted, then one of three endings (consult booked, referred
elsewhere, closed). Staff may pick any status except going back to NEW: "new"
means nobody has looked yet, and once somebody has, the record must never look
untouched again. Every other move (skipping ahead after an urgent phone call,
reopening a closed record) is allowed, and the timeline records each one.

The queue shows the work to do first: open records before finished ones, then
urgent (PHQ-9 item 9 was positive), then the outcomes a clinician must look at
(not suitable, needs review), then the newest.
"""

from __future__ import annotations

from enum import StrEnum

from intake.domain.instruments import gettext_noop as _
from intake.domain.triage import Outcome


class Review(StrEnum):
    NEW = "new"
    IN_REVIEW = "in_review"
    CONTACTED = "contacted"
    CONSULT_BOOKED = "consult_booked"
    REFERRED_ELSEWHERE = "referred_elsewhere"
    CLOSED = "closed"


REVIEW_LABELS = {
    Review.NEW: _("New"),
    Review.IN_REVIEW: _("In review"),
    Review.CONTACTED: _("Contacted"),
    Review.CONSULT_BOOKED: _("Consult booked"),
    Review.REFERRED_ELSEWHERE: _("Referred elsewhere"),
    Review.CLOSED: _("Closed"),
}


# Still somebody's work to do; the rest are endings.
OPEN = frozenset({Review.NEW, Review.IN_REVIEW, Review.CONTACTED})
FINISHED = frozenset(Review) - OPEN

# Outcomes that come straight after the urgent ones in the queue.
CLINICIAN_OUTCOMES = frozenset({Outcome.NOT_SUITABLE, Outcome.NEEDS_REVIEW})


class Priority:
    """Queue rank within the open (or the finished) records: lower comes first."""

    URGENT = 0
    CLINICIAN = 1
    OTHER = 2


def can_move(current: str, target: str) -> bool:
    """Whether a record in review status `current` may be set to `target`."""
    if target not in Review or current not in Review:
        return False
    return target == current or target != Review.NEW


def targets(current: str) -> list[Review]:
    """The statuses a record in `current` may be given, in workflow order."""
    return [status for status in Review if can_move(current, status)]
