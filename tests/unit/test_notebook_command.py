"""`make notebook` exists, installs JupyterLab only when missing, opens the shipped notebook; the page names it.

Read as text only: nothing is installed or started here.
"""

from __future__ import annotations

import re
from pathlib import Path

from course.ui import notebooks

ROOT = Path(__file__).resolve().parents[2]


def _recipe(target: str) -> str:
    """The recipe lines of a Makefile target, joined (continuation lines included)."""
    text = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{target}:[^\n]*\n((?:\t[^\n]*\n|[ ]+[^\n]*\n)+)", text, re.MULTILINE)
    assert match, f"the Makefile has no '{target}' target"
    return match.group(1)


def test_the_makefile_target_installs_jupyterlab_only_when_missing_and_opens_the_shipped_notebook():
    text = (ROOT / "Makefile").read_text()
    target = notebooks.OPEN_COMMAND.removeprefix("make ")
    assert re.search(rf"^\.PHONY:.*\b{target}\b", text, re.MULTILINE)
    recipe = _recipe(target)
    # The one install is guarded by an import check, so a second run fetches nothing.
    assert re.search(r'import jupyterlab"[^\n]*\|\|[^\n]*\n?[^\n]*pip install', recipe)
    assert re.search(r"^JUPYTERLAB\s*\?=\s*jupyterlab==\d", text, re.MULTILINE)
    assert "jupyter lab $(NOTEBOOK)" in recipe
    assert re.search(rf"^NOTEBOOK\s*:?=\s*{re.escape(notebooks.SHIPPED.as_posix())}$", text, re.MULTILINE)
    assert (ROOT / notebooks.SHIPPED).is_file()
    # Local only, and nothing fetched at run time.
    for flag in ("--ip 127.0.0.1", "--no-browser", "news_url=None", "NeverCheckForUpdate"):
        assert flag in recipe, flag


def test_the_page_and_the_readme_name_the_command():
    assert "nb.OPEN_COMMAND" in (ROOT / "pages/notebooks.py").read_text()
    assert notebooks.OPEN_COMMAND in (ROOT / "README.md").read_text()
