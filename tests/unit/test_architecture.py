"""The dependency rule is checked, not hoped for: import-linter contracts plus the UI entry points."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(lint_imports), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_app_and_pages_talk_only_to_the_ui_layer():
    scripts = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    assert len(scripts) > 1
    for script in scripts:
        for name in _imports(script):
            allowed = name == "streamlit" or name.startswith("streamlit.") or name.startswith("course.ui")
            assert allowed, f"{script.name} imports {name}: pages go through course.ui"


def test_nothing_is_built_at_import_time():
    """Importing the composition root and registry must not read files or build components."""
    code = (
        "import cq4ds.bootstrap, cq4ds.contexts, cq4ds.cli, sys; "
        "print(sorted(m for m in sys.modules if m.startswith('streamlit')))"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd="/", capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
