from django.core.management.base import BaseCommand

from intake.services import assessments_reindex


class Command(BaseCommand):
    help = (
        "Recompute the exact-match search indexes of contact details under the "
        "current KETACARE_BLIND_INDEX_KEY. Run it after changing that key, once "
        "every worker runs with the new key."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, **options):
        done = assessments_reindex(batch_size=options["batch_size"])
        self.stdout.write(f"Re-indexed {done} assessment(s) under the current key.")
