"""`check --deploy` refuses a production configuration whose audit key is
missing, short, or shared with another secret."""

from ketacare.checks import check_audit_key

AUDIT_KEY = "audit-" + "k" * 40


def ids(settings, key: str) -> list[str]:
    settings.KETACARE_AUDIT_KEY = key
    return [problem.id for problem in check_audit_key(None)]


def test_a_separate_long_key_passes(settings):
    assert ids(settings, AUDIT_KEY) == []


def test_a_missing_or_short_key_is_an_error(settings):
    assert ids(settings, "") == ["ketacare.E001"]
    assert ids(settings, "short") == ["ketacare.E001"]


def test_reusing_the_secret_key_is_an_error(settings):
    assert ids(settings, settings.SECRET_KEY) == ["ketacare.E002"]


def test_reusing_the_blind_index_key_is_an_error(settings):
    assert ids(settings, settings.KETACARE_BLIND_INDEX_KEY) == ["ketacare.E002"]
