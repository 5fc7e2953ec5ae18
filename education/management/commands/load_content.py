from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from education.content_files import CONTENT_DIR, ContentError
from education.models import FaqEntry, TopicPage
from education.services import LoadAction, content_load


class Command(BaseCommand):
    help = (
        "Load the education content files (education/content/) into the database. "
        "Safe to repeat: creates what is missing, updates what nobody has edited, "
        "and keeps changes made in the admin unless --force is given. Never signs "
        "anything off: shipped text is not yet reviewed by this clinic."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite rows an editor has changed with the file's version.",
        )
        parser.add_argument(
            "--directory",
            type=Path,
            default=CONTENT_DIR,
            help="Where the content files are (default: education/content).",
        )

    def handle(self, *args, force: bool, directory: Path, verbosity: int, **options):
        try:
            results = content_load(directory=directory, force=force)
        except ContentError as error:
            raise CommandError(f"Content not loaded: {error}") from error
        for result in results:
            if result.action is LoadAction.UNCHANGED and verbosity < 2:
                continue
            line = f"{result.action:<9} {result.kind:<9} {result.slug}"
            if result.action is LoadAction.KEPT:
                line += "  (edited in the admin; --force to overwrite)"
                self.stdout.write(self.style.WARNING(line))
            else:
                self.stdout.write(line)
        counts = Counter(result.action for result in results)
        if verbosity >= 1:
            self.stdout.write(
                "Education content: "
                + ", ".join(f"{counts[action]} {action}" for action in LoadAction)
            )
            self.stdout.write(self._review_line())

    def _review_line(self) -> str:
        """How much published text this clinic's clinician has not signed off."""
        counts = [
            f"{model.objects.published().needing_review().count()} of "
            f"{model.objects.published().count()} {model._meta.verbose_name_plural}"
            for model in (TopicPage, FaqEntry)
        ]
        return (
            "Not clinically reviewed by this clinic (never signed off, changed "
            f"since, or overdue): {'; '.join(counts)}."
        )
