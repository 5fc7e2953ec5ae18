"""CSV export of assessments for staff.

Scores, bands, outcome, reasons (codes, as intake.domain.triage lists them), the screen
version the answers were given to, statuses and dates for everyone who may export;
contact details only with the explicit "Can export contact details" permission.

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

from intake.models import Assessment

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


def assessments_csv(assessments: Iterable[Assessment], *, include_contact: bool) -> str:
    """The CSV text, with a header row. UTF-8 with a byte-order mark on output
    lets spreadsheets read names with accents correctly."""
    columns = COLUMNS + (CONTACT_COLUMNS if include_contact else [])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([name for name, _ in columns])
    for assessment in assessments:
        writer.writerow([neutralise(value(assessment)) for _, value in columns])
    return out.getvalue()
