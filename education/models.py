"""Education content: topic pages with numbered references, and a grouped FAQ.

Bodies are Markdown written by staff; they are rendered and sanitised on the way
out (education/markdown.py), never trusted as HTML.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SEARCH_CONFIG = "english"


class PublishStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not public)")
    PUBLISHED = "published", _("Published")


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublishStatus.PUBLISHED)


class Timestamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Publishable(Timestamped):
    """Public content: draft until published, ordered, and loadable from files."""

    Status = PublishStatus

    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    # What load_content last wrote; an edit since then makes the row differ.
    content_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PublishStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

    @property
    def is_published(self) -> bool:
        return self.status == PublishStatus.PUBLISHED


class Reviewer(Timestamped):
    """A clinician who has medically reviewed one or more topic pages.

    Shipped content names no reviewer: the clinic enters its own clinician here,
    and only then does a page claim medical review.
    """

    name = models.CharField(_("name"), max_length=120)
    credentials = models.CharField(
        _("credentials"),
        max_length=160,
        help_text=_("For example: MD, board-certified psychiatrist."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("medical reviewer")
        verbose_name_plural = _("medical reviewers")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") & ~Q(credentials=""),
                name="education_reviewer_name_and_credentials_set",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}"


class TopicPage(Publishable):
    slug = models.SlugField(
        _("address"),
        max_length=80,
        help_text=_("The last part of the page address: /learn/<address>/."),
    )
    title = models.CharField(_("title"), max_length=120)
    meta_description = models.CharField(
        _("meta description"),
        max_length=160,
        help_text=_("Shown by search engines under the title. At most 160 characters."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("Two or three plain sentences shown under the title and in lists."),
    )
    body = models.TextField(
        _("body (Markdown)"),
        help_text=_(
            "Markdown. Cite a reference by its number in square brackets, e.g. [1]. "
            "Raw HTML and scripts are removed when the page is shown."
        ),
    )
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name=_("related pages")
    )
    last_reviewed = models.DateField(
        _("last checked against sources"),
        null=True,
        blank=True,
        help_text=_("The date the text was last checked against its references."),
    )
    medical_reviewer = models.ForeignKey(
        Reviewer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pages",
        verbose_name=_("medically reviewed by"),
        help_text=_("Leave empty until a clinician has actually reviewed this page."),
    )
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
            + SearchVector("body", weight="C", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta(Publishable.Meta):
        ordering = ["order", "title"]
        verbose_name = _("topic page")
        verbose_name_plural = _("topic pages")
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(
                fields=["slug"], name="education_topicpage_slug_unique"
            ),
            models.CheckConstraint(
                condition=~Q(slug="") & ~Q(title=""),
                name="education_topicpage_slug_and_title_set",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="education_topic_search_gin"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("education:topic-detail", kwargs={"slug": self.slug})


class Reference(Timestamped):
    """A numbered source on one topic page; the body cites it as [number]."""

    page = models.ForeignKey(
        TopicPage,
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name=_("page"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    citation = models.TextField(_("citation"), max_length=600)
    url = models.URLField(_("link"), blank=True, max_length=500)

    class Meta:
        ordering = ["page", "number"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "number"], name="education_reference_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="education_reference_number_positive"
            ),
            models.CheckConstraint(
                condition=~Q(citation=""), name="education_reference_citation_set"
            ),
        ]

    def __str__(self) -> str:
        return f"[{self.number}] {self.citation[:80]}"


class FaqCategory(Timestamped):
    slug = models.SlugField(_("key"), max_length=60)
    title = models.CharField(_("title"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("FAQ group")
        verbose_name_plural = _("FAQ groups")
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], name="education_faqcategory_slug_unique"
            ),
            models.CheckConstraint(
                condition=~Q(slug="") & ~Q(title=""),
                name="education_faqcategory_slug_and_title_set",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class FaqEntry(Publishable):
    category = models.ForeignKey(
        FaqCategory,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("group"),
    )
    slug = models.SlugField(
        _("anchor"),
        max_length=80,
        help_text=_("Used in links to this answer: /faq/#q-<anchor>."),
    )
    question = models.CharField(_("question"), max_length=200)
    answer = models.TextField(
        _("answer (Markdown)"),
        help_text=_("Markdown. Raw HTML and scripts are removed when shown."),
    )
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("question", weight="A", config=SEARCH_CONFIG)
            + SearchVector("answer", weight="B", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta(Publishable.Meta):
        ordering = ["category__order", "order", "question"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(
                fields=["slug"], name="education_faqentry_slug_unique"
            ),
            models.CheckConstraint(
                condition=~Q(slug="") & ~Q(question="") & ~Q(answer=""),
                name="education_faqentry_slug_question_answer_set",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="education_faq_search_gin"),
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return f"{reverse('education:faq')}#{self.anchor}"

    @property
    def anchor(self) -> str:
        # Prefixed so that no slug can collide with another id on the page.
        return f"q-{self.slug}"
