from django.core.management.base import BaseCommand, CommandError

from intake.services import (
    assessments_rotate_keys,
    encrypted_values_not_under_newest_key,
)


class Command(BaseCommand):
    help = (
        "Re-encrypt contact details and free text under the newest key, the first "
        "in KETACARE_FIELD_KEYS, then check that every stored value opens with "
        "that key alone. Restart every worker with the new key list first; drop "
        "the older keys only once this reports no value left behind."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check that every value opens with the newest key.",
        )

    def handle(self, *args, **options):
        if not options["check"]:
            done = assessments_rotate_keys(batch_size=options["batch_size"])
            self.stdout.write(
                f"Re-encrypted {done} assessment(s) under the newest key."
            )
        left = encrypted_values_not_under_newest_key()
        if left:
            raise CommandError(
                f"{left} stored value(s) do not open with the newest key. Keep "
                "the old keys. Check that every worker was restarted with the new "
                "KETACARE_FIELD_KEYS, then run this command again."
            )
        self.stdout.write("Every stored value opens with the newest key.")
