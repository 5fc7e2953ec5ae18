"""The FAQ search box is a crispy-forms layout: a labelled search box with its
hint (and any error) tied to it, one button, a GET form that needs no script."""

import pytest
from crispy_forms.utils import render_crispy_form

from education.forms import SearchForm
from tests.elements import Elements


@pytest.mark.django_db
def test_the_faq_page_renders_the_search_box_through_crispy(client, shipped_content):
    response = client.get("/faq/?q=side+effects+crispy")
    used = {template.name for template in response.templates}
    assert {"bootstrap5/whole_uni_form.html", "bootstrap5/kc/search.html"} <= used
    page = Elements(response.content.decode())
    form = page.all("form")[0]
    assert (form["method"], form["action"], form["role"]) == ("get", "/faq/", "search")
    box = page.by_id("faq-q")
    assert (box["type"], box["name"], box["value"]) == (
        "search",
        "q",
        "side effects crispy",
    )
    assert box["aria-describedby"] == "faq-q_helptext"
    assert "For example" in page.said("faq-q_helptext")
    assert "aria-invalid" not in box
    assert [a["for"] for a in page.all("label")] == ["faq-q"]
    assert len(page.all("button")) == 1


def test_a_search_too_long_shows_its_error_tied_to_the_box():
    form = SearchForm({"q": "x" * 201})
    page = Elements(render_crispy_form(form))
    box = page.by_id("faq-q")
    assert box["aria-describedby"] == "faq-q_helptext faq-q_error"
    assert box["aria-invalid"] == "true"
    assert page.said("faq-q_error") == "Error: Search for 200 characters or fewer"


def test_the_search_form_builds_its_layout_once():
    assert SearchForm.helper is SearchForm().helper
