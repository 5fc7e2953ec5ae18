"""Every public page is built on base.html: these are its promises."""

from html.parser import HTMLParser

import pytest

PUBLIC_PAGES = ["/", "/help-now/", "/privacy/", "/assessment/", "/no-such-page/"]


class Landmarks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def first(self, tag: str) -> dict[str, str | None] | None:
        return next((attrs for name, attrs in self.tags if name == tag), None)


def parse(html: str) -> Landmarks:
    parser = Landmarks()
    parser.feed(html)
    return parser


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_crisis_line_is_on_every_page(client, url):
    html = client.get(url).content.decode()
    assert "In crisis? Call or text" in html
    assert '<a href="tel:988">988</a>' in html
    assert '<a href="tel:911">911</a>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_the_crisis_bar_on_every_page_points_people_outside_the_us_to_local_help(
    client, url
):
    html = client.get(url).content.decode()
    bar = html.split('class="crisis-bar"', 1)[1].split("</header>", 1)[0]
    assert "Outside the US?" in bar
    assert '<a href="https://findahelpline.com" rel="noreferrer">' in bar


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_quick_exit_and_skip_link_are_on_every_page(client, url):
    page = parse(client.get(url).content.decode())
    links = [attrs for tag, attrs in page.tags if tag == "a"]
    assert links[0]["href"] == "#main", "the skip link comes first"
    assert page.first("main")["id"] == "main"
    exits = [a for a in links if "data-quick-exit" in a]
    assert len(exits) == 1
    assert exits[0]["href"].startswith("https://")
    assert exits[0]["rel"] == "noreferrer"


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_landmarks_and_disclaimer(client, url):
    html = client.get(url).content.decode()
    page = parse(html)
    for tag in ("header", "nav", "main", "footer"):
        assert page.first(tag) is not None, f"<{tag}> missing on {url}"
    assert page.first("html")["lang"].startswith("en")
    assert "does not diagnose" in html


@pytest.mark.django_db
def test_pages_load_no_third_party_resources(client):
    page = parse(client.get("/").content.decode())
    for tag, attrs in page.tags:
        if tag == "link" and attrs.get("rel") == "canonical":
            continue  # names the page's own address; nothing is loaded from it
        source = attrs.get("src") or (attrs.get("href") if tag == "link" else None)
        if source:
            assert source.startswith("/"), f"<{tag}> loads {source} from elsewhere"


@pytest.mark.django_db
def test_missing_page_is_a_404_in_the_site_design(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"find that page" in response.content
    assert b"Leave this site" in response.content


def test_server_error_page_renders_without_the_database(rf):
    from ketacare.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Sorry, something went wrong" in response.content
    assert b"988" in response.content


@pytest.mark.django_db
def test_public_pages_allow_only_their_own_scripts_and_styles(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe" not in policy


@pytest.mark.django_db
def test_html_is_compressed_for_browsers_that_accept_it(client):
    response = client.get("/help-now/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
