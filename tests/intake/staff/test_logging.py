"""Nothing identifying or clinical reaches the logs while a person fills in the
assessment and staff view, search, note, change and export it.

Two kinds of log are checked: everything Python logs (every logger, DEBUG and
up), and the access log gunicorn would write for each request, made with
gunicorn's own formatter and the project's format from the real WSGI environ
(request line, query string and referrer included).
"""

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from gunicorn.config import Config
from gunicorn.glogging import Logger

from intake.models import Assessment
from tests.intake import factories
from tests.intake.factories import phq9, valid_posts
from tests.intake.staff.conftest import LEAD

CANARIES = {
    "name": "Zebulon Canarywood",
    "email": "canary.zebulon@example.net",
    "phone": "+1 555 010 9876",
    "hopes": "canary-hopes-7b1f",
    "note": "canary-note-5e2b Said they felt unsafe last night",
}


class AccessLog:
    """Formats one gunicorn access-log line per request a test client makes."""

    def __init__(self) -> None:
        self.config = Config()
        self.logger = Logger(self.config)
        self.lines: list[str] = []

    def attach(self, client: Client) -> Client:
        handler = client.handler

        def logged(environ):
            response = handler(environ)
            self.lines.append(self.line(environ, response))
            return response

        client.handler = logged
        return client

    def line(self, environ, response) -> str:
        query = environ.get("QUERY_STRING", "")
        environ = {
            **environ,
            "RAW_URI": environ["PATH_INFO"] + (f"?{query}" if query else ""),
            "SERVER_PROTOCOL": "HTTP/1.1",
        }
        shim = SimpleNamespace(
            status=f"{response.status_code} {response.reason_phrase}",
            headers=list(response.items()),
            sent=len(getattr(response, "content", b"")),
        )
        headers = [
            (key[5:].replace("_", "-"), value)
            for key, value in environ.items()
            if key.startswith("HTTP_")
        ]
        atoms = self.logger.atoms(shim, headers, environ, timedelta(milliseconds=5))
        return self.config.access_log_format % self.logger.atoms_wrapper_class(atoms)


@pytest.mark.django_db(transaction=True)
def test_no_canary_reaches_any_log(caplog, make_staff_user, staff_client):
    access = AccessLog()
    person = access.attach(Client())
    details = {
        **valid_posts()["details"],
        **{key: CANARIES[key] for key in ("name", "email", "phone")},
    }
    goals = {**valid_posts()["goals"], "hopes": CANARIES["hopes"]}
    queue = reverse("admin:intake_assessment_changelist")

    with caplog.at_level(logging.DEBUG):
        factories.submit(
            person, details=details, goals=goals, phq9=phq9(3, 3, 3, 3, 3, 3, 3, 3, 3)
        )
        person.get(reverse("intake:result"))
        assessment = Assessment.objects.get()
        detail = reverse("admin:intake_assessment_change", args=[assessment.pk])

        staff = access.attach(staff_client(make_staff_user("leo", LEAD)))
        staff.get(reverse("admin:index"))
        staff.get(queue)
        staff.post(
            reverse("admin:intake_assessment_search"),
            {"q": CANARIES["email"]},
            follow=True,
            HTTP_REFERER="http://testserver" + queue,
        )
        staff.get(detail)
        staff.post(
            detail,
            {"review_status": "contacted", "note": CANARIES["note"]},
            follow=True,
            HTTP_REFERER="http://testserver" + detail,
        )
        staff.get(detail)
        staff.post(
            queue, {"action": "export_csv", ACTION_CHECKBOX_NAME: [assessment.pk]}
        )
        staff.post(reverse("admin:intake_assessment_fhir", args=[assessment.pk]))

    assessment.refresh_from_db()
    assert assessment.notes.get().text == CANARIES["note"]  # the flow really ran
    assert any("/admin/intake/assessment/" in line for line in access.lines)
    assert any(
        '"POST /admin/intake/assessment/search/ HTTP/1.1" 302' in line
        for line in access.lines
    )
    assert caplog.records  # the logs did capture something

    logged = (caplog.text + "\n".join(access.lines)).lower()
    for canary in [
        *CANARIES.values(),
        "zebulon",
        "canarywood",
        "0109876",
        "5550109876",
    ]:
        assert canary.lower() not in logged, canary
    assert "item 9" not in logged
    assert "suicid" not in logged
