from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Self-assessments")

    def ready(self) -> None:
        from intake import checks  # noqa: F401 - registers the deploy checks
