"""An assessment's timeline for staff: status changes, assignments, notes and
the check-in follow-up.

Read from the history the database triggers write (intake.AssessmentEvent), so
a change made in the shell or by a bulk update shows here as well as one made
in the admin, and from the follow-up's own log (intake.FollowUpEvent). Three
queries, however long the history; the escalations sent to the leads are one
more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.db.models import IntegerField, OuterRef, Subquery, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from intake.models import (
    REVIEW_CHOICES,
    Assessment,
    AssessmentEvent,
    Escalation,
    FollowUpEvent,
    TreatmentEvent,
)
from intake.staff.detail import readable


class Kind(StrEnum):
    STARTED = "started"
    SUBMITTED = "submitted"
    URGENT = "urgent"
    STATUS = "status"
    ASSIGNED = "assigned"
    CONTENT = "content"
    NOTE = "note"
    FOLLOW_UP = "follow_up"
    ESCALATED = "escalated"


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: Kind
    text: str
    by: str
    note: str = ""
    hidden: bool = False  # a note whose text this viewer may not read


def _who(event: AssessmentEvent) -> str:
    if event.pgh_context is None:
        return _("outside the web app (shell or database)")
    if event.actor_name:
        return event.actor_name
    return _("the person, on the public site")


def _status_label(value: str) -> str:
    return str(dict(REVIEW_CHOICES)[value])


def _assignee(event: AssessmentEvent) -> str:
    user = event.assigned_to
    return user.get_username() if user else ""


def _changes(previous: AssessmentEvent, event: AssessmentEvent) -> list[tuple]:
    """What a staff member would want to know changed between two snapshots."""
    found: list[tuple] = []
    if previous.status != event.status and event.status == "submitted":
        found.append((Kind.SUBMITTED, _("Submitted")))
    if event.urgent and not previous.urgent:
        found.append(
            (Kind.URGENT, _("Flagged urgent: PHQ-9 item 9 answered above Not at all"))
        )
    if previous.review_status != event.review_status:
        text = _("Status changed from %(old)s to %(new)s") % {
            "old": _status_label(previous.review_status),
            "new": _status_label(event.review_status),
        }
        found.append((Kind.STATUS, text))
    if previous.assigned_to_id != event.assigned_to_id:
        name = _assignee(event)
        text = _("Assigned to %(name)s") % {"name": name} if name else _("Unassigned")
        found.append((Kind.ASSIGNED, text))
    return found


def _events(assessment: Assessment) -> list[AssessmentEvent]:
    user_id = Cast(KT("pgh_context__user"), IntegerField())
    actor = (
        get_user_model()
        .objects.filter(pk=OuterRef("context_user"))
        .values("username")[:1]
    )
    return list(
        AssessmentEvent.objects.filter(pgh_obj_id=assessment.pk)
        .select_related("assigned_to")
        .annotate(context_user=user_id)
        .annotate(actor_name=Subquery(actor))
        .order_by("pgh_created_at", "pgh_id")
    )


def _follow_up_text(event: FollowUpEvent) -> str:
    """The action in words, with what changed (never what anyone answered)."""
    text = str(event.get_action_display())
    detail = event.detail or {}
    if event.action == FollowUpEvent.Action.EVENT_ADDED and "kind" in detail:
        kinds = dict(TreatmentEvent.Kind.choices)
        kind = kinds.get(detail["kind"], detail["kind"])
        text += f": {kind}, {detail.get('on', '')}"
    elif "ends_on" in detail:
        text += _(": from %(start)s to %(end)s, %(count)s check-ins planned") % {
            "start": detail.get("starts_on"),
            "end": detail["ends_on"],
            "count": detail.get("check_ins", 0),
        }
    elif "sequence" in detail:
        text += _(" (check-in %(number)s)") % {"number": detail["sequence"]}
    return text


PERSON_ACTIONS = frozenset(
    {
        FollowUpEvent.Action.CONSENTED,
        FollowUpEvent.Action.UNSUBSCRIBED,
        FollowUpEvent.Action.COMPLETED,
    }
)


def _follow_up_actor(event: FollowUpEvent) -> str:
    if event.actor_name:
        return event.actor_name
    if event.action in PERSON_ACTIONS:
        return _("the person, by their check-in link")
    return _("the check-in system")


def _follow_up_entries(assessment: Assessment) -> list[Entry]:
    events = FollowUpEvent.objects.filter(follow_up__assessment=assessment)
    return [
        Entry(
            event.at,
            Kind.FOLLOW_UP,
            _follow_up_text(event),
            _follow_up_actor(event),
        )
        for event in events.order_by("at", "pk")
    ]


def _escalation_entries(assessment: Assessment) -> list[Entry]:
    sent = Escalation.objects.filter(
        alert__assessment=assessment, sent_at__isnull=False
    ).order_by("sent_at", "pk")
    return [
        Entry(
            escalation.sent_at,
            Kind.ESCALATED,
            _("Leads emailed: not opened within %(minutes)s minutes of review hours")
            % {"minutes": escalation.threshold_minutes},
            _("the alert system"),
        )
        for escalation in sent
        if escalation.sent_at is not None
    ]


def assessment_timeline(
    assessment: Assessment, *, show_notes: bool, follow_up: bool = True
) -> list[Entry]:
    """Newest first. Notes are listed with their text only for `show_notes`
    (the note view permission); without it the text is not even loaded. A
    caller that knows there is no follow-up passes follow_up=False."""
    entries: list[Entry] = []
    previous: AssessmentEvent | None = None
    for event in _events(assessment):
        if event.pgh_label == "insert":
            entries.append(
                Entry(event.pgh_created_at, Kind.STARTED, _("Started"), _who(event))
            )
        elif event.pgh_label == "content_changed":
            text = _(
                "Stored answers or contact details were rewritten after submission"
            )
            entries.append(Entry(event.pgh_created_at, Kind.CONTENT, text, _who(event)))
        elif previous is not None:
            entries.extend(
                Entry(event.pgh_created_at, kind, text, _who(event))
                for kind, text in _changes(previous, event)
            )
        if event.pgh_label != "content_changed":
            previous = event
    # The text is read as stored and opened note by note, so one note that no
    # key opens is marked instead of failing the page.
    notes = (
        assessment.notes.select_related("author")
        .defer("text")
        .order_by("created_at", "pk")
    )
    if show_notes:
        notes = notes.annotate(stored_text=Cast("text", TextField()))
    for note in notes:
        entries.append(
            Entry(
                note.created_at,
                Kind.NOTE,
                _("Note"),
                note.author.get_username(),
                note=readable(note.stored_text)[0] if show_notes else "",
                hidden=not show_notes,
            )
        )
    if follow_up:
        entries.extend(_follow_up_entries(assessment))
    entries.extend(_escalation_entries(assessment))
    # Chronological (stable: changes made in one transaction share a time and
    # keep their order), then turned round.
    entries.sort(key=lambda entry: entry.at)
    entries.reverse()
    return entries
