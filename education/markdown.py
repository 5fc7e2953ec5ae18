"""Markdown written by staff -> HTML that is safe to put on a public page.

Order matters: Markdown first (it passes raw HTML through), then nh3 removes
anything not on the short allow-list below (scripts, event handlers, styles,
iframes, javascript: links). Only after sanitising are the site's own figures
put in, from templates, in place of `[[figure:name]]` paragraphs.
"""

import re
import xml.etree.ElementTree as etree
from collections.abc import Collection

import markdown
import nh3
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from education import timeline

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "dd",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"scope"},
}
ALLOWED_CLASSES = {"sup": {"citation"}, "span": {"visually-hidden"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Figures an editor may place in a body: a trusted template and the function that
# gives it its data (one definition for the picture and its words).
FIGURES = {
    "duration-timeline": (
        "education/figures/duration_timeline.html",
        timeline.figure_context,
    ),
}
FIGURE_PARAGRAPH = re.compile(r"<p>\[\[figure:([a-z0-9-]+)\]\]</p>")

# [1] or [1, 3]: not a Markdown link ("[1](...)"), not a footnote ("[^1]").
CITATION_PATTERN = r"\[(\d{1,3}(?:,\s?\d{1,3})*)\](?!\()"
CITATION_MARKER = re.compile(CITATION_PATTERN)


def cited_numbers(text: str) -> set[int]:
    """Every reference number the text cites."""
    return {
        int(number)
        for match in CITATION_MARKER.finditer(text)
        for number in match.group(1).split(",")
    }


class _CitationProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: markdown.Markdown, known: set[int] | None):
        super().__init__(pattern, md)
        self.known = known

    def handleMatch(self, m, data):
        numbers = [int(n) for n in m.group(1).split(",")]
        if self.known is not None and not set(numbers) <= self.known:
            return None, None, None
        sup = etree.Element("sup", {"class": "citation"})
        sup.text = AtomicString("[")
        for index, number in enumerate(numbers):
            link = etree.SubElement(sup, "a", {"href": f"#ref-{number}"})
            hidden = etree.SubElement(link, "span", {"class": "visually-hidden"})
            hidden.text = AtomicString(gettext("Reference") + " ")
            hidden.tail = AtomicString(str(number))
            link.tail = AtomicString(", " if index < len(numbers) - 1 else "]")
        return sup, m.start(0), m.end(0)


class _CitationExtension(Extension):
    def __init__(self, known: set[int] | None):
        super().__init__()
        self.known = known

    def extendMarkdown(self, md):
        # Above the reference-link pattern (170), which would otherwise see "[1]".
        md.inlinePatterns.register(
            _CitationProcessor(CITATION_PATTERN, md, self.known), "citation", 175
        )


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_markdown(
    text: str, *, references: Collection[int] | None = None
) -> SafeString:
    """Markdown -> sanitised HTML, without figures (see render_body for pages).

    `references` are the numbers that exist on the page: only those citations
    become links. None links every [n] marker.
    """
    known = set(references) if references is not None else None
    html = markdown.markdown(
        text,
        extensions=["tables", "sane_lists", _CitationExtension(known)],
        output_format="html",
    )
    return mark_safe(sanitise(html))  # noqa: S308 (sanitised)


def _figure(match: re.Match[str]) -> str:
    figure = FIGURES.get(match.group(1))
    if figure is None:
        return ""
    template, context = figure
    return render_to_string(template, context())


def render_body(text: str, *, references: Collection[int] | None = None) -> SafeString:
    """A page body: sanitised Markdown with the site's figures placed in it."""
    html = render_markdown(text, references=references)
    # The figures are the site's own templates, not editor input.
    return mark_safe(FIGURE_PARAGRAPH.sub(_figure, html))  # noqa: S308
