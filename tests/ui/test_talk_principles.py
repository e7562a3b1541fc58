"""AppTest: the talk's principles that had no page, each on the page it fits, marked [R] and read from the code."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui import helpers
from tests.ui.helpers import ROOT


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


def opened(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    at.switch_page(page).run()
    helpers.assert_no_exception(at)
    return at


def section(at: AppTest, heading: str) -> str:
    """The page's Markdown, once it is checked that the page has the section `heading`."""
    headings = [h.value for h in at.subheader]
    assert heading in headings, headings
    texts = [md.value for md in at.markdown]
    return "\n".join(texts)


def test_the_di_page_names_the_dependency_inversion_principle_from_the_import_graph():
    at = opened("pages/dependency_injection.py")
    shown = section(at, "The Dependency Inversion Principle")
    assert "**[R]** The [exercise]" in shown and 'calls it the "D" in SOLID' in shown
    assert "`cq4ds.usecases.training` imports" in shown and "adapters among them: none" in shown
    assert "import no use case; they do not even import the port" in shown
    assert "Only `cq4ds.bootstrap`" in shown


def test_the_lifecycle_page_says_one_step_at_a_time_and_no_platform_early():
    at = opened("pages/lifecycle.py")
    shown = section(at, "Two rules for every phase")
    assert "**[R] Improve one step at a time, each step with immediate value.**" in shown
    assert "**[R] Committing to a platform early is premature.**" in shown
    assert "its registry offers 6 sources (`sqlite`, `csv`, `parquet`, `duckdb`, `synthetic`, `memory`)" in shown
    assert "10 runnable states" in shown


def test_the_refactoring_page_tests_behaviour_not_implementation_live():
    at = opened("pages/refactoring.py")
    shown = section(at, "Test behaviour, not implementation")
    assert "**[R]** At the [exercise]" in shown and "*behaviour should be tested, not implementation*" in shown
    assert "**An implementation check** on the test passengers' input matrix (262 × 19) **fails**" in shown
    assert "**A behaviour check** on the predictions **passes**: 262 passengers" in shown
    assert "0 labels changed, metrics identical: yes" in shown


def test_the_products_page_sets_products_against_platforms():
    at = opened("pages/ml_products.py")
    shown = section(at, "Products and platforms")
    assert "**[R]** In the author's [post on Clean Architecture]" in shown
    assert "products justify platforms, not the reverse" in shown
    assert "It ran on a `sqlite` source (`sample_data/titanic.db`), a `logistic_regression` model" in shown


def test_the_tech_debt_page_opens_with_the_layers_of_abstraction_thesis():
    at = opened("pages/tech_debt.py")
    headings = [h.value for h in at.subheader]
    thesis = "The thesis the talk opens with: layers of abstraction"
    assert headings.index(thesis) < headings.index("Live demo: five change requests, carried out on both codebases")
    shown = section(at, thesis)
    assert "**[R]** The [talk's abstract](https://london2022.pydata.org/cfp/talk/9WM3AR/)" in shown
    assert "It imports `os`, `pickle`, `sqlite3`, `numpy`, `pandas`, `sklearn` side by side" in shown
    assert (
        "The package is 5 rings" in shown
        and "5. `cq4ds.ports`, `cq4ds.params`, `cq4ds.columnar`, `cq4ds.domain`" in (shown)
    )
