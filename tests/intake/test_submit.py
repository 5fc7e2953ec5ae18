"""Check your answers, submitting, the result page, and frozen answers."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from intake.domain.triage import Outcome
from intake.models import Assessment, StaffAlert
from intake.services import assessment_save_step, assessment_submit
from tests.intake import factories
from tests.intake.factories import phq9, url

CHECK = reverse("intake:check")
RESULT = reverse("intake:result")


@pytest.mark.django_db
def test_check_lists_every_answer_with_a_change_link(client):
    factories.complete(client)
    text = client.get(CHECK).content.decode()
    assert "Check your answers" in text
    assert "Little interest or pleasure in doing things" in text
    assert "Several days" in text
    assert "Ada Lovelace" in text
    assert "ada@example.org" in text
    assert text.count(">Change<") == 52  # one per question answered
    assert f'href="{url("phq9")}?change=1#id_phq9_1_0"' in text
    assert f'href="{url("about")}?change=1#id_age"' in text


@pytest.mark.django_db
def test_check_is_not_reachable_before_every_question_is_answered(client):
    factories.complete(client, upto="about")
    assert client.get(CHECK)["Location"] == url("phq9")
    assert client.post(CHECK)["Location"] == url("phq9")
    assert Assessment.objects.get().status == Assessment.Status.DRAFT


@pytest.mark.django_db
def test_submitting_stores_the_assessment_and_shows_the_result(client):
    response = factories.submit(client)
    assert response["Location"] == RESULT
    assessment = Assessment.objects.get()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.submitted_at is not None
    assert (assessment.phq9_total, assessment.gad7_total) == (8, 7)
    assert assessment.outcome == Outcome.LIKELY_SUITABLE


@pytest.mark.django_db
def test_the_result_shows_totals_bands_outcome_and_help_in_plain_words(client):
    factories.submit(
        client, physical={**factories.valid_posts()["physical"], "liver": "yes"}
    )
    text = client.get(RESULT).content.decode()
    assert "<strong>8</strong> out of 27" in text
    assert "“Mild” (5 to 9)" in text
    assert "<strong>7</strong> out of 21" in text
    assert "not a diagnosis" in text
    assert "A clinician needs to review your answers" in text
    assert "You have liver disease." in text
    assert "988" in text
    assert "911" in text
    assert "contact you by email" in text
    assert 'href="/static/css/intake-print.css" media="print"' in text


@pytest.mark.django_db
def test_the_result_of_a_stop_rule_says_why_and_what_to_do_instead(client):
    factories.submit(
        client, mental={**factories.valid_posts()["mental"], "psychosis": "yes"}
    )
    text = client.get(RESULT).content.decode()
    assert "Ketamine at home is usually not advised with these answers" in text
    assert "a clinician would need to confirm it with you" in text
    assert "psychiatrist can talk with you about other treatments" in text
    assert "Sanacora" in text  # the rule's source is cited


@pytest.mark.django_db
def test_the_result_puts_support_first_after_a_positive_item9(client):
    factories.submit(client, phq9=phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))
    text = client.get(RESULT).content.decode()
    assert text.index("Please reach out for support now") < text.index("Your scores")


@pytest.mark.django_db
def test_a_plan_or_intent_flags_urgent_alerts_staff_and_puts_support_first(client):
    suicide = {"suicide_plan": "yes", "suicide_attempt": "no"}
    factories.submit(client, suicide=suicide)
    assessment = Assessment.objects.get()
    assert not assessment.item9_positive
    assert assessment.urgent
    assert StaffAlert.objects.filter(assessment=assessment).exists()
    text = client.get(RESULT).content.decode()
    assert "a plan or an intention to act. Talking to someone" in text
    assert text.index("Please reach out for support now") < text.index("Your scores")


@pytest.mark.django_db
def test_a_past_attempt_alone_shows_no_urgent_panel(client):
    factories.submit(client, suicide={"suicide_plan": "no", "suicide_attempt": "yes"})
    assert not Assessment.objects.get().urgent
    assert "Please reach out for support now" not in client.get(RESULT).content.decode()


@pytest.mark.django_db
def test_results_only_stores_nothing_identifying(client):
    factories.submit(client, contact={"wants_contact": "no"})
    assessment = Assessment.objects.get()
    assert assessment.wants_contact is False
    assert (
        assessment.contact_name,
        assessment.contact_email,
        assessment.contact_phone,
    ) == (
        "",
        "",
        "",
    )
    assert (assessment.email_index, assessment.phone_index, assessment.name_index) == (
        "",
        "",
        "",
    )
    assert "details" not in assessment.answers
    assert "cannot contact you" in client.get(RESULT).content.decode()


@pytest.mark.django_db
def test_switching_to_results_only_deletes_contact_details_already_given(client):
    factories.complete(client)
    client.post(url("contact") + "?change=1", {"wants_contact": "no"})
    assessment = Assessment.objects.get()
    assert assessment.contact_email == ""
    assert assessment.consented_at is None
    assert "Ada" not in client.get(CHECK).content.decode()


@pytest.mark.django_db
def test_after_submission_the_answers_cannot_be_changed(client):
    factories.submit(client)
    response = factories.answer(client, "gad7", factories.gad7(3, 3, 3, 3, 3, 3, 3))
    assert response["Location"] == RESULT
    assert Assessment.objects.get().gad7_total == 7


@pytest.mark.django_db
def test_after_submission_every_step_leads_to_the_result(client):
    factories.submit(client)
    for key in ("about", "phq9", "details"):
        assert client.get(url(key))["Location"] == RESULT
    assert client.get(CHECK)["Location"] == RESULT


@pytest.mark.django_db
def test_submitting_twice_keeps_one_record_and_one_alert(client, mailoutbox):
    with_urgent = {"phq9": phq9(0, 0, 0, 0, 0, 0, 0, 0, 2)}
    factories.submit(client, **with_urgent)
    first = Assessment.objects.get().submitted_at
    response = client.post(CHECK)
    assert response["Location"] == RESULT
    assert Assessment.objects.count() == 1
    assert Assessment.objects.get().submitted_at == first
    assert StaffAlert.objects.count() == 1


@pytest.mark.django_db
def test_a_draft_result_redirects_to_check(client):
    factories.complete(client)
    assert client.get(RESULT)["Location"] == CHECK


def run_together(count, action):
    """Run `action` in `count` threads released at the same moment."""
    results, errors, barrier = [], [], threading.Barrier(count)

    def run():
        barrier.wait()
        try:
            results.append(action())
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_simultaneous_double_submit_makes_one_submission():
    client = Client()
    factories.complete(client, phq9=phq9(0, 0, 0, 0, 0, 0, 0, 0, 3))
    token = factories.token_of(client)
    results = run_together(4, lambda: assessment_submit(token=token).submitted_at)
    assert len(results) == 4
    assert len(set(results)) == 1
    assert Assessment.objects.submitted().count() == 1
    assert StaffAlert.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_positive_item9_answers_send_one_alert():
    client = Client()
    factories.complete(client, upto="about")
    token = factories.token_of(client)
    answers = {**{f"phq9_{n}": 0 for n in range(1, 9)}, "phq9_9": 2}
    run_together(
        4, lambda: assessment_save_step(token=token, step="phq9", data=answers)
    )
    assert StaffAlert.objects.get().status == StaffAlert.Status.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_assessment_erased_while_check_was_open_sends_the_person_to_start(
    client, monkeypatch
):
    from intake import services

    factories.complete(client)
    real_submit = services.assessment_submit

    def erased_meanwhile(*, token):
        Assessment.objects.all().delete()  # staff erased it a moment earlier
        return real_submit(token=token)

    monkeypatch.setattr(services, "assessment_submit", erased_meanwhile)
    response = client.post(reverse("intake:check"))
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:start")
