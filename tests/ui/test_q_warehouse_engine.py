"""AppTest: the warehouse page's engine switch scores the same table in this process and on the shared Dask cluster."""

from __future__ import annotations

import threading
import time

import pytest
from streamlit.testing.v1 import AppTest

from course.explain import engines
from tests.ui import helpers
from tests.ui.helpers import ROOT


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


def hashes(at: AppTest) -> list[str]:
    return [m.value for m in at.metric if m.label == "hash of the published table"]


def test_both_engines_publish_the_identical_table():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    at.switch_page("pages/q_warehouse.py").run()
    helpers.assert_no_exception(at)
    assert any("score_batch" in block.value for block in at.code)  # the use case, shown as it is
    notes = [c.value for c in at.caption if "`write` is None" in c.value]  # the use case's sink line, explained
    assert len(notes) == 1 and "(`parquet`; Parquet in its dataset layout)" in notes[0]
    at.button(key="q_warehouse.engine_run").click().run()
    assert len(hashes(at)) == 1 and not helpers.errors(at)
    at.radio(key="q_warehouse.engine").set_value("dask").run()
    try:
        at.button(key="q_warehouse.engine_run").click().run()
        helpers.assert_no_exception(at)
        assert not helpers.errors(at), helpers.errors(at)
        first, second = hashes(at)
        assert first == second and len(first) == 10
        assert any("identical" in s.value for s in at.success)
        workers = {value for frame in at.dataframe for value in frame.value.get("worker", [])}
        assert "this process" in workers and any(w.startswith("tcp://127.0.0.1:") for w in workers)
    finally:
        engines.shared_cluster().close()  # the server's cluster would otherwise live until the process ends


def test_the_shared_cluster_starts_once_and_queues_a_second_run(monkeypatch):
    started = []
    monkeypatch.setattr(engines, "start_local", lambda workers: started.append(workers) or ("cluster", "client"))
    shared = engines.SharedCluster()
    release, queued = threading.Event(), threading.Event()

    def first_job(client):
        release.wait(10)
        return client

    first = threading.Thread(target=shared.run, args=(first_job,))
    first.start()
    while not shared.busy:
        time.sleep(0.01)
    second = threading.Thread(target=shared.run, args=(lambda client: client, queued.set))
    second.start()
    assert queued.wait(10)  # told to wait, not given a cluster of its own
    release.set()
    first.join(10), second.join(10)
    assert started == [engines.WORKERS] and not shared.busy
    shared._client = None  # nothing real to close


def test_the_server_has_one_cluster_object_and_making_it_starts_nothing(monkeypatch):
    monkeypatch.setattr(engines, "_shared", [])
    monkeypatch.setattr(engines, "start_local", lambda workers: pytest.fail("no worker starts before a run"))
    assert engines.shared_cluster() is engines.shared_cluster()
    assert not engines.shared_cluster().started
