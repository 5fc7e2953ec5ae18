"""The FAQ search form for the pages that show the search box."""

from django import template

from education.forms import SearchForm

register = template.Library()


@register.simple_tag
def faq_search_form(query: str = "") -> SearchForm:
    """The form holding what was searched for (`query`), if anything."""
    return SearchForm({"q": query}) if query else SearchForm()
