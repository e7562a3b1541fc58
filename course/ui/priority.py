"""Heavy runs at a lower CPU priority, so that the others' runs keep their share of the server's cores.

A heavy run (an upload, or many generated passengers) trains in a thread of its own whose nice value is
LOWERED_BY above the server's. Linux keeps a nice value per thread, so only that thread yields: when the
others' runs want the cores, they get most of them; when nobody else runs, the heavy run has them all.
The script's thread waits for it and keeps its normal priority (a thread cannot lower its nice value
again without privileges, hence a thread that ends with the run). The worker thread carries the
script's context, so its progress lines and `st.stop()` reach the page as the script's own would.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from typing import TypeVar

from streamlit.runtime.scriptrunner import add_script_run_ctx

LOWERED_BY = 10  # CFS weights: a nice-10 thread gets about a tenth of a core that a nice-0 thread also wants
T = TypeVar("T")


def lowered(work: Callable[[], T]) -> T:
    """`work()`, run in a thread of its own at a lower CPU priority; its result, or its exception raised here."""
    outcome: dict[str, object] = {}

    def body() -> None:
        _lower_this_thread()
        try:
            outcome["value"] = work()
        except BaseException as error:  # st.stop() included: the script's thread raises it again below
            outcome["error"] = error

    worker = add_script_run_ctx(threading.Thread(target=body, name="cq4ds-heavy-run", daemon=True))
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def nice_of_this_thread() -> int | None:
    """The calling thread's nice value (None where the platform keeps none per thread)."""
    if not hasattr(os, "getpriority"):
        return None
    try:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    except OSError:  # a platform whose priorities are per process, not per thread
        return None


def _lower_this_thread() -> None:
    now = nice_of_this_thread()
    if now is None:
        return
    with contextlib.suppress(OSError):  # not allowed here: the run goes on at the usual priority
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), min(19, now + LOWERED_BY))
