"""The house rules a newcomer relies on: the domain stays plain Python."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_MODULES = sorted(
    f"intake.domain.{path.stem}"
    for path in (ROOT / "intake" / "domain").glob("*.py")
    if path.stem != "__init__"
)


def _ruff(source: str, filename: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--stdin-filename", filename, "-"],
        input=source,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_the_lint_refuses_a_django_import_in_the_domain():
    result = _ruff("from django.db import models\n", "intake/domain/probe.py")

    assert result.returncode == 1
    assert "TID251" in result.stdout


def test_the_lint_allows_django_outside_the_domain():
    result = _ruff(
        'from django.db import models\n\n__all__ = ["models"]\n', "intake/probe.py"
    )

    assert result.returncode == 0, result.stdout


def test_the_domain_modules_import_without_django():
    # A fresh interpreter (the test process has Django loaded already), one for
    # all of them: each module is imported, then Django must still be absent.
    probe = (
        "import importlib, sys\n"
        f"for name in {DOMAIN_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "    print(name, 'django' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )

    assert result.stdout.split() == [
        word for name in DOMAIN_MODULES for word in (name, "False")
    ]


def test_the_domain_package_is_not_empty():
    assert {"intake.domain.scoring", "intake.domain.triage"} <= set(DOMAIN_MODULES)
