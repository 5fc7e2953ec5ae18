"""Valid answers for every step, as form POST data, and helpers to walk the flow."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse

from bench.answers import (  # noqa: F401 - re-exported for the tests
    LICENSED,
    all_clear,
    all_no,
    gad7,
    phq9,
    valid_posts,
)
from intake.domain import steps
from intake.public import browser_token


def url(key: str) -> str:
    page = steps.BY_KEY[key]
    if page is steps.CHECK:
        return reverse("intake:check")
    return reverse("intake:page", args=[page.slug])


def token_of(client: Client) -> str | None:
    """The token in the client's assessment cookie, as the views read it."""
    morsel = client.cookies.get(settings.KETACARE_TOKEN_COOKIE)
    if morsel is None or not morsel.value:
        return None
    return browser_token.unsign(morsel.value)


def give_token(client: Client, token: str) -> None:
    """Put a (validly signed) token in the client's assessment cookie."""
    client.cookies[settings.KETACARE_TOKEN_COOKIE] = browser_token.sign(token)


def start(client: Client) -> None:
    response = client.post(reverse("intake:start"))
    assert response.status_code == 302, response.status_code


def answer(client: Client, key: str, data: dict[str, Any]):
    return client.post(url(key), data)


def complete(client: Client, *, upto: str = "", **overrides: dict[str, Any]) -> None:
    """Start and answer every applicable step (not submitted); `upto` stops
    after that step."""
    start(client)
    posts = valid_posts(**overrides)
    for key in [page.key for page in steps.QUESTIONS]:
        if key == "details" and posts["contact"]["wants_contact"] != "yes":
            continue
        response = answer(client, key, posts[key])
        assert response.status_code == 302, (key, response.content[:2000])
        if key == upto:
            return


def submit(client: Client, **overrides: dict[str, Any]):
    complete(client, **overrides)
    return client.post(reverse("intake:check"))


def build(*, submit: bool = True, upto: str = "", **overrides: dict[str, Any]):
    """An assessment made through the real forms and services, without HTTP:
    fast enough for dozens. `upto` stops after that step, leaving a draft.
    The returned object carries the browser's `token`."""
    from intake import services
    from intake.models import Assessment
    from intake.public.forms import FORMS

    token = secrets.token_urlsafe(16)
    posts = valid_posts(**overrides)
    for page in steps.QUESTIONS:
        if page is steps.DETAILS and posts["contact"]["wants_contact"] != "yes":
            continue
        form = FORMS[page.key](posts[page.key])
        assert form.is_valid(), (page.key, form.errors)
        services.assessment_save_step(token=token, step=page.key, data=form.answers())
        if page.key == upto:
            break
    if submit and not upto:
        services.assessment_submit(token=token)
    assessment = Assessment.objects.for_token(token).get()
    assessment.token = token  # the person's browser token, for tests that go on
    return assessment


# The question pages of screen version 1, before the suicide and at-home pages.
VERSION_1_PAGES = (
    "about", "phq9", "gad7", "physical", "mental", "treatment", "medicines", "goals",
    "contact",
)  # fmt: skip


def build_version_1(
    *,
    status: str = "submitted",
    outcome: str = "likely_suitable",
    reasons: tuple[str, ...] = (),
    upto: str = "",
    **overrides: dict[str, Any],
):
    """An assessment as screen version 1 stored it, before this version existed:
    no suicide or at-home answers, and the outcome that version gave. Results
    only (no contact details), so the row needs nothing encrypted."""
    from django.utils import timezone

    from intake.domain import scoring
    from intake.domain.instruments import GAD7, PHQ9
    from intake.models import Assessment, hash_token
    from intake.public.forms import FORMS

    token = secrets.token_urlsafe(16)
    posts = valid_posts(contact={"wants_contact": "no"}, **overrides)
    answers: dict[str, Any] = {}
    for key in VERSION_1_PAGES:
        form = FORMS[key](posts[key])
        assert form.is_valid(), (key, form.errors)
        answers[key] = form.answers()
        if key == upto:
            break
    answers.get("goals", {}).pop("hopes", None)
    scores = {
        instrument.key: scoring.score(instrument, answers[instrument.key])
        for instrument in (PHQ9, GAD7)
        if instrument.key in answers
    }
    submitted = status == "submitted"
    assessment = Assessment.objects.create(
        token_hash=hash_token(token),
        status=status,
        submitted_at=timezone.now() if submitted else None,
        answers=answers,
        state=answers["about"]["state"],
        phq9_total=scores["phq9"].total if "phq9" in scores else None,
        phq9_band=scores["phq9"].band.key if "phq9" in scores else "",
        gad7_total=scores["gad7"].total if "gad7" in scores else None,
        gad7_band=scores["gad7"].band.key if "gad7" in scores else "",
        outcome=outcome if submitted else "",
        reasons=list(reasons),
        wants_contact=False if "contact" in answers else None,
        screen_version=1,
    )
    assessment.token = token
    return assessment
