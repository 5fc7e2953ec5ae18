"""Contact details and free text are encrypted at rest; keys rotate."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from intake import crypto
from intake.models import Assessment
from tests.intake import factories

pytestmark = pytest.mark.django_db

SECRETS = ["Ada Lovelace", "ada@example.org", "(555) 123-4567", "Getting back to work"]


def raw_row(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contact_name, contact_email, contact_phone, hopes, answers::text, "
            "name_index, email_index, phone_index FROM intake_assessment WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


def test_a_raw_sql_read_shows_no_plaintext_contact_details_or_free_text(client):
    factories.submit(client)
    assessment = Assessment.objects.get()
    row = raw_row(assessment.pk)
    stored = " ".join(row)
    # Fragments long enough, or with characters (spaces, "@") that base64 and
    # hex never produce, not to turn up in random ciphertext by chance: "ada"
    # alone would, in about one run in fifty.
    for secret in [*SECRETS, "Lovelace", "5551234567", "back to work"]:
        assert secret.lower() not in stored.lower(), secret
    assert all(value.startswith("gAAAAA") for value in row[:4])  # Fernet tokens


def test_the_application_reads_the_plaintext_back(client):
    factories.submit(client)
    assessment = Assessment.objects.get()
    assert assessment.contact_name == "Ada Lovelace"
    assert assessment.contact_email == "ada@example.org"  # normalised
    assert assessment.hopes == "Getting back to work"


def test_the_same_value_encrypts_differently_each_time():
    assert crypto.encrypt("same") != crypto.encrypt("same")


def test_exact_email_phone_and_name_searches_match_through_blind_indexes(client):
    factories.submit(client)
    assessment = Assessment.objects.get()
    for query in (
        "ADA@example.org ",
        "555-123-4567",
        "+1 (555) 123 4567",
        "ada  lovelace",
    ):
        assert list(Assessment.objects.matching_contact(query)) == [assessment], query
    for query in ("ada@example.com", "555-123-4568", "Ada", ""):
        assert not Assessment.objects.matching_contact(query).exists(), query


def test_blind_indexes_depend_on_a_secret_key(settings):
    before = crypto.email_index("ada@example.org")
    settings.KETACARE_BLIND_INDEX_KEY = "another-secret-" + "z" * 40
    assert crypto.email_index("ada@example.org") != before


def test_a_missing_key_is_a_clear_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.KETACARE_FIELD_KEYS = []
    with pytest.raises(ImproperlyConfigured, match="KETACARE_FIELD_KEYS is not set"):
        crypto.encrypt("x")


def test_rotation_re_encrypts_everything_under_the_newest_key(client, settings):
    old_key = settings.KETACARE_FIELD_KEYS[0]
    factories.submit(client)
    pk = Assessment.objects.get().pk
    new_key = Fernet.generate_key().decode()
    settings.KETACARE_FIELD_KEYS = [new_key, old_key]

    call_command("intake_rotate_keys")

    newest_only = Fernet(new_key)
    row = raw_row(pk)
    assert [newest_only.decrypt(value.encode()).decode() for value in row[:4]] == [
        "Ada Lovelace",
        "ada@example.org",
        "(555) 123-4567",
        "Getting back to work",
    ]
    settings.KETACARE_FIELD_KEYS = [new_key]  # the old key can now be dropped
    assert Assessment.objects.get().contact_name == "Ada Lovelace"


def test_values_under_an_old_key_still_decrypt_before_rotation(client, settings):
    old_key = settings.KETACARE_FIELD_KEYS[0]
    factories.submit(client)
    settings.KETACARE_FIELD_KEYS = [Fernet.generate_key().decode(), old_key]
    assert Assessment.objects.get().contact_email == "ada@example.org"


def test_a_value_under_an_unknown_key_fails_loudly_without_revealing_it(
    client, settings
):
    factories.submit(client)
    settings.KETACARE_FIELD_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(crypto.DecryptionError) as error:
        Assessment.objects.get()
    assert "ada" not in str(error.value).lower()


def test_rotation_reports_how_many_assessments_it_re_encrypted(client, capsys):
    factories.submit(client)
    call_command("intake_rotate_keys")
    assert "Re-encrypted 1 assessment(s)" in capsys.readouterr().out


def test_a_later_step_leaves_stored_contact_details_untouched(client):
    # Going back to change an answer neither decrypts nor re-encrypts the
    # contact details: their stored ciphertext stays exactly as it was.
    factories.complete(client)
    assessment = Assessment.objects.get()
    before = raw_row(assessment.pk)[:4]
    posts = factories.valid_posts(phq9=factories.phq9(2, 2, 2, 2, 2, 2, 2, 2, 0))
    assert factories.answer(client, "phq9", posts["phq9"]).status_code == 302
    assessment.refresh_from_db()
    assert assessment.phq9_total == 16
    assert raw_row(assessment.pk)[:4] == before
    assert assessment.contact_name == "Ada Lovelace"


def test_the_rotation_check_finds_values_left_under_an_old_key(client, settings):
    old_key = settings.KETACARE_FIELD_KEYS[0]
    factories.submit(client)
    settings.KETACARE_FIELD_KEYS = [Fernet.generate_key().decode(), old_key]
    with pytest.raises(CommandError, match="4 stored value"):
        call_command("intake_rotate_keys", "--check")
    call_command("intake_rotate_keys")  # re-encrypts, then checks: passes


def test_a_value_written_under_an_old_key_after_rotation_is_caught(client, settings):
    # A worker not restarted still encrypts with the old list, newest first.
    old_key = settings.KETACARE_FIELD_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.KETACARE_FIELD_KEYS = [new_key, old_key]
    factories.submit(client)
    call_command("intake_rotate_keys")
    settings.KETACARE_FIELD_KEYS = [old_key]
    factories.submit(Client(REMOTE_ADDR="203.0.113.3"))
    settings.KETACARE_FIELD_KEYS = [new_key, old_key]
    with pytest.raises(CommandError, match="do not open with the newest key"):
        call_command("intake_rotate_keys", "--check")


def test_reindex_makes_contact_search_work_under_a_new_index_key(client, settings):
    factories.submit(client)
    assessment = Assessment.objects.get()
    settings.KETACARE_BLIND_INDEX_KEY = "rotated-index-key-" + "r" * 40
    assert not Assessment.objects.matching_contact("ada@example.org").exists()
    call_command("intake_reindex")
    for query in ("ada@example.org", "555-123-4567", "Ada Lovelace"):
        assert list(Assessment.objects.matching_contact(query)) == [assessment]
