"""What the pages promise a person, and the help they point to.

Nobody watches the assessments around the clock: every promise of a reply says
when the team reads them and not to wait when at risk. After a positive item 9,
getting help comes first. Someone outside the US is shown help that works where
they live, not only 988.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from intake.domain.states import OUTSIDE_US
from tests.intake import factories
from tests.intake.factories import answer, phq9, url

pytestmark = pytest.mark.django_db

HOURS = "Tuesdays and Thursdays, 10am to noon Mountain"
HELPLINE = 'href="https://findahelpline.com"'
ITEM9_POSITIVE = phq9(1, 1, 1, 1, 1, 1, 1, 1, 2)
ABROAD = {"age": "40", "state": OUTSIDE_US}


class Links(HTMLParser):
    """The links and buttons inside <main>, in document order."""

    def __init__(self):
        super().__init__()
        self.in_main = False
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "main":
            self.in_main = True
        elif self.in_main and tag in ("a", "button"):
            self.links.append(attrs)

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False


def main_links(html: str) -> list[dict[str, str]]:
    parser = Links()
    parser.feed(html)
    return [link for link in parser.links if link.get("class") != "kc-back-link"]


def main_of(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def safety_page(client, about=None) -> str:
    factories.start(client)
    answer(client, "about", about or {"age": "34", "state": "CA"})
    response = answer(client, "phq9", ITEM9_POSITIVE)
    assert response["Location"] == url("safety")
    return client.get(url("safety")).content.decode()


def result_page(client, **overrides) -> str:
    response = factories.submit(client, **overrides)
    assert response["Location"] == reverse("intake:result")
    return client.get(reverse("intake:result")).content.decode()


def start_page(client) -> str:
    return client.get(reverse("intake:start")).content.decode()


def privacy_page(client) -> str:
    return client.get(reverse("privacy")).content.decode()


def check_page(client) -> str:
    factories.complete(client)
    return client.get(reverse("intake:check")).content.decode()


PROMISING_A_REPLY = [start_page, privacy_page, safety_page, check_page, result_page]


@pytest.mark.parametrize("page", PROMISING_A_REPLY)
def test_every_promise_of_a_reply_says_when_the_team_reads_new_assessments(
    client, settings, page
):
    settings.KETACARE_REVIEW_HOURS = HOURS
    text = text_of(page(client))
    assert f"reads new ones at these times: {HOURS}." in text
    assert "Nobody watches the assessments around the clock" in text
    assert "If you are at risk, do not wait for us." in text


def test_the_default_review_hours_are_office_hours_not_around_the_clock(client):
    text = text_of(privacy_page(client))
    assert "weekdays 9am to 5pm Pacific, usually within one working day" in text


def test_a_result_without_contact_details_promises_no_reply(client, settings):
    settings.KETACARE_REVIEW_HOURS = HOURS
    text = text_of(result_page(client, contact={"wants_contact": "no"}))
    assert "the clinic cannot contact you" in text
    assert HOURS not in text


def test_on_the_safety_page_calling_988_comes_first_and_continuing_last(client):
    links = main_links(safety_page(client))
    links = [link for link in links if "href" in link]  # not the form's button
    hrefs = [link["href"] for link in links]
    assert hrefs[:2] == ["tel:988", "sms:988"]
    assert "btn-lg" in links[0]["class"]
    carry_on = hrefs.index("#questions")
    assert carry_on > hrefs.index("tel:911")
    assert "btn-primary" not in links[carry_on]["class"]
    assert "btn-lg" not in links[carry_on]["class"]


def test_the_safety_page_says_it_is_a_screen_and_names_the_988_options(client):
    text = text_of(safety_page(client))
    assert "This questionnaire is a screen, not an assessment." in text
    assert "press 1 for the Veterans Crisis Line, or 2 for Spanish" in text
    assert "call 911 or go to the nearest emergency room now" in text


def test_someone_outside_the_us_is_first_shown_a_helpline_where_they_are(client):
    html = safety_page(client, about=ABROAD)
    links = main_links(html)
    assert links[0]["href"] == "https://findahelpline.com"
    assert "target" not in links[0]
    assert "noreferrer" in links[0]["rel"]
    text = text_of(main_of(html))
    assert "call your local emergency number" in text
    assert "Call your local emergency number, or find a crisis line" in text


def test_someone_in_a_us_state_is_shown_the_us_lines_on_the_safety_page(client):
    main = main_of(safety_page(client))
    assert 'href="tel:988"' in main
    assert "741741" in main
    assert HELPLINE not in main
    assert "local emergency number" not in main


def test_the_result_shows_help_abroad_to_someone_outside_the_us(client):
    main = main_of(result_page(client, about=ABROAD, phq9=ITEM9_POSITIVE))
    assert main.count(HELPLINE) >= 3  # the urgent panel, the promise, help now
    assert "call your local emergency number" in text_of(main)
    assert "Suicide & Crisis Lifeline" not in main


def test_the_result_shows_the_us_lines_to_someone_in_a_us_state(client):
    main = main_of(result_page(client, phq9=ITEM9_POSITIVE))
    assert "988 Suicide & Crisis Lifeline" in main
    assert "Do not wait for us to reach you." in text_of(main)
    assert HELPLINE not in main


def test_the_licensing_notice_points_someone_abroad_to_local_help(client):
    factories.start(client)
    answer(client, "about", ABROAD)
    main = main_of(client.get(url("state_notice")).content.decode())
    assert HELPLINE in main
    assert "call your local emergency number" in text_of(main)


def test_the_help_page_shows_us_lines_and_help_abroad_to_everyone(client):
    main = main_of(client.get(reverse("help-now")).content.decode())
    assert 'href="tel:988"' in main
    assert HELPLINE in main
    assert "call your local emergency number" in text_of(main)


@pytest.mark.parametrize("page", [start_page, privacy_page, safety_page])
def test_no_page_promises_to_follow_up_an_assessment_without_contact_details(
    client, page
):
    text = text_of(page(client))
    assert not re.search(r"follow[ -]?up", text, re.IGNORECASE)
    assert re.search(r"(contact|reach) you (only )?if you", text)


def test_the_start_page_says_nobody_can_contact_someone_who_stops_early(client):
    text = text_of(start_page(client))
    assert "If you stop before then, nobody can contact you." in text


def test_a_minor_outside_the_us_is_pointed_to_local_help(client):
    factories.start(client)
    answer(client, "about", {"age": "16", "state": OUTSIDE_US})
    main = main_of(client.get(url("adults_only")).content.decode())
    assert HELPLINE in main
    assert "call your local emergency number" in text_of(main)
    assert "Suicide & Crisis Lifeline" not in main
