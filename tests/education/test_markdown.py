"""Editors write Markdown; only safe HTML may reach a public page."""

import pytest

from education.markdown import cited_numbers, render_body, render_markdown


def test_it_renders_basic_markdown():
    html = render_markdown("## Heading\n\nSome **bold** text and a [link](/faq/).")
    assert "<h2>Heading</h2>" in html
    assert "<strong>bold</strong>" in html
    assert '<a href="/faq/"' in html


def test_it_strips_script_elements_and_their_content():
    html = render_markdown("Before <script>alert('x')</script> after")
    assert "<script" not in html
    assert "alert" not in html
    assert "Before" in html
    assert "after" in html


@pytest.mark.parametrize(
    "link",
    [
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<a href="JaVaScRiPt:alert(1)">click</a>',
        '<a href="&#106;avascript:alert(1)">click</a>',
        '<a href=" javascript:alert(1)">click</a>',
    ],
)
def test_it_removes_javascript_links(link):
    html = render_markdown(link)
    assert "javascript" not in html.lower()
    assert "alert" not in html


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="x" onerror="alert(1)">',
        '<p onclick="alert(1)">text</p>',
        '<a href="/" onmouseover="alert(1)">text</a>',
        '<svg onload="alert(1)"></svg>',
    ],
)
def test_it_removes_event_handlers(markup):
    assert "alert" not in render_markdown(markup)


@pytest.mark.parametrize(
    "markup",
    [
        '<iframe src="https://example.com"></iframe>',
        "<style>body{display:none}</style>",
        '<p style="position:fixed">text</p>',
        '<form action="https://example.com"><input name="x"></form>',
        '<object data="x"></object>',
    ],
)
def test_it_removes_frames_styles_and_forms(markup):
    html = render_markdown(markup)
    for forbidden in ("<iframe", "<style", "style=", "<form", "<input", "<object"):
        assert forbidden not in html


def test_it_keeps_ordinary_external_links_but_adds_noreferrer():
    html = render_markdown("[988](https://988lifeline.org/)")
    assert 'href="https://988lifeline.org/"' in html
    assert 'rel="noopener noreferrer"' in html


def test_a_citation_marker_becomes_a_link_to_the_reference():
    html = render_markdown("It lasted a week [2].", references=[1, 2])
    assert '<sup class="citation">[<a href="#ref-2"' in html
    assert '<span class="visually-hidden">Reference </span>2</a>]' in html


def test_several_citations_in_one_marker_each_get_a_link():
    html = render_markdown("See both [1, 2].", references=[1, 2])
    assert 'href="#ref-1"' in html
    assert 'href="#ref-2"' in html


def test_a_citation_of_a_missing_reference_stays_plain_text():
    html = render_markdown("Unsupported claim [7].", references=[1])
    assert "[7]" in html
    assert "#ref-7" not in html


def test_citation_markers_in_code_and_real_links_are_left_alone():
    html = render_markdown("`list[1]` and [1](https://example.com)", references=[1])
    assert "#ref-1" not in html
    assert "<code>list[1]</code>" in html


def test_cited_numbers_lists_every_number_cited():
    assert cited_numbers("A [1]. B [2, 3]. Not a link [4](x).") == {1, 2, 3}


def test_a_figure_placeholder_becomes_the_site_figure():
    html = render_body("Intro.\n\n[[figure:duration-timeline]]\n\nMore.")
    assert '<figure class="timeline"' in html
    assert "[[figure" not in html


def test_an_unknown_figure_placeholder_is_dropped():
    html = render_body("[[figure:nope]]")
    assert "figure" not in html


def test_a_figure_cannot_be_smuggled_in_as_raw_html():
    html = render_body(
        '<figure class="timeline"><svg onload="alert(1)"></svg></figure>'
    )
    assert "<svg" not in html
    assert "alert" not in html
