from django.core.management.base import BaseCommand, CommandError

from intake.alerts import staff_alerts_retry
from intake.escalation import escalations_send


class Command(BaseCommand):
    help = (
        "Send one email for every urgent-assessment staff alert not sent yet "
        "(held back by KETACARE_ALERT_INTERVAL_SECONDS, failed or interrupted), "
        "then escalate urgent records nobody has opened to the leads. "
        "Safe to run often, e.g. every minute or two."
    )

    def handle(self, *args, **options):
        counts = staff_alerts_retry()
        self.stdout.write(
            f"Staff alerts sent: {counts['sent']}; "
            f"waiting for the alert interval: {counts['waiting']}; "
            f"still not sent: {counts['not_sent']}."
        )
        escalated = escalations_send()
        self.stdout.write(
            f"Escalations to the leads sent: {escalated['sent']}; "
            f"still not sent: {escalated['not_sent']}."
        )
        if counts["not_sent"]:
            # A non-zero exit lets cron or a monitor notice lasting failures.
            raise CommandError(
                f"{counts['not_sent']} staff alert(s) could not be sent; see the log."
            )
