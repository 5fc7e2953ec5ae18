from django.core.management.base import BaseCommand

from intake.services import assessments_rotate_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt contact details and free text under the newest key, the first "
        "in KETACARE_FIELD_KEYS. Afterwards the older keys can be removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, **options):
        done = assessments_rotate_keys(batch_size=options["batch_size"])
        self.stdout.write(f"Re-encrypted {done} assessment(s) under the newest key.")
