"""The code signals are measured correctly on small sources, and back what the debt-vs-mess page says."""

from __future__ import annotations

import ast
import math
import textwrap
from pathlib import Path

import pytest

from course.explain import clones, code_signals, syntax
from course.explain.code_signals import MODULE_CODE, SIGNALS


def _tree(source: str) -> ast.Module:
    return ast.parse(textwrap.dedent(source))


def _write(folder: Path, name: str, source: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def test_complexity_counts_every_kind_of_branch_once():
    function = _tree(
        """
        def f(xs, flag):
            if flag and xs or not xs:          # if +1, two bool ops +2
                return [x for x in xs if x if x > 1]  # two comprehension ifs +2
            for x in xs:                       # +1
                while x:                       # +1
                    x -= 1
            try:
                pass
            except ValueError:                 # +1
                pass
            return 1 if flag else 2            # +1
        """
    ).body[0]
    assert syntax.complexity(function.body) == 1 + 1 + 2 + 2 + 1 + 1 + 1 + 1


def test_complexity_leaves_nested_functions_to_themselves():
    outer = _tree(
        """
        def outer():
            def inner():
                if True:
                    pass
            return inner
        """
    ).body[0]
    assert syntax.complexity(outer.body) == 1


def test_code_lines_skip_blanks_and_comments_and_count_strings_on_every_line():
    lines = syntax.code_lines('# comment\n\nx = 1  # note\ny = """a\nb"""\n')
    assert sorted(lines) == [3, 4, 5]


def test_module_globals_are_lower_case_names_bound_at_module_level():
    tree = _tree(
        """
        import os
        from pathlib import Path
        LIMIT = 3
        _WIDTH = 120
        Listener = dict
        __all__ = ["x"]
        df = 1
        df = 2
        for row in range(3):
            total = row
        """
    )
    assert syntax.module_globals(tree) == ("df", "row", "total")


def test_module_work_counts_as_one_function_only_when_there_is_some(tmp_path):
    script = _write(tmp_path, "script.py", "import os\nx = 1\nprint(x)\n\ndef f():\n    return 1\n")
    library = _write(tmp_path, "library.py", '"""Doc."""\nLIMIT = 1\n\ndef f():\n    return 1\n')
    measured = code_signals.measure("t", [script, library], root=tmp_path)
    names = {(f.module, f.name): f.lines for f in measured.functions}
    assert names == {("script.py", MODULE_CODE): 2, ("script.py", "f"): 2, ("library.py", "f"): 2}


def test_methods_and_nested_functions_are_named_by_where_they_live(tmp_path):
    source = "class A:\n    def m(self):\n        def inner():\n            return 1\n        return inner\n"
    measured = code_signals.measure("t", [_write(tmp_path, "a.py", source)], root=tmp_path)
    assert [f.name for f in measured.functions] == ["A.m", "A.m.inner"]


def test_clones_match_lines_that_differ_only_in_local_names(tmp_path):
    body = """
        def {name}(data, model):
            {a}_raw = model.fit(data[0], weights=data[1])
            {a}_clean = model.transform({a}_raw, strict=True)
            {a}_done = model.score({a}_clean, data[2])
            return {a}_done
        """
    first = _write(tmp_path, "first.py", body.format(name="train", a="train"))
    second = _write(tmp_path, "second.py", body.format(name="test", a="test"))
    alone = _write(tmp_path, "alone.py", "def f(a):\n    b = a + 1\n    c = b * 2\n    return c\n")
    measured = code_signals.measure("t", [first, second, alone], root=tmp_path)
    duplicated = {m.path: m.duplicated_lines for m in measured.modules}
    assert duplicated == {"first.py": 4, "second.py": 4, "alone.py": 0}


def test_short_windows_are_too_trivial_to_be_clones():
    source = "def f():\n    a = 1\n    b = 2\n    return a\n\ndef g():\n    c = 3\n    d = 4\n    return c\n"
    lines = syntax.code_lines(source)
    units = clones.logic_units(ast.parse(source), [], lines)
    assert units == [[2, 3, 4], [7, 8, 9]]
    assert clones.duplicated_lines({"m.py": (units, lines)}) == {"m.py": frozenset()}


@pytest.fixture(scope="module")
def measured():
    return code_signals.legacy_signals(), code_signals.package_signals()


def test_the_legacy_script_is_one_long_function_full_of_globals_and_copies(measured):
    legacy, _ = measured
    (module,) = legacy.modules
    assert module.path == "lessons/legacy/titanic_notebook.py"
    assert {f.name for f in legacy.functions} == {MODULE_CODE, "do_test", "do_pandas_test"}
    assert {"df", "targets", "X_train", "X_test_numerical_scaled", "model"} <= set(module.globals)
    assert module.duplicated_lines > 0


def test_what_the_page_claims_holds_for_the_code_on_disk(measured):
    legacy, package = measured
    by_label = {signal.label: signal for signal in SIGNALS}
    assert by_label["Module-level globals"].total(package) == 0  # "the package has none"
    assert by_label["Module-level globals"].total(legacy) > 10
    assert by_label["Most branching function"].total(legacy) < by_label["Most branching function"].total(package)
    assert by_label["Duplicated logic"].total(legacy) > by_label["Duplicated logic"].total(package)
    assert by_label["Mean function length"].total(legacy) > by_label["Mean function length"].total(package)


def test_every_signal_scores_both_codebases_and_ranks_offenders_worst_first(measured):
    for signal in SIGNALS:
        for codebase in measured:
            assert math.isfinite(signal.total(codebase)) and signal.total(codebase) >= 0
            values = [value for _, value in signal.offenders(codebase)]
            assert values and values == sorted(values, reverse=True)
