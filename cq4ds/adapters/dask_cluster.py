"""Connecting to Dask: a local cluster started for one run, or an existing scheduler, with the checks users need.

distributed is imported inside the functions: importing cq4ds starts nothing and loads no Dask code.
A local cluster binds to 127.0.0.1 with its dashboard off, so nothing tries to leave the machine.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cq4ds.domain import ConfigError

WORKER_MEMORY_BYTES = 1 << 30  # a worker holds the model, one partition and its features: give each 1 GiB
START_SCHEDULER = "start one there with `dask scheduler` and its workers with `dask worker ADDRESS`"


def usable_cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def check_local_size(workers: int) -> None:
    """Refuse a local cluster the machine cannot hold: more workers than cores, or than memory for 1 GiB each.

    Raises:
        ConfigError: too many workers, with the most this machine can hold.
    """
    import psutil  # a dependency of distributed

    cores = usable_cores()
    memory = psutil.virtual_memory().available
    most = max(1, min(cores, memory // WORKER_MEMORY_BYTES))
    if workers > most:
        raise ConfigError(
            f"engine 'dask': a local cluster of {workers} workers needs {workers} cores and "
            f"{workers} GiB of free memory; this machine has {cores} cores and {memory / (1 << 30):.1f} GiB free",
            f"set engine.params.workers={most} or fewer, or give engine.params.address of a cluster with more machines",
        )


def start_local(workers: int) -> tuple[Any, Any]:
    """A local cluster of `workers` single-threaded worker processes on 127.0.0.1, and a client of it.

    Raises:
        ConfigError: the machine cannot hold that many workers.
    """
    from distributed import Client, LocalCluster

    check_local_size(workers)
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return cluster, Client(cluster, set_as_default=False)


@contextmanager
def local_client(workers: int) -> Iterator[Any]:
    """A client of a local cluster started for the block (see `start_local`), closed when the block ends."""
    cluster, client = start_local(workers)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@contextmanager
def remote_client(address: str, timeout: float) -> Iterator[Any]:
    """A client of the scheduler at `address` (waiting `timeout` seconds), once it answers with the same versions.

    Raises:
        ConfigError: the scheduler cannot be reached, or it or its workers run other versions of Dask's packages.
    """
    from distributed import Client

    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ConfigError(
            f"engine 'dask': cannot reach the Dask scheduler at {address} ({_first_line(error)})",
            f"{START_SCHEDULER}, or leave engine.params.address empty to start a local cluster",
        ) from None
    try:
        check_versions(client, address)
        yield client
    finally:
        close_client(client)


def check_versions(client: Any, address: str) -> None:
    """Refuse a cluster whose scheduler or workers run other versions of the packages that must match."""
    try:
        client.get_versions(check=True)
    except ValueError as error:
        raise ConfigError(
            f"engine 'dask': the cluster at {address} runs other versions than this client ({_first_line(error)})",
            "install the same dask and distributed (pinned in requirements.txt) on the client, scheduler and workers",
        ) from None


def close_client(client: Any) -> None:
    """Close `client`, quietly once its scheduler has gone.

    Closing then stops the client's attempts to reconnect, and distributed logs that as a traceback; the engine
    has already said what happened, in one error.
    """
    if client.status == "running":
        client.close()
        return
    log = logging.getLogger("distributed.client")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        client.close()
    finally:
        log.setLevel(level)


def worker_count(client: Any) -> int:
    """How many workers the client's cluster has now."""
    return len(client.scheduler_info(n_workers=-1).get("workers", {}))


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
