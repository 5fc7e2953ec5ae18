from django.conf import settings
from django.core.management.base import BaseCommand

from intake.services import assessments_purge


class Command(BaseCommand):
    help = (
        "Delete self-assessments past their retention: drafts after "
        "KETACARE_DRAFT_RETENTION_DAYS, urgent drafts (once their staff alert is "
        "sent) after KETACARE_URGENT_DRAFT_RETENTION_DAYS, submitted ones after "
        "KETACARE_SUBMITTED_RETENTION_DAYS. Run it daily."
    )

    def handle(self, *args, **options):
        counts = assessments_purge()
        self.stdout.write(
            f"Deleted {counts['drafts']} draft(s) older than "
            f"{settings.KETACARE_DRAFT_RETENTION_DAYS} days, "
            f"{counts['urgent_drafts']} urgent draft(s) older than "
            f"{settings.KETACARE_URGENT_DRAFT_RETENTION_DAYS} days, "
            f"{counts['submitted']} submitted assessment(s) older than "
            f"{settings.KETACARE_SUBMITTED_RETENTION_DAYS} days."
        )
