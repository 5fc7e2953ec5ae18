"""The self-assessment's pages. Thin: forms validate, services write.

The browser holds one thing: a random token in a signed cookie (browser_token).
No URL ever carries an id. A browser without a token is sent to the start page;
pages that show an assessment answer 404 to a browser that has none.
Every response under /assessment/ is marked Cache-Control: no-store, by
ketacare.middleware.SecurityHeadersMiddleware (error responses included).
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intake import services
from intake.domain import steps
from intake.domain.states import OUTSIDE_US, PLACE_NAMES
from intake.domain.triage import ADULT_AGE
from intake.models import Assessment
from intake.public import browser_token, summary, throttle
from intake.public.form_base import StepForm
from intake.public.forms import FORMS
from intake.public.summary import page_url
from intake.templatetags import intake_tags
from ketacare.layout import INPUT, FragmentMemo, field_template, frozen


def _assessment(token: str | None) -> Assessment | None:
    if token is None:
        return None
    try:
        # get(), not first(): the token is unique, and an ORDER BY would only
        # cost compiling it.
        assessment: Assessment | None = Assessment.objects.for_token(token).get()
    except Assessment.DoesNotExist:
        assessment = None
    if (
        assessment is not None
        and assessment.status == Assessment.Status.SUBMITTED
        and browser_token.is_ended(token)
    ):
        return None  # this device was cleared ("Finish and clear this device")
    return assessment


def _sent_or_draft(request: HttpRequest) -> tuple[str | None, Assessment | None]:
    """This browser's token and assessment, where a sent one is looked for too:
    a draft only within its idle time, a sent one within the time after sending
    and until the device is cleared."""
    token = browser_token.read(request, max_age=browser_token.lifetime_after_sending())
    if token is None:
        return None, None
    assessment = Assessment.objects.for_token(token).first()
    if assessment is not None and assessment.status == Assessment.Status.SUBMITTED:
        if browser_token.is_ended(token):
            return None, None
        return token, assessment
    if browser_token.read(request) is None:
        return None, None  # a draft left idle too long: this browser starts again
    return token, assessment


def _result_shown(assessment: Assessment) -> bool:
    age = timezone.now() - assessment.submitted_at
    return age.total_seconds() < settings.KETACARE_RESULT_SECONDS


def _answers(assessment: Assessment | None) -> dict:
    return assessment.answers if assessment else {}


def _back_url(page: steps.Page, answers: dict, *, changing: bool) -> str:
    if changing:
        return page_url(steps.CHECK)
    previous = steps.previous_page(page, answers, services.licensed_states())
    return page_url(previous) if previous else reverse("intake:start")


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """What the assessment is; "Start" issues this browser's token."""
    token, assessment = _sent_or_draft(request)
    form = StepForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not throttle.start_allowed(request):
            response = render(request, "intake/throttled.html", status=429)
            response["Retry-After"] = str(throttle.retry_after_seconds())
            return response
        response = redirect(page_url(steps.ABOUT))
        browser_token.issue(response)
        return response
    resume_url = ""
    if assessment and assessment.status == Assessment.Status.DRAFT:
        resume_url = page_url(
            steps.first_open(assessment.answers, services.licensed_states())
        )
    elif token and assessment is None:
        resume_url = page_url(steps.ABOUT)
    return render(
        request,
        "intake/start.html",
        {
            "form": form,
            "assessment": assessment,
            "resume_url": resume_url,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, slug: str) -> HttpResponse:
    """A question page; what it shows may depend on the answers, its address never.

    An under-18 sees the stop page at the next page's address, and a notice
    that applies (the safety message, the licensing notice) is shown above the
    question it comes before: see intake.domain.steps.
    """
    current = steps.BY_SLUG.get(slug)
    if current is None or current is steps.CHECK:
        raise Http404
    token = browser_token.read(request)
    form = None
    if token and request.method == "POST":
        form = FORMS[current.key](request.POST)
        if form.is_valid():
            # The save itself checks, under the row lock, that the assessment
            # is not submitted and that this page is open: no read beforehand.
            return _save(request, current, token, form)
    if token is None:
        return redirect("intake:start")
    assessment = _assessment(token)
    if assessment and assessment.status == Assessment.Status.SUBMITTED:
        return redirect("intake:result")
    answers = _answers(assessment)
    licensed = services.licensed_states()
    first = steps.first_open(answers, licensed)
    if first.kind == steps.Kind.STOP and first.slug == current.slug:
        return _stop(request, first, current, answers)
    if current is steps.DETAILS and steps.wants_contact(answers) is False:
        return _no_details(request, answers)
    if not steps.can_visit(current, answers, licensed):
        return redirect(page_url(first))
    return _question(request, current, assessment, answers, form)


def _no_details(request: HttpRequest, answers: dict) -> HttpResponse:
    """The contact details address, for someone who chose not to be contacted:
    it says so, and its Continue posts here like the details form does, so
    the requests are the same either way."""
    if request.method == "POST":
        return redirect(page_url(steps.CHECK))
    changing = request.GET.get("change") == "1"
    return render(
        request,
        "intake/no_details.html",
        {
            "page": steps.DETAILS,
            "back_url": _back_url(steps.DETAILS, answers, changing=changing),
        },
    )


def _save(
    request: HttpRequest, current: steps.Page, token: str, form: StepForm
) -> HttpResponse:
    changing = request.GET.get("change") == "1"
    try:
        assessment = services.assessment_save_step(
            token=token, step=current.key, data=form.answers()
        )
    except services.AssessmentSubmitted:
        return redirect("intake:result")
    except services.StepNotAvailable:
        # Out of order, or another tab changed the answers since this page
        # was shown: go to the first page still open.
        fresh = _answers(_assessment(token))
        return redirect(page_url(steps.first_open(fresh, services.licensed_states())))
    following = steps.next_page(
        current, assessment.answers, services.licensed_states(), changing=changing
    )
    response = redirect(page_url(following, changing=changing))
    browser_token.renew(response, token)  # a saved step starts the idle time again
    return response


def _question(
    request: HttpRequest,
    current: steps.Page,
    assessment: Assessment | None,
    answers: dict,
    form: StepForm | None,
) -> HttpResponse:
    """The question page with the saved answers, or `form` again with its errors."""
    changing = request.GET.get("change") == "1"
    form_class = FORMS[current.key]
    if form is None:
        form = form_class(
            initial=services.assessment_step_initial(
                assessment=assessment, step=current.key
            )
        )
    instrument = getattr(form_class, "instrument", None)
    licensed = services.licensed_states()
    progress = steps.progress(current, answers, licensed)
    # Shown the first time the page is shown; not again above its errors.
    notice = None if form.is_bound else steps.notice_before(current, answers, licensed)
    notice_context = _notice_context(answers) if notice else {}
    back_url = _back_url(current, answers, changing=changing)
    context = {
        "page": current,
        "notice": notice,
        **notice_context,
        "form": form,
        "instrument": instrument,
        "heading": instrument.stem if instrument else current.title,
        "progress": progress,
        "back_url": back_url,
    }
    if form.is_bound or not _choices_only(form):
        return render(request, "intake/step.html", context)
    key = (
        current.key,
        form_class,
        frozen(form.initial),
        notice.key if notice else None,
        frozen(notice_context),
        frozen(progress),
        back_url,
        get_language(),
        # What the site's context processor adds (ketacare.context_processors).
        settings.KETACARE_CLINIC_NAME,
        settings.KETACARE_REVIEW_HOURS,
    )
    page = PAGES.get(
        key,
        lambda: render_to_string(
            "intake/step.html", {**context, "csrf_token": CSRF_SLOT}, request
        ),
    )
    return HttpResponse(page.replace(CSRF_SLOT, get_token(request)))


# A question page shown (not sent back with errors) whose questions are all
# multiple choice is a pure function of the page, the options chosen before, the
# notice above it, the progress, the back link and the language: each worker
# renders each such page once and then reuses it, with this request's CSRF token
# put in its slot. Pages with typed answers (age, contact details, hopes) are
# always rendered afresh: those answers are never kept in memory.
PAGES = FragmentMemo(size=256)
CSRF_SLOT = "kc-csrf-slot-5d1b9e"


def _choices_only(form: StepForm) -> bool:
    return all(field_template(field.field) != INPUT for field in form.questions)


def _place_name(code: str) -> str:
    """A state's name for "live in {name}"; "" for abroad (said differently)."""
    return "" if code == OUTSIDE_US else PLACE_NAMES.get(code, "")


def _notice_context(answers: dict) -> dict:
    state = answers.get(steps.ABOUT.key, {}).get("state", "")
    return {
        "licensed_states": [
            PLACE_NAMES.get(code, code) for code in sorted(services.licensed_states())
        ],
        "place": _place_name(state),
        "abroad": state == OUTSIDE_US,  # crisis lines where they live, not 988
        "adult_age": ADULT_AGE,
    }


def _stop(
    request: HttpRequest, stop: steps.Page, shown_at: steps.Page, answers: dict
) -> HttpResponse:
    """The stop page, at the address of the page it replaces (titled as that
    page, so the browser's history cannot tell it apart either)."""
    context = {
        "page": shown_at,
        "back_url": _back_url(stop, answers, changing=False),
        **_notice_context(answers),
    }
    return render(request, f"intake/{stop.key}.html", context)


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    token = browser_token.read(request)
    assessment = _assessment(token)
    if token is None or assessment is None:
        raise Http404
    if assessment.status == Assessment.Status.SUBMITTED:
        return redirect("intake:result")
    licensed = services.licensed_states()
    first = steps.first_open(assessment.answers, licensed)
    if first.kind == steps.Kind.STOP:
        # Someone who changed their age to under 18: stopped here, not sent on.
        return _stop(request, first, steps.CHECK, assessment.answers)
    if first is not steps.CHECK:
        return redirect(page_url(first))
    if request.method == "POST":
        try:
            services.assessment_submit(token=token)
        except services.AssessmentIncomplete:
            return redirect(page_url(steps.first_open(assessment.answers, licensed)))
        except Assessment.DoesNotExist:
            # Erased or purged between showing this page and sending it.
            return redirect("intake:start")
        response = redirect("intake:result")
        browser_token.renew(response, token, sent=True)
        return response
    return render(
        request,
        "intake/check.html",
        {
            "page": steps.CHECK,
            "sections": summary.check_answers(assessment),
            "assessment": assessment,
            # Someone who changed item 9 or the plan question comes back here,
            # not to a page of its own: the safety message is shown here instead.
            "notice": steps.safety_notice(assessment.answers, licensed),
            **_notice_context(assessment.answers),
            "back_url": _back_url(steps.CHECK, assessment.answers, changing=False),
        },
    )


@require_GET
def result(request: HttpRequest) -> HttpResponse:
    """The result, for KETACARE_RESULT_SECONDS after sending; then only that the
    answers were sent (the next person to use a shared phone sees no scores)."""
    _token, assessment = _sent_or_draft(request)
    if assessment is None:
        raise Http404
    if assessment.status != Assessment.Status.SUBMITTED:
        return redirect("intake:check")
    if not _result_shown(assessment):
        return render(request, "intake/sent.html")
    reasons = summary.reasons(assessment)
    return render(
        request,
        "intake/result.html",
        {
            "assessment": assessment,
            "scores": summary.instrument_results(assessment),
            "reasons": reasons,
            "sources": summary.sources(reasons),
            "abroad": assessment.state == OUTSIDE_US,
            "told_of_a_plan": "suicide_plan" in assessment.reasons,
            "result_time": intake_tags.duration_words(settings.KETACARE_RESULT_SECONDS),
        },
    )


@require_POST
def finish(request: HttpRequest) -> HttpResponse:
    """ "Finish and clear this device": the token ends, the cookies go."""
    token = browser_token.read(request, max_age=browser_token.lifetime_after_sending())
    response = redirect("intake:cleared", permanent=False)
    response.status_code = 303  # see the confirmation with a GET
    browser_token.end(response, token)
    return response


@require_GET
def cleared(request: HttpRequest) -> HttpResponse:
    """A plain confirmation: nothing about any assessment, no form."""
    return render(request, "intake/cleared.html")
