"""The shipped education content, read from reviewable files in education/content/.

topics/<slug>.md   one topic page: YAML front matter (title, meta_description,
                   summary, order, status, last_reviewed, related, references)
                   and a Markdown body that cites references as [1], [2], ...
faq/<group>.md     one FAQ group: front matter (slug, title, order) and one
                   `## Question? {#anchor}` heading per entry, answer below it.

Plain Python (no Django): parsing and checking only; education/services.py
writes what is read here to the database.
"""

import datetime
import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from education.markdown import cited_numbers

CONTENT_DIR = Path(__file__).resolve().parent / "content"
STATUSES = {"draft", "published"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FAQ_HEADING = re.compile(r"^## (?P<question>.+?)\s*\{#(?P<slug>[^}\s]+)\}\s*$", re.M)


class ContentError(ValueError):
    """A content file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class ReferenceSource:
    citation: str
    url: str = ""


@dataclass(frozen=True)
class TopicSource:
    slug: str
    title: str
    meta_description: str
    summary: str
    body: str
    status: str
    order: int
    last_reviewed: datetime.date | None
    related: tuple[str, ...]
    references: tuple[ReferenceSource, ...]


@dataclass(frozen=True)
class FaqEntrySource:
    slug: str
    question: str
    answer: str
    status: str
    order: int


@dataclass(frozen=True)
class FaqCategorySource:
    slug: str
    title: str
    order: int
    entries: tuple[FaqEntrySource, ...]


def fingerprint(snapshot: dict[str, Any]) -> str:
    """A stable hash of the editable fields of one content item."""
    encoded = json.dumps(snapshot, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def topic_snapshot(topic: TopicSource) -> dict[str, Any]:
    data = asdict(topic)
    data["related"] = sorted(topic.related)
    data["references"] = [[ref.citation, ref.url] for ref in topic.references]
    data["last_reviewed"] = (
        topic.last_reviewed.isoformat() if topic.last_reviewed else None
    )
    return data


def faq_entry_snapshot(entry: FaqEntrySource, category_slug: str) -> dict[str, Any]:
    return {**asdict(entry), "category": category_slug}


def faq_category_snapshot(category: FaqCategorySource) -> dict[str, Any]:
    return {"slug": category.slug, "title": category.title, "order": category.order}


def split_front_matter(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise ContentError(f"{path.name}: must start with '---' front matter")
    try:
        header, body = text[4:].split("\n---\n", 1)
    except ValueError:
        raise ContentError(
            f"{path.name}: front matter is not closed by '---'"
        ) from None
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as error:
        raise ContentError(f"{path.name}: front matter is not YAML: {error}") from None
    if not isinstance(meta, dict):
        raise ContentError(f"{path.name}: front matter must be a mapping")
    return meta, body.strip() + "\n"


def _text(meta: dict[str, Any], key: str, path: Path, *, limit: int) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{path.name}: '{key}' is required text")
    value = " ".join(value.split())
    if len(value) > limit:
        raise ContentError(f"{path.name}: '{key}' is longer than {limit} characters")
    return value


def _slug(value: Any, path: Path) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise ContentError(f"{path.name}: {value!r} is not a lowercase-hyphen slug")
    return value


def _status(meta: dict[str, Any], path: Path) -> str:
    status = meta.get("status", "published")
    if status not in STATUSES:
        raise ContentError(f"{path.name}: status must be one of {sorted(STATUSES)}")
    return status


def _order(meta: dict[str, Any], path: Path) -> int:
    order = meta.get("order", 100)
    if not isinstance(order, int) or not 0 <= order <= 32767:
        raise ContentError(f"{path.name}: 'order' must be a whole number")
    return order


def _references(meta: dict[str, Any], path: Path) -> tuple[ReferenceSource, ...]:
    references = []
    for item in meta.get("references") or []:
        if not isinstance(item, dict) or not str(item.get("citation", "")).strip():
            raise ContentError(f"{path.name}: every reference needs a 'citation'")
        references.append(
            ReferenceSource(
                citation=" ".join(str(item["citation"]).split()),
                url=str(item.get("url") or ""),
            )
        )
    return tuple(references)


def read_topic(path: Path) -> TopicSource:
    meta, body = split_front_matter(path)
    last_reviewed = meta.get("last_reviewed")
    if last_reviewed is not None and not isinstance(last_reviewed, datetime.date):
        raise ContentError(f"{path.name}: 'last_reviewed' must be a YYYY-MM-DD date")
    references = _references(meta, path)
    cited = cited_numbers(body)
    numbers = set(range(1, len(references) + 1))
    if cited - numbers:
        raise ContentError(f"{path.name}: cites missing references {cited - numbers}")
    if numbers - cited:
        raise ContentError(f"{path.name}: references never cited: {numbers - cited}")
    return TopicSource(
        slug=_slug(meta.get("slug", path.stem), path),
        title=_text(meta, "title", path, limit=120),
        meta_description=_text(meta, "meta_description", path, limit=160),
        summary=_text(meta, "summary", path, limit=400),
        body=body,
        status=_status(meta, path),
        order=_order(meta, path),
        last_reviewed=last_reviewed,
        related=tuple(_slug(slug, path) for slug in meta.get("related") or []),
        references=references,
    )


def read_faq_category(path: Path) -> FaqCategorySource:
    meta, body = split_front_matter(path)
    headings = list(FAQ_HEADING.finditer(body))
    if not headings or body[: headings[0].start()].strip():
        raise ContentError(f"{path.name}: each answer needs a '## Question? {{#id}}'")
    entries = []
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(body)
        answer = body[heading.end() : end].strip()
        if not answer:
            raise ContentError(f"{path.name}: '{heading['question']}' has no answer")
        entries.append(
            FaqEntrySource(
                slug=_slug(heading["slug"], path),
                question=heading["question"],
                answer=answer + "\n",
                status=_status(meta, path),
                order=(index + 1) * 10,
            )
        )
    return FaqCategorySource(
        slug=_slug(meta.get("slug"), path),
        title=_text(meta, "title", path, limit=120),
        order=_order(meta, path),
        entries=tuple(entries),
    )


def read_content(
    directory: Path = CONTENT_DIR,
) -> tuple[list[TopicSource], list[FaqCategorySource]]:
    """Read and cross-check every content file; raise ContentError if any is wrong."""
    topics = [read_topic(path) for path in sorted(directory.glob("topics/*.md"))]
    groups = [read_faq_category(path) for path in sorted(directory.glob("faq/*.md"))]
    topic_slugs = [topic.slug for topic in topics]
    entry_slugs = [entry.slug for group in groups for entry in group.entries]
    group_slugs = [group.slug for group in groups]
    for kind, slugs in (
        ("topic", topic_slugs),
        ("FAQ group", group_slugs),
        ("FAQ entry", entry_slugs),
    ):
        if len(set(slugs)) != len(slugs):
            raise ContentError(f"two {kind} files use the same slug")
    for topic in topics:
        unknown = set(topic.related) - set(topic_slugs)
        if unknown:
            raise ContentError(f"{topic.slug}: related pages not found: {unknown}")
    return topics, groups
