"""Bounded work per session: the Lab's row cap on uploads, its per-server run gate, and runs nobody waits for."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from course.ui import gates, priority, runs
from cq4ds.adapters.sample_files import write_titanic3_csv
from cq4ds.adapters.synthetic import generate
from cq4ds.columnar import conform
from tests.ui import helpers
from tests.ui.helpers import ROOT


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


def _until(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _titanic3_csv(rows: int, folder: Path) -> bytes:
    path = folder / "big.csv"
    write_titanic3_csv(conform(generate(rows, seed=8), "generated").frame, path)
    return path.read_bytes()


# --- The row cap ---------------------------------------------------------------------------------------------------


def test_an_upload_over_the_cap_is_refused_in_one_line_and_the_lab_keeps_working(tmp_path):
    assert runs.MAX_ROWS == runs.MAX_GENERATED_ROWS == 10_000
    at = helpers.choose(helpers.open_lab(), "source", "csv")
    before = helpers.metrics(at)
    helpers.upload(at, "csv", "big.csv", _titanic3_csv(12_000, tmp_path))
    helpers.assert_no_exception(at)
    (error,) = helpers.errors(at)
    assert error.startswith("CSV file your upload 'big.csv' holds more than 10,000 passengers. Fix: ")
    assert "at most 10,000" in error and "\n" not in error
    assert helpers.metrics(at) == before and helpers.showing_last(at)

    helpers.pin_upload_choices(at)
    at.selectbox(key="lab.source.csv.path").select("sample_data/kaggle_train.csv").run()
    helpers.assert_no_exception(at)
    assert not helpers.errors(at)
    assert helpers.shown(at).config.source.options["path"] == "sample_data/kaggle_train.csv"
    assert "891 rows read" in helpers.result_caption(at)


# --- The run gate --------------------------------------------------------------------------------------------------


def test_the_gate_lets_at_most_its_size_run_at_once():
    gate, active, most, ran = gates.RunGate(2), [0], [0], []
    lock = threading.Lock()

    def work(number: int) -> None:
        with gate.turn(poll=0.01):
            with lock:
                active[0] += 1
                most[0] = max(most[0], active[0])
            time.sleep(0.05)
            with lock:
                active[0] -= 1
                ran.append(number)

    workers = [threading.Thread(target=work, args=(number,)) for number in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert most[0] == 2 and sorted(ran) == list(range(8))
    assert (gate.running, gate.waiting) == (0, 0)


def test_waiting_runs_go_in_arrival_order_and_see_their_place():
    gate, entered = gates.RunGate(1), []
    places: dict[str, list[int]] = {"a": [], "b": [], "c": []}

    def work(name: str) -> None:
        with gate.turn(places[name].append, poll=0.01):
            entered.append(name)

    workers = []
    with gate.turn():  # another run holds the only place
        for count, name in enumerate("abc", start=1):
            workers.append(threading.Thread(target=work, args=(name,)))
            workers[-1].start()
            _until(lambda count=count: gate.waiting == count)
        _until(lambda: all(places.values()))
    for worker in workers:
        worker.join(30)
    assert entered == ["a", "b", "c"]
    assert (places["a"][0], places["b"][0], places["c"][0]) == (1, 2, 3)
    assert all(later <= earlier for earlier, later in zip(places["c"], places["c"][1:], strict=False))
    assert (gate.running, gate.waiting) == (0, 0)


def test_a_run_that_gives_up_waiting_leaves_the_queue_and_one_that_fails_frees_its_place():
    gate, outcome = gates.RunGate(1), []

    def give_up(place: int) -> None:
        raise RuntimeError("session gone")

    def waiter() -> None:
        try:
            with gate.turn(give_up, poll=0.01):
                outcome.append("ran")
        except RuntimeError:
            outcome.append("gave up")

    with gate.turn():
        worker = threading.Thread(target=waiter)
        worker.start()
        worker.join(30)
        assert (outcome, gate.running, gate.waiting) == (["gave up"], 1, 0)
    with pytest.raises(ValueError), gate.turn():
        raise ValueError("a failing run")
    assert (gate.running, gate.waiting) == (0, 0)


def test_importing_the_gates_makes_no_gate_until_a_run_needs_it():
    code = "import course.ui.gates as gates; assert not gates._gates; assert gates.gate().size >= 1; print('ok')"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "ok", done.stderr


# --- The gate and the session in the Lab ---------------------------------------------------------------------------


@pytest.fixture
def one_place(monkeypatch) -> gates.RunGate:
    """A server where one run goes at a time."""
    gate = gates.RunGate(1)
    monkeypatch.setattr(gates, "_gates", {False: gate, True: gate})
    monkeypatch.setattr(gates, "WAIT_POLL_SECONDS", 0.05)
    return gate


def _in_background(action: Callable[[], object]) -> threading.Thread:
    worker = threading.Thread(target=action, daemon=True)
    worker.start()
    return worker


def test_a_session_waits_for_a_free_place_then_runs(one_place, monkeypatch):
    at = helpers.open_lab()
    looks = []
    monkeypatch.setattr(runs, "_session_gone", lambda: looks.append(time.monotonic()) and False)
    with one_place.turn():  # another session's run
        worker = _in_background(lambda: helpers.choose(at, "model", "knn"))
        _until(lambda: one_place.waiting == 1 and len(looks) >= 2)  # it waits, looking at its session meanwhile
        assert worker.is_alive()
    worker.join(60)
    helpers.assert_no_exception(at)
    assert not helpers.errors(at) and helpers.shown(at).config.model.kind == "knn"
    assert (one_place.running, one_place.waiting) == (0, 0)


def test_a_session_that_goes_away_while_waiting_leaves_the_queue(one_place, monkeypatch):
    at = helpers.open_lab()
    runs_before = len(at.session_state["cq4ds.lab.history"])
    gone = threading.Event()
    monkeypatch.setattr(runs, "_session_gone", gone.is_set)
    with one_place.turn():
        worker = _in_background(lambda: helpers.choose(at, "model", "knn"))
        _until(lambda: one_place.waiting == 1)
        gone.set()
        _until(lambda: one_place.waiting == 0)
        worker.join(60)
        assert one_place.running == 1  # the other session's run holds its place all along
    helpers.assert_no_exception(at)
    assert len(at.session_state["cq4ds.lab.history"]) == runs_before


def _tab_closed_before(monkeypatch, stage: str) -> list[str]:
    """The session goes away as the run reaches `stage`; the list of every look the run takes at its session."""
    looked, look = [], runs._stop_if_session_gone

    def looking(doing: str) -> None:
        looked.append(doing)
        look(doing)

    monkeypatch.setattr(runs, "_stop_if_session_gone", looking)
    monkeypatch.setattr(runs, "_session_gone", lambda: looked[-1] == f"before its {stage} stage")
    return looked


def test_a_run_whose_session_has_gone_is_abandoned_as_its_next_stage_starts(one_place, monkeypatch):
    at = helpers.open_lab()
    runs_before = len(at.session_state["cq4ds.lab.history"])
    looked = _tab_closed_before(monkeypatch, "train")
    helpers.choose(at, "model", "knn")
    helpers.assert_no_exception(at)
    assert looked == [f"before its {stage} stage" for stage in ("load", "clean", "split", "train")]
    assert len(at.session_state["cq4ds.lab.history"]) == runs_before  # no result kept: nobody is there to see it
    assert (one_place.running, one_place.waiting) == (0, 0)


# --- Heavy runs queue apart ----------------------------------------------------------------------------------------


def test_runs_on_uploads_or_many_generated_passengers_are_heavy(monkeypatch):
    from cq4ds.config_file import default_config
    from cq4ds.domain import ComponentSpec

    def config(kind: str, **options: object):
        return default_config(ComponentSpec(kind, options))

    monkeypatch.setattr(runs.files, "is_upload", lambda value: value == "uploads/mine.csv")
    assert not runs.heavy(config("synthetic", rows=runs.LIGHT_ROWS))
    assert runs.heavy(config("synthetic", rows=runs.LIGHT_ROWS + 1))
    assert not runs.heavy(config("csv", path="sample_data/titanic3.csv"))
    assert runs.heavy(config("csv", path="uploads/mine.csv"))


def test_a_light_run_does_not_wait_behind_heavy_ones(monkeypatch):
    light, heavy = gates.RunGate(1), gates.RunGate(1)
    monkeypatch.setattr(gates, "_gates", {False: light, True: heavy})
    monkeypatch.setattr(gates, "WAIT_POLL_SECONDS", 0.05)
    at = helpers.open_lab()
    with heavy.turn():  # a participant's upload trains
        worker = _in_background(lambda: helpers.choose(at, "model", "knn"))
        worker.join(60)
        assert not worker.is_alive() and heavy.waiting == 0
    helpers.assert_no_exception(at)
    assert helpers.shown(at).config.model.kind == "knn"


def test_a_heavy_run_waits_for_the_heavy_gate_and_says_why(monkeypatch):
    light, heavy = gates.RunGate(1), gates.RunGate(1)
    monkeypatch.setattr(gates, "_gates", {False: light, True: heavy})
    monkeypatch.setattr(gates, "WAIT_POLL_SECONDS", 0.05)
    captions: list[str] = []
    monkeypatch.setattr(runs, "_queue_rule", lambda is_heavy: captions.append(is_heavy) or "the rule")
    at = helpers.open_lab()
    if at.selectbox(key="lab.source.kind").value != "synthetic":
        helpers.choose(at, "source", "synthetic")
    with heavy.turn():
        worker = _in_background(lambda: helpers.set_param(at, "source", "synthetic", "rows", runs.LIGHT_ROWS + 500))
        _until(lambda: heavy.waiting == 1 and captions)
        assert light.waiting == 0 and captions[-1] is True
    worker.join(60)
    helpers.assert_no_exception(at)
    assert helpers.shown(at).config.source.options["rows"] == runs.LIGHT_ROWS + 500


# --- Heavy runs train at a lower CPU priority ----------------------------------------------------------------------


def test_lowered_work_runs_in_a_thread_of_its_own_at_a_lower_priority_and_gives_back_its_result_or_error():
    before, seen = priority.nice_of_this_thread(), {}

    def work() -> int:
        seen["thread"], seen["nice"] = threading.get_native_id(), priority.nice_of_this_thread()
        return 42

    assert priority.lowered(work) == 42
    assert seen["thread"] != threading.get_native_id()
    if before is not None:  # Linux keeps a nice value per thread
        assert seen["nice"] == min(19, before + priority.LOWERED_BY)
        assert priority.nice_of_this_thread() == before  # the caller's priority is untouched
    failure = ValueError("a participant's component raised")

    def failing() -> None:
        raise failure

    with pytest.raises(ValueError) as raised:
        priority.lowered(failing)
    assert raised.value is failure


def _heavy_lab(monkeypatch) -> tuple:
    lowered: list[str] = []
    lower = priority.lowered
    monkeypatch.setattr(priority, "lowered", lambda work: lowered.append("heavy") or lower(work))
    at = helpers.open_lab()
    if at.selectbox(key="lab.source.kind").value != "synthetic":
        helpers.choose(at, "source", "synthetic")
    return at, lowered


def test_a_heavy_run_trains_lowered_and_shows_its_result_while_light_runs_train_as_usual(monkeypatch):
    at, lowered = _heavy_lab(monkeypatch)
    assert lowered == []  # the generated sample is light
    helpers.set_param(at, "source", "synthetic", "rows", runs.LIGHT_ROWS + 500)
    helpers.assert_no_exception(at)
    assert lowered == ["heavy"] and not helpers.errors(at)
    assert helpers.shown(at).config.source.options["rows"] == runs.LIGHT_ROWS + 500


def test_a_lowered_run_whose_session_has_gone_stops_at_its_next_stage(monkeypatch):
    at, lowered = _heavy_lab(monkeypatch)
    runs_before = len(at.session_state["cq4ds.lab.history"])
    looked = _tab_closed_before(monkeypatch, "split")
    helpers.set_param(at, "source", "synthetic", "rows", runs.LIGHT_ROWS + 500)
    helpers.assert_no_exception(at)
    assert lowered == ["heavy"] and looked[-1] == "before its split stage"
    assert len(at.session_state["cq4ds.lab.history"]) == runs_before
