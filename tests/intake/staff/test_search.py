"""Finding a person by exact email, phone or name, with nothing of them in a URL."""

import pytest
from django.test import Client
from django.urls import reverse

from intake.models import Assessment
from intake.staff.filters import CONTACT_SEARCHES
from tests.intake.factories import build, valid_posts

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:intake_assessment_changelist")
SEARCH = reverse("admin:intake_assessment_search")


def search(client: Client, query: str):
    return client.post(SEARCH, {"q": query})


def found(client: Client, query: str) -> set[int]:
    response = search(client, query)
    assert response.status_code == 302
    listing = client.get(response["Location"])
    return {obj.pk for obj in listing.context["cl"].result_list}


@pytest.fixture
def grace():
    details = {
        **valid_posts()["details"],
        "name": "Grace  Hopper",
        "email": "Grace.Hopper@Example.net",
        "phone": "+1 (555) 987-6543",
    }
    return build(details=details)


@pytest.mark.parametrize(
    "query",
    [
        "grace.hopper@example.net",
        "  GRACE.HOPPER@EXAMPLE.NET ",
        "555 987 6543",
        "+15559876543",
        "grace hopper",
        "Grace   Hopper",
    ],
)
def test_an_exact_email_phone_or_name_finds_the_person(
    as_reviewer, grace, routine, query
):
    assert found(as_reviewer, query) == {grace.pk}


@pytest.mark.parametrize(
    "query", ["grace", "Hopper", "example.net", "987-6543", "grace.hopper@example"]
)
def test_part_of_a_name_address_or_number_finds_nothing(as_reviewer, grace, query):
    assert found(as_reviewer, query) == set()


def test_the_search_finds_closed_records_and_drafts_too(as_reviewer, grace):
    Assessment.objects.filter(pk=grace.pk).update(review_status="closed")
    assert found(as_reviewer, "grace hopper") == {grace.pk}


def test_nothing_of_the_query_reaches_the_address_bar(as_reviewer, grace):
    response = search(as_reviewer, "grace.hopper@example.net")
    location = response["Location"].lower()
    assert "grace" not in location
    assert "hopper" not in location
    assert grace.email_index not in location
    assert "contact=" in location


def test_the_session_keeps_keyed_hashes_not_the_query(as_reviewer, grace):
    search(as_reviewer, "grace.hopper@example.net")
    stored = str(as_reviewer.session[CONTACT_SEARCHES]).lower()
    assert "grace" not in stored
    assert grace.email_index in stored


def test_someone_elses_search_token_finds_nothing(
    as_reviewer, lead, staff_client, grace
):
    location = search(as_reviewer, "grace hopper")["Location"]
    response = staff_client(lead).get(location)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    assert "An expired search: search again" in response.content.decode()


def test_only_the_last_five_searches_are_kept(as_reviewer, grace):
    for number in range(7):
        search(as_reviewer, f"person{number}@example.org")
    assert len(as_reviewer.session[CONTACT_SEARCHES]) == 5


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a full email address, phone number or name."),
        ("   ", "Type a full email address, phone number or name."),
        ("x" * 255, "That is longer than any email, phone number or name."),
        ("nul\x00byte", "Remove the unusual characters"),
    ],
)
def test_an_empty_or_hostile_query_is_refused_with_a_message(
    as_reviewer, query, message
):
    response = as_reviewer.post(SEARCH, {"q": query}, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert CONTACT_SEARCHES not in as_reviewer.session


def test_a_search_in_the_address_is_not_honoured(as_reviewer, grace, routine):
    response = as_reviewer.get(QUEUE, {"q": "grace hopper"}, follow=True)
    assert response.redirect_chain[0][0] == QUEUE
    assert "Use the search form to search." in response.content.decode()


def test_the_search_form_posts_and_says_what_it_matches(as_reviewer):
    text = as_reviewer.get(QUEUE).content.decode()
    assert f'action="{SEARCH}"' in text
    assert 'method="post"' in text
    assert "Finds exact matches only" in text
    assert "Part of a name or address finds nothing" in text


def test_search_is_post_only(as_reviewer):
    assert as_reviewer.get(SEARCH).status_code == 405


def test_a_content_editor_may_not_search(editor, staff_client, grace):
    assert staff_client(editor).post(SEARCH, {"q": "grace hopper"}).status_code == 403


def test_anonymous_searches_go_to_the_login(grace):
    response = Client().post(SEARCH, {"q": "grace hopper"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
