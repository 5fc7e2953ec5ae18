"""What a page costs to download: its HTML plus the CSS and JS it references,
each as compressed as the server sends it to a browser that accepts br/gzip."""

import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin

ACCEPT = {"Accept-Encoding": "br, gzip"}


class Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon"):
            self.urls.append(attrs["href"])


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[bytes, str]:
    """The body as sent on the wire, and its Content-Encoding."""
    request = urllib.request.Request(url, headers={**ACCEPT, **(headers or {})})
    with urllib.request.urlopen(request, timeout=10) as reply:
        return reply.read(), reply.headers.get("Content-Encoding", "")


def transfer_bytes(url: str, headers: dict[str, str] | None = None) -> int:
    """Compressed bytes for the page and its assets (as sent on the wire)."""
    wire, encoding = fetch(url, headers)
    parser = Assets()
    parser.feed(_decode(wire, encoding).decode("utf-8", "replace"))
    return len(wire) + sum(len(fetch(urljoin(url, a))[0]) for a in parser.urls)


def _decode(body: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        import gzip

        return gzip.decompress(body)
    if encoding == "br":
        import brotli

        return brotli.decompress(body)
    return body
