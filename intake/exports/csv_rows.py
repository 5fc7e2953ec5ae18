"""CSV export of assessments for staff.

Scores, bands, outcome, reasons (codes, as intake.domain.triage lists them), the screen
version the answers were given to, statuses and dates for everyone who may export;
contact details only with the explicit "Can export contact details" permission.

Check-ins follow as a second table, after one empty row, only when an exported
assessment has a completed one: one row per completed check-in (oldest first,
in the order of the assessments above), keyed by `assessment_id` to the first
table, with its date, scores, bands and flags. It never repeats contact details:
those are in the first table's row, for whoever may see them. A second table
rather than more columns keeps the first table's columns the same for every
export, and lets a series of any length stay one row per reading. Open check-ins
are not exported.

Safe to open in a spreadsheet: a cell that starts with = + - @ (or a tab or
carriage return, which some spreadsheets skip before a formula) is prefixed
with an apostrophe, so it is shown as text and never run as a formula (OWASP's
CSV injection advice). A phone number "+1 555..." therefore reads "'+1 555...".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import F

from intake.domain import scoring
from intake.domain.instruments import GAD7, PHQ9, Instrument
from intake.models import Assessment, CheckIn

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [
    ("id", lambda a: a.pk),
    ("stage", lambda a: a.status),
    ("created_at", lambda a: a.created_at),
    ("submitted_at", lambda a: a.submitted_at),
    ("review_status", lambda a: a.review_status),
    ("assigned_to", lambda a: a.assigned_to.get_username() if a.assigned_to else ""),
    ("urgent", lambda a: a.urgent),
    ("item9_positive", lambda a: a.item9_positive),
    ("phq9_total", lambda a: a.phq9_total),
    ("phq9_band", lambda a: a.phq9_band),
    ("gad7_total", lambda a: a.gad7_total),
    ("gad7_band", lambda a: a.gad7_band),
    ("outcome", lambda a: a.outcome),
    ("reasons", lambda a: " ".join(a.reasons)),
    ("screen_version", lambda a: a.screen_version),
    ("state", lambda a: a.state),
]
CONTACT_COLUMNS = [
    ("contact_name", lambda a: a.contact_name),
    ("contact_email", lambda a: a.contact_email),
    ("contact_phone", lambda a: a.contact_phone),
    ("contact_method", lambda a: a.contact_method),
    ("consented_at", lambda a: a.consented_at),
]


def _band(instrument: Instrument, total: int | None) -> str:
    return "" if total is None else scoring.band_for(instrument, total).key


CHECK_IN_COLUMNS = [
    ("assessment_id", lambda c: c.assessment_id),
    ("check_in", lambda c: c.sequence),
    ("due_on", lambda c: c.due_on),
    ("completed_at", lambda c: c.completed_at),
    ("phq9_total", lambda c: c.phq9_total),
    ("phq9_band", lambda c: _band(PHQ9, c.phq9_total)),
    ("gad7_total", lambda c: c.gad7_total),
    ("gad7_band", lambda c: _band(GAD7, c.gad7_total)),
    ("urgent", lambda c: c.urgent),
    ("item9_positive", lambda c: c.item9_positive),
    ("early_warning", lambda c: c.early_warning),
    ("possible_relapse", lambda c: c.possible_relapse),
    ("had_session", lambda c: c.had_session),
    ("session_on", lambda c: c.session_on),
]


def neutralise(value: Any) -> str:
    """A cell's text, made safe to open in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def completed_check_ins(assessments: list[Assessment]) -> list[CheckIn]:
    """The completed check-ins of these assessments, in one query: grouped in the
    assessments' order, oldest first; each carries its `assessment_id`."""
    order = {assessment.pk: n for n, assessment in enumerate(assessments)}
    if not order:
        return []
    check_ins = (
        CheckIn.objects.completed()
        .filter(follow_up__assessment_id__in=order)
        .annotate(assessment_id=F("follow_up__assessment_id"))
    )
    return sorted(
        check_ins, key=lambda c: (order[c.assessment_id], c.completed_at, c.pk)
    )


def assessments_csv(assessments: Iterable[Assessment], *, include_contact: bool) -> str:
    """The CSV text, with a header row, and the check-ins' table after it if
    there are any. UTF-8 with a byte-order mark on output lets spreadsheets read
    names with accents correctly."""
    rows = list(assessments)
    columns = COLUMNS + (CONTACT_COLUMNS if include_contact else [])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([name for name, _ in columns])
    for assessment in rows:
        writer.writerow([neutralise(value(assessment)) for _, value in columns])
    check_ins = completed_check_ins(rows)
    if check_ins:
        writer.writerow([])
        writer.writerow([name for name, _ in CHECK_IN_COLUMNS])
        for check_in in check_ins:
            writer.writerow(
                [neutralise(value(check_in)) for _, value in CHECK_IN_COLUMNS]
            )
    return out.getvalue()
