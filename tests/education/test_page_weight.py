"""Every public education page, with the CSS, JS and icon it loads, stays under
50 KB gzip-compressed: it must be quick on a cheap phone on a weak network."""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from education.content_files import read_content
from education.models import TopicPage

BUDGET = 50 * 1024
ASSET = re.compile(r'<(?:link[^>]*\shref|script[^>]*\ssrc)="([^"]+)"')


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def page_weight(client, url: str) -> dict[str, int]:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    weights = {url: compressed(response.content)}
    for asset in set(ASSET.findall(html)):
        if not asset.startswith(settings.STATIC_URL):
            continue  # the canonical link points at the page itself
        path = finders.find(asset.removeprefix(settings.STATIC_URL))
        assert path, f"{asset} is referenced but not found"
        with open(path, "rb") as file:
            weights[asset] = compressed(file.read())
    return weights


def public_urls() -> list[str]:
    topics = [page.get_absolute_url() for page in TopicPage.objects.published()]
    return ["/", "/learn/", "/faq/", "/faq/?q=maintenance", "/faq/?q=xyzzy", *topics]


@pytest.mark.django_db
def test_every_public_page_is_under_50_kb_compressed(client, shipped_content):
    report = {}
    for url in public_urls():
        weights = page_weight(client, url)
        report[url] = sum(weights.values())
        assert report[url] < BUDGET, f"{url}: {weights}"
    shipped = [t for t in read_content()[0] if t.status == "published"]
    assert len(report) == len(public_urls()) == 5 + len(shipped)


@pytest.mark.django_db
def test_the_weight_includes_the_stylesheets_and_scripts(client, shipped_content):
    weights = page_weight(client, "/faq/")
    assets = [name for name in weights if name.startswith(settings.STATIC_URL)]
    assert any(name.endswith("bootstrap.min.css") for name in assets)
    assert any(name.endswith("education.css") for name in assets)
    assert any(name.endswith(".js") for name in assets)
    # Bootstrap alone is most of the budget, so the measurement is real.
    assert sum(weights.values()) > 30 * 1024
