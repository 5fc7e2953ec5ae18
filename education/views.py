"""Public education pages. Published content only; each page is cached whole in
the shared cache (education/cache.py) and costs at most three SQL queries to build.

A topic page and the FAQ say where each item stands with clinical review, and
"next review due" turns into "overdue" with the calendar alone: their cache
names carry the date, so no page says yesterday's thing.
"""

from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from education.cache import cached_page
from education.markdown import render_body, render_markdown
from education.models import FaqCategory, FaqEntry, Reference, TopicPage
from education.search import normalise_query, search_content
from education.seo import faq_page_ld, json_ld, page_meta, topic_page_ld
from education.sitemaps import SITEMAPS
from ketacare import rate_limit

PREVIEW_PERMISSION = "education.view_topicpage"
# Searches are many and mostly one-off: their pages leave the cache sooner, and
# expired entries are the first the database cache drops when it is full.
SEARCH_PAGE_TIMEOUT = 60 * 60
# Offered when a search is empty or finds nothing (all appear in the content).
SEARCH_SUGGESTIONS = [
    _lazy("side effects"),
    _lazy("maintenance"),
    _lazy("relapse"),
    _lazy("benzodiazepines"),
    _lazy("insurance"),
    _lazy("driving"),
]


def _topic_links():
    return TopicPage.objects.published().only("slug", "title", "summary", "order")


def _topic_index(
    request: HttpRequest, *, name: str, template: str, title: str, description: str
) -> HttpResponse:
    """A cached page listing the published topics (home, /learn/)."""

    def build() -> HttpResponse:
        meta = page_meta(request, title=title, description=description)
        context = {"meta": meta, "topics": list(_topic_links())}
        return render(request, template, context)

    return cached_page(request, name, build)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return _topic_index(
        request,
        name="home",
        template="education/home.html",
        title=_("Honest answers about ketamine therapy"),
        description=_(
            "Plain-language, cited answers about ketamine treatment for "
            "depression: how long it lasts, safety, and a free self-assessment."
        ),
    )


@require_safe
def topic_list(request: HttpRequest) -> HttpResponse:
    return _topic_index(
        request,
        name="topic-list",
        template="education/topic_list.html",
        title=_("Learn about ketamine treatment"),
        description=_(
            "Cited, plain-language pages on how long ketamine's effects last, "
            "maintenance sessions, safety and side effects, and therapy."
        ),
    )


def _topic(slug: str, *, published_only: bool) -> TopicPage:
    pages = TopicPage.objects.all()
    if published_only:
        pages = pages.published()
    return get_object_or_404(
        pages.with_review().prefetch_related(
            Prefetch("references", queryset=Reference.objects.order_by("number")),
            Prefetch("related", queryset=_topic_links()),
        ),
        slug=slug,
    )


def _render_topic(
    request: HttpRequest, page: TopicPage, *, preview: bool = False
) -> HttpResponse:
    references = list(page.references.all())
    meta = page_meta(
        request,
        title=page.title,
        description=page.meta_description,
        og_type="article",
        noindex=preview,
    )
    context = {
        "meta": meta,
        "page": page,
        "preview": preview,
        "body": render_body(page.body, references=[r.number for r in references]),
        "references": references,
        "related": list(page.related.all()),
        "json_ld": json_ld(topic_page_ld(page, meta.canonical_url, references)),
    }
    return render(request, "education/topic_detail.html", context)


@require_safe
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        return cached_page(
            request,
            f"topic:{slug}:{timezone.localdate()}",
            lambda: _render_topic(request, _topic(slug, published_only=True)),
        )
    except Http404:
        # Editors may preview a draft; the public gets the 404.
        if not request.user.has_perm(PREVIEW_PERMISSION):
            raise
    response = _render_topic(request, _topic(slug, published_only=False), preview=True)
    response["Cache-Control"] = "private, no-store"
    return response


def _faq_groups() -> list[dict]:
    categories = FaqCategory.objects.prefetch_related(
        Prefetch(
            "entries",
            queryset=FaqEntry.objects.published()
            .with_review()
            .order_by("order", "question"),
            to_attr="published_entries",
        )
    )
    return [
        {
            "category": category,
            "entries": [
                (entry, render_markdown(entry.answer))
                for entry in category.published_entries
            ],
        }
        for category in categories
        if category.published_entries
    ]


def _render_faq(request: HttpRequest, *, empty_search: bool = False) -> HttpResponse:
    meta = page_meta(
        request,
        title=_("Questions people ask about ketamine treatment"),
        description=_(
            "Short, honest answers about how long ketamine lasts, maintenance, side "
            "effects, addiction risk, cost and who should not have it."
        ),
        path=reverse("education:faq"),
    )
    groups = _faq_groups()
    entries = [pair for group in groups for pair in group["entries"]]
    context = {
        "meta": meta,
        "groups": groups,
        "empty_search": empty_search,
        "suggestions": SEARCH_SUGGESTIONS,
        "json_ld": json_ld(faq_page_ld(entries, meta.canonical_url)),
    }
    return render(request, "education/faq.html", context)


@require_safe
def faq(request: HttpRequest) -> HttpResponse:
    if "q" not in request.GET:
        return cached_page(
            request, f"faq:{timezone.localdate()}", lambda: _render_faq(request)
        )
    query = normalise_query(request.GET["q"])
    if not query:
        return cached_page(
            request,
            f"faq:empty-search:{timezone.localdate()}",
            lambda: _render_faq(request, empty_search=True),
        )
    # Results are cached whole per normalised query, like every public page, and
    # stale as soon as content changes. Only searches that reach the database
    # count against the client's limit: a cached answer costs no more than the
    # home page.
    return cached_page(
        request,
        f"faq:search:{timezone.localdate()}:{query}",
        lambda: _search_results(request, query),
        timeout=SEARCH_PAGE_TIMEOUT,
    )


def _search_limited(request: HttpRequest) -> HttpResponse:
    meta = page_meta(
        request,
        title=_("Please wait a moment"),
        description=_("Search the questions and topic pages about ketamine."),
        path=reverse("education:faq"),
        noindex=True,
    )
    response = render(
        request, "education/search_limited.html", {"meta": meta}, status=429
    )
    response["Retry-After"] = str(
        rate_limit.retry_after_seconds(settings.KETACARE_SEARCH_WINDOW_SECONDS)
    )
    add_never_cache_headers(response)
    return response


def _search_results(request: HttpRequest, query: str) -> HttpResponse:
    allowed = rate_limit.allow(
        "search",
        request,
        limit=settings.KETACARE_SEARCH_LIMIT,
        window=settings.KETACARE_SEARCH_WINDOW_SECONDS,
    )
    if not allowed:
        return _search_limited(request)
    hits = search_content(query)
    meta = page_meta(
        request,
        title=_("Search results"),
        description=_("Search the questions and topic pages about ketamine."),
        path=reverse("education:faq"),
        noindex=True,
    )
    context = {
        "meta": meta,
        "query": query,
        "hits": hits,
        "suggestions": SEARCH_SUGGESTIONS,
        # Nothing found: offer the topic pages instead.
        "topics": [] if hits else list(_topic_links()),
    }
    return render(request, "education/faq_results.html", context)


@require_safe
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    return cached_page(request, "sitemap", lambda: sitemap(request, sitemaps=SITEMAPS))


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    context = {
        "sitemap_url": request.build_absolute_uri(reverse("education:sitemap")),
        "admin_url": reverse("admin:index"),
    }
    return render(request, "education/robots.txt", context, content_type="text/plain")
