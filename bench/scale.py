"""`make bench-scale`: the staff queue and dashboard at clinic scale.

Generates 100,000 assessments and 500,000 check-ins (10,000 follow-ups of 50)
into a database of its own, then measures in-process with Django's test client,
signed in as an intake lead with a verified second factor:

- the queue (the admin changelist: its default view and two check-in filters)
  and the dashboard (the default 12 weeks and a two-year range);
- wall time (median of RUNS after a warm-up) and SQL statements per page;
- that the numbers the pages show equal counts made directly in SQL.

It exits non-zero, naming the budget, when a page is slower or makes more
queries than its budget, or when a number differs from the direct count.
Results go to bench/results/scale.md and scale.json.

The database: a separate one, "ketacare_scale", on the same server (the
embedded one, or DATABASE_URL's), created and migrated by the owner role and
dropped at the end (--keep leaves it for EXPLAIN sessions). The developer's
own database is never written to. The rows are made by a few INSERT ... SELECT
generate_series statements (seeded, so every run has the same data); the
encrypted columns stay blank, as nothing measured here decrypts.

    .venv/bin/python bench/scale.py [--assessments N] [--check-ins N]
                                    [--runs 5] [--keep] [--explain]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
DATABASE = "ketacare_scale"
ASSESSMENTS = 100_000
CHECK_INS = 500_000
# One in ten assessments is enrolled in check-ins.
ENROLLED_EVERY = 10
RUNS = 5
SEED = 0.42

# Budgets: medians measured on a shared 2-core machine (embedded server) were
# about 0.3 s for the queue (1.0 s before intake migration 0009's index) and
# 0.1 to 0.35 s for the dashboard; the budgets leave about three times that
# for a slower or busier machine. A server with JIT compilation on (PostgreSQL's
# default where it was built with LLVM) spends over 1 s compiling the queue's
# query: run the site with jit off there.
TIME_BUDGETS = {
    "queue": 1.0,
    "queue, early warning": 1.0,
    "queue, overdue": 1.0,
    "dashboard, 12 weeks": 2.0,
    "dashboard, 2 years": 2.0,
}
# SQL statements per page: the same at 200 assessments as at 100,000.
QUERY_BUDGETS = {
    "queue": 15,
    "queue, early warning": 15,
    "queue, overdue": 15,
    "dashboard, 12 weeks": 18,
    "dashboard, 2 years": 18,
}
QUEUE = "/admin/intake/assessment/"
DASHBOARD = "/admin/dashboard/"


def setup() -> None:
    """Django with production-like settings (DEBUG off); throwaway keys where
    the environment has none, since nothing here is ever decrypted later."""
    import secrets

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketacare.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_HTTPS", "0")
    from cryptography.fernet import Fernet

    os.environ.setdefault("KETACARE_FIELD_KEYS", Fernet.generate_key().decode())
    os.environ.setdefault("KETACARE_BLIND_INDEX_KEY", secrets.token_urlsafe(40))
    os.environ.setdefault("KETACARE_AUDIT_KEY", secrets.token_urlsafe(40))
    from ketacare import embedded_db

    embedded_db.start()
    import django

    django.setup()
    from django.conf import settings

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The staff sign-in's log lines would bury the table.
    logging.getLogger("axes").setLevel(logging.WARNING)


# --- the database ---------------------------------------------------------------


@contextmanager
def scale_database(keep: bool) -> Iterator[None]:
    """Create and migrate DATABASE as the owner, point Django at it, drop it
    afterwards (unless `keep`)."""
    from django.db import connection

    from ketacare import db_roles

    connection.settings_dict.setdefault("TEST", {})["NAME"] = DATABASE
    old_name = connection.settings_dict["NAME"]
    with db_roles.as_owner():
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
    try:
        yield
    finally:
        connection.close()
        if not keep:
            with db_roles.as_owner():
                connection.creation.destroy_test_db(old_name, verbosity=0)


# --- the data -------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    assessments: int
    follow_ups: int
    check_ins: int
    staff_alerts: int
    treatment_events: int
    seconds: float
    steps: dict[str, float]


ASSESSMENTS_SQL = """
WITH base AS (
    SELECT g,
           g %% 33 = 0 AND g %% %(every)s <> 3 AS draft,
           g %% 50 = 7 AS urgent,
           %(now)s - random() * interval '730 days' AS at,
           (random() * 27)::int AS phq,
           (random() * 21)::int AS gad,
           random() AS r,
           random() AS r2
    FROM generate_series(1, %(n)s) AS g
), shaped AS (
    SELECT *,
           g %% %(every)s = 3 AS enrolled,
           g %% %(every)s IN (3, 5) AS contact,
           %(now)s - at < interval '14 days' AS recent
    FROM base
), inserted AS (
    INSERT INTO intake_assessment (
        token_hash, status, answers, state,
        phq9_total, phq9_band, gad7_total, gad7_band, phq9_version, gad7_version,
        item9_positive, urgent, outcome, reasons, screen_version,
        wants_contact, contact_name, contact_email, contact_phone, contact_method,
        name_index, email_index, phone_index, consented_at, hopes,
        review_status, assigned_to_id, created_at, updated_at, submitted_at
    )
    SELECT 'scale' || lpad(g::text, 59, '0'),
           CASE WHEN draft THEN 'draft' ELSE 'submitted' END,
           '{}'::jsonb,
           (ARRAY['CA', 'NY', 'TX'])[1 + g %% 3],
           CASE WHEN NOT draft THEN phq END,
           CASE WHEN draft THEN ''
                WHEN phq <= 4 THEN 'minimal' WHEN phq <= 9 THEN 'mild'
                WHEN phq <= 14 THEN 'moderate'
                WHEN phq <= 19 THEN 'moderately_severe' ELSE 'severe' END,
           CASE WHEN NOT draft THEN gad END,
           CASE WHEN draft THEN ''
                WHEN gad <= 4 THEN 'minimal' WHEN gad <= 9 THEN 'mild'
                WHEN gad <= 14 THEN 'moderate' ELSE 'severe' END,
           '', '',
           urgent, urgent,
           CASE WHEN draft THEN ''
                WHEN urgent THEN 'needs_review'
                WHEN r < 0.45 THEN 'likely_suitable'
                WHEN r < 0.70 THEN 'consult_options'
                WHEN r < 0.85 THEN 'needs_review' ELSE 'not_suitable' END,
           '[]'::jsonb, 2,
           contact, '', '', '', CASE WHEN contact THEN 'email' ELSE '' END,
           '', CASE WHEN contact THEN md5('e' || g) || md5('f' || g) ELSE '' END, '',
           CASE WHEN contact THEN at END, '',
           CASE WHEN draft THEN 'new'
                WHEN enrolled THEN 'consult_booked'
                WHEN recent THEN (ARRAY['new', 'in_review', 'contacted'])[1 + g %% 3]
                WHEN r2 < 0.04 THEN (ARRAY['new', 'in_review'])[1 + g %% 2]
                ELSE (ARRAY['consult_booked', 'referred_elsewhere', 'closed'])
                     [1 + g %% 3] END,
           NULL,
           at - interval '20 minutes',
           LEAST(%(now)s, at + r2 * interval '2 days'),
           CASE WHEN NOT draft THEN at END
    FROM shaped
    RETURNING id, token_hash
)
INSERT INTO scale_slot (g, id)
SELECT substr(token_hash, 6)::int, id FROM inserted
"""

ALERTS_SQL = """
INSERT INTO intake_staffalert (
    assessment_id, check_in_id, status, attempts, last_attempt_at, sent_at,
    first_viewed_at, first_actioned_at, created_at, updated_at
)
SELECT a.id, NULL, 'sent', 1, a.submitted_at, a.submitted_at,
       CASE WHEN random() < 0.95
            THEN LEAST(%(now)s, a.submitted_at + random() * interval '600 minutes')
       END,
       NULL, a.submitted_at, a.submitted_at
FROM intake_assessment a JOIN scale_slot s ON s.id = a.id
WHERE a.urgent AND a.status = 'submitted'
"""

FOLLOW_UPS_SQL = """
INSERT INTO intake_followup (
    assessment_id, status, preset, interval_days, interval_months,
    starts_on, ends_on, consented_at, unsubscribed_at, enrolled_by_id,
    latest_signal, first_warning_on, response_days, last_check_in_at,
    created_at, updated_at
)
SELECT a.id,
       CASE s.g %% (10 * %(every)s) WHEN 13 THEN 'paused' WHEN 23 THEN 'stopped'
            ELSE 'active' END,
       'custom', 7, NULL,
       (a.submitted_at + interval '21 days')::date,
       (a.submitted_at + interval '21 days')::date + 7 * %(per)s,
       a.submitted_at + interval '21 days',
       CASE WHEN s.g %% (20 * %(every)s) = 23 THEN a.submitted_at + interval '90 days'
       END,
       NULL, '', NULL, NULL, NULL, a.submitted_at, a.submitted_at
FROM intake_assessment a JOIN scale_slot s ON s.id = a.id
WHERE s.g %% %(every)s = 3
"""

CHECK_INS_SQL = """
WITH planned AS (
    SELECT f.id AS follow_up, f.status, f.starts_on, k,
           f.starts_on + 7 * (k - 1) AS due, random() AS r, random() AS r2
    FROM intake_followup f
    JOIN scale_slot s ON s.id = f.assessment_id
    CROSS JOIN generate_series(1, %(per)s) AS k
), shaped AS (
    SELECT *,
           due < %(today)s AND r < 0.88
           AND (status = 'active' OR k <= 20) AS done,
           due < %(today)s AS past
    FROM planned
)
INSERT INTO intake_checkin (
    follow_up_id, sequence, due_on, invitation_status, attempts, last_attempt_at,
    sent_at, token_hash, expires_at, answers, started_at, completed_at,
    phq9_total, gad7_total, item9_positive, urgent, had_session, session_on,
    early_warning, possible_relapse, created_at, updated_at
)
SELECT follow_up, k, due,
       CASE WHEN done OR (past AND status = 'active') THEN 'sent'
            WHEN past THEN 'skipped' ELSE 'scheduled' END,
       CASE WHEN done OR (past AND status = 'active') THEN 1 ELSE 0 END,
       CASE WHEN done OR (past AND status = 'active') THEN due::timestamptz END,
       CASE WHEN done OR (past AND status = 'active') THEN due::timestamptz END,
       NULL,
       CASE WHEN done OR (past AND status = 'active')
            THEN due::timestamptz + interval '7 days' END,
       '{}'::jsonb,
       CASE WHEN done THEN due::timestamptz + interval '9 hours' END,
       CASE WHEN done THEN due::timestamptz + interval '9 hours 10 minutes' END,
       CASE WHEN done THEN (r2 * 27)::int END,
       CASE WHEN done THEN (r * 21 / 0.88)::int %% 22 END,
       done AND r2 > 0.9995, done AND r2 > 0.9995,
       NULL, NULL,
       done AND r2 < 0.06, done AND r2 < 0.02,
       starts_on::timestamptz, starts_on::timestamptz
FROM shaped
"""

# What intake.checkins derives at each completion, in one pass.
DERIVED_SQL = """
UPDATE intake_followup f
SET latest_signal = latest.signal,
    last_check_in_at = latest.at,
    first_warning_on = warned.first
FROM (
    SELECT DISTINCT ON (c.follow_up_id) c.follow_up_id,
           CASE WHEN c.possible_relapse THEN 'possible_relapse'
                WHEN c.early_warning THEN 'early_warning' ELSE '' END AS signal,
           c.completed_at AS at
    FROM intake_checkin c
    WHERE c.completed_at IS NOT NULL
    ORDER BY c.follow_up_id, c.completed_at DESC
) latest
LEFT JOIN (
    SELECT follow_up_id, min(completed_at)::date AS first
    FROM intake_checkin
    WHERE early_warning AND completed_at IS NOT NULL
    GROUP BY follow_up_id
) warned ON warned.follow_up_id = latest.follow_up_id
WHERE f.id = latest.follow_up_id
  AND f.assessment_id IN (SELECT id FROM scale_slot)
"""

EVENTS_SQL = """
INSERT INTO intake_treatmentevent (
    assessment_id, kind, "on", recorded_by_id, created_at
)
SELECT f.assessment_id, kind.name, f.starts_on - kind.before, NULL, f.created_at
FROM intake_followup f
JOIN scale_slot s ON s.id = f.assessment_id
CROSS JOIN (VALUES ('series_start', 35), ('series_end', 7)) AS kind(name, before)
"""

RESPONSE_SQL = """
UPDATE intake_followup f
SET response_days = f.first_warning_on - (f.starts_on - 7)
WHERE f.first_warning_on >= f.starts_on - 7
  AND f.assessment_id IN (SELECT id FROM scale_slot)
"""

STEPS = {
    "assessments": ASSESSMENTS_SQL,
    "urgent alerts": ALERTS_SQL,
    "follow-ups": FOLLOW_UPS_SQL,
    "check-ins": CHECK_INS_SQL,
    "derived signals": DERIVED_SQL,
    "treatment events": EVENTS_SQL,
    "response days": RESPONSE_SQL,
}


def generate(
    *, assessments: int, check_ins: int, now: datetime, history: bool = True
) -> Sizes:
    """Insert the data set (in the current database, one transaction).

    history=False skips the history triggers of the assessments (nothing
    measured reads the history, and they are most of the insert's time); it
    needs the owner role, which may disable a table's triggers."""
    from django.db import connection, transaction
    from django.utils import timezone

    follow_ups = assessments // ENROLLED_EVERY
    per = max(1, check_ins // max(1, follow_ups))
    params = {
        "n": assessments,
        "every": ENROLLED_EVERY,
        "per": per,
        "now": now,
        "today": timezone.localdate(now),
    }
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [SEED])
        cursor.execute(
            "CREATE TEMP TABLE scale_slot (g int PRIMARY KEY, id bigint NOT NULL)"
            " ON COMMIT DROP"
        )
        if not history:
            cursor.execute("ALTER TABLE intake_assessment DISABLE TRIGGER USER")
        counts, steps = [], {}
        for name, statement in STEPS.items():
            step_started = time.perf_counter()
            cursor.execute(statement, params)
            counts.append(cursor.rowcount)
            steps[name] = round(time.perf_counter() - step_started, 2)
        if not history:
            # The deferred foreign-key checks first: ALTER refuses pending ones.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE intake_assessment ENABLE TRIGGER USER")
    made_assessments, alerts, made_follow_ups, made_check_ins, _, events, _ = counts
    return Sizes(
        assessments=made_assessments,
        follow_ups=made_follow_ups,
        check_ins=made_check_ins,
        staff_alerts=alerts,
        treatment_events=events,
        seconds=round(time.perf_counter() - started, 2),
        steps=steps,
    )


# Added by intake migration 0009 for the plans measured here.
SCALE_INDEXES = ("intake_checkin_urgent_done",)


def drop_scale_indexes() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for name in SCALE_INDEXES:
            cursor.execute(f'DROP INDEX "{name}"')


def analyze() -> None:
    """Planner statistics and visibility maps, as autovacuum leaves them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# --- the staff member -------------------------------------------------------------


def lead_client(username: str = "scale-lead"):
    """A test client signed in as an intake lead, second factor verified."""
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Intake lead"))
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Authenticator app", defaults={"confirmed": True}
    )
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


# --- direct counts ------------------------------------------------------------------


OPEN_STATUSES = ("new", "in_review", "contacted")
# The queue's views (submitted or urgent, and each view's own condition),
# written out in SQL rather than through the admin code.
QUEUE_SQL = """
SELECT count(*)
FROM intake_assessment a
LEFT JOIN intake_followup f ON f.assessment_id = a.id
WHERE (a.status = 'submitted' OR a.urgent)
  {extra}
"""
# The default view's review filter: open, or an urgent check-in nobody acted on.
OPEN_OR_URGENT = """
  AND (a.review_status IN %(open)s OR EXISTS (
        SELECT 1 FROM intake_checkin c
        WHERE c.follow_up_id = f.id AND c.urgent
          AND c.completed_at >= GREATEST(a.updated_at, (
              SELECT max(n.created_at) FROM intake_assessmentnote n
              WHERE n.assessment_id = a.id))))
"""
QUEUE_EXTRA = {
    "queue": OPEN_OR_URGENT,
    # The check-in filters are measured with every review status ("All").
    "queue, early warning": "AND f.latest_signal = 'early_warning'",
    "queue, overdue": """AND EXISTS (
        SELECT 1 FROM intake_checkin c
        WHERE c.follow_up_id = f.id AND c.completed_at IS NULL
          AND c.due_on < %(late)s AND c.invitation_status <> 'skipped'
          AND f.status = 'active' AND f.unsubscribed_at IS NULL)""",
}


def _one(sql: str, params: dict[str, Any]) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])


def queue_count(page: str, today: date) -> int:
    from django.conf import settings

    late = today - timedelta(days=settings.KETACARE_CHECKIN_OVERDUE_DAYS)
    sql = QUEUE_SQL.format(extra=QUEUE_EXTRA[page])
    return _one(sql, {"open": OPEN_STATUSES, "late": late})


def dashboard_counts(start: date, end: date, now: datetime) -> dict[str, int]:
    """The dashboard's totals for [start, end], counted directly."""
    from django.conf import settings
    from django.utils import timezone

    zone = timezone.get_current_timezone()
    params = {
        "low": datetime.combine(start, datetime.min.time(), zone),
        "high": datetime.combine(end + timedelta(days=1), datetime.min.time(), zone),
        "start": start,
        "end": end,
        "now": now,
        "open": OPEN_STATUSES,
        "late": timezone.localdate(now)
        - timedelta(days=settings.KETACARE_CHECKIN_OVERDUE_DAYS),
    }
    submitted = (
        "FROM intake_assessment WHERE status = 'submitted'"
        " AND submitted_at >= %(low)s AND submitted_at < %(high)s"
    )
    return {
        "submitted": _one(f"SELECT count(*) {submitted}", params),
        "open": _one(
            f"SELECT count(*) {submitted} AND review_status IN %(open)s", params
        ),
        "urgent alerts": _one(
            "SELECT count(*) FROM intake_staffalert"
            " WHERE created_at >= %(low)s AND created_at < %(high)s",
            params,
        ),
        "enrolled": _one(
            "SELECT count(*) FROM intake_followup"
            " WHERE status = 'active' AND unsubscribed_at IS NULL",
            params,
        ),
        # The queue's rule: still owed by someone whose check-ins are on.
        "overdue": _one(
            "SELECT count(*) FROM intake_checkin c"
            " JOIN intake_followup f ON f.id = c.follow_up_id"
            " WHERE c.completed_at IS NULL AND c.invitation_status <> 'skipped'"
            " AND c.due_on BETWEEN %(start)s AND %(end)s AND c.due_on < %(late)s"
            " AND f.status = 'active' AND f.unsubscribed_at IS NULL",
            params,
        ),
        "patients": _one(
            """SELECT count(*) FROM intake_followup f
            JOIN LATERAL (
                SELECT max(e."on") AS ended FROM intake_treatmentevent e
                WHERE e.assessment_id = f.assessment_id AND e.kind = 'series_end'
            ) s ON true
            WHERE s.ended BETWEEN %(start)s AND %(end)s
              AND (f.first_warning_on IS NULL OR f.first_warning_on >= s.ended)""",
            params,
        ),
    }


def shown_on_dashboard(context: Any) -> dict[str, int]:
    """The same totals, read from the page's context (its data tables)."""
    return {
        "submitted": sum(total for _week, _cells, total in context["outcome_rows"]),
        "open": sum(total for _status, _cells, total in context["work_rows"]),
        "urgent alerts": sum(week.alerts for week in context["urgent"]),
        "enrolled": context["check_ins"].enrolled,
        "overdue": context["check_ins"].overdue,
        "patients": context["patients"],
    }


# --- measuring ------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    path: str
    seconds: float = 0.0
    runs: list[float] = field(default_factory=list)
    queries: int = 0
    slowest: list[dict[str, Any]] = field(default_factory=list)
    shown: dict[str, int] = field(default_factory=dict)
    direct: dict[str, int] = field(default_factory=dict)


@contextmanager
def page_context() -> Iterator[None]:
    """Let the test client see the template context (what the test runner's
    instrumented rendering does), only for the request that reads numbers."""
    from django.template import Template
    from django.test.utils import instrumented_test_render

    original = Template._render
    Template._render = instrumented_test_render
    try:
        yield
    finally:
        Template._render = original


def fetch(client: Any, path: str) -> Any:
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path}: {response.status_code}")
    return response


def measure_page(client: Any, page: Page, runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fetch(client, page.path)  # warm-up: connection, caches, templates
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            fetch(client, page.path)
            page.runs.append(time.perf_counter() - started)
    page.seconds = statistics.median(page.runs)
    page.queries = len(captured.captured_queries)
    by_time = sorted(
        captured.captured_queries, key=lambda q: float(q["time"]), reverse=True
    )
    page.slowest = [{"seconds": float(q["time"]), "sql": q["sql"]} for q in by_time[:3]]


def pages(today: date) -> list[Page]:
    two_years = f"?from={(today - timedelta(days=730)).isoformat()}&to={today}"
    return [
        Page("queue", QUEUE),
        Page("queue, early warning", f"{QUEUE}?checkins=warning&review=all"),
        Page("queue, overdue", f"{QUEUE}?checkins=overdue&review=all"),
        Page("dashboard, 12 weeks", DASHBOARD),
        Page("dashboard, 2 years", f"{DASHBOARD}{two_years}"),
    ]


def measure(*, runs: int = RUNS, client: Any = None) -> list[Page]:
    """Time each page and compare the numbers it shows with direct counts."""
    from django.utils import timezone

    client = client or lead_client()
    now = timezone.now()
    today = timezone.localdate(now)
    measured = pages(today)
    for page in measured:
        measure_page(client, page, runs)
        with page_context():
            response = fetch(client, page.path)
        if page.name.startswith("queue"):
            page.shown = {"results": response.context_data["cl"].result_count}
            page.direct = {"results": queue_count(page.name, today)}
        else:
            page.shown = shown_on_dashboard(response.context)
            start, end = response.context["start"], response.context["end"]
            page.direct = dashboard_counts(start, end, now)
    return measured


def failures(measured: list[Page]) -> list[str]:
    found = []
    for page in measured:
        if page.seconds > TIME_BUDGETS[page.name]:
            found.append(
                f"{page.name}: {page.seconds:.3f} s, budget {TIME_BUDGETS[page.name]} s"
            )
        if page.queries > QUERY_BUDGETS[page.name]:
            found.append(
                f"{page.name}: {page.queries} queries, "
                f"budget {QUERY_BUDGETS[page.name]}"
            )
        if page.shown != page.direct:
            found.append(f"{page.name}: shows {page.shown}, direct {page.direct}")
    return found


def explain(measured: list[Page]) -> str:
    """EXPLAIN ANALYZE of each page's slowest statements."""
    from django.db import connection

    out = []
    with connection.cursor() as cursor:
        for page in measured:
            for query in page.slowest:
                if not query["sql"].lstrip().upper().startswith("SELECT"):
                    continue  # COMMIT, SAVEPOINT, the audit row's INSERT
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
                out.append(
                    f"## {page.name} ({query['seconds'] * 1000:.1f} ms)\n\n"
                    f"{query['sql']}\n\n{plan}\n"
                )
    return "\n".join(out)


# --- the report -----------------------------------------------------------------------


def write_results(sizes: Sizes, measured: list[Page], failed: list[str]) -> str:
    rows = [
        "| Page | Median | Budget | Queries | Budget | Shown = direct |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for page in measured:
        rows.append(
            f"| {page.name} | {page.seconds * 1000:.0f} ms "
            f"| {TIME_BUDGETS[page.name] * 1000:.0f} ms | {page.queries} "
            f"| {QUERY_BUDGETS[page.name]} "
            f"| {'yes' if page.shown == page.direct else 'NO'} {page.shown} |"
        )
    text = "\n".join(
        [
            "# Queue and dashboard at scale",
            "",
            f"{sizes.assessments:,} assessments, {sizes.follow_ups:,} follow-ups, "
            f"{sizes.check_ins:,} check-ins, {sizes.staff_alerts:,} urgent alerts, "
            f"{sizes.treatment_events:,} treatment events; generated in "
            f"{sizes.seconds} s. Median of {len(measured[0].runs)} runs after a "
            "warm-up, in-process (Django's test client, an intake lead).",
            "",
            *rows,
            "",
            "Over budget: " + ("; ".join(failed) if failed else "nothing"),
            "",
        ]
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scale.md").write_text(text)
    report = {
        "sizes": asdict(sizes),
        "pages": [asdict(page) for page in measured],
        "time_budgets": TIME_BUDGETS,
        "query_budgets": QUERY_BUDGETS,
        "failed": failed,
    }
    (RESULTS / "scale.json").write_text(json.dumps(report, indent=2, default=str))
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assessments", type=int, default=ASSESSMENTS)
    parser.add_argument("--check-ins", type=int, default=CHECK_INS)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--without-indexes",
        action="store_true",
        help="drop the indexes added for this bench first (a before/after)",
    )
    parser.add_argument(
        "--explain", action="store_true", help="write bench/results/scale-plans.txt"
    )
    args = parser.parse_args(argv)
    setup()
    from django.utils import timezone

    from ketacare import db_roles

    say: Callable[[str], None] = lambda text: print(text, flush=True)  # noqa: E731
    with scale_database(args.keep):
        say(f"Generating {args.assessments:,} assessments in {DATABASE} ...")
        with db_roles.as_owner():
            if args.without_indexes:
                drop_scale_indexes()
            sizes = generate(
                assessments=args.assessments,
                check_ins=args.check_ins,
                now=timezone.now(),
                history=False,
            )
            analyze()
        say(f"  done in {sizes.seconds} s {sizes.steps}; measuring ...")
        measured = measure(runs=args.runs)
        failed = failures(measured)
        say(write_results(sizes, measured, failed))
        if args.explain:
            RESULTS.joinpath("scale-plans.txt").write_text(explain(measured))
            say("Plans: bench/results/scale-plans.txt")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
