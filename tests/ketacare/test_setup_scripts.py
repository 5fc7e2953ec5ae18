"""The set-up scripts behind `make run` and `make test`."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIND_PYTHON = ROOT / "scripts" / "find-python"


def run(script: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(script)], env=env, capture_output=True, text=True, timeout=60
    )


def test_find_python_honours_the_python_variable():
    result = run(FIND_PYTHON, PATH=os.environ["PATH"], PYTHON=sys.executable)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).resolve() == Path(sys.executable).resolve()


def test_find_python_rejects_a_python_that_is_too_old(tmp_path):
    old = tmp_path / "python3"
    old.write_text("#!/bin/sh\nexit 1\n")
    old.chmod(0o755)
    result = run(FIND_PYTHON, PATH=os.environ["PATH"], PYTHON=str(old))
    assert result.returncode == 1
    assert "not a working Python >= 3.12" in result.stderr


def test_find_python_names_what_it_looked_for_when_nothing_fits(tmp_path):
    result = run(
        FIND_PYTHON,
        PATH=str(tmp_path),
        HOME=str(tmp_path),
        PYENV_ROOT=str(tmp_path / "no-pyenv"),
    )
    # The machine's own pyenv may still be found under /root; only when it is
    # not does the script have to fail, and then it must say what it tried.
    if result.returncode == 0:
        assert "/.pyenv/versions/3.1" in result.stdout
    else:
        assert "needs Python 3.12 or newer" in result.stderr
        assert "python3.12" in result.stderr
        assert "PYTHON=" in result.stderr


def test_find_python_finds_a_pyenv_interpreter_that_is_not_on_path(tmp_path):
    fake = tmp_path / "pyenv" / "versions" / "3.12.9" / "bin"
    fake.mkdir(parents=True)
    (fake / "python3").symlink_to(sys.executable)
    result = run(
        FIND_PYTHON,
        PATH=str(tmp_path / "empty"),
        HOME=str(tmp_path),
        PYENV_ROOT=str(tmp_path / "pyenv"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(fake / "python3")


def test_chromium_check_passes_when_the_browser_is_present(tmp_path):
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    result = run(
        ROOT / "scripts" / "ensure-chromium",
        PATH=os.environ["PATH"],
        CHROMIUM=str(browser),
    )
    assert result.returncode == 0


def fake_python(tmp_path, exit_code: int):
    """A stand-in for .venv/bin/python that records what it was asked to do."""
    calls = tmp_path / "calls"
    fake = tmp_path / "python"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexit {exit_code}\n')
    fake.chmod(0o755)
    return fake, calls


def test_without_apt_the_chromium_check_installs_playwrights_own(tmp_path):
    fake, calls = fake_python(tmp_path, 0)
    result = run(
        ROOT / "scripts" / "ensure-chromium",
        PATH=str(tmp_path / "no-apt-here"),
        CHROMIUM=str(tmp_path / "missing"),
        PY=str(fake),
    )
    assert result.returncode == 0, result.stderr
    assert calls.read_text() == "-m playwright install chromium\n"


def test_without_apt_or_a_download_the_chromium_check_says_what_to_install(tmp_path):
    fake, _ = fake_python(tmp_path, 1)
    result = run(
        ROOT / "scripts" / "ensure-chromium",
        PATH=str(tmp_path / "no-apt-here"),
        CHROMIUM=str(tmp_path / "missing"),
        PY=str(fake),
    )
    assert result.returncode == 1
    assert "apt-get is not available" in result.stderr
    assert "brew install --cask chromium" in result.stderr
    assert "dnf install chromium" in result.stderr
    assert "make test CHROMIUM=" in result.stderr


def test_find_python_rejects_a_python_whose_venv_cannot_install_pip(tmp_path):
    # Like Debian's python3.12 without the python3.12-venv package: the version
    # is right and `import venv` works, but no pip can go into a new venv.
    # Modelled by a venv module that imports but fails as Debian's does there.
    blocked = tmp_path / "blocked" / "venv"
    blocked.mkdir(parents=True)
    (blocked / "__init__.py").write_text(
        "def create(*args, **kwargs):\n"
        "    raise SystemExit('ensurepip is not available')\n"
    )
    broken = tmp_path / "python3.12"
    broken.write_text(
        f'#!/bin/sh\nPYTHONPATH={blocked.parent} exec {sys.executable} "$@"\n'
    )
    broken.chmod(0o755)
    result = run(FIND_PYTHON, PATH=os.environ["PATH"], PYTHON=str(broken))
    assert result.returncode == 1
    assert "can install pip" in result.stderr
