from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS

from ketacare import db_roles


class Command(flush.Command):
    help = (
        "Django's flush, run as the owner role when one is configured: the "
        "runtime role may not empty the audit and history tables."
    )

    def execute(self, *args, **options):
        with db_roles.as_owner(options.get("database", DEFAULT_DB_ALIAS)):
            return super().execute(*args, **options)
