"""Nothing identifying or clinical reaches the application logs."""

import logging

import pytest
from django.test import Client

from tests.intake import factories
from tests.intake.factories import phq9, valid_posts

CANARIES = {
    "name": "Zebulon Canarywood",
    "email": "canary.zebulon@example.net",
    "phone": "+1 555 010 9876",
    "hopes": "canary-hopes-7b1f",
}


@pytest.mark.django_db(transaction=True)
def test_a_whole_urgent_assessment_leaves_no_canary_in_the_logs(caplog):
    details = {
        **valid_posts()["details"],
        **{k: CANARIES[k] for k in ("name", "email", "phone")},
    }
    goals = {**valid_posts()["goals"], "hopes": CANARIES["hopes"]}
    client = Client()
    with caplog.at_level(logging.DEBUG):
        factories.submit(
            client, details=details, goals=goals, phq9=phq9(3, 3, 3, 3, 3, 3, 3, 3, 3)
        )
        client.get("/assessment/result/")
        # A honeypot hit and a form error are logged or handled too.
        client.post(factories.url("about"), {"website": CANARIES["hopes"]})
    logged = caplog.text.lower()
    assert "staff alert" in logged  # the logs do say what happened...
    for canary in [*CANARIES.values(), "zebulon", "0109876"]:
        assert canary.lower() not in logged  # ...but never about whom
    assert "item 9" not in logged
    assert "suicid" not in logged
