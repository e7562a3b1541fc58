"""The grader and the extension point: reference solutions pass, seeded wrong ones fail for the right reason."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from cq4ds.domain import ConfigError
from cq4ds.extensions import discover, load_components
from cq4ds.grading import check_names, grade
from cq4ds.params import param
from cq4ds.registry import BUILTIN, Registry

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = sorted((ROOT / "exercises" / "solutions").glob("*.py"))
WRONG = ROOT / "tests" / "fixtures" / "wrong_solutions"
# Each seeded wrong solution: the check it must fail, and words its reason must contain.
EXPECTED_FAILURES = {
    "missing_column_source.py": ("reads schema columns", ["no column 'sex'", "Fix:"]),
    "mutating_cleaner.py": ("leaves its input unchanged", ["changed the frame it was given", "fare"]),
    "batch_statistic_cleaner.py": ("learns from training rows only", ["alone than in a batch", "fare", "in fit"]),
    "init_io_source.py": ("builds with defaults", ["__post_init__", "I/O"]),
    "undocumented_param_model.py": ("parameters documented", ["'max_depth' has no help text"]),
    "in_place_sink.py": ("interrupted write keeps the old output", ["changed the previous output", "os.replace"]),
    "label_model.py": ("predicts probabilities", ["labels, not probabilities"]),
    "streaming_recorder.py": ("interrupted write keeps the old output", ["changed the previous output", "collect"]),
}


def only_component(path: Path) -> tuple[str, type]:
    """The port and class of the one component an exercise file declares."""
    ((port, kinds),) = load_components(path).items()
    ((_, cls),) = kinds.items()
    return port, cls


def failed(checks) -> dict[str, str]:
    return {check.name: check.reason for check in checks if not check.passed}


# --- Reference solutions and seeded wrong ones ------------------------------------------------------------------


def test_there_are_five_reference_solutions_and_a_wrong_one_for_every_expected_failure():
    assert [path.name for path in SOLUTIONS] == [
        "decision_tree.py", "fare_cap.py", "jsonl_sink.py", "jsonl_source.py", "recording_sink.py",
    ]  # fmt: skip
    assert sorted(path.name for path in WRONG.glob("*.py")) == sorted(EXPECTED_FAILURES)


@pytest.mark.parametrize("path", SOLUTIONS, ids=[path.stem for path in SOLUTIONS])
def test_every_reference_solution_passes_every_check(path):
    port, cls = only_component(path)
    checks = grade(port, cls)
    assert tuple(check.name for check in checks) == check_names(port)
    assert not failed(checks), failed(checks)


@pytest.mark.parametrize("name", sorted(EXPECTED_FAILURES))
def test_every_seeded_wrong_solution_fails_the_right_check_and_says_why(name):
    check_name, words = EXPECTED_FAILURES[name]
    port, cls = only_component(WRONG / name)
    reasons = failed(grade(port, cls))
    assert check_name in reasons, reasons
    for word in words:
        assert word in reasons[check_name]
    assert "\n" not in reasons[check_name] and "Traceback" not in reasons[check_name]
    assert "keyword-only dataclass" not in reasons and "satisfies the port" not in reasons  # the rest still ran


# --- Shape checks on classes written here -------------------------------------------------------------------


class NotADataclass:
    """A cleaning step that is a plain class."""

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Return the frame as it is."""
        return frame


@dataclass
class Positional:
    """A cleaning step whose parameter can be passed by position."""

    keep: str = param("all", help="Which rows to keep")

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Return the frame as it is."""
        return frame


@dataclass(kw_only=True)
class Undocumented:
    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame


@dataclass(kw_only=True)
class Exploding:
    """A cleaning step that raises on every frame."""

    def apply_rules(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Fail, with a message over two lines."""
        raise KeyError("no such column\nreally")

    def fit(self, train: pd.DataFrame) -> Exploding:
        """Fail the same way."""
        return self.apply_rules(train)

    def transform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Fail the same way."""
        return self.apply_rules(frame)


def test_shape_checks_name_what_is_wrong():
    assert "is not a dataclass" in failed(grade("cleaning", NotADataclass))["keyword-only dataclass"]
    assert "takes keep by position" in failed(grade("cleaning", Positional))["keyword-only dataclass"]
    assert "has no docstring" in failed(grade("cleaning", Undocumented))["one-line docstring"]


def test_an_exception_fails_its_check_with_one_line_and_the_next_checks_still_run():
    checks = grade("cleaning", Exploding)
    reasons = failed(checks)
    line = Exploding.apply_rules.__code__.co_firstlineno + 2  # the raise, in the component's own file
    assert reasons["keeps the schema"] == (
        f"KeyError: 'no such column\\nreally' (at tests/unit/test_grading.py, line {line} (in apply_rules))"
    )
    assert set(reasons) == {
        "keeps the schema", "never adds rows", "leaves its input unchanged", "row rules are stable",
        "learns from training rows only", "runs end to end",
    }  # fmt: skip
    assert [check.name for check in checks] == list(check_names("cleaning"))


def test_grading_an_unknown_port_is_a_user_error():
    with pytest.raises(ConfigError, match=r"unknown port 'sauce'.*source, cleaning"):
        grade("sauce", Exploding)


# --- Registry.extended: open for extension, closed for modification ---------------------------------------------


def test_extended_returns_a_new_registry_and_never_changes_the_old_one():
    base = Registry()
    before = {port: base.kinds(port) for port in base.components}
    bigger = base.extended({"cleaning": {"explode": Exploding}})
    assert bigger.kinds("cleaning") == (*before["cleaning"], "explode")
    assert {port: base.kinds(port) for port in base.components} == before
    assert "explode" not in BUILTIN["cleaning"] and "explode" not in Registry().kinds("cleaning")
    with pytest.raises(TypeError):
        bigger.components["cleaning"]["other"] = Exploding  # read-only views all the way down


def test_extended_rejects_clashes_unknown_ports_and_odd_entries():
    with pytest.raises(
        ConfigError, match=re.escape("cleaning: kind 'keep' is already taken by KeepAsIs. Fix: choose another")
    ):
        Registry().extended({"cleaning": {"keep": Exploding}})
    with pytest.raises(
        ConfigError, match=re.escape("unknown port 'sauce'. Fix: use one of: source, cleaning, features")
    ):
        Registry().extended({"sauce": {"x": Exploding}})
    with pytest.raises(ConfigError, match="not a plain name"):
        Registry().extended({"cleaning": {"Cap Fares": Exploding}})
    with pytest.raises(ConfigError, match="is not a class"):
        Registry().extended({"cleaning": {"cap": Exploding()}})


# --- Discovery ---------------------------------------------------------------------------------------------------

GOOD = (ROOT / "exercises" / "solutions" / "fare_cap.py").read_text()


def test_discovery_loads_good_files_and_reports_broken_ones_in_one_line(tmp_path):
    (tmp_path / "fare_cap.py").write_text(GOOD)
    (tmp_path / "syntax.py").write_text("def broken(:\n")
    (tmp_path / "raises.py").write_text("import no_such_module_anywhere\n")
    (tmp_path / "no_table.py").write_text("X = 1\n")
    (tmp_path / "odd_table.py").write_text("COMPONENTS = {'cleaning': 'CapExtremeFares'}\n")
    (tmp_path / "clash.py").write_text(GOOD.replace('"cap_fares"', '"keep"'))
    (tmp_path / "_helper.py").write_text("raise RuntimeError('never run: private files are skipped')\n")
    found = discover(tmp_path)

    assert [(f.port, f.kind, Path(f.path).name) for f in found.found] == [("cleaning", "cap_fares", "fare_cap.py")]
    assert found.registry.component_class("cleaning", "cap_fares").__name__ == "CapExtremeFares"
    problems = {Path(p.path).name: p.message for p in found.problems}
    assert sorted(problems) == ["clash.py", "no_table.py", "odd_table.py", "raises.py", "syntax.py"]
    assert "SyntaxError" in problems["syntax.py"]
    assert "ModuleNotFoundError: No module named 'no_such_module_anywhere'" in problems["raises.py"]
    assert "has no COMPONENTS table" in problems["no_table.py"]
    assert "COMPONENTS['cleaning'] is a str" in problems["odd_table.py"]
    assert "kind 'keep' is already taken" in problems["clash.py"]
    assert all("\n" not in message and "Traceback" not in message for message in problems.values())
    assert "cap_fares" not in Registry().kinds("cleaning")


def test_discovery_runs_each_file_afresh_so_edits_show_up_on_the_next_call(tmp_path):
    exercise = tmp_path / "fare_cap.py"
    exercise.write_text(GOOD)
    assert discover(tmp_path).registry.info("cleaning", "cap_fares").params[0].default == 99.0
    exercise.write_text(GOOD.replace("param(99.0", "param(95.0"))  # same size, same second: no stale bytecode
    assert discover(tmp_path).registry.info("cleaning", "cap_fares").params[0].default == 95.0
    exercise.write_text(GOOD.replace('"cap_fares"', '"cap"'))
    again = discover(tmp_path).registry
    assert again.kinds("cleaning")[-1] == "cap" and "cap_fares" not in again.kinds("cleaning")


def test_an_exercise_file_never_shadows_a_real_module(tmp_path):
    (tmp_path / "json.py").write_text(GOOD)
    assert discover(tmp_path).found[0].kind == "cap_fares"
    assert sys.modules["json"].__file__ != str(tmp_path / "json.py")


def test_a_missing_folder_adds_nothing():
    found = discover(Path("no/such/folder"))
    assert (found.found, found.problems) == ((), ())
    assert found.registry.kinds("model") == Registry().kinds("model")
