"""A process of its own for the laptops' posts, so checking and storing them never holds the server's interpreter.

The server answers every page and every participant's session in one Python process, and only one of its threads
runs Python at a time. A post's work (parse the JSON, check the report, store it in SQLite) is Python too, so a
room of laptops posting every few seconds would take turns with the participants' swaps. `Worker` hands each
post's body to one worker process instead, which runs `route.accept` and sends back what the laptop is told; the
server's own work per post is reading the body and answering.

The worker is started with the server (`running` is the app's lifespan; `serve.py` wires it) by spawn: a fresh
interpreter that inherits none of the server's threads and only its environment, so it finds the rooms folder as
the server does. One worker holds the per-participant rate limit, so every post counts against the same limiter.
Should it die, the posts waiting on it are answered 503 ("post again") and the next post starts a new one; should
the server die, the worker notices its parent is gone and exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any

from course.room import limits, place, route

_accept: Callable[[bytes], dict[str, object]] | None = None  # in the worker process only, set as it starts


def _start(batteries: Mapping[str, Sequence[str]], per_window: int, window: float) -> None:
    """In the worker process, as it starts: its limiter, and a watch that ends it when the server is gone."""
    global _accept
    _accept = partial(route.accept, batteries=batteries, posts=limits.Limiter(per_window, window), folder=place.folder)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_orphaned, args=(parent.sentinel,), daemon=True, name="cq4ds-room-parent").start()


def _orphaned(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(0)


def _run(body: bytes) -> dict[str, object]:
    """In the worker process: check and store one post (what the laptop is told; raises route.Refused)."""
    if _accept is None:
        raise RuntimeError("the room's worker was not started by Worker")
    return _accept(body)


def _ready() -> bool:
    return _accept is not None


class Worker:
    """Receives the posts' bodies for `route.checks_route`, checking and storing them in one worker process."""

    def __init__(self, batteries: Mapping[str, Sequence[str]], posts: limits.Limiter) -> None:
        self._setup = (dict(batteries), posts.per_window, posts.window)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _started(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start,
                    initargs=self._setup,
                )
            return self._pool

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                self._pool = None
        broken.shutdown(wait=False, cancel_futures=True)

    async def __call__(self, body: bytes) -> dict[str, object]:
        pool = self._started()
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, _run, body)
        except BrokenProcessPool:
            self._replace(pool)
            raise route.Refused(503, "the room's worker stopped while storing it", "post again") from None

    async def pid(self) -> int:
        """The worker process's id (started if it was not)."""
        return await asyncio.get_running_loop().run_in_executor(self._started(), os.getpid)

    def stop(self) -> None:
        """Stop the worker, after the posts already handed to it."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)

    @contextlib.asynccontextmanager
    async def running(self, _app: Any = None) -> AsyncIterator[None]:
        """The worker for as long as the server runs (the app's lifespan): started ready, stopped at the end."""
        if not await asyncio.get_running_loop().run_in_executor(self._started(), _ready):
            raise RuntimeError("the room's worker started without its limiter")
        try:
            yield None
        finally:
            await asyncio.get_running_loop().run_in_executor(None, self.stop)
