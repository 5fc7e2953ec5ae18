"""`check --deploy` refuses a production configuration without the keys that
protect health data."""

from intake.checks import check_intake_settings

GOOD = {
    "KETACARE_FIELD_KEYS": ["A" * 43 + "="],
    "KETACARE_BLIND_INDEX_KEY": "b" * 40,
    "KETACARE_SITE_URL": "https://clinic.example.org",
    "KETACARE_STAFF_ALERT_EMAIL": ["intake@clinic.example.org"],
    "KETACARE_LICENSED_STATES": ["CA"],
    "KETACARE_REVIEW_SCHEDULE": "mon-fri 09:00-17:00 America/Los_Angeles",
    "KETACARE_LEAD_ALERT_EMAIL": ["leads@clinic.example.org"],
}


def ids(settings, **changes) -> list[str]:
    for key, value in {**GOOD, **changes}.items():
        setattr(settings, key, value)
    return [problem.id for problem in check_intake_settings(None)]


def test_a_complete_configuration_passes(settings):
    assert ids(settings) == []


def test_missing_field_keys_are_an_error(settings):
    assert ids(settings, KETACARE_FIELD_KEYS=[]) == ["intake.E001"]


def test_a_malformed_field_key_is_an_error(settings):
    assert ids(settings, KETACARE_FIELD_KEYS=["not-a-key"]) == ["intake.E001"]


def test_a_short_blind_index_key_is_an_error(settings):
    assert ids(settings, KETACARE_BLIND_INDEX_KEY="short") == ["intake.E002"]


def test_the_site_url_must_be_https(settings):
    assert ids(settings, KETACARE_SITE_URL="http://clinic.example.org") == [
        "intake.E003"
    ]
    assert ids(settings, KETACARE_SITE_URL="") == ["intake.E003"]


def test_no_alert_address_or_states_are_warnings(settings):
    assert ids(
        settings, KETACARE_STAFF_ALERT_EMAIL=[], KETACARE_LICENSED_STATES=[]
    ) == ["intake.W001", "intake.W002"]


def test_the_blind_index_key_must_not_be_the_secret_key(settings):
    settings.SECRET_KEY = "s" * 50
    assert ids(settings, KETACARE_BLIND_INDEX_KEY="s" * 50) == ["intake.E004"]


def test_the_blind_index_key_must_not_be_a_field_key(settings):
    field_key = "A" * 43 + "="
    assert ids(
        settings,
        KETACARE_FIELD_KEYS=["B" * 43 + "=", field_key],
        KETACARE_BLIND_INDEX_KEY=field_key,
    ) == ["intake.E004"]


def test_review_hours_that_do_not_parse_are_an_error(settings):
    assert ids(settings, KETACARE_REVIEW_SCHEDULE="weekdays 9 to 5") == ["intake.E005"]


def test_no_lead_address_for_escalations_is_a_warning(settings):
    assert ids(settings, KETACARE_LEAD_ALERT_EMAIL=[]) == ["intake.W003"]
