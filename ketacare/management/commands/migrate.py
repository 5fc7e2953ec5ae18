from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS

from ketacare import db_roles


class Command(migrate.Command):
    help = (
        "Django's migrate, run as the owner role when one is configured "
        "(DATABASE_OWNER_URL, or the embedded server), followed by the runtime "
        "role's privileges (see `manage.py db_roles`)."
    )

    def execute(self, *args, **options):
        # The system checks connect too, before handle(), and the runtime role
        # may not exist yet.
        with db_roles.as_owner(options.get("database", DEFAULT_DB_ALIAS)):
            return super().execute(*args, **options)

    def handle(self, *args, **options):
        super().handle(*args, **options)
        if db_roles.split() and not (options["plan"] or options["check_unapplied"]):
            db_roles.runtime_role_grant(options["database"])
