"""Whole-page cache for the public education pages, in the shared cache.

Every entry is stored with the content generation it was rendered from. Saving
content (admin, load_content) starts a new generation, which makes every stored
page stale at once: no list of keys to keep in step with slugs, renames or
related-page links. A hit costs one cache read (the generation and the page are
fetched together), so with the PostgreSQL cache a cached page is one SQL query;
a page this process served in the last two seconds costs none (RecentPages).
Keys also carry a fingerprint of the templates and static files, so a deploy
never serves HTML rendered by the previous release.
"""

import functools
import gzip
import hashlib
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

GENERATION_KEY = "education:generation"
PAGE_TIMEOUT = 24 * 60 * 60


def content_cache_invalidate() -> None:
    """Make every cached education page stale (call after content changes)."""
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    _recent.forget()


class RecentPages:
    """This process's copy of pages it recently served from the shared cache.

    The shared cache stays the source of truth. A copy is used only while this
    process has confirmed the shared generation in the last CONFIRM_SECONDS, so
    a save made through another worker or server shows everywhere within that
    time (and at once in the process that saved). Most hits then need no
    database round trip at all.
    """

    CONFIRM_SECONDS = 2.0
    MAX_PAGES = 256
    # Elapsed time, immune to wall-clock changes (tests may replace it).
    clock = staticmethod(time.monotonic)

    def __init__(self) -> None:
        self.pages: OrderedDict[str, tuple] = OrderedDict()
        self.generation: str | None = None
        self.confirmed_at = float("-inf")

    def get(self, key: str) -> tuple | None:
        if self.clock() - self.confirmed_at > self.CONFIRM_SECONDS:
            return None
        entry = self.pages.get(key)
        if entry is None or entry[0] != self.generation:
            return None
        self.pages.move_to_end(key)
        return entry

    def confirm(self, generation: str) -> None:
        if generation != self.generation:
            self.pages.clear()
        self.generation = generation
        self.confirmed_at = self.clock()

    def keep(self, key: str, entry: tuple) -> None:
        if entry[0] != self.generation:
            return
        self.pages[key] = entry
        self.pages.move_to_end(key)
        while len(self.pages) > self.MAX_PAGES:
            self.pages.popitem(last=False)

    def forget(self) -> None:
        self.pages.clear()
        self.generation = None
        self.confirmed_at = float("-inf")


_recent = RecentPages()


RENDERING_FILES = {".css", ".html", ".js", ".mo", ".py", ".svg", ".txt", ".xml"}


@functools.cache
def code_version() -> str:
    """A fingerprint of what renders the pages: templates, static files and this
    app's code. A deploy that changes any of them starts with fresh pages instead
    of serving old HTML (which may name static files that no longer exist)."""
    digest = hashlib.sha256()
    static = [d[1] if isinstance(d, tuple) else d for d in settings.STATICFILES_DIRS]
    roots = [Path(__file__).resolve().parent, *settings.TEMPLATES[0]["DIRS"]]
    for root in map(Path, [*roots, *static, *settings.LOCALE_PATHS]):
        for path in sorted(root.rglob("*")):
            if path.suffix in RENDERING_FILES and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _page_key(request: HttpRequest, name: str) -> str:
    # Host and scheme are part of the page (canonical and Open Graph URLs);
    # ALLOWED_HOSTS bounds how many there can be.
    raw = "|".join(
        (
            name,
            request.scheme or "",
            request.get_host(),
            get_language() or "",
            code_version(),
        )
    )
    return "education:page:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def cached_page(
    request: HttpRequest,
    name: str,
    render: Callable[[], HttpResponse],
    *,
    timeout: int = PAGE_TIMEOUT,
) -> HttpResponse:
    """Serve page `name` from the cache, or render it and store a 200 response
    for `timeout` seconds."""
    key = _page_key(request, name)
    entry = _recent.get(key)
    if entry is not None:
        return _from_cache(request, *entry[1:])
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    entry = found.get(key)
    if generation is not None:
        _recent.confirm(generation)
    if generation is not None and entry is not None and entry[0] == generation:
        _recent.keep(key, entry)
        return _from_cache(request, *entry[1:])

    if generation is None:
        # Settle the generation before reading content, so a page rendered
        # from data older than a concurrent save is never stored under it.
        generation = secrets.token_hex(8)
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY)
    response = render()
    if hasattr(response, "render"):
        response.render()
    if response.status_code == 200 and generation is not None:
        # Compressed once here rather than by GZipMiddleware on every hit. These
        # pages hold no secrets or personal data, so BREACH padding is not needed.
        compressed = gzip.compress(response.content, compresslevel=9, mtime=0)
        entry = (generation, response.content, response["Content-Type"], compressed)
        cache.set(key, entry, timeout)
        _recent.keep(key, entry)
    return response


def _from_cache(
    request: HttpRequest, content: bytes, content_type: str, compressed: bytes
) -> HttpResponse:
    if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(compressed, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(content, content_type=content_type)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
