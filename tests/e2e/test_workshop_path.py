"""A participant's whole path through exercises 1 and 3 in a real browser, at projector size.

Open the lesson link, copy the starter into place, reload, see a half-written component named by file
and line, write it, reload, grade it, see it in the Lab, download the TOML and run it on the command
line with the same metrics. The server discovers a folder of this test's own (CQ4DS_EXERCISES), as a
participant's checkout would. Screenshots go to artifacts/screenshots/workshop_*.png.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cq4ds.extensions import EXERCISES_VARIABLE
from cq4ds.grading.exercises import exercise, new_command
from tests.e2e.browser import assert_clean, metric_value, screenshots, selected, settled, watch
from tests.e2e.harness import serve

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "exercises" / "solutions"
PROJECTOR = (1280, 800)
LABELS = {"source": "Source · adapter", "model": "Model · strategy"}
PATHS = {  # the exercise's file, and the pickers its lesson link locks
    1: ("jsonl_source.py", "lock=cleaning,features,model,split,sink"),
    3: ("decision_tree.py", "lock=source,split"),
}


@pytest.fixture(scope="module")
def workshop():
    """An app server whose exercises folder is this module's own, empty at the start."""
    folder = Path(tempfile.mkdtemp(prefix="cq4ds-e2e-exercises-"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(EXERCISES_VARIABLE, str(folder))
        with serve(folder / ".." / f"{folder.name}.log") as server:
            yield server.url, folder


@pytest.fixture
def fresh_page(workshop, browser, browser_context_args):
    """Pages in new browser contexts (new sessions) at projector size, watched for errors, closed afterwards."""
    contexts = []

    def open_page() -> Page:
        size = {"width": PROJECTOR[0], "height": PROJECTOR[1]}
        context = browser.new_context(**{**browser_context_args, "viewport": size, "accept_downloads": True})
        contexts.append(context)
        return watch(context.new_page(), workshop[0])

    yield open_page
    for context in contexts:
        context.close()


def typed(command: str, folder: Path) -> subprocess.CompletedProcess:
    """A command as the participant types it at the project root (their exercises folder in the environment)."""
    env = {**os.environ, EXERCISES_VARIABLE: str(folder)}
    return subprocess.run(shlex.split(command), cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def reload_files(page: Page, expected_text: str) -> None:
    page.get_by_role("button", name="Reload my files").first.click()
    expect(page.get_by_text(expected_text).first).to_be_visible(timeout=60_000)
    settled(page)


@pytest.mark.parametrize("number", sorted(PATHS))
def test_a_participant_does_an_exercise_without_raising_a_hand(number, workshop, fresh_page, tmp_path):
    url, folder = workshop
    chosen = exercise(number)
    file, lock = PATHS[number]
    page = fresh_page()
    name = f"workshop_ex{number}"

    # 1. The lesson link: the task, the file to write, and what runs meanwhile.
    page.goto(f"{url}/lab?exercise={number}&{chosen.port}={chosen.kind}&{lock}")
    expect(page.get_by_text(f"Exercise {number} · {chosen.title}")).to_be_visible(timeout=90_000)
    expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=60_000)
    settled(page)
    expect(page.get_by_text("you have not written it yet")).to_be_visible()
    expect(page.get_by_text("could not be restored")).to_have_count(0)
    screenshots(page, f"{name}_1_link", *PROJECTOR)
    assert_clean(page, "lesson link")

    # 2. The starter, copied into place and loaded: a TODO that raises is one line naming the file and line.
    copied = typed(new_command(number), folder)
    assert copied.returncode == 0, copied.stderr
    reload_files(page, "your component raised NotImplementedError")
    expect(page.get_by_text(f"{file}, line")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshots(page, f"{name}_2_starter", *PROJECTOR)

    # 3. The component written (here: the reference solution), reloaded: the Lab runs it.
    (folder / file).write_text((SOLUTIONS / file).read_text())
    reload_files(page, f"is loaded: pick it in the {chosen.port.title()} picker below")
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    assert selected(page, LABELS[chosen.port]) == chosen.kind
    in_lab = {label: metric_value(page, label) for label in ("Accuracy", "Precision", "Recall", "F1", "ROC AUC")}
    screenshots(page, f"{name}_3_written", *PROJECTOR)
    assert_clean(page, "written")

    # 4. Graded on the grading page, through the banner's link: every check green.
    page.get_by_role("link", name=f"Grade exercise {number} on Grade your component").click()
    expect(page.get_by_role("heading", name="Grade your component")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("every check passed")).to_be_visible(timeout=60_000)
    settled(page)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    expect(page.get_by_test_id("stCode").first).to_contain_text(".venv/bin/python -m cq4ds check")
    screenshots(page, f"{name}_4_graded", *PROJECTOR)
    assert_clean(page, "graded")

    # 5. Back in the Lab: download the TOML from the Wiring tab and run it on the command line.
    page.go_back()
    expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=60_000)
    settled(page)
    page.get_by_role("tab", name="Wiring").click()
    download_button = page.get_by_role("button", name="Download lab.toml")
    expect(download_button).to_be_visible(timeout=60_000)
    settled(page)
    screenshots(page, f"{name}_5_wiring", *PROJECTOR)
    with page.expect_download() as download:
        download_button.click()
    toml = tmp_path / "lab.toml"
    download.value.save_as(toml)
    assert f'kind = "{chosen.kind}"' in toml.read_text()
    ran = typed(f".venv/bin/python -m cq4ds run --config {toml} --json", folder)
    assert ran.returncode == 0, ran.stderr
    from_cli = json.loads(ran.stdout)["metrics"]
    keys = {"Accuracy": "accuracy", "Precision": "precision", "Recall": "recall", "F1": "f1", "ROC AUC": "roc_auc"}
    assert {label: f"{from_cli[key]:.3f}" for label, key in keys.items()} == in_lab
    assert_clean(page, "wiring")


def test_the_setup_check_button_on_start_works_in_the_browser(workshop, fresh_page):
    url, _ = workshop
    page = fresh_page()
    page.goto(url)
    button = page.get_by_role("button", name="Check my setup")
    expect(button).to_be_visible(timeout=90_000)
    settled(page)
    button.click()
    expect(page.get_by_text("passes 8 of 8 checks")).to_be_visible(timeout=60_000)
    settled(page)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    screenshots(page, "workshop_setup_check", *PROJECTOR, whole=False)
    assert_clean(page, "setup check")
