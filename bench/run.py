"""`make bench`: KetaCare under load on this machine, in one run.

Starts gunicorn with production settings (DEBUG off, hashed compressed static
files, persistent connections; plain HTTP on loopback) on a fresh database with
the shipped content, then measures and prints one table, also written to
bench/results/latest.md (+ .json) and into README.md.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import checkins, flows, lighthouse, server, sizes, wrk  # noqa: E402
from intake.domain import steps  # noqa: E402

RESULTS = ROOT / "bench" / "results"
TOPIC = "/learn/how-long-does-it-last/"
SEARCH = "/faq/?q=maintenance+sessions"
DOUBLE_EVERY = 5  # in the load test, every fifth visitor submits twice
# Targets from the issue: throughput as a share of the bare Django response.
CACHED_PAGE_TARGET = 0.6
FAQ_SEARCH_TARGET = 0.5
STEP_POST_TARGET = 0.25
STEP_GET_TARGET = 0.3
SIZE_BUDGET = 50 * 1024
# Check-ins: visitors who save their PHQ-9 page again and again (wrk), and
# check-ins completed once each (a completed one cannot be completed again),
# each after CURVE_HISTORY weekly check-ins so the curve page shows a
# twelve-week series (the self-assessment and twelve check-ins).
CHECK_IN_STEP_VISITORS = 64
CHECK_IN_COMPLETIONS = 48
CURVE_HISTORY = 11
CURVE_VISITORS = 8
CHECK_IN_STEP = "check-in step POST (PHQ-9, repeatable)"
CHECK_IN_SUBMISSION = "check-in submission (GAD-7 POST, once each)"
CHECK_IN_CURVE = "check-in curve page (12 check-ins)"
LIGHTHOUSE_TARGETS = {
    "performance": 98,
    "accessibility": 100,
    "best-practices": 100,
    "seo": 100,
}
# Pages that ask search engines not to index them (a person's own scores):
# Lighthouse's SEO score counts that against them ("is-crawlable"), so for
# these the SEO verdict is that no other SEO audit fails (Lighthouse 12's list).
NOINDEX_PAGES = {"check-in curve page"}
SEO_AUDITS = {
    "document-title",
    "meta-description",
    "http-status-code",
    "link-text",
    "crawlable-anchors",
    "robots-txt",
    "image-alt",
    "hreflang",
    "canonical",
}


def environment() -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = server.bench_env()
    env.update(
        KETACARE_FIELD_KEYS=Fernet.generate_key().decode(),
        KETACARE_BLIND_INDEX_KEY=secrets.token_urlsafe(40),
        # Enrolling people in check-ins writes sealed audit rows.
        KETACARE_AUDIT_KEY=secrets.token_urlsafe(40),
        KETACARE_LICENSED_STATES="CA,NY,TX",
        KETACARE_SITE_URL="https://clinic.example.org",
        # Every visitor comes from 127.0.0.1: lift the per-address start limit.
        KETACARE_START_LIMIT="1000000",
        KETACARE_SEARCH_LIMIT="1000000",
    )
    return env


def probe(env: dict[str, str], *args: str, stdin: str | None = None):
    output = subprocess.run(
        [server.PYTHON, "bench/probe.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)


def visitor_at(page: steps.Page) -> flows.Visitor:
    """A visitor whose assessment is answered up to (not including) `page`."""
    visitor = flows.Visitor(server.BASE_URL)
    flows.start(visitor)
    flows.answer_all(visitor, uuid.uuid4().hex, before=page)
    return visitor


def submitted_visitor() -> flows.Visitor:
    visitor = visitor_at(steps.CHECK)
    visitor.request("POST", flows.step_path(steps.CHECK), {})
    return visitor


def step_post_bodies(count: int = 64) -> tuple[str, list[tuple[dict, str]]]:
    """Step POSTs from many visitors, each saving their own PHQ-9 page again
    (one visitor alone would only measure waiting for its own row lock)."""
    phq9 = steps.BY_KEY["phq9"]
    path = flows.step_path(phq9)
    answers = flows.answers_for("wrk")["phq9"]
    bodies = [visitor_at(phq9).form_post(path, answers) for _ in range(count)]
    return path, bodies


def step_get_requests(count: int = 8) -> tuple[str, list[tuple[dict, str]]]:
    """GETs of the PHQ-9 page (its ten radio questions are the most form to
    render) from several visitors who have answered the page before it."""
    phq9 = steps.BY_KEY["phq9"]
    return flows.step_path(phq9), [
        (visitor_at(phq9).cookie_header(), "") for _ in range(count)
    ]


def measure_throughput(
    seconds: int, extra: dict[str, dict] | None = None
) -> tuple[dict[str, wrk.Load], dict[str, float]]:
    """Each request type right after a fresh run of the bare response, so that
    every ratio compares two runs taken moments apart on the same machine.
    `extra`: more wrk targets (url, and method/bodies), measured after these."""
    bare_url = server.BASE_URL + "/bench/bare"
    step_path, bodies = step_post_bodies()
    get_path, get_requests = step_get_requests()
    targets = {
        "home page": {"url": server.BASE_URL + "/"},
        "topic page": {"url": server.BASE_URL + TOPIC},
        "FAQ search": {"url": server.BASE_URL + SEARCH},
        "assessment step GET (PHQ-9)": {
            "url": server.BASE_URL + get_path,
            "bodies": get_requests,
        },
        "assessment step POST": {
            "url": server.BASE_URL + step_path,
            "method": "POST",
            "bodies": bodies,
        },
        **(extra or {}),
    }
    bare_runs, loads, ratios = [], {}, {}
    for name, target in targets.items():
        bare = wrk.run(bare_url, seconds=seconds)
        bare_runs.append(bare)
        loads[name] = wrk.run(target.pop("url"), seconds=seconds, **target)
        ratios[name] = loads[name].rps / bare.rps
    median = sorted(bare_runs, key=lambda load: load.rps)[len(bare_runs) // 2]
    return {"bare Django response": median, **loads}, ratios


class CheckIns:
    """The check-in visitors of one bench run, prepared on the running server.

    The probe enrols the people and sends their check-ins (as the invitation
    command would); each visitor then opens its own link over HTTP.
    """

    def __init__(self, env: dict[str, str], concurrency: int) -> None:
        def tokens(count: int, history: int = 0) -> list[str]:
            spec = json.dumps({"count": count, "history": history})
            return probe(env, "checkins", stdin=spec)

        base = server.BASE_URL
        self.stepping = checkins.visitors(
            base, tokens(CHECK_IN_STEP_VISITORS), answered=False
        )
        finishing = checkins.visitors(
            base, tokens(CHECK_IN_COMPLETIONS, CURVE_HISTORY), answered=True
        )
        self.completions, self.wall = checkins.complete_all(finishing, concurrency)
        self.concurrency = concurrency
        completed = [
            visitor
            for visitor, done in zip(finishing, self.completions, strict=True)
            if done.status == 303
        ]
        if not completed:
            statuses = sorted({done.status for done in self.completions})
            raise RuntimeError(f"no check-in was completed (statuses {statuses})")
        self.curve_readers = completed[:CURVE_VISITORS]
        self.curve_headers = self.curve_readers[0].cookie_header()

    def wrk_targets(self) -> dict[str, dict]:
        return {
            CHECK_IN_STEP: {
                "url": server.BASE_URL + checkins.PHQ9,
                "method": "POST",
                "bodies": checkins.phq9_posts(self.stepping),
            },
            CHECK_IN_CURVE: {
                "url": server.BASE_URL + checkins.SCORES,
                "bodies": checkins.curve_requests(self.curve_readers),
            },
        }

    def submission_row(self) -> dict:
        """Completions timed once each from Python threads: no wrk run, so no
        share of bare. A completion answers 303 (on to the curve page)."""
        millis = [done.seconds * 1000 for done in self.completions]
        return {
            "rps": len(self.completions) / self.wall,
            "p50": statistics.median(millis),
            "p95": percentile(millis, 95),
            "p99": percentile(millis, 99),
            "ratio": None,
            "errors": sum(done.status == 0 for done in self.completions),
            "bad_status": sum(done.status not in (0, 303) for done in self.completions),
        }


def run_flows(count: int, concurrency: int, *, double_every: int = 0):
    markers = [f"bench-{uuid.uuid4().hex}" for _ in range(count)]
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        outcomes = list(
            pool.map(
                lambda pair: flows.complete_assessment(
                    server.BASE_URL,
                    pair[1],
                    double_submit=bool(double_every) and pair[0] % double_every == 0,
                ),
                enumerate(markers),
            )
        )
    return outcomes


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def submission_row(outcomes, wall: float) -> dict[str, float]:
    millis = [o.seconds * 1000 for o in outcomes]
    return {
        "rps": len(outcomes) / wall,
        "p50": statistics.median(millis),
        "p95": percentile(millis, 95),
        "p99": percentile(millis, 99),
    }


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory_kb // 1024**2} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="per wrk run")
    parser.add_argument(
        "--load", type=int, default=300, help="assessments in the load test"
    )
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-readme", action="store_true")
    options = parser.parse_args()

    env = environment()
    print("Preparing a fresh bench database...", file=sys.stderr)
    server.prepare(env)
    report: dict = {"machine": machine(), "date": datetime.date.today().isoformat()}
    with server.running(env):
        for path in ("/", TOPIC, "/faq/", SEARCH):  # fill the page cache
            sizes.fetch(server.BASE_URL + path)
        print("Check-ins: enrolling, opening and completing...", file=sys.stderr)
        check_ins = CheckIns(env, options.concurrency)
        print("Throughput (wrk)...", file=sys.stderr)
        loads, ratios = measure_throughput(options.seconds, check_ins.wrk_targets())

        print("Full submissions...", file=sys.stderr)
        began = datetime.datetime.now()
        outcomes = run_flows(60, options.concurrency)
        wall = (datetime.datetime.now() - began).total_seconds()

        print(f"Load test: {options.load} assessments...", file=sys.stderr)
        began = datetime.datetime.now()
        load = run_flows(options.load, options.concurrency, double_every=DOUBLE_EVERY)
        load_wall = (datetime.datetime.now() - began).total_seconds()

        step_visitor = visitor_at(steps.BY_KEY["gad7"])
        result_visitor = submitted_visitor()
        pages = {
            "home": ("/", {}),
            "topic page": (TOPIC, {}),
            "FAQ": ("/faq/", {}),
            "assessment step": (
                flows.step_path(steps.BY_KEY["gad7"]),
                step_visitor.cookie_header(),
            ),
            "result page": ("/assessment/result/", result_visitor.cookie_header()),
            "check-in curve page": (checkins.SCORES, check_ins.curve_headers),
        }
        report["bytes"] = {
            name: sizes.transfer_bytes(server.BASE_URL + path, headers)
            for name, (path, headers) in pages.items()
        }
        if not options.no_lighthouse:
            print("Lighthouse...", file=sys.stderr)
            report["lighthouse"] = {
                name: lighthouse.scores(server.BASE_URL + path, headers)
                for name, (path, headers) in pages.items()
            }
        report["queries"] = probe(env, "queries")
        stored = probe(env, "stored", stdin=json.dumps([o.marker for o in load]))

    report["throughput"] = {
        name: {**vars(value), "ratio": ratios.get(name, 1.0)}
        for name, value in loads.items()
    }
    report["throughput"]["full submission (14 requests)"] = {
        **submission_row(outcomes, wall),
        "ratio": None,
        "errors": sum(not o.acknowledged for o in outcomes),
        "bad_status": sum(s >= 500 for o in outcomes for s in o.statuses),
    }
    report["throughput"][CHECK_IN_SUBMISSION] = check_ins.submission_row()
    report["check_ins"] = {
        "completed": len(check_ins.completions),
        "concurrency": check_ins.concurrency,
        "step_visitors": CHECK_IN_STEP_VISITORS,
        "curve_visitors": len(check_ins.curve_readers),
    }
    acked = [o for o in load if o.acknowledged]
    report["load"] = {
        "submitted": len(load),
        "acknowledged": len(acked),
        "stored": sum(1 for o in load if stored[o.marker] >= 1),
        "lost": sum(1 for o in acked if stored[o.marker] == 0),
        "duplicated": sum(1 for o in load if stored[o.marker] > 1),
        "double_submits": sum(1 for i in range(len(load)) if i % DOUBLE_EVERY == 0),
        "server_errors": sum(s >= 500 for o in load for s in o.statuses),
        "seconds": load_wall,
        "concurrency": options.concurrency,
    }
    failures = verdicts(report)
    text = render(report, failures)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.md").write_text(text)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2))
    if not options.no_readme:
        update_readme(text)
    if failures:
        print("\nMissed targets:\n- " + "\n- ".join(failures), file=sys.stderr)
        sys.exit(1)


def verdicts(report: dict) -> list[str]:
    failures = []
    tp = report["throughput"]
    for name in ("home page", "topic page"):
        if tp[name]["ratio"] < CACHED_PAGE_TARGET:
            failures.append(
                f"{name}: {tp[name]['ratio']:.2f} of bare (< {CACHED_PAGE_TARGET})"
            )
    if tp["FAQ search"]["ratio"] < FAQ_SEARCH_TARGET:
        failures.append(
            f"FAQ search: {tp['FAQ search']['ratio']:.2f} of bare "
            f"(< {FAQ_SEARCH_TARGET})"
        )
    if tp["assessment step POST"]["ratio"] < STEP_POST_TARGET:
        failures.append(
            f"assessment step POST: {tp['assessment step POST']['ratio']:.2f} "
            f"of bare (< {STEP_POST_TARGET})"
        )
    if tp["assessment step GET (PHQ-9)"]["ratio"] < STEP_GET_TARGET:
        failures.append(
            f"assessment step GET: {tp['assessment step GET (PHQ-9)']['ratio']:.2f} "
            f"of bare (< {STEP_GET_TARGET})"
        )
    for name, row in tp.items():
        if row.get("bad_status") or row.get("errors"):
            failures.append(
                f"{name}: {row.get('errors')} errors, {row.get('bad_status')} bad"
            )
    for name, size in report["bytes"].items():
        if size >= SIZE_BUDGET:
            failures.append(f"{name}: {size} bytes (budget {SIZE_BUDGET})")
    for name, scores in report.get("lighthouse", {}).items():
        for category, target in LIGHTHOUSE_TARGETS.items():
            if category == "seo" and name in NOINDEX_PAGES:
                failed = SEO_AUDITS.intersection(scores["failed_audits"])
                if failed:
                    failures.append(f"Lighthouse {name} SEO: {sorted(failed)}")
            elif scores[category] < target:
                failures.append(f"Lighthouse {name} {category}: {scores[category]}")
    load = report["load"]
    if load["lost"] or load["duplicated"] or load["server_errors"]:
        failures.append(f"load test: {load}")
    if load["acknowledged"] != load["submitted"]:
        failures.append("load test: not every submission was acknowledged")
    return failures


def render(report: dict, failures: list[str]) -> str:
    lines = [
        f"Measured {report['date']} on {report['machine']}.",
        "",
        "| request | req/s | p50 ms | p95 ms | p99 ms | share of bare "
        "| SQL (first / cached) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    sql_for = {
        "home page": "home",
        "topic page": "topic page",
        "FAQ search": "FAQ search",
        "assessment step GET (PHQ-9)": "question page GET",
        "assessment step POST": "assessment step",
        "full submission (14 requests)": "submission",
        CHECK_IN_STEP: "check-in step",
        CHECK_IN_SUBMISSION: "check-in submission",
        CHECK_IN_CURVE: "check-in curve page",
    }
    for name, row in report["throughput"].items():
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "-"
        q = report["queries"].get(sql_for.get(name, ""), {})
        sql = f"{q['first']} / {q['cached']}" if q else "0"
        lines.append(
            f"| {name} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p95']:.1f} "
            f"| {row['p99']:.1f} | {ratio} | {sql} |"
        )
    if "check_ins" in report:
        done = report["check_ins"]
        lines += [
            "",
            f"Check-ins: {done['step_visitors']} visitors save their PHQ-9 page "
            f"again and again (wrk); {done['completed']} check-ins, each after "
            f"{CURVE_HISTORY} weekly ones, are completed once each by their "
            f"GAD-7 POST ({done['concurrency']} at a time, timed from Python, "
            "as a completed check-in cannot be completed again: no wrk run, so "
            "no share of bare; the reply is a 303 to the curve page); "
            f"{done['curve_visitors']} of them then read the curve (wrk).",
        ]
    lines += [
        "",
        "| page | transfer (compressed) "
        "| Lighthouse performance / accessibility / best practices / SEO |",
        "|---|---:|---|",
    ]
    for name, size in report["bytes"].items():
        scores = report.get("lighthouse", {}).get(name)
        shown = (
            " / ".join(str(scores[c]) for c in lighthouse.CATEGORIES) if scores else "-"
        )
        if scores and name in NOINDEX_PAGES:
            shown += " (noindex by design)"
        lines.append(f"| {name} | {size / 1024:.1f} KB | {shown} |")
    load = report["load"]
    lines += [
        "",
        f"Load test: {load['submitted']} complete assessments, "
        f"{load['concurrency']} at a time, every "
        f"fifth submitted twice: {load['acknowledged']} acknowledged, "
        f"{load['stored']} stored, {load['lost']} lost, {load['duplicated']} "
        f"duplicated, {load['server_errors']} server errors "
        f"({load['seconds']:.1f} s).",
        "",
        "Targets missed: " + "; ".join(failures) + "."
        if failures
        else "Every target met.",
    ]
    return "\n".join(lines) + "\n"


def update_readme(text: str) -> None:
    readme = ROOT / "README.md"
    content = readme.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start not in content:
        return
    before = content.split(start)[0]
    after = content.split(end)[1]
    readme.write_text(f"{before}{start}\n{text}{end}{after}")


if __name__ == "__main__":
    main()
