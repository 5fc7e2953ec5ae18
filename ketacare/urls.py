from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.generic import TemplateView

from ketacare.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(
        "help-now/",
        TemplateView.as_view(template_name="help_now.html"),
        name="help-now",
    ),
    path(
        "privacy/", TemplateView.as_view(template_name="privacy.html"), name="privacy"
    ),
    path("admin/", admin.site.urls),
    path("assessment/", include("intake.public.urls")),
    path("check-in/", include("intake.public.checkin_urls")),
    path("", include("education.urls")),
]

if settings.KETACARE_BENCH:
    # The floor of the stack for `make bench`: every middleware, no view work.
    urlpatterns.append(
        path("bench/bare", lambda request: HttpResponse("ok"), name="bench-bare")
    )

handler500 = "ketacare.views.server_error"
