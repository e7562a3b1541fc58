"""The Parquet sink's dataset layout: a file per partition in a staging folder, published with one rename.

What every sink must do (replace, refuse bad rows, survive an interrupted write) is in test_sinks.py; the
workers' side, on a real cluster, in test_dask_engine.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cq4ds.adapters import dataset, staging
from cq4ds.adapters.dataset import PartWriter
from cq4ds.adapters.file_sinks import ParquetSink
from cq4ds.domain import SinkError
from cq4ds.ports import PartitionedSink


def predictions(rows: int, start: int) -> pd.DataFrame:
    probability = np.linspace(0.01, 0.99, rows)
    return pd.DataFrame({"pid": np.arange(start, start + rows), "probability": probability, "label": probability > 0.5})


def parts(count: int, rows: int = 10) -> list[pd.DataFrame]:
    return [predictions(rows, start=index * rows) for index in range(count)]


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_a_dataset_is_a_file_per_partition_named_in_partition_order(tmp_path: Path) -> None:
    sink = ParquetSink(path=str(tmp_path / "predictions"), layout="dataset")
    assert isinstance(sink, PartitionedSink) and sink.describe().startswith("Parquet dataset")
    assert sink.write(parts(12)) == 120
    assert sorted(os.listdir(sink.path)) == [f"part-{index:08d}.parquet" for index in range(12)]  # part 10 after 9
    expected = pd.concat(parts(12), ignore_index=True).astype({"label": "int64"})
    pd.testing.assert_frame_equal(pd.read_parquet(sink.path), expected)
    assert oct(os.stat(sink.path).st_mode & 0o777) == "0o700"


def test_a_file_sink_takes_its_batches_in_write(tmp_path: Path) -> None:
    assert ParquetSink(path=str(tmp_path / "predictions.parquet")).part_writer() is None


def test_a_new_dataset_replaces_every_part_of_the_previous_one(tmp_path: Path) -> None:
    sink = ParquetSink(path=str(tmp_path / "predictions"), layout="dataset")
    sink.write(parts(5))
    assert sink.write(parts(2, rows=3)) == 6
    assert sorted(os.listdir(sink.path)) == ["part-00000000.parquet", "part-00000001.parquet"]
    assert os.listdir(tmp_path) == ["predictions"]


@pytest.mark.parametrize("there", ["a folder of other files", "a link"])
def test_what_is_not_a_dataset_is_never_replaced(tmp_path: Path, there: str) -> None:
    target, elsewhere = tmp_path / "predictions", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("keep me")
    if there == "a link":
        target.symlink_to(elsewhere)
    else:
        target.mkdir()
        (target / "notes.txt").write_text("keep me")
    before = files(target)
    with pytest.raises(SinkError, match="not a dataset") as refused:
        ParquetSink(path=str(target), layout="dataset").write(parts(2))
    assert "new path" in refused.value.fix
    assert files(target) == before and target.is_symlink() == (there == "a link")
    assert sorted(os.listdir(tmp_path)) == ["elsewhere", "predictions"]


def test_the_two_layouts_take_turns_at_one_path_only_from_file_to_dataset(tmp_path: Path) -> None:
    path = str(tmp_path / "predictions.parquet")
    ParquetSink(path=path).write(parts(1))
    assert ParquetSink(path=path, layout="dataset").write(parts(3)) == 30  # the file is replaced, like any file sink's
    assert len(pd.read_parquet(path)) == 30 and os.listdir(tmp_path) == ["predictions.parquet"]
    with pytest.raises(SinkError, match="is a folder") as refused:
        ParquetSink(path=path).write(parts(1))
    assert "new path" in refused.value.fix and len(os.listdir(path)) == 3


def test_a_staging_folder_left_by_a_killed_writer_is_removed_by_the_next_write(tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / f".predictions.cq4ds-{gone.stdout.strip()}-abcd_123.tmp"
    left.mkdir()
    (left / "part-00000000.parquet").write_bytes(b"half")
    ParquetSink(path=str(tmp_path / "predictions"), layout="dataset").write(parts(1))
    assert os.listdir(tmp_path) == ["predictions"]


def test_where_the_kernel_cannot_swap_the_previous_dataset_is_renamed_aside_first(tmp_path, monkeypatch) -> None:
    sink = ParquetSink(path=str(tmp_path / "predictions"), layout="dataset")
    sink.write(parts(3))
    monkeypatch.setattr(staging, "RENAME_EXCHANGE", 1 << 20)  # a flag no kernel knows: renameat2 answers EINVAL
    assert sink.write(parts(2)) == 20
    assert len(os.listdir(sink.path)) == 2 and os.listdir(tmp_path) == ["predictions"]


def test_a_worker_that_cannot_see_the_staging_folder_says_so(tmp_path: Path) -> None:
    write = PartWriter(str(tmp_path / "on another machine"), "Parquet dataset /data/predictions")
    with pytest.raises(SinkError, match="cannot be seen where partition 3 was scored") as refused:
        write(predictions(5, start=0), 2)
    assert "every Dask worker mounts" in refused.value.fix


def test_pids_are_checked_by_range_and_only_overlapping_parts_are_read_back(tmp_path: Path, monkeypatch) -> None:
    sink = ParquetSink(path=str(tmp_path / "predictions"), layout="dataset")
    read_back: list[str] = []
    read_table = dataset.pq.read_table

    def counted(path, **options):
        read_back.append(Path(path).name)
        return read_table(path, **options)

    monkeypatch.setattr(dataset.pq, "read_table", counted)
    assert sink.write(parts(3)) == 30 and read_back == []  # ranges 0-9, 10-19, 20-29: nothing to read
    evens, odds = predictions(10, start=0), predictions(10, start=0)
    evens["pid"], odds["pid"] = np.arange(0, 20, 2), np.arange(1, 20, 2)
    assert sink.write([evens, parts(1)[0].assign(pid=np.arange(100, 110)), odds]) == 30  # interleaved, no repeat
    assert read_back == ["part-00000000.parquet", "part-00000002.parquet"]


def test_a_pid_in_two_partitions_far_apart_is_found(tmp_path: Path) -> None:
    sink = ParquetSink(path=str(tmp_path / "predictions"), layout="dataset")
    sink.write(parts(1))
    before = files(Path(sink.path))
    wide, short, late = predictions(11, start=0), predictions(2, start=11), predictions(2, start=0)
    wide["pid"], late["pid"] = np.arange(0, 101, 10), [50, 300]  # 0 to 100; 11 and 12; 50 again, and 300
    with pytest.raises(SinkError, match="pid 50 appears in more than one partition"):  # short's range ends at 12
        sink.write([wide, short, late])
    assert files(Path(sink.path)) == before and os.listdir(tmp_path) == ["predictions"]
