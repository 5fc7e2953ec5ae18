"""Education content: topic pages with numbered references, and a grouped FAQ.

Bodies are Markdown written by staff; they are rendered and sanitised on the way
out (education/markdown.py), never trusted as HTML.
"""

import datetime
import hashlib
import json

import pgtrigger
from django.conf import settings
from django.contrib.postgres.aggregates import JSONBAgg
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Case, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, JSONArray
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from education.markdown import FIGURES
from education.review import SIGNED_OFF_STATES, Fingerprint, Review, ReviewState

SEARCH_CONFIG = "english"


class PublishStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not public)")
    PUBLISHED = "published", _("Published")


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublishStatus.PUBLISHED)

    def with_review(self, *, today: datetime.date | None = None):
        """Annotate each row with its clinical review, all computed in SQL.

        content_fingerprint  the fingerprint of what the row says now
        review_*             the latest sign-off: fingerprint, when, who, due
        review_state         a ReviewState: no sign-off -> never; the text
                             differs from what was signed -> changed; past
                             its due date -> overdue; otherwise current
        """
        today = today or timezone.localdate()
        signoffs = self.model._meta.get_field("signoffs")
        latest = signoffs.related_model.objects.filter(
            **{signoffs.field.name: OuterRef("pk")}
        ).order_by("-signed_at", "-pk")

        def signed(field: str) -> Subquery:
            return Subquery(latest.values(field)[:1])

        return self.annotate(
            content_fingerprint=Fingerprint(*self.model.clinical_content()),
            review_fingerprint=signed("fingerprint"),
            review_signed_at=signed("signed_at"),
            review_name=signed("reviewer_name"),
            review_credentials=signed("reviewer_credentials"),
            review_due=signed("review_due"),
        ).annotate(
            review_state=Case(
                When(review_fingerprint__isnull=True, then=Value(ReviewState.NEVER)),
                When(
                    ~Q(review_fingerprint=F("content_fingerprint")),
                    then=Value(ReviewState.CHANGED),
                ),
                When(review_due__lt=today, then=Value(ReviewState.OVERDUE)),
                default=Value(ReviewState.CURRENT),
                output_field=models.CharField(),
            )
        )

    def needing_review(self, *, today: datetime.date | None = None):
        """Rows never reviewed, changed since their review, or overdue."""
        return self.with_review(today=today).exclude(review_state=ReviewState.CURRENT)


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

    @classmethod
    def clinical_content(cls) -> list:
        """What a clinician vouches for when signing off: the expressions whose
        fingerprint a sign-off records. Any change to them voids the sign-off."""
        raise NotImplementedError

    @property
    def review(self) -> Review:
        """The clinical review shown with this row; needs .with_review()."""
        if not hasattr(self, "review_state"):
            raise AttributeError("load the row with .with_review() to show its review")
        state = ReviewState(self.review_state)
        if state not in SIGNED_OFF_STATES:
            # A sign-off of an earlier version is never shown as if it held.
            return Review(state)
        return Review(
            state,
            reviewer_name=self.review_name,
            reviewer_credentials=self.review_credentials,
            reviewed_on=timezone.localdate(self.review_signed_at),
            due_on=self.review_due,
        )


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
        permissions = [("signoff_topicpage", _("Can sign off topic pages"))]
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

    @classmethod
    def clinical_content(cls) -> list:
        references = (
            Reference.objects.filter(page=OuterRef("pk"))
            .order_by()
            .values("page")
            .annotate(
                all=JSONBAgg(JSONArray("number", "citation", "url"), order_by="number")
            )
            .values("all")
        )
        return [
            F("title"),
            F("meta_description"),
            F("summary"),
            F("body"),
            Coalesce(
                Subquery(references),
                Func(function="jsonb_build_array", output_field=models.JSONField()),
            ),
            *figures_shown("body"),
        ]


def figure_version(name: str) -> str:
    """A digest of what the figure `name` draws and says: its data (text
    alternative included) and its template. Computed when asked, so an edit to
    the figure's definition shows at once."""
    template, context = FIGURES[name]
    drawn = json.dumps(context(), sort_keys=True, default=str)
    source = get_template(template).template.source
    return hashlib.sha256(f"{drawn}\n{source}".encode()).hexdigest()


def figures_shown(field: str) -> list[Case]:
    """For each figure, its version when the text in `field` places it, else "".
    A figure is part of the page a reviewer signs off: changing it voids the
    sign-off of every page that shows it."""
    return [
        Case(
            When(
                **{f"{field}__contains": f"[[figure:{name}]]"},
                then=Value(figure_version(name)),
            ),
            default=Value(""),
            output_field=models.CharField(),
        )
        for name in sorted(FIGURES)
    ]


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
        permissions = [("signoff_faqentry", _("Can sign off FAQ entries"))]
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

    @classmethod
    def clinical_content(cls) -> list:
        return [F("question"), F("answer")]


class Signoff(models.Model):
    """A clinician's sign-off of one version of a page or answer.

    Rows are only ever added: a database trigger refuses UPDATE, so a sign-off
    cannot be moved to other text or another person. The fingerprint says which
    version was signed; once the text changes, the sign-off no longer holds
    (PublishedQuerySet.with_review). Deleting the page deletes its sign-offs;
    the audit trail keeps the record of each one.
    """

    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signed by (account)"),
    )
    # As the reviewer entered them when signing; the account may change later.
    reviewer_name = models.CharField(_("reviewer's name"), max_length=120)
    reviewer_credentials = models.CharField(_("credentials"), max_length=160)
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)
    review_due = models.DateField(_("next review due"))
    fingerprint = models.CharField(_("version signed"), max_length=64)

    class Meta:
        abstract = True
        ordering = ["-signed_at", "-pk"]
        get_latest_by = ["signed_at", "pk"]
        triggers = [
            pgtrigger.Protect(name="signoff_append_only", operation=pgtrigger.Update),
        ]

    def __str__(self) -> str:
        return (
            f"{self.reviewer_name}, {self.reviewer_credentials}, "
            f"{timezone.localdate(self.signed_at):%Y-%m-%d}"
        )


def _signoff_constraints(prefix: str) -> list:
    return [
        models.CheckConstraint(
            condition=~Q(reviewer_name="") & ~Q(reviewer_credentials=""),
            name=f"{prefix}_name_and_credentials_set",
        ),
        models.CheckConstraint(
            condition=Q(fingerprint__regex=r"^[0-9a-f]{64}$"),
            name=f"{prefix}_fingerprint_is_sha256",
        ),
    ]


class TopicPageSignoff(Signoff):
    page = models.ForeignKey(
        TopicPage,
        on_delete=models.CASCADE,
        related_name="signoffs",
        verbose_name=_("topic page"),
    )

    class Meta(Signoff.Meta):
        verbose_name = _("clinical sign-off")
        verbose_name_plural = _("clinical sign-offs")
        constraints = _signoff_constraints("education_topicpagesignoff")
        indexes = [
            models.Index(fields=["page", "signed_at"], name="education_page_signoff"),
        ]


class FaqEntrySignoff(Signoff):
    entry = models.ForeignKey(
        FaqEntry,
        on_delete=models.CASCADE,
        related_name="signoffs",
        verbose_name=_("FAQ entry"),
    )

    class Meta(Signoff.Meta):
        verbose_name = _("clinical sign-off")
        verbose_name_plural = _("clinical sign-offs")
        constraints = _signoff_constraints("education_faqentrysignoff")
        indexes = [
            models.Index(fields=["entry", "signed_at"], name="education_faq_signoff"),
        ]
