"""The app's server and the browser, for browser tests and load benchmarks alike.

`serve` starts `streamlit run app.py` on a free local port with its own scratch folder for the
sessions' files, waits until it is healthy and stops it afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HEALTHY_WITHIN = 60  # seconds
ONE_NATIVE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}  # as `make run`


@dataclass(frozen=True)
class Server:
    """A running app: its address, its process id and the folder its sessions write into."""

    url: str
    pid: int
    scratch: Path

    def peak_memory_mib(self) -> float:
        """The server process's peak resident memory so far (VmHWM), in MiB."""
        return _status_kib(self.pid, "VmHWM") / 1024

    def memory_mib(self) -> float:
        """The server process's resident memory now (VmRSS), in MiB."""
        return _status_kib(self.pid, "VmRSS") / 1024

    def cpu_seconds(self) -> float:
        """The CPU time (user + system) the server process has used so far."""
        return process_cpu_seconds(self.pid)


def process_cpu_seconds(pid: int) -> float:
    """The CPU time (user + system) process `pid` has used so far (0 if it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def browsers_cpu_seconds() -> dict[int, float]:
    """The CPU time used so far by each running Chromium process on this machine, by process id."""
    used = {}
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "chromium":
                used[int(comm.parent.name)] = process_cpu_seconds(int(comm.parent.name))
        except OSError:
            continue
    return used


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/{pid}/status has no {field}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(
    log_path: Path = ROOT / ".streamlit-e2e.log",
    script_runs: Path | None = None,
    cpus: set[int] | None = None,
    script: str = "app.py",
    env: Mapping[str, str] | None = None,
) -> Iterator[Server]:
    """A fresh app server on 127.0.0.1 for the duration of the block (its scratch folder removed afterwards).

    With `script_runs`, the server appends the duration of every script run to that file (timed_streamlit.py);
    with `cpus`, it runs only on those CPU cores. `script` is what `streamlit run` starts: app.py, or serve.py
    (the pages and the room's route, as `make room` starts them). `env`: variables set for the server alone.
    """
    port = free_port()
    scratch = Path(tempfile.mkdtemp(prefix="cq4ds-e2e-"))  # the sessions' folders (uploads, outputs) go here
    env = dict(
        os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", TMPDIR=str(scratch), **ONE_NATIVE_THREAD
    ) | dict(env or {})
    launcher = ["-m", "tests.e2e.timed_streamlit", str(script_runs)] if script_runs else ["-m", "streamlit"]
    command = [sys.executable, *launcher, "run", script, "--server.headless", "true"]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    with open(log_path, "w") as log:
        pinned = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, preexec_fn=pinned
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, proc, log_path)
            yield Server(url, proc.pid, scratch)
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            shutil.rmtree(scratch, ignore_errors=True)


def _wait_healthy(url: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + HEALTHY_WITHIN
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not become healthy; see {log_path}")
        time.sleep(0.2)


def renice_renderers(niceness: int) -> int:
    """Lower the CPU priority of every Chromium process that draws pages (renderers, and the GPU process that
    composites their frames, in software here); return how many there are.

    The browser and network processes keep their priority, so WebSocket frames are still read when they
    arrive, while drawing pages yields to the app's server, as if each page ran on its own laptop.
    """
    renderers = 0
    for pid in browsers_cpu_seconds():
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()  # argv may be one string
            if b"--type=renderer" in command or b"--type=gpu-process" in command:
                os.setpriority(os.PRIO_PROCESS, pid, niceness)
                renderers += 1
        except OSError:
            continue
    return renderers
