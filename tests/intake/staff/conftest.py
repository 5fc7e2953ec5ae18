"""Staff accounts in each role, and a few assessments to work on."""

import pytest
from django.test import Client

from tests.intake.factories import build, phq9

REVIEWER = "Intake reviewer"
LEAD = "Intake lead"
EDITOR = "Content editor"
ITEM9_POSITIVE = phq9(0, 0, 0, 0, 0, 0, 0, 0, 2)


@pytest.fixture
def reviewer(make_staff_user):
    return make_staff_user("rita", REVIEWER)


@pytest.fixture
def lead(make_staff_user):
    return make_staff_user("leo", LEAD)


@pytest.fixture
def editor(make_staff_user):
    return make_staff_user("eddie", EDITOR)


@pytest.fixture
def as_reviewer(reviewer, staff_client) -> Client:
    return staff_client(reviewer)


@pytest.fixture
def as_lead(lead, staff_client) -> Client:
    return staff_client(lead)


@pytest.fixture
def urgent():
    """Submitted, PHQ-9 item 9 positive ("More than half the days")."""
    return build(phq9=ITEM9_POSITIVE)


@pytest.fixture
def routine():
    """Submitted, likely suitable, not urgent."""
    return build()
