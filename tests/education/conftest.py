import json
import re

import pytest

from education.services import content_load

JSON_LD = re.compile(
    r'<script type="application/ld\+json">(?P<data>.*?)</script>', re.S
)


@pytest.fixture
def shipped_content(db):
    """The content files in education/content/, loaded as `make run` loads them."""
    return content_load()


def json_ld_blocks(html: str) -> list[dict]:
    return [json.loads(match["data"]) for match in JSON_LD.finditer(html)]
