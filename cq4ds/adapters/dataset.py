"""A Parquet dataset written by partition: one file per partition, written where it was scored, published at once.

Each partition's predictions are checked and written as `part-<index>.parquet` into a staging folder beside the
destination, by whatever scored them (a Dask worker, or this process). The names are unique per partition and
sort in partition order, so a reader of the folder (pandas, pyarrow, Dask) reads the rows in the source's order.
Once every part is in, the publish checks them (one file per part, the rows, pids unique across parts, by their
ranges) and one rename puts the folder in place; any failure removes the staging folder and leaves the previous
dataset intact.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from cq4ds.adapters.predictions import PARQUET_SCHEMA, check_predictions, empty_predictions, not_published
from cq4ds.adapters.staging import discard, publish_folder, staging_folder
from cq4ds.domain import WrittenPart

PART_FILE = re.compile(r"part-[0-9]{8}\.parquet")


def part_name(index: int) -> str:
    """The file of partition `index`: unique, and in partition order by name (up to 10^8 partitions)."""
    return f"part-{index:08d}.parquet"


@dataclass(frozen=True)
class PartWriter:
    """Writes one partition's predictions as one file of a staging folder. It pickles: it runs where the step runs."""

    folder: str  # the staging folder, absolute: a worker's working folder is not the client's
    destination: str  # the sink's description, for messages

    def __call__(self, predictions: pd.DataFrame, index: int) -> WrittenPart:
        """Check the predictions and write them as part `index`; return the note the publish checks."""
        checked = check_predictions(predictions, self.destination)
        folder = Path(self.folder)
        if not folder.is_dir():
            raise not_published(
                self.destination,
                f"the staging folder {folder} cannot be seen where partition {index + 1} was scored",
                "give the sink a path on storage every Dask worker mounts at the same path, "
                "or score with engine.kind=in_process",
            )
        name = part_name(index)
        temp = folder / f".{name}.{os.getpid()}.tmp"
        table = pa.Table.from_pandas(checked, schema=PARQUET_SCHEMA, preserve_index=False)
        with open(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            pq.write_table(table, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, folder / name)  # a partition scored again replaces its own file, never another's
        pids = checked["pid"]
        lowest, highest = (int(pids.min()), int(pids.max())) if len(pids) else (0, 0)
        return WrittenPart(index, name, len(pids), lowest, highest)


def start(target: Path, destination: str) -> PartWriter:
    """The writer of a new write's parts, in a new staging folder beside `target` (refused if `target` is not ours)."""
    check_replaceable(target, destination)
    return PartWriter(str(staging_folder(target).resolve()), destination)


def publish(write: PartWriter, parts: Iterable[WrittenPart], target: Path) -> int:
    """Check every part `write` wrote, then put its folder in place of `target` in one rename; return the rows.

    `parts` is consumed here, as the partitions finish; any failure, theirs included, removes the staging folder.
    """
    folder = Path(write.folder)
    try:
        notes = list(parts)  # a few numbers a partition: the rows stayed where they were written
        if not notes:  # no rows: one empty part, so that readers still find the columns
            notes.append(write(empty_predictions(), 0))
        for stray in folder.glob(".part-*.tmp"):  # a try that died half-way; the partition's next try wrote it
            stray.unlink()
        names, found = {note.file for note in notes}, {path.name for path in folder.iterdir()}
        if found != names:
            odd = sorted(found ^ names)
            raise not_published(
                write.destination,
                f"the staging folder holds {len(found)} part files for {len(names)} partitions ({', '.join(odd[:3])})",
                "let nothing else write into the destination's folder during a run, then run again",
            )
        sent, written = sum(note.rows for note in notes), sum(_rows(folder / name) for name in names)
        if written != sent:
            raise not_published(
                write.destination,
                f"{written} rows were written but {sent} were sent",
                "check the destination has room and is not changed by anything else, then write again",
            )
        _check_unique_pids(folder, notes, write.destination)
        check_replaceable(target, write.destination)
        publish_folder(folder, target)
        return written
    except BaseException:
        discard(folder)
        raise


def _rows(part: Path) -> int:
    return pq.ParquetFile(part).metadata.num_rows


def _check_unique_pids(folder: Path, notes: list[WrittenPart], destination: str) -> None:
    """Refuse a pid written by two partitions, keeping only each part's pid range here.

    Each part's pids are unique (its writer checked them), so parts whose ranges do not overlap cannot share
    one: only groups of overlapping parts are read back, by their pid column.
    """
    groups: list[list[WrittenPart]] = []
    reach = 0
    for note in sorted((note for note in notes if note.rows), key=lambda note: note.lowest):
        if groups and note.lowest <= reach:  # overlaps the group so far: check them together
            groups[-1].append(note)
            reach = max(reach, note.highest)
        else:
            groups.append([note])
            reach = note.highest
    for group in (group for group in groups if len(group) > 1):
        pids = np.concatenate([pq.read_table(folder / note.file, columns=["pid"])["pid"].to_numpy() for note in group])
        values, counts = np.unique(pids, return_counts=True)
        if (counts > 1).any():
            raise not_published(
                destination,
                f"pid {int(values[counts > 1][0])} appears in more than one partition",
                "write one prediction per passenger",
            )


def check_replaceable(target: Path, destination: str) -> None:
    """Refuse to replace what is neither a dataset of part files nor a file (a link, a folder of other files)."""
    if not os.path.lexists(target) or (target.is_file() and not target.is_symlink()):
        return  # nothing yet, or a file (the file layout's output), which any file sink would replace
    if target.is_symlink():
        problem = f"{target} is a link, not a dataset folder"
    else:
        others = sorted(path.name for path in target.iterdir() if not PART_FILE.fullmatch(path.name))
        if not others:
            return
        problem = f"{target} is a folder of other files ({', '.join(others[:3])}), not a dataset of predictions"
    raise not_published(
        destination, problem, "give the dataset a new path (it becomes a folder of part files), or remove what is there"
    )
