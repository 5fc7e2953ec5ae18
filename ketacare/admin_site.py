"""The staff admin: a password plus a code from an authenticator app.

django-otp's own admin login asks for the password first and the device second;
staff here type both at once. With KETACARE_REQUIRE_2FA off (development only),
the code field is not shown and a password is enough.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user


class StaffLoginForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        max_length=8,
        required=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
            }
        ),
    )

    # One answer for every failure, so the form never confirms that a password
    # was right (or that an account exists, is staff, or has an app set up).
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Sign-in failed. Check your username, password and the code your "
            "authenticator app shows now (it changes every 30 seconds). No app "
            "set up yet? Ask a clinic administrator."
        ),
    }

    def __init__(self, request: HttpRequest | None = None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        if not settings.KETACARE_REQUIRE_2FA:
            del self.fields["otp_token"]

    def refuse(self, user) -> None:
        """Count a failure the password check did not see, then refuse."""
        user_login_failed.send(
            sender=__name__,
            credentials={user.USERNAME_FIELD: user.get_username()},
            request=self.request,
        )
        raise self.get_invalid_login_error()

    def confirm_login_allowed(self, user) -> None:
        try:
            super().confirm_login_allowed(user)
        except forms.ValidationError:
            self.refuse(user)

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is None or not settings.KETACARE_REQUIRE_2FA:
            return cleaned
        token = "".join(cleaned.get("otp_token", "").split())
        for device in devices_for_user(user, confirmed=True):
            # verify_token refuses by itself while the device is throttled.
            if device.verify_token(token):
                # django-otp's login signal stores the verified device in the
                # session when the admin logs the user in.
                user.otp_device = device
                return cleaned
        # A wrong or missing code, or no app at all: a failed sign-in like a
        # wrong password, and the same message.
        self.refuse(user)


class KetaCareAdminSite(admin.AdminSite):
    site_header = _("KetaCare staff")
    site_title = _("KetaCare staff")
    index_title = _("Work queue and content")
    login_form = StaffLoginForm
    login_template = "admin/ketacare_login.html"

    def login(self, request: HttpRequest, extra_context: dict | None = None):
        idle_minutes = settings.KETACARE_STAFF_IDLE_SECONDS // 60
        return super().login(
            request, {"idle_minutes": idle_minutes, **(extra_context or {})}
        )

    def get_urls(self):
        from django.urls import path

        # Imported here: intake's admin modules import this one.
        from intake.staff.dashboard import dashboard_view

        return [
            path(
                "dashboard/",
                self.admin_view(dashboard_view),
                name="intake_dashboard",
            ),
            *super().get_urls(),
        ]

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        if settings.KETACARE_REQUIRE_2FA:
            return request.user.is_verified()
        return True


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in: a plain page, HTTP 429."""
    context = {
        "minutes": round(settings.AXES_COOLOFF_TIME * 60),
        "site_header": KetaCareAdminSite.site_header,
        "site_title": KetaCareAdminSite.site_title,
    }
    return render(request, "admin/lockout.html", context, status=429)
