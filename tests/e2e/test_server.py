"""The app's server runs its event loop on uvloop and parses HTTP with httptools, both compiled (requirements.txt).

Streamlit runs its server's event loop on uvloop when uvloop is installed, and uvicorn parses HTTP with httptools
when it is. Neither says so, and nothing fails without them: every request and every message of every session
only costs the server more (docs/performance.md, run R). So this looks into the running server's own process:
both libraries' compiled modules must be loaded in it.
"""

from __future__ import annotations

from pathlib import Path


def test_the_server_runs_its_loop_on_uvloop_and_parses_http_with_httptools(app_server):
    loaded = Path(f"/proc/{app_server.pid}/maps").read_text()  # every file mapped into the server's process
    assert "/uvloop/loop." in loaded, "the server runs on asyncio's own loop: is uvloop installed (requirements.txt)?"
    assert "/httptools/parser/parser." in loaded, "uvicorn parses HTTP in Python: is httptools installed?"
