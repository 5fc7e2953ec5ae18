"""People answering their check-ins against the bench server, over real HTTP.

The probe (bench/probe.py checkins) enrols them and marks a check-in sent, as
the invitation command would, and hands back the links' tokens; from there each
visitor is a browser of its own: it opens its link, agrees, and answers.

A completed check-in cannot be completed again: the GAD-7 POST that completes
it also ends the check-in's session (a repeat with the old cookie finds no
check-in, a 404). So completions are timed once each, over as many prepared
check-ins as there are requests; the step a visitor can repeat, and so the one
wrk measures, is the PHQ-9 page's POST (it saves the answers again).
"""

from __future__ import annotations

import concurrent.futures
import http.client
import time
from dataclasses import dataclass

from bench.answers import (
    CURVE_GAD7_TOTALS,
    CURVE_TOTALS,
    check_in_gad7,
    check_in_phq9,
    item_values,
    phq9_values,
)
from bench.flows import Visitor

OPEN = "/check-in/open/{}/"
AGREE = "/check-in/agree/"
PHQ9 = "/check-in/phq-9/"
GAD7 = "/check-in/gad-7/"
SCORES = "/check-in/your-scores/"
# The answers of the check-in each visitor completes: the last of the series.
PHQ9_ANSWERS = check_in_phq9(*phq9_values(CURVE_TOTALS[-1]))
GAD7_ANSWERS = check_in_gad7(*item_values(CURVE_GAD7_TOTALS[-1], 7))


def expect(reply: http.client.HTTPResponse, status: int, what: str) -> None:
    if reply.status != status:
        raise RuntimeError(f"check-in {what}: {reply.status}, expected {status}")


def opened(base_url: str, token: str) -> Visitor:
    """A visitor who followed the email's link and agreed to check-ins."""
    visitor = Visitor(base_url)
    expect(visitor.request("GET", OPEN.format(token)), 303, "open link")
    # The consent page's form sets the CSRF cookie the POSTs need.
    expect(visitor.request("GET", AGREE), 200, "consent page")
    expect(visitor.request("POST", AGREE, {"agree": "on"}), 303, "consent")
    return visitor


def at_gad7(base_url: str, token: str) -> Visitor:
    """A visitor who has answered the PHQ-9 page: the GAD-7 page completes."""
    visitor = opened(base_url, token)
    expect(visitor.request("POST", PHQ9, PHQ9_ANSWERS), 303, "PHQ-9")
    return visitor


def visitors(base_url: str, tokens: list[str], *, answered: bool) -> list[Visitor]:
    """One visitor per token, opened in parallel (eight at a time)."""
    prepare = at_gad7 if answered else opened
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda token: prepare(base_url, token), tokens))


def phq9_posts(ready: list[Visitor]) -> list[tuple[dict, str]]:
    """The PHQ-9 POST of each visitor, as wrk sends it again and again."""
    return [visitor.form_post(PHQ9, PHQ9_ANSWERS) for visitor in ready]


@dataclass
class Completion:
    seconds: float
    status: int  # 0 when the connection failed


def complete(visitor: Visitor) -> Completion:
    """POST the GAD-7 page, which completes the check-in (303 to the curve)."""
    began = time.perf_counter()
    try:
        status = visitor.request("POST", GAD7, GAD7_ANSWERS).status
    except (OSError, http.client.HTTPException):
        status = 0
    return Completion(time.perf_counter() - began, status)


def complete_all(
    ready: list[Visitor], concurrency: int
) -> tuple[list[Completion], float]:
    """Every visitor completes its check-in, `concurrency` at a time: the
    completions, and the wall-clock seconds they took together."""
    began = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        done = list(pool.map(complete, ready))
    return done, time.perf_counter() - began


def curve_requests(done: list[Visitor]) -> list[tuple[dict, str]]:
    """GETs of the curve page by visitors whose check-in is complete (each
    read once here, so that one which does not show the curve fails the run
    rather than being timed)."""
    for visitor in done:
        expect(visitor.request("GET", SCORES), 200, "curve page")
    return [(visitor.cookie_header(), "") for visitor in done]
