"""Fixtures shared by the intake tests and the intake browser tests."""

import pytest

from tests.intake.factories import LICENSED


@pytest.fixture(autouse=True)
def intake_settings(settings):
    """Known settings for every intake test, whatever the environment says."""
    settings.KETACARE_LICENSED_STATES = LICENSED
    settings.KETACARE_STAFF_ALERT_EMAIL = ["alerts@clinic.example"]
    settings.KETACARE_SITE_URL = "https://clinic.example"
    settings.KETACARE_START_LIMIT = 1000
    return settings
