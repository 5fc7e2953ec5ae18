"""Check-ins in the CSV export: a second table after the assessments, one row
per completed check-in, with the stored scores and flags and never contact
details."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from intake.exports.csv_rows import assessments_csv
from intake.models import CheckIn
from tests.intake.factories import build, gad7, phq9
from tests.intake.staff.test_csv import CONTACT, QUEUE, WITHOUT_CONTACT
from tests.intake.staff.test_fhir_check_ins import complete, enrol, later, make_series

pytestmark = pytest.mark.django_db
CHECK_IN_COLUMNS = [
    "assessment_id",
    "check_in",
    "due_on",
    "completed_at",
    "phq9_total",
    "phq9_band",
    "gad7_total",
    "gad7_band",
    "urgent",
    "item9_positive",
    "early_warning",
    "possible_relapse",
    "had_session",
    "session_on",
]


@pytest.fixture
def series(routine):
    """The routine assessment with two completed check-ins and one open."""
    completed, still_open = make_series(routine)
    return routine, completed, still_open


def download(client, *assessments) -> str:
    response = client.post(
        QUEUE,
        {"action": "export_csv", ACTION_CHECKBOX_NAME: [a.pk for a in assessments]},
    )
    assert response.status_code == 200
    return response.content.decode("utf-8").removeprefix("\ufeff")


def tables(text: str) -> list[list[dict[str, str]]]:
    """The CSV's tables, each read by its own header row."""
    return [
        list(csv.DictReader(io.StringIO(part)))
        for part in text.split("\r\n\r\n")
        if part
    ]


def check_in_table(client, *assessments) -> list[dict[str, str]]:
    [_, check_ins] = tables(download(client, *assessments))
    return check_ins


def test_there_is_one_row_per_completed_check_in(as_reviewer, series):
    assessment, completed, _ = series
    rows = check_in_table(as_reviewer, assessment)
    assert [(r["assessment_id"], r["check_in"]) for r in rows] == [
        (str(assessment.pk), str(c.sequence)) for c in completed
    ]


def test_an_open_check_in_is_not_exported(as_reviewer, series):
    assessment, _, still_open = series
    rows = check_in_table(as_reviewer, assessment)
    assert str(still_open.sequence) not in [r["check_in"] for r in rows]


def test_check_in_rows_carry_the_stored_scores(as_reviewer, series):
    assessment, completed, _ = series
    rows = check_in_table(as_reviewer, assessment)
    assert [(r["phq9_total"], r["gad7_total"]) for r in rows] == [
        (str(c.phq9_total), str(c.gad7_total)) for c in completed
    ]
    assert [(r["phq9_band"], r["gad7_band"]) for r in rows] == [
        ("mild", "mild"),
        ("minimal", "minimal"),
    ]


def test_check_in_rows_carry_the_completion_and_due_dates(as_reviewer, series):
    assessment, completed, _ = series
    rows = check_in_table(as_reviewer, assessment)
    assert [r["completed_at"] for r in rows] == [
        c.completed_at.isoformat(timespec="seconds") for c in completed
    ]
    assert [r["due_on"] for r in rows] == [c.due_on.isoformat() for c in completed]


def test_check_in_rows_carry_the_stored_flags(as_reviewer, series):
    assessment, [first, second], _ = series
    CheckIn.objects.filter(pk=first.pk).update(urgent=True, item9_positive=True)
    CheckIn.objects.filter(pk=second.pk).update(
        early_warning=True, possible_relapse=True
    )
    rows = check_in_table(as_reviewer, assessment)
    flags = ["urgent", "item9_positive", "early_warning", "possible_relapse"]
    assert [[r[f] for f in flags] for r in rows] == [
        ["yes", "yes", "no", "no"],
        ["no", "no", "yes", "yes"],
    ]


def test_the_check_in_table_has_its_own_header(as_reviewer, series):
    assessment, _, _ = series
    rows = check_in_table(as_reviewer, assessment)
    assert list(rows[0]) == CHECK_IN_COLUMNS


def test_the_assessment_table_keeps_its_columns_when_there_are_check_ins(
    as_reviewer, series
):
    assessment, _, _ = series
    [[row], _] = tables(download(as_reviewer, assessment))
    assert list(row) == WITHOUT_CONTACT
    assert row["id"] == str(assessment.pk)


def test_a_reviewers_export_with_check_ins_has_no_contact_details(as_reviewer, series):
    assessment, _, _ = series
    text = download(as_reviewer, assessment)
    for table in tables(text):
        assert not set(CONTACT) & set(table[0])
    assert "example.org" not in text.lower()
    assert "Lovelace" not in text


def test_a_lead_gets_contact_details_in_the_assessment_table_only(as_lead, series):
    assessment, _, _ = series
    [[row], check_ins] = tables(download(as_lead, assessment))
    assert list(row) == WITHOUT_CONTACT + CONTACT
    assert list(check_ins[0]) == CHECK_IN_COLUMNS


def test_without_completed_check_ins_there_is_no_second_table(as_reviewer, routine):
    follow_up = enrol(routine)
    assert follow_up.check_ins.exists()
    [[row]] = tables(download(as_reviewer, routine))
    assert row["id"] == str(routine.pk)


def test_check_ins_follow_the_order_of_the_assessments(series):
    assessment, completed, _ = series
    other = build()
    done = complete(
        enrol(other),
        1,
        at=later(3),
        phq9_data=phq9(),
        gad7_data=gad7(),
    )
    _, check_ins = tables(assessments_csv([other, assessment], include_contact=False))
    assert [(r["assessment_id"], r["check_in"]) for r in check_ins] == [
        (str(other.pk), str(done.sequence))
    ] + [(str(assessment.pk), str(c.sequence)) for c in completed]


def test_check_ins_are_read_in_one_query_for_the_whole_export(
    series, django_assert_num_queries
):
    assessment, _, _ = series
    others = [build(), build()]
    complete(
        enrol(others[0]),
        1,
        at=later(2) + timedelta(hours=3),
        phq9_data=phq9(),
        gad7_data=gad7(),
    )
    with django_assert_num_queries(1):
        assessments_csv([assessment, *others], include_contact=False)
