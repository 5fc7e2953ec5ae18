"""Measurements taken inside Django against the bench database (run by run.py
in a separate process with the bench environment).

    python bench/probe.py queries          SQL statements per page type
    python bench/probe.py stored MARKERS   how many submitted assessments carry
                                           each marker (JSON list on stdin)
    python bench/probe.py checkins SPEC    people enrolled in weekly check-ins,
                                           each with a sent check-in: their link
                                           tokens (SPEC on stdin: {"count": n,
                                           "history": completed before it})
"""

import json
import os
import secrets
import sys
import uuid
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answers import (  # noqa: E402
    CURVE_GAD7_TOTALS,
    CURVE_TOTALS,
    check_in_phq9,
    gad7,
    item_values,
    phq9,
    phq9_values,
)

# The PHQ-9 and GAD-7 totals at intake: the start of the curve.
CURVE_BASELINE = 18
CURVE_GAD7_BASELINE = 12


def timezone_now() -> datetime:
    from django.utils import timezone

    return timezone.now()


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketacare.settings")
    from ketacare import embedded_db

    embedded_db.start()
    import django

    django.setup()


def count(client, method: str, path: str, data=None) -> int:
    """SQL statements of one request by a django.test.Client."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, data or {})
    if response.status_code >= 400:
        raise RuntimeError(f"{method.upper()} {path}: {response.status_code}")
    return len(captured.captured_queries)


def queries() -> dict[str, dict[str, int]]:
    from django.test import Client

    from bench.flows import answers_for, step_path
    from intake.domain import steps

    pages = {
        "home": "/",
        "topic page": "/learn/how-long-does-it-last/",
        "FAQ": "/faq/",
        "FAQ search": "/faq/?q=maintenance+sessions",
    }
    result: dict[str, dict[str, int]] = {}
    for name, path in pages.items():
        client = Client()
        result[name] = {"first": count(client, "get", path)}
        result[name]["cached"] = count(client, "get", path)

    visitor = Client()
    visitor.get("/assessment/")
    visitor.post("/assessment/")
    posts = answers_for("probe-queries")
    about = count(visitor, "post", step_path(steps.ABOUT), posts["about"])
    phq9 = count(visitor, "post", step_path(steps.BY_KEY["phq9"]), posts["phq9"])
    question_get = count(visitor, "get", step_path(steps.BY_KEY["gad7"]))
    for page in steps.QUESTIONS[2:]:
        visitor.post(step_path(page), posts[page.key])
    submit = count(visitor, "post", step_path(steps.CHECK))
    result_page = count(visitor, "get", "/assessment/result/")
    result["assessment step"] = {"first": about, "cached": phq9}
    result["question page GET"] = {"first": question_get, "cached": question_get}
    result["submission"] = {"first": submit, "cached": submit}
    result["result page"] = {"first": result_page, "cached": result_page}
    result.update(check_in_queries())
    return result


def check_in_queries() -> dict[str, dict[str, int]]:
    """A person's check-in after eleven weekly ones: the PHQ-9 POST (saved
    twice), the completing GAD-7 POST, and the curve page (read twice)."""
    from django.test import Client

    from bench.answers import check_in_gad7

    (token,) = enrolled_check_ins(1, len(CURVE_TOTALS) - 1)
    person = Client()
    person.get(f"/check-in/open/{token}/")
    person.post("/check-in/agree/", {"agree": "on"})
    step = [count(person, "post", "/check-in/phq-9/", check_in_phq9()) for _ in "ab"]
    submit = count(person, "post", "/check-in/gad-7/", check_in_gad7())
    curve = [count(person, "get", "/check-in/your-scores/") for _ in "ab"]
    return {
        "check-in step": {"first": step[0], "cached": step[1]},
        "check-in submission": {"first": submit, "cached": submit},
        "check-in curve page": {"first": curve[0], "cached": curve[1]},
    }


def stored(markers: list[str]) -> dict[str, int]:
    from django.db.models import Count

    from bench.flows import marker_email
    from intake import crypto
    from intake.models import Assessment

    by_index = {crypto.email_index(marker_email(m)): m for m in markers}
    rows = (
        Assessment.objects.submitted()
        .filter(email_index__in=by_index)
        .values("email_index")
        .annotate(n=Count("id"))
    )
    counts = dict.fromkeys(markers, 0)
    for row in rows:
        counts[by_index[row["email_index"]]] = row["n"]
    return counts


def submitted_assessment(marker: str):
    """A submitted assessment (email contact agreed) made through the intake's
    forms and services, as a visitor's answers would make it."""
    from bench.answers import valid_posts
    from bench.flows import marker_email
    from intake import services
    from intake.domain import steps
    from intake.models import Assessment
    from intake.public.forms import FORMS

    token = secrets.token_urlsafe(16)
    posts = valid_posts(
        phq9=phq9(*phq9_values(CURVE_BASELINE)),
        gad7=gad7(*item_values(CURVE_GAD7_BASELINE, 7)),
    )
    posts["details"] = {**posts["details"], "email": marker_email(marker)}
    for page in steps.QUESTIONS:
        form = FORMS[page.key](posts[page.key])
        if not form.is_valid():
            raise RuntimeError(f"{page.key}: {form.errors.as_json()}")
        services.assessment_save_step(token=token, step=page.key, data=form.answers())
    services.assessment_submit(token=token)
    return Assessment.objects.for_token(token).get()


def send(check_in) -> str:
    """Mark the check-in sent as intake.checkins._send_one does (without the
    email): its link's token."""
    from intake.models import CheckIn, hash_token

    token = secrets.token_urlsafe(32)
    now = timezone_now()
    check_in.invitation_status = CheckIn.Invitation.SENT
    check_in.sent_at = now
    check_in.token_hash = hash_token(token)
    check_in.expires_at = now + timedelta(days=7)
    check_in.save()
    return token


def complete_in_the_past(check_in, week: int) -> None:
    """Answer and complete a check-in through the services, then date it on its
    due day, so that the series has one reading a week as it would in life."""
    from intake import checkins
    from intake.models import CheckIn

    send(check_in)
    answers = check_in_phq9(*phq9_values(CURVE_TOTALS[week]))
    anxiety = gad7(*item_values(CURVE_GAD7_TOTALS[week], 7))
    checkins.check_in_save_step(
        check_in=check_in, step="phq9", data={k: int(v) for k, v in answers.items()}
    )
    checkins.check_in_save_step(
        check_in=check_in, step="gad7", data={k: int(v) for k, v in anxiety.items()}
    )
    checkins.check_in_complete(check_in=check_in)
    on = datetime.combine(check_in.due_on, time(12), tzinfo=UTC)
    CheckIn.objects.filter(pk=check_in.pk).update(completed_at=on, sent_at=on)


def enrolled_check_ins(count: int, history: int) -> list[str]:
    """`count` people enrolled weekly for 12 weeks, long enough ago that
    `history` check-ins are behind them (completed, one a week, through the
    services) and the next is due today and sent: the tokens of those links.
    Their assessments are dated to the enrolment, the baseline of the curve."""
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from intake import checkins
    from intake.models import Assessment, CheckIn

    if not 0 <= history < len(CURVE_TOTALS):
        raise ValueError(f"history must be below {len(CURVE_TOTALS)}")
    starts_on = timezone.localdate() - timedelta(weeks=history + 1)
    tokens = []
    for _ in range(count):
        # One commit per person: preparing is not what is measured.
        with transaction.atomic():
            assessment = submitted_assessment(f"bench-checkin-{uuid.uuid4().hex}")
            Assessment.objects.filter(pk=assessment.pk).update(
                submitted_at=datetime.combine(starts_on, time(9), tzinfo=UTC)
            )
            follow_up = checkins.follow_up_enrol(
                assessment=assessment,
                request=None,
                preset="weekly_12_weeks",
                starts_on=starts_on,
            )
            # Enrolment plans check-ins from today on (no backlog of past
            # dates), so the weeks behind them are added here, first in line.
            planned = list(follow_up.check_ins.order_by("sequence"))
            follow_up.check_ins.update(sequence=F("sequence") + history)
            past = CheckIn.objects.bulk_create(
                CheckIn(
                    follow_up=follow_up,
                    sequence=week + 1,
                    due_on=starts_on + timedelta(weeks=week + 1),
                )
                for week in range(history)
            )
            for week, check_in in enumerate(past):
                complete_in_the_past(check_in, week)
            if history:
                checkins.follow_up_refresh(follow_up=follow_up)
            planned[0].refresh_from_db()
            tokens.append(send(planned[0]))
    return tokens


if __name__ == "__main__":
    setup()
    if sys.argv[1] == "queries":
        print(json.dumps(queries()))
    elif sys.argv[1] == "stored":
        print(json.dumps(stored(json.load(sys.stdin))))
    elif sys.argv[1] == "checkins":
        spec = json.load(sys.stdin)
        print(json.dumps(enrolled_check_ins(spec["count"], spec.get("history", 0))))
