"""The whole staff admin works under the Content-Security-Policy, in Chromium.

Signed in with a password and an authenticator code, a superuser opens every
admin list, every add form and one change form per model. The policy is the
public one plus per-response nonces: no page may trip a violation (the browser
reports each one as a console error and as a securitypolicyviolation event),
and no header may carry 'unsafe-inline' or 'unsafe-eval'.
"""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from playwright.sync_api import Page

from education.services import content_load
from intake.models import Assessment
from tests.conftest import give_device
from tests.e2e.helpers import sign_in
from tests.intake.factories import build, phq9
from tests.intake.fixtures import intake_settings  # noqa: F401  (autouse)

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


def admin_pages(user) -> list[str]:
    """Every model's list and add form, and the change form of its first row."""
    request = RequestFactory().get("/admin/")
    request.user = user
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            pages.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    # An assessment's own extra pages: its history, and the erase form.
    assessment = Assessment.objects.order_by("pk").first()
    if assessment is not None:
        for name in ("history", "erase"):
            pages.append(
                reverse(f"admin:intake_assessment_{name}", args=[assessment.pk])
            )
    return pages


@pytest.fixture
def superuser(make_staff_user):
    user = make_staff_user("sam", superuser=True)
    give_device(user)
    return user


@pytest.fixture
def records(db):
    content_load()
    build(phq9=phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))


@pytest.mark.django_db(transaction=True)
def test_every_admin_page_runs_under_the_policy(
    live_server, page: Page, superuser, records
):
    page.add_init_script(WATCH_VIOLATIONS)
    base = live_server.url
    sign_in(page, base, superuser.totpdevice_set.get())

    pages = admin_pages(superuser)
    assert len(pages) > 15
    for path in pages:
        response = page.goto(base + path)
        assert response is not None, path
        assert response.status == 200, path
        policy = response.headers["content-security-policy"]
        assert "unsafe-inline" not in policy, path
        assert "unsafe-eval" not in policy, path
        assert "script-src 'self'" in policy, path
        violations = page.evaluate("() => window.__violations")
        assert violations == [], (path, violations)
        assert page.js_errors == [], (path, page.js_errors)
