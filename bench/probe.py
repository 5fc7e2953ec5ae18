"""Measurements taken inside Django against the bench database (run by run.py
in a separate process with the bench environment).

    python bench/probe.py queries          SQL statements per page type
    python bench/probe.py stored MARKERS   how many submitted assessments carry
                                           each marker (JSON list on stdin)
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketacare.settings")
    from ketacare import embedded_db

    embedded_db.start()
    import django

    django.setup()


def queries() -> dict[str, dict[str, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.flows import answers_for, step_path
    from intake.domain import steps

    def count(client: Client, method: str, path: str, data=None) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = getattr(client, method)(path, data or {})
        if response.status_code >= 400:
            raise RuntimeError(f"{method.upper()} {path}: {response.status_code}")
        return len(captured.captured_queries)

    pages = {
        "home": "/",
        "topic page": "/learn/how-long-does-it-last/",
        "FAQ": "/faq/",
        "FAQ search": "/faq/?q=maintenance+sessions",
    }
    result: dict[str, dict[str, int]] = {}
    for name, path in pages.items():
        client = Client()
        result[name] = {"first": count(client, "get", path)}
        result[name]["cached"] = count(client, "get", path)

    visitor = Client()
    visitor.get("/assessment/")
    visitor.post("/assessment/")
    posts = answers_for("probe-queries")
    about = count(visitor, "post", step_path(steps.ABOUT), posts["about"])
    phq9 = count(visitor, "post", step_path(steps.BY_KEY["phq9"]), posts["phq9"])
    question_get = count(visitor, "get", step_path(steps.BY_KEY["gad7"]))
    for page in steps.QUESTIONS[2:]:
        visitor.post(step_path(page), posts[page.key])
    submit = count(visitor, "post", step_path(steps.CHECK))
    result_page = count(visitor, "get", "/assessment/result/")
    result["assessment step"] = {"first": about, "cached": phq9}
    result["question page GET"] = {"first": question_get, "cached": question_get}
    result["submission"] = {"first": submit, "cached": submit}
    result["result page"] = {"first": result_page, "cached": result_page}
    return result


def stored(markers: list[str]) -> dict[str, int]:
    from django.db.models import Count

    from bench.flows import marker_email
    from intake import crypto
    from intake.models import Assessment

    by_index = {crypto.email_index(marker_email(m)): m for m in markers}
    rows = (
        Assessment.objects.submitted()
        .filter(email_index__in=by_index)
        .values("email_index")
        .annotate(n=Count("id"))
    )
    counts = dict.fromkeys(markers, 0)
    for row in rows:
        counts[by_index[row["email_index"]]] = row["n"]
    return counts


if __name__ == "__main__":
    setup()
    if sys.argv[1] == "queries":
        print(json.dumps(queries()))
    elif sys.argv[1] == "stored":
        print(json.dumps(stored(json.load(sys.stdin))))
