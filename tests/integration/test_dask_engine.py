"""The Dask engine on a real local cluster of 2 worker processes: one cluster for the whole module.

The same predictor, source and sink give the same predictions row by row with either engine; a worker
killed mid-run, or a scheduler (a process of its own) killed mid-run, ends in one clear error and leaves the
previous output as it was.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cq4ds.adapters.dask_engine import DaskEngine
from cq4ds.adapters.file_sinks import ParquetSink
from cq4ds.adapters.in_process_engine import InProcessEngine
from cq4ds.adapters.memory_sink import InMemorySink
from cq4ds.adapters.parquet_source import ParquetSource
from cq4ds.adapters.synthetic import SyntheticSource
from cq4ds.bootstrap import build_pipeline, open_model_store
from cq4ds.config_file import NOTEBOOK_RECIPE, apply_overrides, dump_config, load_config
from cq4ds.domain import EngineError, WrittenPart
from cq4ds.usecases import score_batch

ROOT = Path(__file__).resolve().parents[2]
distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")


@pytest.fixture(scope="module")
def cluster():
    """2 single-threaded worker processes on 127.0.0.1; a worker that dies fails its task at once (no retry)."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        local = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    client = distributed.Client(local, set_as_default=False)
    yield client
    client.close()
    local.close()


@pytest.fixture
def own_scheduler():
    """A scheduler and one worker started as processes of their own, as `dask scheduler` and `dask worker` do."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    address = f"tcp://127.0.0.1:{port}"
    scheduler = _started("distributed.cli.dask_scheduler", "--port", port)
    worker = _started("distributed.cli.dask_worker", address, "--no-nanny", "--nthreads", "1")
    try:
        with distributed.Client(address, timeout=30, set_as_default=False) as client:
            client.wait_for_workers(1, timeout=60)
        yield address, scheduler
    finally:
        for process in (scheduler, worker):
            process.kill()
            process.wait(30)


def _started(*command: str) -> subprocess.Popen:
    """`python -m command` on 127.0.0.1 with no dashboard (both of Dask's command lines take these options)."""
    return subprocess.Popen(
        [sys.executable, "-m", *command, "--host", "127.0.0.1", "--no-dashboard"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def predictor():
    return build_pipeline(load_config(NOTEBOOK_RECIPE)).train_and_evaluate().predictor


def scored(predictor, source, engine, chunk_rows: int) -> tuple[pd.DataFrame, object]:
    sink = InMemorySink()
    result = score_batch(predictor, source, sink, engine, chunk_rows=chunk_rows)
    return sink.frame_.reset_index(drop=True), result


def test_20k_generated_passengers_score_identically_row_by_row(cluster, predictor):
    source = SyntheticSource(rows=20_000, seed=5)
    here, _ = scored(predictor, source, InProcessEngine(), 5_000)
    there, result = scored(predictor, source, DaskEngine(client=cluster), 5_000)
    assert len(here) == 20_000
    pd.testing.assert_frame_equal(there, here)  # same rows, same order, same probabilities to the last bit
    assert result.chunks == 4 and {p.worker for p in result.partitions} <= set(cluster.scheduler_info()["workers"])
    assert "workers read 4 parts themselves" in result.engine


@pytest.mark.parametrize(
    "port_settings",
    [
        ["source.kind=sqlite"],
        ["source.kind=duckdb"],
        ["source.kind=parquet"],
        ["source.kind=csv", 'source.params.path="sample_data/kaggle_train.csv"'],
        ["source.kind=csv", 'source.params.path="sample_data/titanic3.csv"'],  # numbered by row: streamed
    ],
)
def test_every_file_source_scores_identically_on_the_workers(cluster, predictor, port_settings):
    config = apply_overrides(load_config(NOTEBOOK_RECIPE), port_settings)
    source = build_pipeline(config).source
    here, _ = scored(predictor, source, InProcessEngine(), 500)
    there, result = scored(predictor, source, DaskEngine(client=cluster), 500)
    pd.testing.assert_frame_equal(
        there.sort_values("pid", ignore_index=True), here.sort_values("pid", ignore_index=True)
    )
    if "titanic3" in port_settings[-1]:
        assert "streamed from the client" in result.engine


def test_a_parquet_file_read_by_dasks_reader_scores_identically_in_file_order(cluster, predictor, tmp_path):
    path = tmp_path / "passengers.parquet"
    passengers = next(SyntheticSource(rows=20_000, seed=3).read_batches(20_000))
    pq.write_table(pa.Table.from_pandas(passengers, preserve_index=False), path, row_group_size=5_000)
    source = ParquetSource(path=str(path))
    here, _ = scored(predictor, source, InProcessEngine(), 5_000)
    there, result = scored(predictor, source, DaskEngine(client=cluster), 5_000)
    assert len(here) == 20_000 and result.chunks == 4 and "Dask's reader" in result.engine
    pd.testing.assert_frame_equal(there, here)  # row by row, in the file's order


def test_the_cli_scores_on_a_scheduler_address(cluster, predictor, tmp_path):
    store = tmp_path / "models"
    open_model_store(str(store)).save("nb", predictor, {"config": dump_config(load_config(NOTEBOOK_RECIPE))})
    out = tmp_path / "predictions.parquet"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "cq4ds",
            "score",
            "--model",
            "nb",
            "--store",
            str(store),
            "--config",
            str(NOTEBOOK_RECIPE),
            "--set",
            "source.kind=synthetic",
            "--set",
            "source.params.rows=3000",
            "--set",
            "sink.kind=parquet",
            "--set",
            f'sink.params.path="{out}"',
            "--set",
            'sink.params.layout="dataset"',
            "--set",
            "engine.kind=dask",
            "--set",
            f'engine.params.address="{cluster.scheduler.address}"',
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "scored 3000 passengers" in run.stdout and f"Parquet dataset {out}" in run.stdout
    assert os.listdir(out) == ["part-00000000.parquet"] and len(pd.read_parquet(out)) == 3000


def dataset(folder: Path) -> dict[str, bytes]:
    """A Parquet dataset exactly: every file in its folder (hidden ones too) and its bytes."""
    return {part.name: part.read_bytes() for part in sorted(folder.iterdir())}


def test_workers_write_a_parquet_dataset_by_partition_the_same_bytes_as_this_process(cluster, predictor, tmp_path):
    source = SyntheticSource(rows=10_000, seed=5)
    expected, _ = scored(predictor, source, InProcessEngine(), 2_500)  # today's path: every prediction comes here
    here, there = tmp_path / "here", tmp_path / "there"
    score_batch(predictor, source, ParquetSink(path=str(here), layout="dataset"), InProcessEngine(), chunk_rows=2_500)
    sink, came_back = ParquetSink(path=str(there), layout="dataset"), []
    publish = sink.publish
    sink.publish = lambda write, parts: publish(write, (came_back.append(part) or part for part in parts))
    result = score_batch(predictor, source, sink, DaskEngine(client=cluster), chunk_rows=2_500)
    assert [type(part) for part in came_back] == [WrittenPart] * 4  # notes came back, the predictions stayed there
    assert {p.worker for p in result.partitions} <= set(cluster.scheduler_info()["workers"])
    assert list(dataset(there)) == [f"part-{index:08d}.parquet" for index in range(4)]
    pd.testing.assert_frame_equal(pd.read_parquet(there), expected)  # read back in order: row by row, to the bit
    assert dataset(there) == dataset(here)  # the same files, byte for byte, whichever engine wrote them
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here", "there"]  # no staging folder left


def published(target: Path) -> bytes | dict[str, bytes]:
    """What the sink published, exactly: the file's bytes, or every file of the dataset's folder."""
    return dataset(target) if target.is_dir() else target.read_bytes()


@pytest.mark.parametrize("layout", ["file", "dataset"])  # the dataset's parts are written by the workers
def test_a_worker_killed_mid_run_ends_in_one_clear_error_and_the_previous_output_intact(
    cluster, predictor, tmp_path, layout
):
    cluster.wait_for_workers(2, timeout=60)  # the worker killed by the test before is back
    target = tmp_path / "predictions.parquet"
    sink = ParquetSink(path=str(target), layout=layout)
    sink.write([pd.DataFrame({"pid": [1], "probability": [0.5], "label": [1]})])
    before = published(target)
    victim = next(iter(cluster.run(os.getpid).values()))
    killed = []

    def kill_once(_timing) -> None:  # the first partition is back: the others are running on both workers
        if not killed:
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    with pytest.raises(EngineError) as failure:
        score_batch(
            predictor,
            SyntheticSource(rows=40_000, seed=9),
            sink,
            DaskEngine(client=cluster),
            chunk_rows=2_000,
            listener=kill_once,
        )
    assert killed
    assert "a Dask worker died" in str(failure.value) and "previous output is intact" in str(failure.value)
    assert published(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["predictions.parquet"]  # no temporary file or folder left


def test_a_scheduler_gone_mid_run_ends_in_one_clear_error_and_the_previous_output_intact(
    own_scheduler, predictor, tmp_path, caplog
):
    address, scheduler = own_scheduler
    target = tmp_path / "predictions.parquet"
    ParquetSink(path=str(target)).write([pd.DataFrame({"pid": [1], "probability": [0.5], "label": [1]})])
    before = target.read_bytes()
    killed: list[float] = []

    def kill_once(_timing) -> None:  # the first partition is back: the next ones are on their way
        if not killed:
            scheduler.send_signal(signal.SIGKILL)
            killed.append(time.monotonic())

    with pytest.raises(EngineError) as failure:
        score_batch(
            predictor,
            SyntheticSource(rows=40_000, seed=9),
            ParquetSink(path=str(target)),
            DaskEngine(address=address, timeout=5),
            chunk_rows=2_000,
            listener=kill_once,
        )
    assert killed and time.monotonic() - killed[0] < 10  # told at once, not after a long wait
    assert f"the Dask scheduler at {address} went away" in str(failure.value)
    assert "previous output is intact" in str(failure.value) and "dask scheduler" in failure.value.fix
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]  # the one error is ours
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["predictions.parquet"]  # no temporary file left behind
