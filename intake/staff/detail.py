"""What the staff detail page shows of one assessment, in words.

The questionnaires item by item (text, chosen option, score), totals and bands,
the suitability reasons, the screen version, the other answers as the person saw
them (only the questions their version asked), consent, and the contact details
when the viewer may see them. `load_encrypted` reads the encrypted values
(one query); everything else comes from the assessment row already loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intake import crypto
from intake.domain import scoring, steps
from intake.domain.instruments import GAD7, PHQ9, PHQ9_ITEM9, Instrument
from intake.domain.screen import SCREEN_VERSION, Rule
from intake.models import Assessment
from intake.public import summary

# Shown in their own way: the questionnaires as tables, contact details apart.
OWN_SECTIONS = frozenset({steps.PHQ9.key, steps.GAD7.key, steps.DETAILS.key})


@dataclass(frozen=True)
class ItemAnswer:
    label: str
    text: str
    answer: str
    score: int | None
    flagged: bool = False


@dataclass(frozen=True)
class InstrumentAnswers:
    name: str
    title: str
    stem: str
    total: int | None
    max_total: int
    band: str
    items: list[ItemAnswer]
    extra: list[ItemAnswer]


@dataclass(frozen=True)
class ReasonLine:
    rule: str
    text: str
    detail: str


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    phone: str
    method: str


@dataclass(frozen=True)
class StaffDetail:
    instruments: list[InstrumentAnswers]
    reasons: list[ReasonLine]
    sections: list[summary.Section]
    contact: Contact | None
    item9_answer: str
    screen_version: str


def _option_label(
    instrument: Instrument, answers: dict[str, Any], link_id: str
) -> tuple[str, int | None]:
    """The chosen option's label and score, or "Not answered" if no valid one."""
    try:
        value = scoring.item_value(instrument, answers, link_id)
    except scoring.ScoringError:
        return _("Not answered"), None
    return _(instrument.option(value).label), value


def _instrument(assessment: Assessment, instrument: Instrument) -> InstrumentAnswers:
    answers = assessment.answers.get(instrument.key) or {}
    items = []
    for item in instrument.items:
        answer, score = _option_label(instrument, answers, item.link_id)
        items.append(
            ItemAnswer(
                label=str(item.number),
                text=_(item.text),
                answer=answer,
                score=score,
                flagged=item is PHQ9_ITEM9 and bool(score),
            )
        )
    extra = []
    for unscored in instrument.extra_items:
        labels = {choice.value: _(choice.label) for choice in unscored.choices}
        value = str(answers.get(unscored.link_id, ""))
        extra.append(
            ItemAnswer(
                label="",
                text=_(unscored.text),
                answer=labels.get(value, _("Not answered")),
                score=None,
            )
        )
    total = getattr(assessment, f"{instrument.key}_total")
    band = getattr(assessment, f"get_{instrument.key}_band_display")()
    return InstrumentAnswers(
        name=instrument.name,
        title=_(instrument.title),
        stem=_(instrument.stem),
        total=total,
        max_total=instrument.max_total,
        band=str(band),
        items=items,
        extra=extra,
    )


def _reasons(assessment: Assessment) -> list[ReasonLine]:
    rules = {Rule.STOP: _("Stop"), Rule.REVIEW: _("Review"), Rule.OPTIONS: _("Options")}
    return [
        ReasonLine(
            rule=rules[reason.rule],
            text=_(reason.text),
            detail=_(reason.detail) if reason.detail else "",
        )
        for reason in summary.reasons(assessment)
    ]


def load_encrypted(assessment: Assessment, fields: list[str]) -> list[str]:
    """Decrypt `fields` of the assessment one value at a time onto it.

    A value that no configured key opens becomes a marker saying so, instead
    of failing the page; returns the names of those fields. The instance is
    for showing only: the marker must never be saved (the admin never saves
    this instance; the review services load their own row).
    """
    stored = (
        Assessment.objects.filter(pk=assessment.pk)
        .annotate(**{f"stored_{name}": Cast(name, TextField()) for name in fields})
        .values_list(*[f"stored_{name}" for name in fields])
        .get()
    )
    unreadable = []
    for name, token in zip(fields, stored, strict=True):
        value, opened = readable(token)
        if not opened:
            unreadable.append(name)
        setattr(assessment, name, value)
    return unreadable


def readable(token: str | None) -> tuple[str, bool]:
    """A stored token's plaintext and True, or a marker and False when no
    configured key opens it."""
    if not token:
        return token or "", True
    try:
        return crypto.decrypt(token), True
    except crypto.DecryptionError:
        return str(UNREADABLE), False


UNREADABLE = gettext_lazy("[Cannot be decrypted with the current keys]")


def staff_detail(assessment: Assessment, *, show_contact: bool) -> StaffDetail:
    contact = None
    if show_contact:
        contact = Contact(
            name=assessment.contact_name,
            email=assessment.contact_email,
            phone=assessment.contact_phone,
            method=str(assessment.get_contact_method_display()),
        )
    phq9 = _instrument(assessment, PHQ9)
    return StaffDetail(
        instruments=[phq9, _instrument(assessment, GAD7)],
        reasons=_reasons(assessment),
        sections=summary.check_answers(assessment, skip=OWN_SECTIONS),
        contact=contact,
        item9_answer=phq9.items[PHQ9.items.index(PHQ9_ITEM9)].answer,
        screen_version=_screen_version(assessment.screen_version),
    )


def _screen_version(version: int) -> str:
    """The screen version in words: what an earlier screen did not ask."""
    if version < SCREEN_VERSION:
        return _(
            "Version %(version)s: answered before the questions on thoughts of "
            "suicide and on treatment at home were added, so these were not asked."
        ) % {"version": version}
    return _("Version %(version)s (current)") % {"version": version}
