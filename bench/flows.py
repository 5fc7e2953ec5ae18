"""Visitors taking the self-assessment against the bench server, over real HTTP.

Each visitor keeps its own cookies and one keep-alive connection, like a
browser tab. The answers are the valid set the tests use too (bench/answers.py).
"""

from __future__ import annotations

import http.client
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode, urlsplit

from bench.answers import valid_posts
from intake.domain import steps


def step_path(page: steps.Page) -> str:
    return f"/assessment/{page.slug}/"


@dataclass
class Visitor:
    base_url: str
    cookies: dict[str, str] = field(default_factory=dict)
    statuses: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        self.connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=30
        )

    def cookie_header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def form_post(self, path: str, form: dict[str, Any]) -> tuple[dict[str, str], str]:
        """The headers and body a browser sends when posting `form` to `path`."""
        form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        headers = {
            **self.cookie_header(),
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": self.base_url + path,
        }
        return headers, urlencode(form, doseq=True)

    def request(self, method: str, path: str, form: dict[str, Any] | None = None):
        headers, body = (
            (self.cookie_header(), None) if form is None else self.form_post(path, form)
        )
        self.connection.request(method, path, body=body, headers=headers)
        reply = self.connection.getresponse()
        reply.read()
        for header in reply.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        self.statuses.append(reply.status)
        return reply

    def close(self) -> None:
        self.connection.close()


def marker_email(marker: str) -> str:
    return f"{marker}@bench.invalid"


def answers_for(marker: str) -> dict[str, dict[str, Any]]:
    posts = valid_posts()
    posts["details"] = {**posts["details"], "email": marker_email(marker)}
    return posts


def start(visitor: Visitor) -> None:
    visitor.request("GET", "/assessment/")
    visitor.request("POST", "/assessment/", {})


def answer_all(
    visitor: Visitor, marker: str, *, before: steps.Page | None = None
) -> None:
    """Answer every question page in order, stopping at `before` if given."""
    posts = answers_for(marker)
    for page in steps.QUESTIONS:
        if page is before:
            break
        visitor.request("POST", step_path(page), posts[page.key])


@dataclass
class Outcome:
    marker: str
    acknowledged: bool
    seconds: float
    statuses: list[int]


def complete_assessment(
    base_url: str, marker: str, *, double_submit: bool = False
) -> Outcome:
    """Start, answer every page, submit (twice if asked), and read the result.

    Acknowledged means the visitor saw its result page: the moment the person
    would believe the clinic has the answers.
    """
    visitor = Visitor(base_url)
    began = time.perf_counter()
    try:
        start(visitor)
        answer_all(visitor, marker)
        submitted = visitor.request("POST", step_path(steps.CHECK), {})
        if double_submit:
            visitor.request("POST", step_path(steps.CHECK), {})
        result = visitor.request("GET", "/assessment/result/")
        acknowledged = submitted.status == 302 and result.status == 200
    except (OSError, http.client.HTTPException):
        acknowledged = False
    finally:
        visitor.close()
    return Outcome(marker, acknowledged, time.perf_counter() - began, visitor.statuses)
