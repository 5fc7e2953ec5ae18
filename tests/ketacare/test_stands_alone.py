"""The repository carries its own clinical rules: nothing in it points outside it.

People who clone KetaCare never have the team's working folder beside it, so code,
templates and docs may not refer to files there; the project's account of its
clinical rules is docs/clinical.md.
"""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE_REFERENCE = re.compile(
    r"\.\./shared|/work/shared|\b(?:CLINICAL|STYLE|RECIPES)\.md\b"
)
THIS_FILE = Path(__file__).resolve().relative_to(ROOT).as_posix()


def tracked_text_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [
        name
        for name in listed
        if name != THIS_FILE
        and Path(name).suffix in {".py", ".md", ".html", ".txt", ".toml", ".cfg"}
        and (ROOT / name).is_file()
    ]


def test_nothing_in_the_repository_points_outside_it():
    offenders = [
        name
        for name in tracked_text_files()
        if OUTSIDE_REFERENCE.search((ROOT / name).read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_pattern_catches_the_ways_a_file_could_point_outside():
    for text in (
        # Assembled, so that this file does not itself point outside.
        "see ../shared/" + "CLINICAL.md",
        "Criteria: CLINICAL.md section 2.",
        "codes, see /work/shared/" + "CLINICAL.md",
        "per STYLE.md",
    ):
        assert OUTSIDE_REFERENCE.search(text), text


def test_the_project_keeps_its_own_clinical_rules():
    rules = (ROOT / "docs" / "clinical.md").read_text(encoding="utf-8")
    for heading in ("questionnaires", "suitability screen", "Crisis resources"):
        assert heading in rules
