"""Lighthouse (npm, pinned in bench/package-lock.json) with Debian's Chromium,
offline, on its default mobile profile."""

import json
import os
import subprocess
import tempfile
from pathlib import Path

from bench.chromium import CHROMIUM_ARGS, chromium_path

HERE = Path(__file__).resolve().parent
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def scores(url: str, headers: dict[str, str] | None = None) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            str(HERE / "node_modules" / ".bin" / "lighthouse"),
            url,
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
        ]
        if headers:
            command.append(f"--extra-headers={json.dumps(headers)}")
        env = {
            **os.environ,
            "CHROME_PATH": chromium_path(),
        }
        # Chromium sometimes fails to start on a busy machine: try once more.
        for attempt in (1, 2):
            finished = subprocess.run(
                command, env=env, capture_output=True, timeout=180
            )
            if finished.returncode == 0:
                break
            if attempt == 2:
                raise RuntimeError(
                    f"Lighthouse failed on {url}:\n{finished.stderr.decode()[-2000:]}"
                )
        result = json.loads(report.read_text())
    failed = [
        audit["id"]
        for audit in result["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric")
    ]
    return {
        **{c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES},
        "failed_audits": failed,
    }
