import json
import re

import pytest

JSON_LD = re.compile(
    r'<script type="application/ld\+json">(?P<data>.*?)</script>', re.S
)


def json_ld_blocks(html: str) -> list[dict]:
    return [json.loads(match["data"]) for match in JSON_LD.finditer(html)]


@pytest.fixture(autouse=True)
def _searches_unlimited(settings):
    """Every test's searches come from one address; the limit has its own test."""
    settings.KETACARE_SEARCH_LIMIT = 1_000_000
