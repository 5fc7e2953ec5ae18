from django.core.management.base import BaseCommand

from intake.checkins import check_in_invitations_send


class Command(BaseCommand):
    help = (
        "Send the check-in invitations that are due (run it from a scheduler, "
        "e.g. every 15 minutes; safe to re-run and to run on several servers)."
    )

    def handle(self, *args: object, **options: object) -> None:
        counts = check_in_invitations_send()
        self.stdout.write(
            "check-in invitations: {sent} sent, {failed} failed (will retry), "
            "{skipped} skipped".format(**counts)
        )
