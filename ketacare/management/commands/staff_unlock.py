from axes.models import AccessAttempt
from django.core.management.base import BaseCommand

from ketacare.signin import username_hash


class Command(BaseCommand):
    help = (
        "Lift a sign-in lockout on a username, from every network. Failed "
        "sign-ins are stored under a keyed hash of the username, so axes' own "
        "axes_reset_username cannot find them by name."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        deleted, _ = AccessAttempt.objects.filter(
            username=username_hash(username)
        ).delete()
        self.stdout.write(f"Cleared {deleted} failed sign-in record(s) for {username}.")
