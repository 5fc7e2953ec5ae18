from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ketacare import db_roles


class Command(BaseCommand):
    help = (
        "Create the runtime database role if it is missing and set its privileges: "
        "SELECT and INSERT only on the audit and history tables, read and write on "
        "the rest. Idempotent; `manage.py migrate` runs it after every migration."
    )
    # The runtime role may not exist yet: nothing may connect as it first.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database: str, **options):
        if not db_roles.split():
            raise CommandError(
                "One database role is configured: set DATABASE_OWNER_URL (the role "
                "that owns the tables) beside DATABASE_URL (the site's role)."
            )
        with db_roles.as_owner(database):
            try:
                db_roles.runtime_role_grant(database)
            except ValueError as problem:
                raise CommandError(str(problem)) from None
        runtime = settings.KETACARE_DATABASE_RUNTIME["USER"]
        self.stdout.write(
            f"Runtime role {runtime}: SELECT and INSERT on "
            + ", ".join(db_roles.protected_tables())
            + "; read and write on the other tables."
        )
