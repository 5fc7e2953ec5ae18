from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Self-assessments")

    def ready(self) -> None:
        # The deploy checks, and the triage queue in the admin (intake.staff.admin).
        from intake import checks  # noqa: F401
        from intake.staff import admin  # noqa: F401
