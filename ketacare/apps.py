from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class KetacareConfig(AppConfig):
    name = "ketacare"
    verbose_name = "KetaCare"

    def ready(self) -> None:
        from django.contrib.auth import signals

        from ketacare import auth_events, checks  # noqa: F401 (registers checks)

        signals.user_logged_in.connect(auth_events.logged_in, dispatch_uid="audit-in")
        signals.user_logged_out.connect(
            auth_events.logged_out, dispatch_uid="audit-out"
        )
        signals.user_login_failed.connect(
            auth_events.login_failed, dispatch_uid="audit-failed"
        )


class KetacareAdminConfig(admin_apps.AdminConfig):
    """The admin, with KetaCare's site (two-factor login) as the default site."""

    default = False
    default_site = "ketacare.admin_site.KetaCareAdminSite"
