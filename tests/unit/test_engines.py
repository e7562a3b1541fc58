"""The engines' own rules, without a cluster: configs and the CLI name them, and users' mistakes get one line."""

from __future__ import annotations

import socket

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cq4ds.adapters import dask_cluster
from cq4ds.adapters.dask_engine import DaskEngine, _check_visible, _file_partitions
from cq4ds.adapters.in_process_engine import InProcessEngine
from cq4ds.adapters.parquet_source import ParquetSource
from cq4ds.adapters.synthetic import SyntheticSource
from cq4ds.bootstrap import build_pipeline
from cq4ds.config_file import apply_overrides, dump_config, load_config, parse_config
from cq4ds.domain import ConfigError, DataError, FileParts
from cq4ds.registry import Registry


def test_the_engine_is_chosen_in_config_and_by_set_like_every_component():
    config = apply_overrides(load_config("configs/notebook.toml"), ["engine.kind=dask", "engine.params.workers=1"])
    assert parse_config(dump_config(config)) == config
    assert isinstance(build_pipeline(config).engine, DaskEngine) and build_pipeline(config).engine.workers == 1
    assert isinstance(build_pipeline(load_config("configs/notebook.toml")).engine, InProcessEngine)  # the default
    with pytest.raises(ConfigError, match="choose one of: in_process, dask"):
        Registry().check(apply_overrides(config, ["engine.kind=spark"]))
    with pytest.raises(ConfigError, match="workers"):
        Registry().check(apply_overrides(config, ["engine.params.workers=0"]))


def test_the_in_process_engine_numbers_the_rows_of_each_batch():
    parts = list(
        InProcessEngine().map_partitions(SyntheticSource(rows=250), lambda _m, rows, part: len(rows), None, 100)
    )
    assert [(f.part.index, f.part.first_row, f.value) for f in parts] == [(0, 1, 100), (1, 101, 100), (2, 201, 50)]


def test_a_local_cluster_bigger_than_the_machine_is_refused_before_anything_starts():
    with pytest.raises(ConfigError) as refused:
        list(DaskEngine(workers=256).map_partitions(SyntheticSource(), lambda *a: None, None, 100))
    assert "256 workers" in str(refused.value) and f"{dask_cluster.usable_cores()} cores" in str(refused.value)
    assert "engine.params.workers=" in refused.value.fix


def test_an_unreachable_scheduler_names_the_address_and_how_to_start_one():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(ConfigError) as refused:
        list(DaskEngine(address=address, timeout=1).map_partitions(SyntheticSource(), lambda *a: None, None, 100))
    assert address in str(refused.value) and "dask scheduler" in refused.value.fix


def test_an_address_without_a_scheme_is_refused():
    with pytest.raises(ConfigError, match="tcp://"):
        DaskEngine(address="10.0.0.5:8786")


class _Cluster:
    """A stand-in for a connected client: what its workers see, and the versions they run."""

    def __init__(self, sees: bool = True, versions_match: bool = True) -> None:
        self.sees, self.versions_match = sees, versions_match

    def run(self, function, *args):
        return {"tcp://10.0.0.7:4000": self.sees, "tcp://10.0.0.8:4000": True}

    def get_versions(self, check: bool = False):
        if check and not self.versions_match:
            raise ValueError("Mismatched versions found\n+---------+--------+")
        return {}


def test_a_cluster_running_other_versions_is_refused_with_the_fix():
    with pytest.raises(ConfigError) as refused:
        dask_cluster.check_versions(_Cluster(versions_match=False), "tcp://10.0.0.5:8786")
    assert "other versions" in str(refused.value) and "requirements.txt" in refused.value.fix
    dask_cluster.check_versions(_Cluster(), "tcp://10.0.0.5:8786")


def test_a_file_the_workers_cannot_see_is_named_with_the_workers():
    plan = FileParts("parquet", "/data/passengers.parquet", ("pid",), 100, finish=lambda frame: frame)
    with pytest.raises(DataError) as refused:
        _check_visible(_Cluster(sees=False), plan, "Parquet file /data/passengers.parquet")
    assert "1 of 2 Dask workers cannot see /data/passengers.parquet" in str(refused.value)
    assert "tcp://10.0.0.7:4000" in str(refused.value)
    _check_visible(_Cluster(), plan, "Parquet file /data/passengers.parquet")


def test_each_part_of_a_file_carries_its_own_read_task_only(tmp_path):
    """Sent to the scheduler one by one, parts carrying the whole file's graph would cost the square of the parts."""
    pytest.importorskip("dask.dataframe")
    path = tmp_path / "passengers.parquet"
    passengers = next(SyntheticSource(rows=400).read_batches(400))
    pq.write_table(pa.Table.from_pandas(passengers, preserve_index=False), path, row_group_size=100)
    parts = _file_partitions(ParquetSource(path=str(path)).partitions(100))
    assert [len(part.dask) for part in parts] == [1, 1, 1, 1]
    assert len({part.key for part in parts}) == 4
