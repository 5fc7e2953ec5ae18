import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

DEV_USERNAME = "dev"


class Command(BaseCommand):
    help = (
        "Development server: apply migrations, load the education content, "
        "create a one-time admin login, and serve the site."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options):
        if not settings.DEBUG:
            raise CommandError(
                "`manage.py dev` is for development: set DJANGO_DEBUG=1."
            )
        if os.environ.get("DATABASE_URL"):
            # It migrates and makes a superuser with a printed password: never
            # on a database server, which may well be production's.
            raise CommandError(
                "`manage.py dev` runs on its own embedded database only: unset "
                "DATABASE_URL (it points at a database server)."
            )
        # The autoreloader re-runs this command in a child process on every code
        # change; only the first run sets things up.
        if os.environ.get("RUN_MAIN") != "true":
            self.prepare(addrport)
        call_command("runserver", addrport)

    def prepare(self, addrport: str) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_content", verbosity=1)
        password = self.reset_dev_login()
        url = f"http://{addrport}/"
        if settings.KETACARE_REQUIRE_2FA:
            second_factor = (
                "  Two-factor sign-in is on: set up a code with "
                f"`manage.py staff_totp {DEV_USERNAME}`\n"
            )
        else:
            second_factor = (
                "  (a development-only login without two-factor authentication; "
                "a new password is printed on every start)\n"
            )
        self.stdout.write(
            self.style.SUCCESS(f"\nKetaCare is starting at {url}\n")
            + f"  Staff admin: {url}admin/  user '{DEV_USERNAME}', "
            f"password '{password}'\n"
            + second_factor
            + "  Stop with Ctrl-C: the server and the embedded database both stop.\n"
        )

    def reset_dev_login(self) -> str:
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(username=DEV_USERNAME)
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        return password
