"""What search engines and link previews read: page meta data and JSON-LD."""

import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from education.models import FaqEntry, TopicPage

# Inside <script type="application/ld+json"> the HTML parser ends the block at
# the first "</script"; escaping <, > and & as JSON \u escapes (still valid JSON,
# same data) makes a break-out impossible whatever the text contains.
_JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def json_ld(data: dict[str, Any]) -> SafeString:
    """Serialise `data` for a <script type="application/ld+json"> data block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 (escaped)


@dataclass(frozen=True)
class PageMeta:
    """Title, description and canonical address of one public page."""

    title: str
    description: str
    canonical_url: str
    og_type: str = "website"
    noindex: bool = False


def page_meta(
    request: HttpRequest,
    *,
    title: str,
    description: str,
    path: str | None = None,
    og_type: str = "website",
    noindex: bool = False,
) -> PageMeta:
    # The canonical address never carries the query string (?q=... searches).
    return PageMeta(
        title=title,
        description=description,
        canonical_url=request.build_absolute_uri(path or request.path),
        og_type=og_type,
        noindex=noindex,
    )


def _publisher() -> dict[str, str]:
    return {"@type": "Organization", "name": settings.KETACARE_CLINIC_NAME}


def topic_page_ld(
    page: TopicPage, canonical_url: str, references: list
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "headline": page.title,
        "description": page.meta_description,
        "url": canonical_url,
        "inLanguage": get_language() or settings.LANGUAGE_CODE,
        "dateModified": page.updated_at.isoformat(),
        "publisher": _publisher(),
        "citation": [reference.citation for reference in references],
    }
    # Only a clinician's sign-off of the version online is claimed: none for
    # shipped content, and none once the text has changed since the sign-off.
    review = page.review
    if review.is_signed_off:
        data["lastReviewed"] = review.reviewed_on.isoformat()
        data["reviewedBy"] = {
            "@type": "Person",
            "name": review.reviewer_name,
            "honorificSuffix": review.reviewer_credentials,
        }
    return data


def faq_page_ld(
    entries: list[tuple[FaqEntry, str]], canonical_url: str
) -> dict[str, Any]:
    """`entries` pairs each published entry with its sanitised answer HTML."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": canonical_url,
        "inLanguage": get_language() or settings.LANGUAGE_CODE,
        "publisher": _publisher(),
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {"@type": "Answer", "text": answer_html},
            }
            for entry, answer_html in entries
        ],
    }
