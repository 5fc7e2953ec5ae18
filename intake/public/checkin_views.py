"""The person's check-in pages. Thin: forms validate, intake.checkins writes.

The email's link carries a token; opening it puts the check-in's id in this
browser's session and sends the browser on to /check-in/, so the token leaves
the address bar. From then on no address carries a token, an id or an answer:
the pages have fixed names. When the check-in is completed the session keeps
only the follow-up's id, to show the curve for KETACARE_RESULT_SECONDS, as the
intake's result page does; "Finish and clear this device" ends the session.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intake import checkins
from intake.checkins import SESSION_KEY, CheckInClosed
from intake.curve import curve_context
from intake.domain.instruments import GAD7, PHQ9
from intake.domain.states import OUTSIDE_US
from intake.models import CheckIn, FollowUp
from intake.public.checkin_forms import ConsentForm, GAD7SessionForm, PHQ9Form, StopForm
from intake.templatetags import intake_tags

# After completion: {"follow_up": pk, "at": epoch seconds}, for the curve page.
RESULT_KEY = "intake_check_in_result"
READING_TOPICS = {
    "how_long": "how-long-does-it-last",
    "boosters": "maintenance-and-booster-sessions",
}


@dataclass(frozen=True)
class Page:
    """What the shared question-page includes expect of a page."""

    key: str
    title: str


CONSENT = Page("checkin_consent", "Agree to check-ins")
PHQ9_PAGE = Page(PHQ9.key, "Check-in: how you have felt")
GAD7_PAGE = Page(GAD7.key, "Check-in: worry and anxiety")


def _see_other(to: str) -> HttpResponse:
    response = redirect(to)
    response.status_code = 303  # the next page is read with a GET
    return response


def _result(request: HttpRequest) -> int | None:
    """The follow-up whose curve this browser may still see, if any."""
    result = request.session.get(RESULT_KEY)
    if not isinstance(result, dict):
        return None
    age = time.time() - float(result.get("at", 0))
    if age >= settings.KETACARE_RESULT_SECONDS:
        return None
    return int(result["follow_up"])


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/checkin/not_found.html", status=404)


def _closed(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/checkin/closed.html", status=410)


def _current(request: HttpRequest) -> CheckIn | HttpResponse:
    """The open check-in this browser's session holds, or the page to show."""
    pk = request.session.get(SESSION_KEY)
    if pk is None:
        if _result(request) is not None:
            return _see_other(reverse("check_in:scores"))
        return _not_found(request)
    try:
        return checkins.check_in_open(int(pk))
    except CheckIn.DoesNotExist:
        request.session.pop(SESSION_KEY, None)
        return _not_found(request)
    except CheckInClosed:
        return _after_closed(request, int(pk))


def _after_closed(request: HttpRequest, pk: int) -> HttpResponse:
    """The check-in this session held is closed. If it was completed (by this
    browser's other request, say a double-click on the last page, or another
    tab), this browser sees the scores as the completing request does;
    otherwise the link has expired or check-ins were stopped."""
    request.session.pop(SESSION_KEY, None)
    done = (
        CheckIn.objects.filter(pk=pk, completed_at__isnull=False)
        .values_list("follow_up_id", "completed_at")
        .first()
    )
    if done is not None and _result(request) is None:
        follow_up_id, completed_at = done
        request.session[RESULT_KEY] = {
            "follow_up": follow_up_id,
            "at": completed_at.timestamp(),  # the scores' time runs from completion
        }
    if _result(request) is not None:
        return _see_other(reverse("check_in:scores"))
    return _closed(request)


def _next_url(check_in: CheckIn) -> str:
    if check_in.follow_up.consented_at is None:
        return reverse("check_in:consent")
    if PHQ9.key not in check_in.answers:
        return reverse("check_in:phq9")
    return reverse("check_in:gad7")


def _abroad(check_in: CheckIn) -> bool:
    """Whether the person said at intake that they live outside the US: their
    safety message then points to crisis lines where they are, not to 988."""
    assessment = check_in.follow_up.assessment
    state = assessment.state or assessment.answers.get("about", {}).get("state", "")
    return bool(state == OUTSIDE_US)


@never_cache
@require_GET
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """The email's link: the token unlocks one open check-in, for this browser."""
    try:
        check_in = checkins.check_in_for_token(token)
    except CheckIn.DoesNotExist:
        return _not_found(request)
    except CheckInClosed:
        return _closed(request)
    request.session.cycle_key()  # a fresh session id for what follows
    request.session.pop(RESULT_KEY, None)
    request.session[SESSION_KEY] = check_in.pk
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        # Followed from a mail site: the browser would not send the session
        # cookie (SameSite=Strict) along a redirect, so a page of ours moves
        # on to /check-in/ itself, which counts as this site's own navigation.
        return render(request, "intake/checkin/opening.html")
    return _see_other(reverse("check_in:start"))


@never_cache
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """The check-in's own address: on to the first page not yet answered."""
    current = _current(request)
    if isinstance(current, HttpResponse):
        return current
    return _see_other(_next_url(current))


@never_cache
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest) -> HttpResponse:
    current = _current(request)
    if isinstance(current, HttpResponse):
        return current
    if current.follow_up.consented_at is not None:
        return _see_other(reverse("check_in:phq9"))
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        checkins.check_in_consent(check_in=current)
        return _see_other(reverse("check_in:phq9"))
    return render(
        request,
        "intake/checkin/consent.html",
        {
            "page": CONSENT,
            "form": form,
            "link_days": settings.KETACARE_CHECKIN_LINK_DAYS,
            "follow_up": current.follow_up,
        },
        status=400 if form.errors else 200,
    )


def _save(
    request: HttpRequest, check_in: CheckIn, save: Callable[[], object]
) -> HttpResponse | None:
    """Run a save; a check-in closed meanwhile (completed in another tab, or
    expired) goes where an address would have gone."""
    try:
        save()
    except CheckInClosed:
        return _after_closed(request, check_in.pk)
    return None


def _question(
    request: HttpRequest,
    page: Page,
    form: object,
    *,
    notice: bool,
    back_url: str,
    abroad: bool = False,
) -> HttpResponse:
    instrument = getattr(form, "instrument", None)
    return render(
        request,
        "intake/checkin/step.html",
        {
            "page": page,
            "form": form,
            "instrument": instrument,
            "heading": instrument.stem if instrument else page.title,
            "notice": {"key": "safety"} if notice else None,
            "abroad": notice and abroad,
            "back_url": back_url,
        },
        status=400 if getattr(form, "errors", None) else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def phq9(request: HttpRequest) -> HttpResponse:
    current = _current(request)
    if isinstance(current, HttpResponse):
        return current
    if current.follow_up.consented_at is None:
        return _see_other(reverse("check_in:consent"))
    if request.method == "POST":
        form = PHQ9Form(request.POST)
        if form.is_valid():
            answers = form.answers()
            failed = _save(
                request,
                current,
                lambda: checkins.check_in_save_step(
                    check_in=current, step=PHQ9.key, data=answers
                ),
            )
            return failed or _see_other(reverse("check_in:gad7"))
    else:
        form = PHQ9Form(initial=current.answers.get(PHQ9.key, {}))
    return _question(request, PHQ9_PAGE, form, notice=False, back_url="")


def _gad7_initial(check_in: CheckIn) -> dict[str, object]:
    initial: dict[str, object] = dict(check_in.answers.get(GAD7.key, {}))
    session = check_in.answers.get("session", {})
    if "had_session" in session:
        initial["had_session"] = "yes" if session["had_session"] else "no"
    if session.get("session_on"):
        initial["session_on"] = session["session_on"]
    return initial


def _finish_check_in(
    request: HttpRequest, check_in: CheckIn, form: GAD7SessionForm
) -> HttpResponse:
    def save() -> None:
        with transaction.atomic():
            checkins.check_in_save_step(
                check_in=check_in, step=GAD7.key, data=form.instrument_answers()
            )
            checkins.check_in_save_step(
                check_in=check_in, step="session", data=form.session_answers()
            )
            checkins.check_in_complete(check_in=check_in)

    failed = _save(request, check_in, save)
    if failed is not None:
        return failed
    # The session keeps only what the curve page needs, for a while. Its id
    # stays: it was made new at the link, and a second click on the button,
    # sent with the same cookie, must find the scores too.
    request.session.pop(SESSION_KEY, None)
    request.session[RESULT_KEY] = {
        "follow_up": check_in.follow_up_id,
        "at": time.time(),
    }
    return _see_other(reverse("check_in:scores"))


@never_cache
@require_http_methods(["GET", "POST"])
def gad7(request: HttpRequest) -> HttpResponse:
    current = _current(request)
    if isinstance(current, HttpResponse):
        return current
    if current.follow_up.consented_at is None or PHQ9.key not in current.answers:
        return _see_other(_next_url(current))
    dates = {
        "enrolled_on": timezone.localdate(current.follow_up.created_at),
        "today": timezone.localdate(),
    }
    if request.method == "POST":
        form = GAD7SessionForm(request.POST, **dates)
        if form.is_valid():
            return _finish_check_in(request, current, form)
    else:
        form = GAD7SessionForm(initial=_gad7_initial(current), **dates)
    return _question(
        request,
        GAD7_PAGE,
        form,
        # Shown the first time the page is shown; not again above its errors.
        notice=current.item9_positive and not form.is_bound,
        back_url=reverse("check_in:phq9"),
        abroad=_abroad(current),
    )


@never_cache
@require_GET
def scores(request: HttpRequest) -> HttpResponse:
    """The curve, for KETACARE_RESULT_SECONDS after the check-in; then only that
    the answers were sent (the next person to use a shared phone sees none)."""
    pk = _result(request)
    if pk is None:
        if RESULT_KEY in request.session:
            return render(request, "intake/checkin/sent.html")
        return _not_found(request)
    follow_up = FollowUp.objects.select_related("assessment").filter(pk=pk).first()
    if follow_up is None:
        return _not_found(request)
    series = checkins.follow_up_series(follow_up)
    latest = series.check_ins[-1] if series.check_ins else None
    return render(
        request,
        "intake/checkin/scores.html",
        {
            **curve_context(series),
            "urgent": bool(latest and latest.urgent),
            "abroad": follow_up.assessment.state == OUTSIDE_US,
            "topics": {
                name: reverse("education:topic-detail", args=[slug])
                for name, slug in READING_TOPICS.items()
            },
            "result_time": intake_tags.duration_words(settings.KETACARE_RESULT_SECONDS),
        },
    )


@never_cache
@require_POST
def finish(request: HttpRequest) -> HttpResponse:
    """ "Finish and clear this device": the session ends, its cookie goes."""
    request.session.flush()
    return _see_other(reverse("check_in:cleared"))


@never_cache
@require_GET
def cleared(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/checkin/cleared.html")


def _names_a_follow_up(signed: str) -> bool:
    try:
        pk = signing.loads(signed, salt=checkins.UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return False
    return FollowUp.objects.filter(pk=pk).exists()


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, signed: str) -> HttpResponse:
    """A GET only asks (mail scanners follow links); the button's POST stops."""
    if request.method == "POST":
        form = StopForm(request.POST)
        if form.is_valid():
            if checkins.follow_up_unsubscribe(token=signed) is None:
                return _not_found(request)
            return _see_other(reverse("check_in:stopped"))
    else:
        form = StopForm()
    if not _names_a_follow_up(signed):
        return _not_found(request)
    return render(
        request,
        "intake/checkin/stop.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@never_cache
@require_GET
def stopped(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/checkin/stopped.html")
