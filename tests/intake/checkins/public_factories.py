"""Check-ins made through the services, for the tests of the person's pages."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intake import checkins
from intake.models import CheckIn, FollowUp, hash_token
from tests.intake.factories import build, gad7, phq9


def enrol(**overrides: Any) -> FollowUp:
    """A submitted assessment (contact by email agreed), enrolled weekly from today."""
    assessment = build(**overrides)
    return checkins.follow_up_enrol(
        assessment=assessment,
        request=None,
        preset="weekly_12_weeks",
        starts_on=timezone.localdate(),
    )


def invite(follow_up: FollowUp, sequence: int = 1) -> tuple[CheckIn, str]:
    """Send check-in `sequence` as intake.checkins._send_one does: its token."""
    check_in = follow_up.check_ins.get(sequence=sequence)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    check_in.invitation_status = CheckIn.Invitation.SENT
    check_in.sent_at = now
    check_in.token_hash = hash_token(token)
    check_in.expires_at = now + timedelta(days=7)
    check_in.save()
    return check_in, token


def opened(client: Client, token: str, *, agree: bool = True) -> None:
    """Open the link in `client`, and agree to check-ins."""
    response = client.get(reverse("check_in:open", args=[token]))
    assert response.status_code == 303, response.status_code
    if agree:
        response = client.post(reverse("check_in:consent"), {"agree": "on"})
        assert response.status_code in (303, 302), response.status_code


def session_post(had: str = "no", on: date | None = None) -> dict[str, str]:
    data = {"had_session": had}
    if on is not None:
        data["session_on"] = on.isoformat()
    return data


def answer_all(
    client: Client,
    *,
    phq9_values: tuple[int, ...] = (1, 1, 1, 1, 1, 1, 1, 1, 0),
    gad7_values: tuple[int, ...] = (1,) * 7,
    **session: Any,
):
    response = client.post(reverse("check_in:phq9"), phq9(*phq9_values))
    assert response.status_code == 303, response.content[:1500]
    return client.post(
        reverse("check_in:gad7"), {**gad7(*gad7_values), **session_post(**session)}
    )


def complete_through_services(check_in: CheckIn, phq9_total: int) -> CheckIn:
    """A completed check-in whose PHQ-9 total is `phq9_total` (items 1-8)."""
    values = [0] * 9
    left = phq9_total
    for i in range(8):
        values[i] = min(3, left)
        left -= values[i]
    checkins.check_in_save_step(
        check_in=check_in, step="phq9", data={
            k: int(v) for k, v in phq9(*values, difficulty="").items()
        }
    )  # fmt: skip
    checkins.check_in_save_step(
        check_in=check_in, step="gad7", data={k: int(v) for k, v in gad7().items()}
    )
    return checkins.check_in_complete(check_in=check_in)
