"""Writing assessments: keyword-only services, each in one transaction.

The browser's token identifies its one assessment; the row is locked while a
step is saved or the assessment submitted, so two tabs or a double click can
never interleave. Totals, bands, flags and the outcome are recomputed here,
from the stored answers, at every save.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pgtrigger
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from intake import alerts, crypto, removal
from intake.domain import scoring, steps, triage
from intake.domain.instruments import GAD7, PHQ9
from intake.models import (
    NOTE_PROTECTION,
    Assessment,
    AssessmentNote,
    AssessmentTombstone,
    FollowUp,
    StaffAlert,
    hash_token,
)

logger = logging.getLogger(__name__)


class AssessmentSubmitted(Exception):
    """The assessment has been submitted; its answers can no longer change."""


class StepNotAvailable(Exception):
    """The step cannot be answered yet (or no longer applies) for these answers."""


class AssessmentIncomplete(Exception):
    """Submit was asked for before every applicable question was answered."""


def licensed_states() -> frozenset[str]:
    return frozenset(settings.KETACARE_LICENSED_STATES)


def _recompute(assessment: Assessment) -> bool:
    """Derive every typed column from the answers. True if it just became urgent."""
    answers = assessment.answers
    for instrument, total_field, band_field, version_field in (
        (PHQ9, "phq9_total", "phq9_band", "phq9_version"),
        (GAD7, "gad7_total", "gad7_band", "gad7_version"),
    ):
        if instrument.key in answers:
            score = scoring.score(instrument, answers[instrument.key])
            setattr(assessment, total_field, score.total)
            setattr(assessment, band_field, score.band.key)
            setattr(assessment, version_field, instrument.version)
        else:
            setattr(assessment, total_field, None)
            setattr(assessment, band_field, "")
            setattr(assessment, version_field, "")

    # Only a draft is recomputed: it is answered, from now on, to the current
    # screen (steps.path asks any question it has not answered yet).
    screen = steps.screen_answers(answers)
    result = triage.triage(screen, licensed_states=licensed_states())
    assessment.screen_version = screen.version
    assessment.state = screen.place or ""
    assessment.outcome = result.outcome.value if result.outcome else ""
    assessment.reasons = result.codes
    assessment.item9_positive = bool(screen.item9_positive)
    became_urgent = result.urgent and not assessment.urgent
    assessment.urgent = assessment.urgent or result.urgent
    return became_urgent


def _validate(assessment: Assessment) -> None:
    """Field validation. The named check constraints are left to PostgreSQL at
    save time (checking each here would cost a query), and the token is unique
    by construction: the row was looked up by it under a lock. Columns not
    loaded (see STEP_COLUMNS) were not changed and are not checked."""
    deferred = assessment.get_deferred_fields()  # attnames: assigned_to_id
    assessment.full_clean(
        exclude=[
            field.name
            for field in Assessment._meta.concrete_fields
            if field.attname in deferred
        ],
        validate_unique=False,
        validate_constraints=False,
    )


# What a step save reads: everything else it writes without reading. Django
# saves only the loaded and assigned columns of an instance loaded this way, so
# a step neither decrypts nor re-encrypts contact details it does not set, and
# the UPDATE names only the columns this step can change.
STEP_COLUMNS = ["status", "answers", "urgent", "consented_at", "updated_at"]


def _clear_contact(assessment: Assessment) -> None:
    assessment.contact_name = assessment.contact_email = assessment.contact_phone = ""
    assessment.name_index = assessment.email_index = assessment.phone_index = ""
    assessment.contact_method = ""
    assessment.consented_at = None


def _store_step(assessment: Assessment, step: str, data: Mapping[str, Any]) -> None:
    """Put one step's cleaned answers where they belong: JSON or encrypted columns."""
    public = dict(data)
    if step == steps.GOALS.key:
        assessment.hopes = public.pop("hopes", "")
    elif step == steps.CONTACT.key:
        assessment.wants_contact = public["wants_contact"] == "yes"
        if not assessment.wants_contact:
            # "Just show me my results": nothing identifying is kept.
            _clear_contact(assessment)
            assessment.answers.pop(steps.DETAILS.key, None)
    elif step == steps.DETAILS.key:
        name, email, phone = (
            public.pop("name"),
            public.pop("email"),
            public.pop("phone"),
        )
        public.pop("consent")
        assessment.contact_name = name
        assessment.contact_email = crypto.normalise_email(email)
        assessment.contact_phone = phone
        assessment.name_index = crypto.name_index(name)
        assessment.email_index = crypto.email_index(email)
        assessment.phone_index = crypto.phone_index(phone)
        assessment.contact_method = public["method"]
        assessment.consented_at = assessment.consented_at or timezone.now()
    assessment.answers[step] = public


@transaction.atomic
def assessment_save_step(
    *, token: str, step: str, data: Mapping[str, Any]
) -> Assessment:
    """Save one step's answers, creating the assessment at the first answered step.

    Raises AssessmentSubmitted if the assessment was already submitted, and
    StepNotAvailable if an earlier question is unanswered or the step does not
    apply: checked here, under the row lock, so two tabs cannot skip ahead.
    """
    assessment, _created = (
        Assessment.objects.select_for_update()
        .only(*STEP_COLUMNS)
        .get_or_create(token_hash=hash_token(token))
    )
    if assessment.status == Assessment.Status.SUBMITTED:
        raise AssessmentSubmitted
    if not steps.can_visit(steps.BY_KEY[step], assessment.answers, licensed_states()):
        raise StepNotAvailable
    _store_step(assessment, step, data)
    became_urgent = _recompute(assessment)
    _validate(assessment)
    assessment.save()
    if became_urgent:
        alerts.staff_alert_queue(assessment=assessment)
    return assessment


@transaction.atomic
def assessment_submit(*, token: str) -> Assessment:
    """Submit the browser's assessment; submitting twice returns the same record.

    Raises Assessment.DoesNotExist, or AssessmentIncomplete when a question is
    still unanswered.
    """
    assessment = Assessment.objects.select_for_update().get(
        token_hash=hash_token(token)
    )
    if assessment.status == Assessment.Status.SUBMITTED:
        return assessment
    if not steps.is_complete(assessment.answers, licensed_states()):
        raise AssessmentIncomplete
    became_urgent = _recompute(assessment)
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    _validate(assessment)
    assessment.save()
    if became_urgent:
        alerts.staff_alert_queue(assessment=assessment)
    return assessment


def assessment_step_initial(
    *, assessment: Assessment | None, step: str
) -> dict[str, Any]:
    """The stored answers of one step, shaped as its form's initial data."""
    if assessment is None or step not in assessment.answers:
        return {}
    initial = dict(assessment.answers[step])
    if step == steps.GOALS.key:
        initial["hopes"] = assessment.hopes
    elif step == steps.DETAILS.key:
        initial.update(
            name=assessment.contact_name,
            email=assessment.contact_email,
            phone=assessment.contact_phone,
            consent=assessment.consented_at is not None,
        )
    return initial


@transaction.atomic
def assessments_purge(*, now: Any = None) -> dict[str, int]:
    """Delete assessments past their retention; returns counts by kind.

    - drafts that are not urgent: KETACARE_DRAFT_RETENTION_DAYS after the last save;
    - urgent drafts: KETACARE_URGENT_DRAFT_RETENTION_DAYS after the last save, and
      never while their staff alert has not been sent;
    - submitted: KETACARE_SUBMITTED_RETENTION_DAYS after submission, or after
      the last check-in for someone in follow-up; never while check-ins are
      still active or paused.

    Each leaves only a tombstone; one audit row lists the ids removed.
    """
    now = now or timezone.now()
    drafts = Assessment.objects.drafts()

    def older(days: int) -> Any:
        return now - timedelta(days=days)

    plans = {
        "drafts": drafts.filter(
            urgent=False, updated_at__lt=older(settings.KETACARE_DRAFT_RETENTION_DAYS)
        ),
        "urgent_drafts": drafts.filter(
            urgent=True,
            staff_alerts__check_in__isnull=True,
            staff_alerts__status=StaffAlert.Status.SENT,
            updated_at__lt=older(settings.KETACARE_URGENT_DRAFT_RETENTION_DAYS),
        ),
        "submitted": Assessment.objects.submitted()
        .filter(submitted_at__lt=older(settings.KETACARE_SUBMITTED_RETENTION_DAYS))
        .exclude(
            follow_up__status__in=[FollowUp.Status.ACTIVE, FollowUp.Status.PAUSED],
            follow_up__unsubscribed_at__isnull=True,
        )
        .exclude(
            follow_up__last_check_in_at__gte=older(
                settings.KETACARE_SUBMITTED_RETENTION_DAYS
            )
        ),
    }
    # Every trace goes: notes, alert and history too (intake.removal).
    counts, everything = {}, []
    for kind, queryset in plans.items():
        removed = removal.assessments_remove(
            ids=queryset.values_list("pk", flat=True),
            reason=AssessmentTombstone.Reason.RETENTION,
        )
        counts[kind] = len(removed)
        everything += removed
    if everything:
        removal.purge_audit(everything)
    return counts


def _re_encrypt(queryset: Any, fields: list[str], batch_size: int) -> int:
    """Rewrite `fields` of every row, a locked batch at a time, so a value
    saved at the same moment is never overwritten with an older one."""
    model = queryset.model
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            rows = list(
                model.objects.select_for_update()
                .filter(pk__in=ids[start : start + batch_size])
                .only("pk", *fields)
            )
            model.objects.bulk_update(rows, fields)
    return len(ids)


ENCRYPTED_COLUMNS: dict[type[Assessment] | type[AssessmentNote], list[str]] = {
    Assessment: ["contact_name", "contact_email", "contact_phone", "hopes"],
    AssessmentNote: ["text"],
}


def encrypted_values_not_under_newest_key() -> int:
    """How many stored values the newest key alone cannot open.

    After a rotation this must be 0 before the old keys are dropped; a worker
    still running with the old key list would write values under an old key.
    Reads the stored tokens, never the plaintext.
    """
    newest = crypto.newest_fernet()
    return sum(
        1
        for model, columns in ENCRYPTED_COLUMNS.items()
        for row in model.objects.annotate(
            **{f"stored_{c}": Cast(c, TextField()) for c in columns}
        )
        .values_list(*[f"stored_{c}" for c in columns])
        .iterator(chunk_size=500)
        for token in row
        if token and not _opens(newest, token)
    )


def _opens(fernet: Fernet, token: str) -> bool:
    try:
        fernet.decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def assessments_reindex(*, batch_size: int = 200) -> int:
    """Recompute every contact blind index under the current
    KETACARE_BLIND_INDEX_KEY (after rotating it); returns the number of
    assessments done. Staff searches match again once it has run."""
    contact = ["contact_name", "contact_email", "contact_phone"]
    ids = list(
        Assessment.objects.exclude(contact_name="", contact_email="", contact_phone="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            rows = list(
                Assessment.objects.select_for_update()
                .filter(pk__in=ids[start : start + batch_size])
                .only("pk", *contact)
            )
            for row in rows:
                row.name_index = crypto.name_index(row.contact_name)
                row.email_index = crypto.email_index(row.contact_email)
                row.phone_index = crypto.phone_index(row.contact_phone)
            Assessment.objects.bulk_update(
                rows, ["name_index", "email_index", "phone_index"]
            )
    logger.info("intake: recomputed the blind indexes of %d assessments", len(ids))
    return len(ids)


def assessments_rotate_keys(*, batch_size: int = 200) -> int:
    """Re-encrypt every encrypted value (staff notes included) under the newest
    key; returns the number of assessments done."""
    done = _re_encrypt(
        Assessment.objects.exclude(
            contact_name="", contact_email="", contact_phone="", hopes=""
        ),
        ENCRYPTED_COLUMNS[Assessment],
        batch_size,
    )
    # Notes are append-only; re-encrypting the same text is the one update
    # they allow.
    with pgtrigger.ignore(NOTE_PROTECTION):
        notes = _re_encrypt(
            AssessmentNote.objects.all(), ENCRYPTED_COLUMNS[AssessmentNote], batch_size
        )
    logger.info(
        "intake: re-encrypted %d assessments and %d notes under the newest key",
        done,
        notes,
    )
    return done
