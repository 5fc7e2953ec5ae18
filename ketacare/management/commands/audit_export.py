import json
import os
from contextlib import nullcontext
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ketacare.audit_chain import SEALED_FIELDS
from ketacare.models import AuditEvent

# What leaves the database: who, what, when, from where, and the seal. Never the
# free-form `detail` as a whole; only these keys of it, which hold no health
# data and no contact details (a search term or a mistyped password could).
EXPORTED_FIELDS = (
    "id",
    *(field for field in SEALED_FIELDS if field != "detail"),
    "prev_hash",
    "chain_hash",
)
EXPORTED_DETAIL_KEYS = (
    "format",
    "contact_details",
    "fields",
    "note_added",
    "page",  # "history": which page of a record was viewed
    "removal",  # "retention" or "request": why records were erased
)
BATCH = 1000


def export_row(row: dict[str, Any]) -> dict[str, Any]:
    detail = row.pop("detail") or {}
    row["detail"] = {key: detail[key] for key in EXPORTED_DETAIL_KEYS if key in detail}
    return row


class Command(BaseCommand):
    help = (
        "Write audit rows as JSON lines (one row per line, in id order) for an "
        "external append-only store. With --state FILE it resumes after the last "
        "row it wrote; lines may repeat after a crash, so the store keys on id."
    )

    def add_arguments(self, parser):
        parser.add_argument("--after-id", type=int, default=0, metavar="ID")
        parser.add_argument("--since", metavar="ISO-TIME")
        parser.add_argument(
            "--output", type=Path, metavar="FILE", help="append here (default stdout)"
        )
        parser.add_argument(
            "--state",
            type=Path,
            metavar="FILE",
            help="holds the last exported id; read on start, updated per batch",
        )

    def handle(
        self,
        *args,
        after_id: int,
        since: str | None,
        output: Path | None,
        state: Path | None,
        **options,
    ):
        if state is not None and state.exists():
            after_id = max(after_id, int(state.read_text().strip() or 0))
        rows = AuditEvent.objects.order_by("id")
        if since:
            when = parse_datetime(since)
            if when is None:
                raise CommandError(f"--since {since!r} is not an ISO date and time.")
            rows = rows.filter(at__gte=self._aware(when))
        with output.open("a", encoding="utf-8") if output else nullcontext() as file:
            written = 0
            while batch := list(
                rows.filter(pk__gt=after_id).values(*EXPORTED_FIELDS, "detail")[:BATCH]
            ):
                lines = "".join(
                    json.dumps(export_row(row), cls=DjangoJSONEncoder) + "\n"
                    for row in batch
                )
                if file is None:
                    self.stdout.write(lines, ending="")
                    self.stdout.flush()
                else:
                    file.write(lines)
                    file.flush()
                    os.fsync(file.fileno())
                # Only once the lines are out: a crash repeats a batch, never
                # skips one.
                after_id = batch[-1]["id"]
                written += len(batch)
                if state is not None:
                    self._save_state(state, after_id)
        self.stderr.write(f"Exported {written} audit row(s); last id {after_id}.")

    @staticmethod
    def _aware(when: datetime) -> datetime:
        return when if timezone.is_aware(when) else timezone.make_aware(when)

    @staticmethod
    def _save_state(path: Path, last_id: int) -> None:
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(f"{last_id}\n")
        os.replace(temporary, path)
