"""The question pages are laid out by crispy-forms and keep the GOV.UK patterns:
the question as legend (and page heading when it is the only one), hints and
errors tied to their inputs, and an error summary linking to each field."""

import pytest
from django.conf import settings
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from intake.domain.instruments import PHQ9
from intake.public.forms import FORMS
from intake.public.views import CSRF_SLOT, PAGES
from ketacare.layout import QUESTIONS, FragmentMemo
from tests.elements import Elements
from tests.intake import factories
from tests.intake.factories import answer, url

pytestmark = pytest.mark.django_db


def at(client, step: str, *, upto: str, **overrides) -> None:
    factories.complete(client, upto=upto, **overrides)
    assert client.get(url(step)).status_code == 200


def templates_used(response) -> set[str]:
    return {template.name for template in response.templates}


def test_the_hand_written_field_template_is_gone():
    templates = settings.BASE_DIR / "templates"
    assert not (templates / "intake" / "includes" / "field.html").exists()
    assert (templates / "bootstrap5" / "kc" / "fieldset.html").exists()


@pytest.mark.parametrize("step", list(FORMS))
def test_every_step_form_has_a_layout_made_once_for_its_class(step):
    form_class = FORMS[step]
    assert form_class.helper is form_class.helper
    assert form_class().helper is form_class.helper
    names = form_class.helper.layout.get_field_names()
    assert [pointer.name for pointer in names] == list(form_class.base_fields)


def test_every_question_page_is_rendered_through_crispy(client):
    QUESTIONS.clear()  # or a question rendered by an earlier test is reused
    PAGES.clear()
    factories.start(client)
    posts = factories.valid_posts(contact={"wants_contact": "yes"})
    for step in FORMS:
        response = client.get(url(step))
        used = templates_used(response)
        assert "bootstrap5/whole_uni_form.html" in used, step
        assert used & {"bootstrap5/kc/fieldset.html", "bootstrap5/kc/input.html"}
        assert answer(client, step, posts[step]).status_code == 302, step


def test_the_start_page_renders_its_honeypot_through_crispy(client):
    response = client.get("/assessment/")
    page = Elements(response.content.decode())
    assert "bootstrap5/kc/honeypot.html" in templates_used(response)
    assert page.by_id("id_website")["tabindex"] == "-1"
    assert len(page.all("form")) == 1
    tokens = [a for a in page.all("input") if a.get("name") == "csrfmiddlewaretoken"]
    assert len(tokens) == 1


def test_a_page_of_radio_questions_has_one_heading_and_a_legend_each(client):
    at(client, "phq9", upto="about")
    page = Elements(client.get(url("phq9")).content.decode())
    assert len(page.all("h1")) == 1
    assert "how often have you been bothered" in page.said("h1")
    assert len(page.all("legend")) == 10
    assert "Little interest or pleasure" in page.said("legend")
    assert page.by_id("id_phq9_1_0")["type"] == "radio"
    assert "aria-describedby" not in page.by_id("id_phq9_1_0")
    assert page.summary_links() == []


def test_a_single_radio_question_is_the_legend_and_the_page_heading(client):
    at(client, "contact", upto="goals")
    response = client.get(url("contact"))
    page = Elements(response.content.decode())
    assert len(page.all("h1")) == 1
    assert page.all("h1")[0]["class"] == "kc-legend__heading"
    assert "Would you like the clinic to contact you?" in page.said("legend")
    assert "Step 11 of 12" in page.said("legend")
    # Each option's own hint is tied to that option.
    option = page.by_id("id_wants_contact_0")
    assert option["aria-describedby"] == "id_wants_contact_0_hint"
    assert "next page" in page.said("id_wants_contact_0_hint")


def test_a_missing_radio_answer_is_summarised_and_shown_at_the_question(client):
    at(client, "contact", upto="goals")
    page = Elements(answer(client, "contact", {}).content.decode())
    assert page.summary_links() == ["#id_wants_contact_0"]
    page.by_id("id_wants_contact_0")  # the link's target exists
    assert "Select whether you would like" in page.said("id_wants_contact_error")
    fieldset = page.all("fieldset")[0]
    assert fieldset["aria-describedby"] == "id_wants_contact_error"
    assert page.by_id("id_wants_contact_0")["aria-invalid"] == "true"
    assert len(page.all("h1")) == 1


def test_a_checkbox_question_ties_its_hint_to_the_fieldset(client):
    at(client, "medicines", upto="treatment")
    page = Elements(client.get(url("medicines")).content.decode())
    assert page.all("fieldset")[0]["aria-describedby"] == "id_medicines_helptext"
    assert page.said("id_medicines_helptext") == "Select all that apply."
    assert page.by_id("id_medicines_0")["type"] == "checkbox"
    assert page.all("h1")[0]["class"] == "kc-legend__heading"


def test_a_missing_checkbox_answer_is_summarised_and_tied_to_the_fieldset(client):
    at(client, "medicines", upto="treatment")
    page = Elements(answer(client, "medicines", {}).content.decode())
    assert page.summary_links() == ["#id_medicines_0"]
    assert page.all("fieldset")[0]["aria-describedby"] == (
        "id_medicines_helptext id_medicines_error"
    )
    assert "Select the medicines you take" in page.said("id_medicines_error")


def test_text_fields_have_a_label_and_their_hint_tied_to_the_input(client):
    at(client, "details", upto="contact", contact={"wants_contact": "yes"})
    page = Elements(client.get(url("details")).content.decode())
    labels = {a["for"] for a in page.all("label") if "for" in a}
    assert {"id_name", "id_email", "id_phone", "id_consent"} <= labels
    assert "aria-describedby" not in page.by_id("id_name")
    assert page.by_id("id_phone")["aria-describedby"] == "id_phone_helptext"
    assert "country code" in page.said("id_phone_helptext")


def test_a_missing_text_answer_is_summarised_and_tied_to_the_input(client):
    at(client, "details", upto="contact", contact={"wants_contact": "yes"})
    page = Elements(answer(client, "details", {}).content.decode())
    links = page.summary_links()
    assert links[:2] == ["#id_name", "#id_email"]
    assert "#id_method_0" in links
    assert "#id_consent" in links
    name = page.by_id("id_name")
    assert name["aria-describedby"] == "id_name_error"
    assert name["aria-invalid"] == "true"
    assert page.said("id_name_error") == "Error: Enter your name"
    assert page.by_id("id_consent")["aria-describedby"] == "id_consent_error"


def test_a_remembered_question_still_shows_each_persons_own_answer(client):
    at(client, "phq9", upto="about")
    first = Elements(client.get(url("phq9")).content.decode())
    assert not [i for i in first.all("input") if i.get("checked") is not None]
    answer(client, "phq9", factories.valid_posts()["phq9"])
    again = Elements(client.get(url("phq9")).content.decode())
    checked = [i for i in again.all("input") if i.get("checked") is not None]
    assert len(checked) == len(PHQ9.items) + 1  # and the difficulty question


def test_a_page_sent_back_with_errors_is_rendered_afresh(client):
    at(client, "phq9", upto="about")
    client.get(url("phq9"))  # the questions are remembered unanswered
    page = client.post(url("phq9"), {}).content.decode()
    assert page.count("kc-field--error") == len(PHQ9.items)


def test_the_fragment_memo_keeps_at_most_its_size():
    memo = FragmentMemo(size=3)
    for n in range(10):
        memo.get(n, lambda n=n: f"<p>{n}</p>")
    assert list(memo.items) == [7, 8, 9]
    assert memo.get(9, lambda: "new") == "<p>9</p>"


def test_a_reused_page_carries_this_browsers_own_csrf_token():
    PAGES.clear()
    tokens, secrets = [], []
    for browser in (Client(), Client()):
        factories.complete(browser, upto="about")
        page = Elements(browser.get(url("phq9")).content.decode())
        fields = page.all("input")
        (token,) = [
            i["value"] for i in fields if i.get("name") == "csrfmiddlewaretoken"
        ]
        tokens.append(token)
        secrets.append(browser.cookies[settings.CSRF_COOKIE_NAME].value)
    assert len(PAGES.items) == 1  # the second browser was shown the kept page
    assert CSRF_SLOT not in tokens
    # Each page's token is its own browser's secret, masked.
    assert [_unmask_cipher_token(t) for t in tokens] == secrets
    assert secrets[0] != secrets[1]


def test_a_page_with_a_typed_answer_is_never_kept(client):
    PAGES.clear()
    factories.start(client)
    client.get(url("about"))
    answer(client, "about", factories.valid_posts()["about"])
    client.get(url("about"))
    assert PAGES.items == {}
    assert "34" not in repr(list(PAGES.items))


def test_a_kept_page_shows_each_persons_own_earlier_answers(client):
    PAGES.clear()
    at(client, "phq9", upto="about")
    answer(client, "phq9", factories.valid_posts()["phq9"])
    answered = Elements(client.get(url("phq9")).content.decode())
    other = Client()
    factories.complete(other, upto="about")
    fresh = Elements(other.get(url("phq9")).content.decode())
    assert [i for i in answered.all("input") if i.get("checked") is not None]
    assert not [i for i in fresh.all("input") if i.get("checked") is not None]
