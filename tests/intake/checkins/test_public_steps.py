"""The check-in's pages: agreeing, the PHQ-9, then the GAD-7 with the session
question. Post-redirect-get, nothing lost on refresh or a second submit, no
token or answer in any address."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from intake.checkins import SESSION_KEY
from intake.domain.instruments import GAD7, PHQ9
from intake.domain.states import OUTSIDE_US
from intake.models import CheckIn, StaffAlert
from intake.public.checkin_views import RESULT_KEY
from tests.intake.checkins.public_factories import (
    answer_all,
    enrol,
    invite,
    opened,
    session_post,
)
from tests.intake.factories import gad7, phq9

pytestmark = pytest.mark.django_db


@pytest.fixture
def check_in(client):
    check_in, token = invite(enrol())
    opened(client, token)
    return check_in


def test_the_first_check_in_asks_to_agree_in_plain_words(client):
    _check_in, token = invite(enrol())
    opened(client, token, agree=False)
    response = client.get(reverse("check_in:consent"))
    assert response.status_code == 200
    for words in ("What we ask", "How often", "Who sees your answers", "How to stop"):
        assert words in response.text
    assert "around the clock" in response.text


def test_the_questions_wait_for_the_agreement(client):
    _check_in, token = invite(enrol())
    opened(client, token, agree=False)
    response = client.get(reverse("check_in:phq9"))
    assert response["Location"] == reverse("check_in:consent")


def test_agreeing_without_ticking_the_box_is_an_error(client):
    _check_in, token = invite(enrol())
    opened(client, token, agree=False)
    response = client.post(reverse("check_in:consent"), {})
    assert response.status_code == 400
    assert "Tick the box to agree to check-ins" in response.text


def test_agreeing_records_the_persons_consent(client):
    check_in, token = invite(enrol())
    opened(client, token)
    check_in.follow_up.refresh_from_db()
    assert check_in.follow_up.consented_at is not None


def test_a_later_check_in_skips_the_agreement(client, check_in):
    assert client.get(reverse("check_in:start"))["Location"] == reverse("check_in:phq9")


def test_the_phq9_questions_are_the_intakes_word_for_word(client, check_in):
    response = client.get(reverse("check_in:phq9"))
    for item in PHQ9.items:
        assert item.text in response.text


@pytest.mark.parametrize("item", PHQ9.items, ids=lambda item: item.link_id)
def test_each_unanswered_phq9_question_has_its_own_error(client, check_in, item):
    data = phq9()
    del data[item.link_id]
    response = client.post(reverse("check_in:phq9"), data)
    assert response.status_code == 400
    assert f"Select an answer for question {item.number}" in response.text


@pytest.mark.parametrize("item", GAD7.items, ids=lambda item: item.link_id)
def test_each_unanswered_gad7_question_has_its_own_error(client, check_in, item):
    client.post(reverse("check_in:phq9"), phq9())
    data = {**gad7(), **session_post()}
    del data[item.link_id]
    response = client.post(reverse("check_in:gad7"), data)
    assert response.status_code == 400
    assert f"Select an answer for question {item.number}" in response.text


def test_the_session_question_must_be_answered(client, check_in):
    client.post(reverse("check_in:phq9"), phq9())
    response = client.post(reverse("check_in:gad7"), gad7())
    assert response.status_code == 400
    assert "Select yes if you have had a ketamine session" in response.text


def test_a_session_date_in_the_future_is_an_error(client, check_in):
    client.post(reverse("check_in:phq9"), phq9())
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("check_in:gad7"), {**gad7(), **session_post("yes", tomorrow)}
    )
    assert "must be today or before" in response.text


def test_a_session_date_before_enrolment_is_an_error(client, check_in):
    client.post(reverse("check_in:phq9"), phq9())
    before = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("check_in:gad7"), {**gad7(), **session_post("yes", before)}
    )
    assert "when check-ins began" in response.text


def test_a_session_date_that_is_not_a_date_is_an_error(client, check_in):
    client.post(reverse("check_in:phq9"), phq9())
    data = {**gad7(), "had_session": "yes", "session_on": "31 February"}
    response = client.post(reverse("check_in:gad7"), data)
    assert "as a real date" in response.text


@pytest.mark.parametrize("typed", ["2026-03-04", "03/04/2026"])
def test_a_session_date_is_taken_as_iso_or_month_first(client, typed):
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False):
        check_in, token = invite(enrol())  # its link works for 7 days
    with time_machine.travel(datetime(2026, 3, 5, 12, tzinfo=UTC), tick=False):
        opened(client, token)
        client.post(reverse("check_in:phq9"), phq9())
        data = {**gad7(), "had_session": "yes", "session_on": typed}
        response = client.post(reverse("check_in:gad7"), data)
    assert response.status_code == 303
    check_in.refresh_from_db()
    assert check_in.session_on == date(2026, 3, 4)  # 4 March, not 3 April


def test_a_day_first_date_is_refused_with_a_clear_message(client, check_in):
    client.post(reverse("check_in:phq9"), phq9())
    data = {**gad7(), "had_session": "yes", "session_on": "13/04/2026"}
    response = client.post(reverse("check_in:gad7"), data)
    assert response.status_code == 400
    assert "like 2026-03-27 or 03/27/2026 (month/day/year)" in response.text


def test_a_date_with_no_session_is_an_error(client, check_in):
    client.post(reverse("check_in:phq9"), phq9())
    today = timezone.localdate()
    response = client.post(
        reverse("check_in:gad7"), {**gad7(), **session_post("no", today)}
    )
    assert "Leave the date empty" in response.text


def test_the_gad7_page_waits_for_the_phq9(client, check_in):
    response = client.get(reverse("check_in:gad7"))
    assert response["Location"] == reverse("check_in:phq9")


def test_answering_both_pages_completes_the_check_in_and_shows_the_curve(
    client, check_in
):
    today = timezone.localdate()
    response = answer_all(client, had="yes", on=today)
    assert response.status_code == 303
    assert response["Location"] == reverse("check_in:scores")
    check_in.refresh_from_db()
    assert (check_in.phq9_total, check_in.gad7_total) == (8, 7)
    assert (check_in.had_session, check_in.session_on) == (True, today)


def test_the_completed_check_in_leaves_the_session(client, check_in):
    answer_all(client)
    assert SESSION_KEY not in client.session


def test_a_refresh_of_the_phq9_page_keeps_the_answers(client, check_in):
    client.post(reverse("check_in:phq9"), phq9(2, 2, 2, 2, 2, 2, 2, 2, 0))
    response = client.get(reverse("check_in:phq9"))
    form = response.context["form"]
    assert [form[item.link_id].value() for item in PHQ9.items] == [2] * 8 + [0]


def test_item_9_above_not_at_all_shows_the_safety_message_on_the_next_page(
    client, check_in
):
    client.post(reverse("check_in:phq9"), phq9(1, 1, 1, 1, 1, 1, 1, 1, 1))
    response = client.get(reverse("check_in:gad7"))
    text = response.text
    assert "Support is available now" in text
    assert text.index("Support is available now") < text.index(GAD7.items[0].text)
    assert 'href="tel:988"' in text
    assert "Continue with the check-in" in text


def test_someone_outside_the_us_is_pointed_to_a_helpline_in_their_country(client):
    _check_in, token = invite(enrol(about={"age": "40", "state": OUTSIDE_US}))
    opened(client, token)
    client.post(reverse("check_in:phq9"), phq9(1, 1, 1, 1, 1, 1, 1, 1, 1))
    text = client.get(reverse("check_in:gad7")).text
    assert "Find a helpline in your country" in text
    assert "Call 988" not in text


def test_item_9_above_not_at_all_flags_the_check_in_urgent_with_a_staff_alert(
    client, check_in
):
    client.post(reverse("check_in:phq9"), phq9(1, 1, 1, 1, 1, 1, 1, 1, 1))
    check_in.refresh_from_db()
    assert check_in.urgent
    assert StaffAlert.objects.filter(check_in=check_in).count() == 1


def test_item_9_not_at_all_shows_no_safety_message(client, check_in):
    client.post(reverse("check_in:phq9"), phq9())
    assert "Support is available now" not in client.get(reverse("check_in:gad7")).text


def test_after_the_safety_message_the_person_can_finish(client, check_in):
    response = answer_all(client, phq9_values=(1, 1, 1, 1, 1, 1, 1, 1, 2))
    assert response["Location"] == reverse("check_in:scores")
    assert "Please reach out for support now" in client.get(response["Location"]).text


def test_a_double_submit_of_the_last_page_completes_once_and_shows_the_curve(
    client, check_in
):
    client.post(reverse("check_in:phq9"), phq9())
    data = {**gad7(), **session_post()}
    first = client.post(reverse("check_in:gad7"), data)
    second = client.post(reverse("check_in:gad7"), data)
    assert first["Location"] == second["Location"] == reverse("check_in:scores")
    assert CheckIn.objects.completed().filter(pk=check_in.pk).count() == 1


def test_a_second_click_on_the_last_page_with_the_same_cookie_shows_the_scores(
    client, check_in
):
    client.post(reverse("check_in:phq9"), phq9())
    data = {**gad7(), **session_post()}
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    first = client.post(reverse("check_in:gad7"), data)
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie  # sent before the answer
    second = client.post(reverse("check_in:gad7"), data)
    assert (first.status_code, second.status_code) == (303, 303)
    assert first["Location"] == second["Location"] == reverse("check_in:scores")
    assert client.get(reverse("check_in:scores")).status_code == 200


def test_a_session_still_holding_the_completed_check_in_is_shown_the_scores(
    client, check_in
):
    # What a concurrent second click saves: the session as read before completion.
    answer_all(client)
    session = client.session
    session.pop(RESULT_KEY)
    session[SESSION_KEY] = check_in.pk
    session.save()
    response = client.post(reverse("check_in:gad7"), {**gad7(), **session_post()})
    assert response["Location"] == reverse("check_in:scores")
    assert client.get(reverse("check_in:scores")).status_code == 200


def test_a_check_in_closed_while_in_the_session_says_the_link_expired(client, check_in):
    CheckIn.objects.filter(pk=check_in.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("check_in:phq9"))
    assert response.status_code == 410
    assert SESSION_KEY not in client.session


def test_a_post_to_a_check_in_closed_meanwhile_stores_nothing(client, check_in):
    CheckIn.objects.filter(pk=check_in.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.post(reverse("check_in:phq9"), phq9())
    assert response.status_code == 410
    check_in.refresh_from_db()
    assert check_in.answers == {}


def test_a_browser_without_a_check_in_gets_the_not_found_page(client):
    for name in ("start", "consent", "phq9", "gad7", "scores"):
        response = client.get(reverse(f"check_in:{name}"))
        assert response.status_code == 404, name
        assert "This link does not work" in response.text


def test_the_forms_are_csrf_protected(check_in):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    session = strict.session
    session[SESSION_KEY] = check_in.pk
    session.save()
    assert strict.post(reverse("check_in:phq9"), phq9()).status_code == 403


def test_no_redirect_carries_a_token_or_an_answer(client):
    _check_in, token = invite(enrol())
    locations = [client.get(reverse("check_in:open", args=[token]))["Location"]]
    locations.append(client.get(reverse("check_in:start"))["Location"])
    agree = client.post(reverse("check_in:consent"), {"agree": "on"})
    locations.append(agree["Location"])
    locations.append(client.post(reverse("check_in:phq9"), phq9())["Location"])
    locations.append(
        client.post(reverse("check_in:gad7"), {**gad7(), **session_post()})["Location"]
    )
    allowed = {
        reverse(f"check_in:{name}")
        for name in ("start", "consent", "phq9", "gad7", "scores")
    }
    assert set(locations) <= allowed
    assert all(token not in location and "?" not in location for location in locations)
