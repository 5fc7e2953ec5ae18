"""`check --deploy` refuses a production configuration whose audit key is
missing, short, or shared with another secret."""

from ketacare.checks import check_audit_key, check_database_roles

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


def role_problems(settings, owner: str, name: str | None) -> list[str]:
    settings.KETACARE_DATABASE_OWNER = {**settings.KETACARE_DATABASE_RUNTIME}
    settings.KETACARE_DATABASE_OWNER["USER"] = owner
    settings.KETACARE_DATABASE_OWNER_NAME = name
    return [problem.id for problem in check_database_roles(None)]


def test_two_roles_on_one_database_pass(settings):
    name = settings.DATABASES["default"]["NAME"]
    assert role_problems(settings, "someone_else", name) == []


def test_the_owner_must_be_another_user(settings):
    runtime = settings.KETACARE_DATABASE_RUNTIME["USER"]
    assert role_problems(settings, runtime, None) == ["ketacare.E003"]


def test_the_owner_must_name_the_same_database(settings):
    assert role_problems(settings, "someone_else", "elsewhere") == ["ketacare.E004"]
