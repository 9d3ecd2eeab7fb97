"""The GitHub Actions workflows pass actionlint and zizmor, pin every action by SHA, bound
every job in time, and publish exactly the site the browser tests passed."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
GITHUB = ROOT / ".github"
WORKFLOWS = GITHUB / "workflows"
BIN = Path(sys.executable).parent
ALL = sorted(WORKFLOWS.glob("*.yml"))


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads `on` as true
    return workflow


def steps_using(job: dict, action: str) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").startswith(action + "@")]


def test_actionlint_reports_nothing():
    result = subprocess.run([BIN / "actionlint", "-no-color", *ALL], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("mode", [[], ["--pedantic"]], ids=["default", "pedantic"])
def test_zizmor_reports_nothing(mode):
    result = subprocess.run(
        [BIN / "zizmor", "--offline", "--no-progress", *mode, str(GITHUB)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


@pytest.mark.parametrize("workflow", ALL, ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_sha(workflow):
    uses = re.findall(r"uses:\s*(\S+)", workflow.read_text())
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action


@pytest.mark.parametrize("workflow", ALL, ids=lambda p: p.name)
def test_every_job_has_a_time_limit_and_a_named_runner_image(workflow):
    jobs = load(workflow)["jobs"]
    assert jobs
    for name, job in jobs.items():
        assert isinstance(job.get("timeout-minutes"), int), f"{name} has no timeout-minutes"
        assert 0 < job["timeout-minutes"] <= 60, name
        assert job["runs-on"] == "ubuntu-24.04", f"{name} runs on {job['runs-on']}"


def test_the_deploy_uploads_the_directory_the_browser_tests_built_and_passed():
    workflow = load(WORKFLOWS / "deploy.yml")
    build = workflow["jobs"]["build"]
    tested = build["env"]["BROWSER_SITE_DIR"]
    names = [step.get("run", step.get("uses", "")) for step in build["steps"]]
    test_step = names.index(".ci/run")
    (upload,) = steps_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == tested
    assert test_step < build["steps"].index(upload)
    # Only the tested offline copy is added, under the name the home page links to.
    between = build["steps"][test_step + 1 : build["steps"].index(upload)]
    assert [step["run"] for step in between] == ['cp "$OFFLINE_ZIP" "$BROWSER_SITE_DIR/"']
    home = (ROOT / "docs" / "index.md").read_text()
    assert f'href="{Path(build["env"]["OFFLINE_ZIP"]).name}"' in home
    # The browser tests read these two variables (tests/browser/conftest.py) ...
    conftest = (ROOT / "tests" / "browser" / "conftest.py").read_text()
    assert 'os.environ.get("BROWSER_SITE_DIR")' in conftest
    assert 'os.environ.get("SITE_URL")' in conftest
    # ... and the address is the one configure-pages reports.
    (pages,) = steps_using(build, "actions/configure-pages")
    run = build["steps"][test_step]
    assert run["env"]["SITE_URL"] == "${{ steps." + pages["id"] + ".outputs.base_url }}/"
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("make test")


def test_the_deploy_runs_by_hand_skips_where_pages_is_off_and_caches_nothing():
    workflow = load(WORKFLOWS / "deploy.yml")
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["on"]["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    assert jobs["build"]["if"] == "needs.pages.outputs.enabled == 'true'"
    assert jobs["deploy"]["needs"] == "build"
    assert "build_type" in jobs["pages"]["steps"][0]["run"]
    text = (WORKFLOWS / "deploy.yml").read_text()
    assert "actions/cache@" not in text and "cache:" not in text


def test_the_deploy_job_has_only_the_pages_permissions():
    workflow = load(WORKFLOWS / "deploy.yml")
    assert workflow["permissions"] == {} and "concurrency" in workflow
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["jobs"]["pages"]["permissions"] == {"pages": "read"}


def test_the_test_workflow_covers_every_python_caches_by_content_and_runs_weekly():
    workflow = load(WORKFLOWS / "tests.yml")
    assert {"push", "pull_request", "schedule"} <= set(workflow["on"])
    (cron,) = [entry["cron"] for entry in workflow["on"]["schedule"]]
    assert re.fullmatch(r"\d+ \d+ \* \* [0-6]", cron), "once a week"
    jobs = workflow["jobs"]
    assert jobs["maths"]["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13", "3.14"]
    assert "tests/maths" in jobs["maths"]["steps"][-1]["run"]
    full = jobs["full"]
    assert [step["run"] for step in full["steps"] if "run" in step] == [".ci/run"]
    (cache,) = steps_using(full, "actions/cache")
    assert cache["with"]["path"] == "figures"
    assert "hashFiles('requirements.lock', 'src/**'" in cache["with"]["key"]
    for job in ("maths", "full"):
        (python,) = steps_using(jobs[job], "actions/setup-python")
        assert python["with"]["cache"] == "pip"
        assert python["with"]["cache-dependency-path"] == "requirements.lock"


def test_the_zensical_job_informs_without_blocking_and_stays_out_of_the_lock():
    job = load(WORKFLOWS / "tests.yml")["jobs"]["zensical"]
    assert job["continue-on-error"] is True
    install = next(step["run"] for step in job["steps"] if "zensical==" in step.get("run", ""))
    assert re.search(r'"zensical==\d+\.\d+\.\d+"', install)
    assert "zensical" not in (ROOT / "requirements.lock").read_text()
    assert (ROOT / "scripts" / "zensical_report.py").is_file()


def test_dependabot_watches_the_actions_and_the_python_dependencies_weekly():
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text())
    schedules = {u["package-ecosystem"]: u["schedule"]["interval"] for u in config["updates"]}
    assert schedules == {"github-actions": "weekly", "pip": "weekly"}
