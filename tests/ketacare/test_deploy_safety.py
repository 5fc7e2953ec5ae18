"""Production safety that must not hang on DEBUG: two-factor sign-in stays on
unless turned off by name, `check --deploy` refuses it off, and the development
server never touches a database server."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ketacare.checks import check_staff_sign_in
from ketacare.management.commands import dev

ROOT = Path(__file__).resolve().parents[2]


def two_factor_setting(**env: str) -> str:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "KETACARE_REQUIRE_2FA"))
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.KETACARE_REQUIRE_2FA)",
        ],
        env={**clean, "DJANGO_SETTINGS_MODULE": "ketacare.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_two_factor_sign_in_stays_on_with_debug_on():
    assert two_factor_setting(DJANGO_DEBUG="1") == "True"


def test_only_its_own_setting_turns_two_factor_off():
    assert two_factor_setting(DJANGO_DEBUG="1", KETACARE_REQUIRE_2FA="0") == "False"


def test_check_deploy_fails_with_two_factor_off(settings):
    settings.KETACARE_REQUIRE_2FA = False
    assert [problem.id for problem in check_staff_sign_in(None)] == ["ketacare.E005"]
    settings.KETACARE_REQUIRE_2FA = True
    assert check_staff_sign_in(None) == []


def test_the_deploy_check_is_registered(settings):
    from django.core import checks

    settings.KETACARE_REQUIRE_2FA = False
    found = checks.run_checks(include_deployment_checks=True, tags=["security"])
    assert "ketacare.E005" in [problem.id for problem in found]


def test_dev_refuses_a_database_url(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DATABASE_URL", "postgres://app@db.clinic.example.org/ketacare")
    touched = []
    monkeypatch.setattr(dev, "call_command", lambda *args, **kw: touched.append(args))
    with pytest.raises(CommandError, match="unset DATABASE_URL"):
        call_command("dev")
    assert touched == []
