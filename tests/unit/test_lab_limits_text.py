"""The README's Lab limits are the code's numbers: row cap, light-run size, heavy runs' priority, load cache."""

from __future__ import annotations

from pathlib import Path

from course.ui import priority, runs

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
LIMITS = " ".join(README.split("## Inputs, outputs and limits", 1)[1].split("\n## ", 1)[0].split())


def test_the_readme_states_the_caps_the_lab_enforces():
    assert f"The Lab reads at most {runs.MAX_ROWS:,} passengers from any source" in LIMITS
    assert f"generated tables of up to {runs.LIGHT_ROWS:,} passengers" in LIMITS
    assert f"train at nice +{priority.LOWERED_BY}" in LIMITS
    minutes = runs.CACHED_SECONDS // 60
    assert f"the load cache holds at most {runs.CACHED_SOURCES} sources for {minutes} minutes" in LIMITS
