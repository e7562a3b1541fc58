"""AppTest: one path policy for every path a browser supplies, and no page shows a session's private paths.

A page may have a component read only a file in sample_data/ or one of this session's own uploads,
however the path arrives (a picker, a link, text typed on the workflow page), and a sink writes only
into this session's folder. Refusals are one line naming the value as typed, with no file content.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from course.explain import workflow_runs
from tests.ui import helpers
from tests.ui.helpers import ROOT

MARKER = "Zzprivate, Mrs. Marker"  # a passenger only session A's upload holds
PASSWD_LINE = "root:x:0:0"  # what the issue saw: the first line of /etc/passwd in the error
FIX = "Fix: choose a file from sample_data/ or upload one"
TEXTS = ("markdown", "code", "caption", "error", "warning", "info", "success", "text", "exception")


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


def _everything(at: AppTest) -> str:
    """Every text the page shows, and every option of its pickers, as one string."""
    shown = [str(getattr(element, "value", "")) for kind in TEXTS for element in at.get(kind)]
    shown += [str(option) for box in at.selectbox for option in box.options]
    return "\n".join(shown)


def _refusal(typed: str) -> str:
    return f"source.params.path {typed!r} is not a file in sample_data/ or among your uploads. {FIX}"


def _secret_rows(count: int) -> bytes:
    """Valid titanic3 rows whose first passenger carries MARKER as a name."""
    header, first, *rest = helpers.titanic3_rows(count).decode("utf-8").splitlines()
    first = first.replace(first.split('"')[1], MARKER, 1) if '"' in first else first
    return ("\n".join([header, first, *rest]) + "\n").encode("utf-8")


def _workflow(at: AppTest | None = None) -> AppTest:
    """The workflow page on step 2 (in `at`'s session, or a new one)."""
    if at is None:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    else:
        helpers.pin_upload_choices(at)
    at.switch_page("pages/workflow.py").run()
    at.radio(key="workflow.step").set_value(2).run()
    helpers.assert_no_exception(at)
    return at


def _set(at: AppTest, text: str) -> AppTest:
    at.text_input(key="workflow.s2.set").set_value(text).run()
    helpers.assert_no_exception(at)
    return at


def _transcripts(at: AppTest) -> list[str]:
    """The CLI transcripts on show: the command, what it printed and its exit status."""
    return [block for block in helpers.code_blocks(at, "text") if block.startswith("$ python -m cq4ds")]


def _ran(at: AppTest) -> bool:
    """The CLI ran: its transcript is on show."""
    return bool(_transcripts(at))


def _uploaded(at: AppTest) -> Path:
    """Session `at` uploads a CSV holding MARKER in the Lab; its private path."""
    helpers.upload(at, "csv", "my_passengers.csv", _secret_rows(300))
    assert not helpers.errors(at), helpers.errors(at)
    path = Path(at.selectbox(key="lab.source.csv.path").value)
    assert MARKER in path.read_text(encoding="utf-8")
    return path


@pytest.mark.parametrize("typed", ["/etc/passwd", "../../etc/passwd", "sample_data/../../../etc/passwd"])
def test_the_workflow_page_refuses_a_file_outside_sample_data_in_one_line(typed):
    at = _set(_workflow(), f"source.params.path={typed}")
    assert helpers.errors(at) == [_refusal(typed)]
    assert not _ran(at)  # refused before main() started
    assert PASSWD_LINE not in _everything(at)

    _set(at, f'source.kind=csv "source.params.path={typed}"')  # another kind, quoted: the same policy
    assert helpers.errors(at) == [_refusal(typed)] and not _ran(at)


def test_the_workflow_page_refuses_a_link_in_sample_data_that_points_out(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "sample_data").mkdir(parents=True)
    (repo / "configs").symlink_to(ROOT / "configs", target_is_directory=True)
    (repo / "sample_data" / "escape.csv").symlink_to("/etc/passwd")
    monkeypatch.setattr(workflow_runs, "REPO", repo)  # where the page resolves paths and the CLI would run
    at = _set(_workflow(), "source.kind=csv source.params.path=sample_data/escape.csv")
    assert helpers.errors(at) == [_refusal("sample_data/escape.csv")]
    assert not _ran(at) and PASSWD_LINE not in _everything(at)


def test_the_workflow_page_still_runs_what_is_allowed_and_says_what_it_added():
    at = _set(_workflow(), "model.kind=magic")
    assert not helpers.errors(at)
    (transcript,) = _transcripts(at)
    assert transcript.startswith("$ python -m cq4ds run --config configs/notebook.toml --set model.kind=magic\n")
    assert "exit status 2" in transcript and "error: " in transcript  # the CLI's own check, one line

    _set(at, "source.kind=csv source.params.path=sample_data/titanic3.csv")
    (transcript,) = _transcripts(at)
    assert "exit status 0" in transcript and "CSV file sample_data/titanic3.csv" in transcript

    outputs = set((ROOT / "outputs").rglob("*")) if (ROOT / "outputs").exists() else set()
    at.selectbox(key="workflow.s2.config").set_value("configs/warehouse.toml").run()
    _set(at, "")
    (transcript,) = _transcripts(at)
    folder = Path(at.session_state["cq4ds.files.folder"])
    assert "exit status 0" in transcript and str(folder) not in transcript
    added = [c for c in helpers.captions(at) if "the page also passed" in c]
    assert added == [
        "To keep your files yours, the page also passed --set "
        'sink.params.path="your session folder/cli/warehouse_predictions.duckdb". '
        "On your own machine, type the command as shown."
    ]
    # `run` trains and reports; should main() ever write through the sink, it could write only there
    assert (set((ROOT / "outputs").rglob("*")) if (ROOT / "outputs").exists() else set()) == outputs


def test_another_sessions_upload_is_out_of_reach_through_the_workflow_page_and_a_link():
    a = helpers.open_lab()
    theirs = _uploaded(a)

    b = _set(_workflow(), f"source.kind=csv source.params.path={theirs}")
    assert helpers.errors(b) == [_refusal(str(theirs))]
    assert not _ran(b) and MARKER not in _everything(b)
    climbing = "sample_data/" + "../" * len(ROOT.parts) + theirs.relative_to("/").as_posix()
    _set(b, f"source.kind=csv source.params.path={climbing}")
    assert helpers.errors(b) == [_refusal(climbing)] and not _ran(b)
    _set(b, "source.kind=csv source.params.path=my_passengers.csv")  # A's file name means nothing to B
    assert helpers.errors(b) == [_refusal("my_passengers.csv")] and not _ran(b)

    linked = helpers.open_lab({"source": "csv", "source.path": str(theirs)})
    problems = helpers.warnings(linked)
    assert len(problems) == 1 and "links may only name files in sample_data/" in problems[0], problems
    assert helpers.shown(linked).config.source.options["path"] == "sample_data/titanic.db"  # the notebook recipe
    assert MARKER not in _everything(linked) and str(theirs) not in helpers.result_caption(linked)
    assert helpers.state(linked, "cq4ds.files.uploads", {}) == {}


def test_a_session_uses_its_own_upload_on_the_workflow_page_by_its_file_name():
    a = helpers.open_lab()
    mine = _uploaded(a)
    _set(_workflow(a), "source.kind=csv source.params.path=my_passengers.csv")
    assert not helpers.errors(a)
    (transcript,) = _transcripts(a)
    assert "exit status 0" in transcript and "your upload 'my_passengers.csv': 300 rows read" in transcript
    assert str(mine.parent) not in _everything(a) and "cq4ds-server-" not in _everything(a)
    assert any("source.params.path=\"your upload 'my_passengers.csv'\"" in c for c in helpers.captions(a))


def test_the_wiring_tab_names_the_users_file_never_the_session_folder():
    at = helpers.open_lab()
    mine = _uploaded(at)
    helpers.choose(at, "sink", "csv")
    assert not helpers.errors(at)
    folder = Path(at.session_state["cq4ds.files.folder"])
    run = helpers.shown(at)
    assert run.config.source.options["path"] == str(mine)  # what ran: the private copy
    assert run.output is not None and run.output.is_relative_to(folder)

    helpers.pin_upload_choices(at)
    helpers.open_view(at, "Wiring")
    (toml,) = helpers.code_blocks(at, "toml")
    (python,) = [block for block in helpers.code_blocks(at, "python") if "build_pipeline" in block]
    for text in (toml, python):
        assert '"my_passengers.csv"' in text and '"predictions.csv"' in text
    everything = _everything(at)
    assert str(folder) not in everything and "cq4ds-server-" not in everything and mine.name not in everything
    assert (
        "Your files appear by their own names (my_passengers.csv, predictions.csv): "
        "put each file in the project's folder too, beside lab.toml."
    ) in helpers.captions(at)

    helpers.pin_upload_choices(at)
    helpers.open_view(at, "History")
    assert str(folder) not in _everything(at)
