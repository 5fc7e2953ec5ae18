import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ketacare.audit_chain import SEALED_FIELDS, Break, chain_breaks
from ketacare.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain: report every changed, deleted or "
        "out-of-order row by id and exit 1; exit 0 when the chain is intact. "
        "With --against, also check that every row in an audit_export file is "
        "still in the database unchanged (this catches rows removed from the end)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--against",
            type=Path,
            metavar="FILE",
            help="a JSON-lines file written by audit_export",
        )

    def handle(self, *args, against: Path | None, **options):
        rows = (
            AuditEvent.objects.order_by("id")
            .values("id", "prev_hash", "chain_hash", *SEALED_FIELDS)
            .iterator(chunk_size=2000)
        )
        count = 0
        breaks: list[Break] = []

        def counted():
            nonlocal count
            for row in rows:
                count += 1
                yield row

        breaks.extend(chain_breaks(counted()))
        if against is not None:
            breaks.extend(self.compare_with_export(against))
        for found in breaks:
            self.stderr.write(str(found))
        if breaks:
            raise CommandError(
                f"The audit trail fails verification: {len(breaks)} problem(s) "
                f"in {count} row(s)."
            )
        self.stdout.write(f"Audit chain intact: {count} row(s).")

    def compare_with_export(self, path: Path) -> list[Break]:
        exported: dict[int, str] = {}
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    row = json.loads(line)
                    exported[int(row["id"])] = row["chain_hash"]
        problems = []
        ids = sorted(exported)
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            stored = dict(
                AuditEvent.objects.filter(pk__in=chunk).values_list("id", "chain_hash")
            )
            for row_id in chunk:
                if row_id not in stored:
                    problems.append(
                        Break(row_id, "is in the export but not in the database")
                    )
                elif stored[row_id] != exported[row_id]:
                    problems.append(Break(row_id, "differs from its exported copy"))
        return problems
