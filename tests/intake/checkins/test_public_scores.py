"""The curve page after a check-in: the table is the stored scores, one plain
sentence, the warning words when scores rise again, and for a while only."""

import gzip
import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from intake import checkins, curve
from intake.models import TreatmentEvent
from tests.intake.checkins.public_factories import (
    answer_all,
    complete_through_services,
    enrol,
    invite,
    opened,
)

pytestmark = pytest.mark.django_db


def table_rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in cells])
    return rows


@pytest.fixture
def finished(client):
    """A person with one earlier completed check-in who has just done the next."""
    follow_up = enrol()
    first, _ = invite(follow_up, 1)
    complete_through_services(first, 4)
    _second, token = invite(follow_up, 2)
    opened(client, token)
    answer_all(client, phq9_values=(1, 1, 1, 1, 1, 1, 0, 0, 0), gad7_values=(2,) * 7)
    return follow_up


def test_the_table_holds_the_stored_scores(client, finished):
    response = client.get(reverse("check_in:scores"))
    assert response.status_code == 200
    series = checkins.follow_up_series(finished)
    stored = [(series.baseline_phq9, series.baseline_gad7)] + [
        (c.phq9_total, c.gad7_total) for c in series.check_ins
    ]
    shown = [
        (int(row[1].split()[0]), int(row[2].split()[0]))
        for row in table_rows(response.text)
        if row[1][0].isdigit()
    ]
    assert shown == stored


def test_the_table_is_labelled_for_screen_readers(client, finished):
    text = client.get(reverse("check_in:scores")).text
    assert "<caption>" in text
    assert text.count('scope="col"') == 4
    assert 'scope="row"' in text


def test_the_page_says_the_change_in_one_plain_sentence(client, finished):
    baseline = finished.assessment.phq9_total
    text = client.get(reverse("check_in:scores")).text
    assert f"PHQ-9: {baseline} at the start, 6 now" in text


def test_rising_scores_say_to_talk_with_the_clinic_without_a_diagnosis(client):
    follow_up = enrol(phq9={**_phq9_total(20)})
    first, _ = invite(follow_up, 1)
    with time_machine.travel(timezone.now() - timedelta(days=2)):
        complete_through_services(first, 4)
    _second, token = invite(follow_up, 2)
    opened(client, token)
    answer_all(client, phq9_values=(2, 2, 2, 2, 2, 2, 2, 0, 0))
    text = client.get(reverse("check_in:scores")).text
    assert curve.RISING in text
    assert "relapse" not in text.lower()


def test_falling_scores_do_not_warn(client, finished):
    assert curve.RISING not in client.get(reverse("check_in:scores")).text


def test_treatment_events_are_markers_and_table_rows(client):
    follow_up = enrol()
    TreatmentEvent.objects.create(
        assessment=follow_up.assessment,
        kind=TreatmentEvent.Kind.BOOSTER,
        on=timezone.localdate(),
    )
    _check_in, token = invite(follow_up)
    opened(client, token)
    answer_all(client)
    text = client.get(reverse("check_in:scores")).text
    assert "chart__marker" in text
    assert any("Booster session" in row[3] for row in table_rows(text))


def test_a_reported_session_is_on_the_curve(client):
    _check_in, token = invite(enrol())
    opened(client, token)
    answer_all(client, had="yes", on=timezone.localdate())
    text = client.get(reverse("check_in:scores")).text
    assert "Your session" in text
    assert any("Session you reported" in row[3] for row in table_rows(text))


def test_the_page_links_to_how_long_it_lasts_and_boosters(client, finished):
    text = client.get(reverse("check_in:scores")).text
    assert reverse("education:topic-detail", args=["how-long-does-it-last"]) in text
    assert (
        reverse("education:topic-detail", args=["maintenance-and-booster-sessions"])
        in text
    )


def test_the_page_is_printable(client, finished):
    assert "intake-print.css" in client.get(reverse("check_in:scores")).text


def test_the_page_is_under_50_kb_compressed(client, finished):
    content = client.get(reverse("check_in:scores")).content
    assert len(gzip.compress(content)) < 50_000


def test_after_the_result_time_only_that_it_was_sent(client, finished, settings):
    later = timezone.now() + timedelta(seconds=settings.KETACARE_RESULT_SECONDS + 1)
    with time_machine.travel(later):
        response = client.get(reverse("check_in:scores"))
    assert "Your check-in was sent" in response.text
    assert "<table" not in response.text


def test_finish_and_clear_ends_the_session(client, finished):
    response = client.post(reverse("check_in:finish"))
    assert response["Location"] == reverse("check_in:cleared")
    assert client.get(reverse("check_in:scores")).status_code == 404


def test_the_staff_page_can_build_the_same_context(finished):
    context = curve.curve_context(checkins.follow_up_series(finished))
    assert [row.phq9 for row in context["curve_rows"] if row.phq9 is not None] == [
        finished.assessment.phq9_total,
        4,
        6,
    ]


def _phq9_total(total: int) -> dict[str, str]:
    from tests.intake.factories import phq9

    values, left = [], total
    for _ in range(8):
        values.append(min(3, left))
        left -= values[-1]
    return phq9(*values, 0)


def test_the_table_starts_with_the_self_assessment(client, finished):
    first = table_rows(client.get(reverse("check_in:scores")).text)[0]
    assert first[3] == curve.START_LABEL


def test_the_person_reads_plain_words_for_the_lines_and_no_remission(client, finished):
    text = client.get(reverse("check_in:scores")).text
    assert "Below 5: minimal symptoms" in text
    assert "Half of your starting score" in text
    assert "remission" not in text.lower()


def test_staff_keep_the_clinical_names_of_the_lines(finished):
    from django.template.loader import render_to_string

    context = curve.curve_context(checkins.follow_up_series(finished), staff=True)
    html = render_to_string("intake/includes/curve.html", context)
    assert "Remission: PHQ-9 below 5" in html
    assert "called remission" in html


def test_two_check_ins_on_one_day_say_which_one_the_chart_shows(client, finished):
    rows = table_rows(client.get(reverse("check_in:scores")).text)
    earlier, later = (row for row in rows if row[1] in ("4", "6"))
    assert curve.EARLIER_SAME_DAY in earlier[3]
    assert curve.LATER_SAME_DAY in later[3]
    series = checkins.follow_up_series(finished)
    assert [r.phq9 for r in series.course.checkins] == [6]  # the later one
