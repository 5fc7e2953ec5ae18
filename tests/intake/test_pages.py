"""The question pages: showing, saving, moving on, going back, changing."""

import pytest
from django.test import Client
from django.urls import reverse

from intake.domain import steps
from intake.models import Assessment
from tests.intake import factories
from tests.intake.factories import answer, phq9, url, valid_posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(client):
    factories.start(client)
    return client


def test_a_browser_that_has_not_started_is_sent_to_the_start_page(client):
    response = client.get(url("about"))
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:start")


def test_the_first_question_page_shows_the_step_and_its_questions(started):
    response = started.get(url("about"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Step 1 of 12" in text
    assert "How old are you?" in text
    assert f'href="{reverse("intake:start")}"' in text  # Back goes to the start


def test_the_first_answered_step_creates_the_assessment(started):
    response = answer(started, "about", valid_posts()["about"])
    assert response["Location"] == url("phq9")
    assessment = Assessment.objects.get()
    assert assessment.answers == {"about": {"age": 34, "state": "CA"}}
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.state == "CA"


def test_each_step_is_saved_as_it_is_answered(started):
    answer(started, "about", valid_posts()["about"])
    answer(started, "phq9", phq9(3, 3, 3, 3, 3, 0, 0, 0, 0))
    assessment = Assessment.objects.get()
    assert assessment.phq9_total == 15
    assert assessment.phq9_band == "moderately_severe"
    assert assessment.phq9_version.startswith("PHQ-9")
    assert assessment.answers["phq9"]["phq9_difficulty"] == "somewhat"


def test_a_missing_answer_shows_the_error_summary_linked_to_the_field(started):
    answer(started, "about", valid_posts()["about"])
    data = phq9()
    del data["phq9_4"]
    response = answer(started, "phq9", data)
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert '<a href="#id_phq9_4_0">Select an answer for question 4</a>' in text
    assert 'id="id_phq9_4_error"' in text
    assert 'aria-describedby="id_phq9_4_error"' in text
    assert "Error:" in text.split("</title>")[0]
    assert "autofocus" in text


def test_an_invalid_answer_is_not_saved(started):
    answer(started, "about", valid_posts()["about"])
    answer(started, "phq9", {**phq9(), "phq9_1": "7"})
    assert "phq9" not in Assessment.objects.get().answers


def test_invalid_answers_keep_what_was_typed(started):
    response = answer(started, "about", {"age": "34", "state": ""})
    assert 'value="34"' in response.content.decode()


def test_the_server_recomputes_totals_whatever_the_client_sends(started):
    answer(started, "about", valid_posts()["about"])
    answer(started, "phq9", {**phq9(0, 0, 0, 0, 0, 0, 0, 0, 0), "phq9_total": "27"})
    assert Assessment.objects.get().phq9_total == 0


def test_opening_a_later_step_first_redirects_to_the_first_unanswered(started):
    answer(started, "about", valid_posts()["about"])
    response = started.get(url("medicines"))
    assert response["Location"] == url("phq9")


def test_posting_to_a_later_step_first_saves_nothing(started):
    answer(started, "about", valid_posts()["about"])
    response = answer(started, "medicines", valid_posts()["medicines"])
    assert response["Location"] == url("phq9")
    assert "medicines" not in Assessment.objects.get().answers


def test_going_back_shows_the_saved_answers(started):
    answer(started, "about", {"age": "52", "state": "NY"})
    response = started.get(url("about"))
    text = response.content.decode()
    assert 'value="52"' in text
    assert '<option value="NY" selected>' in text


def test_a_saved_radio_answer_is_checked_when_coming_back(started):
    answer(started, "about", valid_posts()["about"])
    answer(started, "phq9", phq9(0, 1, 2, 3, 0, 1, 2, 3, 0))
    text = started.get(url("phq9")).content.decode()
    assert (
        'value="3" class="form-check-input" id="id_phq9_4_3" required checked' in text
    )
    assert 'id="id_phq9_4_2" required checked' not in text


def test_the_back_link_points_to_the_previous_page(started):
    answer(started, "about", valid_posts()["about"])
    text = started.get(url("phq9")).content.decode()
    assert f'class="kc-back-link" href="{url("about")}"' in text


def test_refreshing_a_step_keeps_its_answers(started):
    answer(started, "about", valid_posts()["about"])
    answer(started, "about", valid_posts()["about"])
    assert Assessment.objects.get().answers["about"] == {"age": 34, "state": "CA"}


def test_an_unknown_page_is_not_found(started):
    assert started.get("/assessment/no-such-step/").status_code == 404


def test_positive_item9_leads_straight_to_the_safety_page(started):
    answer(started, "about", valid_posts()["about"])
    response = answer(started, "phq9", phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))
    assert response["Location"] == url("safety")
    text = started.get(url("safety")).content.decode()
    for words in (
        "988",
        "911",
        "741741",
        "988lifeline.org",
        "a screen, not an assessment",
    ):
        assert words in text
    assert 'href="#questions"' in text  # they may continue, below
    assert 'id="questions"' in text
    assert text.index("Talk to someone now") < text.index('id="questions"')


def test_positive_item9_flags_the_draft_urgent_at_once(started):
    answer(started, "about", valid_posts()["about"])
    answer(started, "phq9", phq9(0, 0, 0, 0, 0, 0, 0, 0, 3))
    assessment = Assessment.objects.get()
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.urgent
    assert assessment.item9_positive
    assert assessment.reasons == ["item9"]


def test_urgent_stays_set_if_item9_is_changed_back(started):
    answer(started, "about", valid_posts()["about"])
    answer(started, "phq9", phq9(0, 0, 0, 0, 0, 0, 0, 0, 2))
    answer(started, "phq9", phq9(0, 0, 0, 0, 0, 0, 0, 0, 0))
    assessment = Assessment.objects.get()
    assert assessment.urgent
    assert not assessment.item9_positive


def test_the_safety_message_is_not_shown_without_a_positive_item9(started):
    answer(started, "about", valid_posts()["about"])
    answer(started, "phq9", phq9())
    text = started.get(url("gad7")).content.decode()
    assert "Talk to someone now" not in text
    assert 'id="questions"' in text


def test_the_safety_message_is_not_repeated_above_an_error(started):
    answer(started, "about", valid_posts()["about"])
    answer(started, "phq9", phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))
    text = answer(started, "gad7", {}).content.decode()
    assert "There is a problem" in text
    assert "Talk to someone now" not in text


def test_a_state_outside_the_licensed_ones_gets_a_kind_notice(started):
    response = answer(started, "about", {"age": "40", "state": "FL"})
    assert response["Location"] == url("state_notice")
    text = started.get(url("state_notice")).content.decode()
    assert "Florida" in text
    assert "California" in text  # where the clinic can treat
    assert 'href="#questions"' in text  # may still finish, below
    assert 'id="questions"' in text


def test_under_18_is_stopped_kindly(started):
    response = answer(started, "about", {"age": "16", "state": "CA"})
    assert response["Location"] == url("adults_only")
    text = started.get(url("adults_only")).content.decode()
    assert "18 or older" in text
    assert "988" in text
    assert started.get(url("gad7"))["Location"] == url("adults_only")
    assert 'id="questions"' not in text  # no questions after the stop


def test_an_under_18_cannot_answer_the_questions_after_the_stop(started):
    answer(started, "about", {"age": "16", "state": "CA"})
    answer(started, "phq9", phq9())
    assert "phq9" not in Assessment.objects.get().answers


def test_the_questions_below_a_notice_are_saved_as_usual(started):
    answer(started, "about", {"age": "40", "state": "FL"})
    response = answer(started, "phq9", phq9())
    assert response["Location"] == url("gad7")
    assert "phq9" in Assessment.objects.get().answers


def test_changing_item9_to_positive_returns_to_check_which_shows_the_help(client):
    factories.complete(client)
    response = client.post(url("phq9") + "?change=1", phq9(0, 0, 0, 0, 0, 0, 0, 0, 2))
    assert response["Location"] == url("check")
    text = client.get(url("check")).content.decode()
    assert "Support is available now" in text
    assert 'href="tel:988"' in text
    assert text.index("Support is available now") < text.index("Send my answers")


def test_changing_the_age_to_under_18_stops_at_check(client):
    factories.complete(client)
    response = client.post(url("about") + "?change=1", {"age": "16", "state": "CA"})
    assert response["Location"] == url("check")
    response = client.get(url("check"))
    assert response.status_code == 200
    assert "18 or older" in response.content.decode()
    assert "Send my answers" not in response.content.decode()


def test_choosing_only_results_asks_for_no_contact_details(client):
    factories.complete(client, contact={"wants_contact": "no"})
    text = client.get(url("details")).content.decode()
    assert "No contact details needed" in text
    assert 'name="email"' not in text
    response = client.post(url("details"))
    assert response["Location"] == url("check")
    assert Assessment.objects.get().contact_name == ""


def test_after_the_contact_question_the_details_address_is_next_either_way(client):
    factories.complete(client, upto="goals")
    for choice in ("no", "yes"):
        response = answer(client, "contact", {"wants_contact": choice})
        assert response["Location"] == url("details")


def test_a_change_link_returns_to_check_after_saving(client):
    factories.complete(client)
    response = client.post(
        url("gad7") + "?change=1", factories.gad7(3, 3, 3, 3, 3, 3, 3)
    )
    assert response["Location"] == url("check")
    assert Assessment.objects.get().gad7_total == 21


def test_while_changing_the_back_link_returns_to_check(client):
    factories.complete(client)
    text = client.get(url("gad7") + "?change=1").content.decode()
    assert f'class="kc-back-link" href="{url("check")}"' in text


def test_changing_to_contact_me_asks_for_details_next(client):
    factories.complete(client, contact={"wants_contact": "no"})
    response = client.post(url("contact") + "?change=1", {"wants_contact": "yes"})
    assert response["Location"] == url("details") + "?change=1"


def test_a_step_that_another_tab_made_unavailable_redirects_instead_of_saving(client):
    factories.complete(client, contact={"wants_contact": "no"})
    # This tab still shows the contact details page from before the change.
    response = answer(client, "details", valid_posts()["details"])
    assert response["Location"] == url("check")
    assert Assessment.objects.get().contact_name == ""


def test_the_service_refuses_a_step_out_of_order():
    from intake.services import StepNotAvailable, assessment_save_step

    with pytest.raises(StepNotAvailable):
        assessment_save_step(token="t", step="gad7", data=factories.gad7())
    assert not Assessment.objects.exists()


def test_living_abroad_gets_the_notice_in_plain_words(started):
    answer(started, "about", {"age": "40", "state": "outside_us"})
    text = started.get(url("state_notice")).content.decode()
    assert "not licensed to treat people where you live" in text
    assert "live in I live" not in text


@pytest.mark.django_db
def test_crawlers_without_a_session_only_ever_reach_the_start_page():
    # Why the assessment's pages need no noindex: without the browser's own
    # session there is nothing to see but the start page.
    crawler = Client()
    for question in steps.QUESTIONS:
        response = crawler.get(url(question.key))
        assert response.status_code == 302
        assert response["Location"] == reverse("intake:start")
    for name in ("intake:check", "intake:result"):
        assert crawler.get(reverse(name)).status_code == 404
