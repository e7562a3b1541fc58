"""The talk's refactoring exercise makes the opposite choice, read from the replay's code with `ast`: the
sentence pages show about it, or `StoryError` saying what the exercise's code does not show.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from course.explain.syntax import call_names, parse
from course.explain.told import REPO, StoryError, shown

REPLAY = REPO / "lessons" / "refactoring"


def _replay_states(folder: Path) -> list[Path]:
    return sorted(folder.glob("step_*.py"))


def _frame_from_passengers(node: ast.AST) -> bool:
    """Whether `node` is a call `….DataFrame(...)` whose arguments read `passengers`."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)):
        return False
    called = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
    arguments = (n for argument in node.args for n in ast.walk(argument))
    return called == "DataFrame" and any(isinstance(n, ast.Name) and n.id == "passengers" for n in arguments)


@functools.cache
def exercise_choice(state: Path | None = None) -> str:
    """The talk's exercise's opposite choice, read from the refactoring replay (its last state by default)."""
    state = state or (_replay_states(REPLAY) or [REPLAY / "step_missing.py"])[-1]
    if not state.is_file():
        raise StoryError(f"{shown(state)} does not exist")
    tree = parse(state.read_text(encoding="utf-8"))
    builders, frames, carriers = [], [], []
    for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
        for method in (node for node in cls.body if isinstance(node, ast.FunctionDef)):
            called = call_names(method)
            label = f"{cls.name}.{method.name}"
            if "Passenger" in called and any(isinstance(n, ast.For) for n in ast.walk(method)):
                builders.append(label)
            if any(_frame_from_passengers(call) for call in ast.walk(method)):
                frames.append((cls.name, label))
            if any(arg.arg == "passengers" for arg in method.args.args):
                carriers.append(cls.name)
    model_classes = {cls for cls, _ in frames}
    fitting = {node.name for node in tree.body if isinstance(node, ast.ClassDef) and "fit" in call_names(node)}
    if len(builders) != 1 or len(model_classes) != 1 or not model_classes <= fitting:
        raise StoryError(
            f"{shown(state)} does not build one list of `Passenger` objects and a DataFrame of it in the one class "
            f"that fits a model (lists built in: {builders or 'none'}; DataFrames of passengers built in: "
            f"{sorted(model_classes) or 'none'}; classes that call fit: {sorted(fitting) or 'none'})"
        )
    passing = sorted(set(carriers))
    if len(passing) < 2:
        raise StoryError(f"in {shown(state)} the passengers are not passed between classes")
    return (
        f"The talk's refactoring exercise makes the opposite choice (`{shown(state)}`): `{builders[0]}` returns a "
        f"list of `Passenger` objects, {', '.join(f'`{c}`' for c in passing[:-1])} and `{passing[-1]}` pass that "
        f"list between them, and only `{frames[0][1]}`, inside the model, makes a DataFrame of it."
    )
