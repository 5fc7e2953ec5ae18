"""Full-text search over published FAQ entries and topic pages (PostgreSQL).

The stored, weighted tsvector columns (models.py) are matched with
websearch_to_tsquery, so people can type plain words, "quoted phrases" and
-exclusions without any syntax errors. Highlighted snippets come from
ts_headline; its output is plain text from the database, so it is escaped
here first and only then are the hits wrapped in <mark>.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from education.models import SEARCH_CONFIG, FaqEntry, PublishedQuerySet, TopicPage

MAX_QUERY_LENGTH = 200
RESULTS_PER_KIND = 10
# Private-use characters never shown to readers: ts_headline puts them around
# each hit, and _mark() turns them into <mark> after escaping everything else.
HIT_START = "\ue000"
HIT_STOP = "\ue001"
# ts_rank normalisation 1: divide by 1 + log(length), so a long page does not
# outrank a short answer just by repeating a word.
RANK_NORMALISATION = 1

_MARKDOWN_NOISE = [
    (re.compile(r"\[\[figure:[a-z0-9-]*\]\]"), ""),
    (re.compile(r"\s*\[(\d{1,3}(?:,\s?\d{1,3})*)\](?!\()"), ""),  # citations
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)?"), r"\1"),  # links -> their text
    (re.compile(r"\]\([^)\s]*\)?"), ""),  # the tail of a link cut in half
    (re.compile(r"(\*\*|__|`)"), ""),
    (re.compile(r"(?m)^\s*(#{1,6}|>|[-*+]|\d+\.)\s+"), ""),
    (re.compile(r"\s+"), " "),
]


def normalise_query(raw: str) -> str:
    """What a person typed -> a short, printable search string (maybe empty).

    Drops control, format and unassigned characters (NUL bytes would make
    PostgreSQL refuse the query) and caps the length.
    """
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "faq" or "topic"
    title: SafeString
    snippet: SafeString
    url: str
    rank: float


def _mark(text: str) -> SafeString:
    """Escape ts_headline output, then turn its hit delimiters into <mark>."""
    for pattern, replacement in _MARKDOWN_NOISE:
        text = pattern.sub(replacement, text)
    parts: list[str] = []
    open_mark = False
    for piece in re.split(f"([{HIT_START}{HIT_STOP}])", text.strip()):
        if piece == HIT_START and not open_mark:
            parts.append("<mark>")
            open_mark = True
        elif piece == HIT_STOP and open_mark:
            parts.append("</mark>")
            open_mark = False
        elif piece not in (HIT_START, HIT_STOP):
            parts.append(str(escape(piece)))
    if open_mark:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 (escaped above)


def _headline(field: str, query: SearchQuery, *, whole: bool) -> SearchHeadline:
    # One excerpt of 15-30 words around the best match (fragment mode trims
    # short answers to little more than the hit); titles are shown whole.
    return SearchHeadline(
        field,
        query,
        config=SEARCH_CONFIG,
        start_sel=HIT_START,
        stop_sel=HIT_STOP,
        max_words=30,
        min_words=15,
        highlight_all=whole or None,
    )


def _ranked(
    queryset: PublishedQuerySet, query: SearchQuery, title: str, text: str
) -> PublishedQuerySet:
    return (
        queryset.published()
        .filter(search_vector=query)
        .annotate(
            rank=SearchRank(
                F("search_vector"), query, normalization=RANK_NORMALISATION
            ),
            title_hit=_headline(title, query, whole=True),
            text_hit=_headline(text, query, whole=False),
        )
        .order_by("-rank", "order")[:RESULTS_PER_KIND]
    )


# What is searched: kind of hit, model, title field, text field.
_SEARCHED = (
    ("faq", FaqEntry, "question", "answer"),
    ("topic", TopicPage, "title", "body"),
)


def search_content(query: str) -> list[SearchHit]:
    """Published FAQ entries and topic pages matching `query`, best first.

    Two SQL queries. `query` should come from normalise_query().
    """
    if not query:
        return []
    tsquery = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    hits = [
        SearchHit(
            kind=kind,
            title=_mark(row.title_hit),
            snippet=_mark(row.text_hit),
            url=row.get_absolute_url(),
            rank=row.rank,
        )
        for kind, model, title, text in _SEARCHED
        for row in _ranked(model.objects.only("slug"), tsquery, title, text)
    ]
    return sorted(hits, key=lambda hit: hit.rank, reverse=True)
