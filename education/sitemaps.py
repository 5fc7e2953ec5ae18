"""/sitemap.xml: the public pages search engines should know about."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from education.models import TopicPage


class PublicPagesSitemap(Sitemap):
    """Fixed pages, by URL name."""

    def items(self) -> list[str]:
        return [
            "education:home",
            "education:topic-list",
            "education:faq",
            "intake:start",
            "help-now",
            "privacy",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class TopicPageSitemap(Sitemap):
    """Every published topic page; drafts are not listed."""

    def items(self) -> list[TopicPage]:
        # A list, not a queryset: the paginator then needs no COUNT query.
        return list(TopicPage.objects.published().only("slug", "updated_at"))

    def lastmod(self, page: TopicPage):
        return page.updated_at


SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {
    "pages": PublicPagesSitemap,
    "topics": TopicPageSitemap,
}
