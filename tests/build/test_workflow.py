"""The GitHub Actions workflow passes actionlint and zizmor and pins every action by SHA."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


def test_actionlint_reports_nothing():
    result = subprocess.run(
        [BIN / "actionlint", "-no-color", *sorted(WORKFLOWS.glob("*.yml"))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_reports_nothing():
    result = subprocess.run(
        [BIN / "zizmor", "--offline", "--no-progress", str(WORKFLOWS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("workflow", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_sha(workflow):
    uses = re.findall(r"uses:\s*(\S+)", workflow.read_text())
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action


def test_deploy_job_has_only_the_pages_permissions():
    text = (WORKFLOWS / "site.yml").read_text()
    deploy = text[text.index("  deploy:") :]
    permissions = re.search(r"permissions:\n((?:\s{6}.+\n)+)", deploy).group(1)
    assert sorted(line.strip() for line in permissions.splitlines()) == [
        "id-token: write",
        "pages: write",
    ]
    assert "permissions: {}" in text and "concurrency:" in text
