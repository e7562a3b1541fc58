"""`streamlit run`, with the time of every script run written to a log: the server's side of a benchmark.

Usage: python -m tests.e2e.timed_streamlit LOG run app.py [options]. Each finished script run appends one
JSON line {"session", "started", "seconds"} to LOG. Only benchmarks start the app this way; the app's own
code is untouched (the wrapper times Streamlit's ScriptRunner from outside).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
from streamlit.web.cli import main

_lock = threading.Lock()


def time_script_runs(log: Path) -> None:
    """Wrap ScriptRunner._run_script so every script run appends its duration to `log`."""
    original = ScriptRunner._run_script

    def timed(self: ScriptRunner, rerun_data) -> None:
        started = time.time()
        try:
            original(self, rerun_data)
        finally:
            line = json.dumps({"session": self._session_id, "started": started, "seconds": time.time() - started})
            with _lock, log.open("a") as out:
                out.write(line + "\n")

    ScriptRunner._run_script = timed


if __name__ == "__main__":
    time_script_runs(Path(sys.argv[1]))
    sys.argv = ["streamlit", *sys.argv[2:]]
    main(prog_name="streamlit")
