"""The Dask engine: the same scoring step, run on a Dask cluster's workers, one task per partition.

The predictor is scattered to every worker once. Workers read their share of a source that can be split
(Dask's own readers for Parquet and CSV, `read(piece)` for the others); any other source is streamed from
the client. At most WINDOW_PER_WORKER partitions per worker are in flight, and results come back in source
order, so the client holds a few partitions' predictions whatever the size of the source.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cq4ds.adapters.dask_cluster import START_SCHEDULER, local_client, remote_client, worker_count
from cq4ds.domain import (
    ConfigError,
    Cq4dsError,
    DataError,
    EngineError,
    FileParts,
    Finished,
    MappedParts,
    NotSplit,
    Part,
)
from cq4ds.params import param

if TYPE_CHECKING:  # annotations only: an adapter fits its port by shape, it never imports it
    from cq4ds.ports import PassengerSource, Step

WINDOW_PER_WORKER = 2
SCHEDULER_LOST = "scheduler-connection-lost"  # the reason distributed gives the futures it cancels then


@dataclass(kw_only=True)
class DaskEngine:
    """Scores on Dask: a local cluster of worker processes started for the run, or an existing scheduler."""

    address: str = param("", help="scheduler address, e.g. tcp://10.0.0.5:8786; empty: start a local cluster")
    workers: int = param(
        2, help="worker processes of the local cluster (not used with an address)", minimum=1, maximum=256
    )
    timeout: float = param(10.0, help="seconds to wait for the scheduler at address to answer", minimum=1, maximum=600)
    # A connected distributed.Client injected in code (the app's shared cluster, tests), never set from a form.
    client: Any = field(default=None, repr=False, compare=False, metadata={"inject": True})
    split_: str = field(default="", init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.address and "://" not in self.address:
            raise ConfigError(
                f"engine 'dask': address {self.address!r} has no scheme",
                "write it as tcp://HOST:PORT, e.g. tcp://127.0.0.1:8786",
            )

    def describe(self) -> str:
        """The engine, where it runs, and how the last source was split."""
        if self.client is not None:
            where = "a shared Dask cluster"
        elif self.address:
            where = f"the Dask cluster at {self.address}"
        else:
            where = f"a local Dask cluster of {self.workers} workers"
        return f"{where}{f' ({self.split_})' if self.split_ else ''}"

    def map_partitions(self, source: PassengerSource, step: Step, shared: Any, rows: int) -> Iterator[Finished]:
        """Yield `step(shared, part_records, part)` for every part of about `rows` records, in source order.

        Raises:
            ConfigError: the scheduler cannot be reached or runs other versions, or the local cluster is too big.
            DataError: the workers cannot see the source's file.
            EngineError: a worker died while scoring, or the scheduler went away.
        """
        with self._connected() as client:
            plan = (
                source.partitions(rows)
                if hasattr(source, "partitions")
                else NotSplit(f"{source.describe()} cannot be split")
            )
            _check_visible(client, plan, source.describe())
            self.split_ = _split_text(plan)
            window = WINDOW_PER_WORKER * max(worker_count(client), 1)
            try:
                model = client.scatter(shared, broadcast=True, hash=False)  # once per worker, not per partition
            except Exception as error:
                raise _engine_error(error, "sending the model to the workers", client.scheduler.address) from error
            yield from _in_order(_submitted(client, plan, source, step, model, rows), window)

    def _connected(self) -> AbstractContextManager[Any]:
        if self.client is not None:
            return nullcontext(self.client)
        return remote_client(self.address, self.timeout) if self.address else local_client(self.workers)


def _submitted(client: Any, plan: Any, source: PassengerSource, step: Step, model: Any, rows: int) -> Iterator:
    """(part, future) for every partition, submitted only when the caller asks for the next one."""
    if isinstance(plan, MappedParts):
        first_rows = plan.first_rows or (None,) * len(plan.pieces)
        for index, (piece, first_row) in enumerate(zip(plan.pieces, first_rows, strict=True)):
            part = Part(index, first_row)
            yield part, client.submit(_read_and_run, step, model, plan.read, piece, part, pure=False)
    elif isinstance(plan, FileParts):
        import dask

        for index, records in enumerate(_file_partitions(plan)):
            part = Part(index)  # two tasks: Dask's read of the part, then finish and step where the part is
            yield part, client.compute(dask.delayed(_finish_and_run)(step, model, plan.finish, records, part))
    else:
        read = 0
        for index, records in enumerate(source.read_batches(rows)):
            part = Part(index, first_row=read + 1)
            read += len(records)
            yield part, client.submit(_run, step, model, records, part, pure=False)


def _file_partitions(plan: FileParts) -> list[Any]:
    """One delayed read per part of the file by Dask's own reader, each carrying its own task only.

    The frame's graph is built and optimized once. A part from `to_delayed` carries the graph of every part,
    which `client.compute` would send to the scheduler again with each part (a run's graph bytes growing with
    the square of its parts); culled once here, each part sends its one read task.
    """
    import dask.dataframe as dd
    from dask.delayed import Delayed
    from dask.optimization import cull

    if plan.format == "parquet":
        frame = dd.read_parquet(plan.path, columns=list(plan.columns), split_row_groups=True)
    else:
        size = os.path.getsize(plan.path)
        with open(plan.path, "rb") as file:
            sample = file.read(1 << 20)
        bytes_per_row = max(len(sample) / max(sample.count(b"\n"), 1), 1.0)
        blocksize = max(int(plan.rows * bytes_per_row), 1 << 16)
        frame = dd.read_csv(
            plan.path, blocksize=min(blocksize, size), dtype=str, encoding="utf-8-sig", usecols=list(plan.columns)
        )
    parts = frame.to_delayed(optimize_graph=True)
    graph = dict(parts[0].dask) if parts else {}  # every part's tasks, materialized once
    return [Delayed(part.key, cull(graph, part.key)[0]) for part in parts]


def _finish_and_run(step: Step, model: Any, finish: Any, raw: Any, part: Part) -> tuple[Any, float, str]:
    """On a worker: the source's finish on a part as Dask's reader returned it, then the step."""
    return _run(step, model, finish(raw), part)


def _read_and_run(step: Step, model: Any, read: Any, piece: Any, part: Part) -> tuple[Any, float, str]:
    return _run(step, model, read(piece), part)


def _run(step: Step, model: Any, records: Any, part: Part) -> tuple[Any, float, str]:
    """On a worker: the step on one partition, timed, with the worker's address."""
    from distributed import get_worker

    start = time.perf_counter()
    value = step(model, records, part)
    return value, time.perf_counter() - start, get_worker().address


def _in_order(submitted: Iterator, window: int) -> Iterator[Finished]:
    """Results in submission order, with at most `window` partitions in flight; the rest cancelled on failure."""
    pending: deque = deque()
    try:
        for part, future in submitted:
            pending.append((part, future))
            if len(pending) >= window:
                yield _finished(*pending.popleft())
        while pending:
            yield _finished(*pending.popleft())
    finally:
        for _, future in pending:
            future.cancel()


def _finished(part: Part, future: Any) -> Finished:
    try:
        value, seconds, worker = future.result()
    except Cq4dsError:
        raise
    except Exception as error:
        raise _engine_error(error, f"scoring partition {part.index + 1}", future.client.scheduler.address) from error
    finally:
        future.release()
    return Finished(part, value, seconds, worker)


def _engine_error(error: Exception, doing: str, scheduler: str) -> EngineError:
    """The error a user sees when the cluster fails under a run: what happened, and that nothing was published."""
    kind = type(error).__name__
    text = str(error).strip().splitlines()[0] if str(error).strip() else kind
    if kind == "KilledWorker":
        problem, fix = "a Dask worker died", "see the worker's log (out of memory?), then run again"
    elif getattr(error, "reason", None) == SCHEDULER_LOST:
        problem, fix = f"the Dask scheduler at {scheduler} went away", f"{START_SCHEDULER}, then run again"
    else:
        problem, fix = (
            f"the Dask cluster failed ({kind}: {text})",
            "check the scheduler and workers are up, then run again",
        )
    return EngineError(f"{problem} while {doing}; nothing was published and the previous output is intact", fix)


def _check_visible(client: Any, plan: Any, origin: str) -> None:
    """Refuse a file the workers cannot open at the path the client gave (their disks may not be this one's)."""
    files = (plan.path,) if isinstance(plan, FileParts) else plan.files if isinstance(plan, MappedParts) else ()
    for path in files:
        seen = client.run(os.path.isfile, path)
        blind = sorted(worker for worker, found in seen.items() if not found)
        if blind:
            raise DataError(
                f"{origin}: {len(blind)} of {len(seen)} Dask workers cannot see {path} ({', '.join(blind[:3])})",
                "put the file on storage every worker mounts at the same path, or read from a source the "
                "workers can reach",
            )


def _split_text(plan: Any) -> str:
    if isinstance(plan, FileParts):
        return f"workers read the {plan.format} file in parts with Dask's reader"
    if isinstance(plan, MappedParts):
        count = len(plan.pieces)
        return f"workers read {count} part{'s' if count != 1 else ''} themselves"
    return f"streamed from the client: {plan.reason}"
