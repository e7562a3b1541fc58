"""The warehouse job on either engine: this process, or a local Dask cluster that the whole server shares.

The job is the page's own (DuckDB table in, DuckDB table out through a buffer table); only the engine that the
composition root injects changes. One local cluster per server at most: started on first use, one run at a
time (others wait their turn), closed when the server stops.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.explain import warehouse
from cq4ds.adapters.dask_cluster import start_local
from cq4ds.adapters.dask_engine import DaskEngine
from cq4ds.adapters.in_process_engine import InProcessEngine
from cq4ds.bootstrap import build_pipeline
from cq4ds.config_file import NOTEBOOK_RECIPE, load_config
from cq4ds.domain import ComponentSpec, PartitionTiming, ScoreResult
from cq4ds.ports import PartitionedSink
from cq4ds.registry import Registry
from cq4ds.usecases import Predictor

ENGINES = ("in_process", "dask")
WORKERS = 2


class SharedCluster:
    """The server's one local Dask cluster: started on first use, lent to one run at a time, closed at exit."""

    def __init__(self, workers: int = WORKERS) -> None:
        self.workers = workers
        self._turn = threading.Lock()  # one run at a time
        self._starting = threading.Lock()
        self._cluster: Any = None
        self._client: Any = None
        atexit.register(self.close)

    @property
    def busy(self) -> bool:
        """Whether a run holds the cluster now (a new run would wait)."""
        return self._turn.locked()

    @property
    def started(self) -> bool:
        return self._client is not None

    def run(self, job: Callable[[Any], Any], waiting: Callable[[], None] | None = None) -> Any:
        """`job(client)` once the cluster is free; `waiting()` is called first when another run holds it."""
        if not self._turn.acquire(blocking=False):
            if waiting:
                waiting()
            self._turn.acquire()
        try:
            return job(self._started_client())
        finally:
            self._turn.release()

    def _started_client(self) -> Any:
        with self._starting:
            if self._client is None:
                self._cluster, self._client = start_local(self.workers)
            return self._client

    def close(self) -> None:
        """Stop the workers and the scheduler (idempotent)."""
        with self._starting:
            client, cluster, self._client, self._cluster = self._client, self._cluster, None, None
        if client is not None:
            client.close()
            cluster.close()


_shared: list[SharedCluster] = []  # the server's one cluster, made on first use
_making = threading.Lock()


def shared_cluster() -> SharedCluster:
    """The server's one local Dask cluster object: a resource lent to one run at a time, never a session's data.

    Made on first call (its workers start only when a run needs them) and closed when the process exits.
    """
    with _making:
        if not _shared:
            _shared.append(SharedCluster())
        return _shared[0]


@dataclass(frozen=True)
class EngineRun:
    """One scoring of the warehouse's input on one engine: the result and the hash of the table it published."""

    engine: str
    result: ScoreResult
    content_hash: str
    rows_published: int


def score_on(
    engine: str,
    folder: Path,
    model: Predictor,
    rows: int,
    seed: int,
    chunk_rows: int,
    client: Any = None,
    listener: Callable[[PartitionTiming], None] | None = None,
) -> EngineRun:
    """Load night 1's passengers into the warehouse in `folder` and score them on `engine` into `predictions`.

    Only the engine differs between the two: the same config, source, sink, use case and model.
    """
    folder.mkdir(parents=True, exist_ok=True)
    warehouse.load_input(folder, warehouse.passengers_to_score(rows, seed, night=1))
    source = ComponentSpec("duckdb", {"path": str(folder / warehouse.INPUT_FILE), "table": warehouse.INPUT_TABLE})
    sink = ComponentSpec("duckdb", {"path": str(folder / warehouse.OUTPUT_FILE), "table": warehouse.OUTPUT_TABLE})
    config = load_config(NOTEBOOK_RECIPE).with_spec("source", source).with_spec("sink", sink)
    chosen = DaskEngine(client=client) if engine == "dask" else InProcessEngine()
    result = build_pipeline(config, engine=chosen).score(model, chunk_rows=chunk_rows, listener=listener)
    table = warehouse.table_state(folder)
    return EngineRun(engine, result, table.content_hash, table.rows)


def sinks_taking_parts(registry: Registry | None = None) -> tuple[str, ...]:
    """The sink kinds that can take each partition where it is scored (a `PartitionedSink`), from the registry."""
    registry = registry or Registry()
    kinds = registry.kinds("sink")
    return tuple(kind for kind in kinds if issubclass(registry.component_class("sink", kind), PartitionedSink))
