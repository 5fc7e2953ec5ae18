"""Answers in words, for "Check your answers" and the result page.

Built from the same forms that asked the questions, so every label and option
text matches what the person saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from intake.domain import steps
from intake.domain.instruments import INSTRUMENTS, Band
from intake.domain.screen import SOURCES
from intake.domain.triage import REASONS, Reason
from intake.models import Assessment
from intake.public.forms import FORMS
from intake.services import assessment_step_initial, licensed_states


@dataclass(frozen=True)
class Row:
    label: Any
    values: list[Any]
    change_url: str


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[Row]


def page_url(page: steps.Page, *, changing: bool = False) -> str:
    if page is steps.CHECK:
        return reverse("intake:check")
    url = reverse("intake:page", args=[page.slug])
    return f"{url}?change=1" if changing else url


def _display(field: Any, value: Any) -> list[Any]:
    if value in (None, "", []):
        return [_("Not answered")]
    if field.widget_type == "checkbox":
        return [_("Yes")]
    choices = getattr(field.field, "choices", None)
    if not choices:
        return [value]
    labels = {str(key): label for key, label in choices}
    values = value if isinstance(value, list) else [value]
    return [labels.get(str(item), item) for item in values]


def check_answers(
    assessment: Assessment, *, skip: frozenset[str] = frozenset()
) -> list[Section]:
    """One section per answered question page, one row per question.

    `skip` names pages (step keys) to leave out, such as the ones the staff
    detail page shows in its own way.
    """
    sections = []
    for page in steps.path(assessment.answers, licensed_states()):
        if page.kind != steps.Kind.QUESTION or page.key not in assessment.answers:
            continue
        if page.key in skip:
            continue
        form = FORMS[page.key](
            initial=assessment_step_initial(assessment=assessment, step=page.key)
        )
        change = page_url(page, changing=True)
        rows = []
        for field in form.questions:
            anchor = f"{field.auto_id}_0" if field.use_fieldset else field.id_for_label
            rows.append(
                Row(
                    label=field.label,
                    values=_display(field, field.value()),
                    change_url=f"{change}#{anchor}",
                )
            )
        sections.append(Section(title=_(page.title), rows=rows))
    return sections


@dataclass(frozen=True)
class InstrumentResult:
    name: str
    title: str
    total: int
    max_total: int
    band: Band


def instrument_results(assessment: Assessment) -> list[InstrumentResult]:
    results = []
    for key, total, band_key in (
        ("phq9", assessment.phq9_total, assessment.phq9_band),
        ("gad7", assessment.gad7_total, assessment.gad7_band),
    ):
        if total is None:
            continue
        instrument = INSTRUMENTS[key]
        band = next(band for band in instrument.bands if band.key == band_key)
        results.append(
            InstrumentResult(
                name=instrument.name,
                title=instrument.title,
                total=total,
                max_total=instrument.max_total,
                band=band,
            )
        )
    return results


def reasons(assessment: Assessment) -> list[Reason]:
    return [REASONS[code] for code in assessment.reasons if code in REASONS]


# The questionnaires behind the scores every result page shows.
INSTRUMENT_SOURCES = ("kroenke2001", "spitzer2006")


def sources(reasons: list[Reason]) -> list[str]:
    """The questionnaires' citations, then those behind the reasons shown, each
    once, in order of first use."""
    keys = dict.fromkeys(
        [*INSTRUMENT_SOURCES, *(key for reason in reasons for key in reason.sources)]
    )
    return [SOURCES[key] for key in keys]
