import io

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Set up the authenticator app (TOTP) that a staff member needs to sign in "
        "to the admin. Prints a QR code to scan, and the setup link."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the user's existing authenticator devices first.",
        )

    def handle(self, *args, username: str, replace: bool, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if not user.is_staff:
            raise CommandError(f"{username!r} is not a staff account.")
        existing = TOTPDevice.objects.filter(user=user)
        if existing.exists() and not replace:
            raise CommandError(
                f"{username!r} already has an authenticator; use --replace to reset it."
            )
        existing.delete()
        device = TOTPDevice.objects.create(user=user, name="Authenticator app")
        qr = qrcode.QRCode(border=1)
        qr.add_data(device.config_url)
        art = io.StringIO()
        qr.print_ascii(out=art, invert=True)
        self.stdout.write(art.getvalue())
        self.stdout.write(f"Setup link (keep it secret): {device.config_url}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Authenticator set up for {username}. Scan the code now."
            )
        )
