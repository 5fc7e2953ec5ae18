"""What a production server installs: two hashed locks, and every import declared."""

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_PACKAGES = ("ketacare", "education", "intake")
LOCAL_MODULES = {*APP_PACKAGES, "manage"}
TEST_ONLY = {
    "pytest",
    "pytest-django",
    "hypothesis",
    "time-machine",
    "playwright",
    "axe-playwright-python",
    "fhir-resources",
    "ruff",
    "djlint",
    "mypy",
    "uv",
}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    return normalise(re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0])


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text()
    return {
        normalise(match[1]): match[2]
        for line in text.splitlines()
        if (match := PIN.match(line))
    }


def declared_runtime() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {requirement_name(r) for r in project["dependencies"]}


def app_imports() -> set[str]:
    modules = set()
    for package in APP_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    modules |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    modules.add(node.module.split(".")[0])
    return modules - LOCAL_MODULES - set(sys.stdlib_module_names)


def test_every_pinned_line_of_both_locks_carries_a_hash():
    for lock in ("runtime.txt", "dev.txt"):
        text = (ROOT / "requirements" / lock).read_text()
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
        pinned = [block for block in blocks if PIN.match(block)]
        assert pinned, lock
        assert all("--hash=sha256:" in block for block in pinned), lock


def test_the_development_lock_pins_the_runtime_packages_at_the_same_versions():
    runtime, dev = pins("runtime.txt"), pins("dev.txt")
    assert {name: dev.get(name) for name in runtime} == runtime


def test_the_runtime_lock_holds_no_test_or_lint_tool():
    assert set(pins("runtime.txt")) & TEST_ONLY == set()


def test_every_third_party_package_the_app_imports_is_a_declared_runtime_dependency():
    distributions = packages_distributions()
    declared = declared_runtime()
    undeclared = {
        module
        for module in app_imports()
        if not {normalise(d) for d in distributions.get(module, [])} & declared
    }
    assert undeclared == set()


def test_the_import_check_sees_a_test_only_import(tmp_path, monkeypatch):
    # The check above reads real files; make sure its mapping would flag one.
    distributions = packages_distributions()
    assert {normalise(d) for d in distributions["fhir"]} & declared_runtime() == set()


def test_the_benchmarks_import_nothing_from_the_tests():
    offenders = []
    for path in (ROOT / "bench").rglob("*.py"):
        if "node_modules" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offenders += [f"{path.name}: {n}" for n in names if n.startswith("tests")]
    assert offenders == []


BENCH_MODULES = sorted(
    f"bench.{path.stem}"
    for path in (ROOT / "bench").glob("*.py")
    if path.stem != "__init__"
)


def test_every_benchmark_module_imports():
    # `make bench` is not part of the suite; a moved module must still fail here.
    probe = "".join(f"import {module}\n" for module in BENCH_MODULES)
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "bench.run" in BENCH_MODULES
