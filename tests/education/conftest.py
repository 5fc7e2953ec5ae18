import json
import re

JSON_LD = re.compile(
    r'<script type="application/ld\+json">(?P<data>.*?)</script>', re.S
)


def json_ld_blocks(html: str) -> list[dict]:
    return [json.loads(match["data"]) for match in JSON_LD.finditer(html)]
