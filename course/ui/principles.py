"""Sections for the talk's principles that no page had, each marked [R] or [I] and shown on the real code."""

from __future__ import annotations

import streamlit as st

from course.explain import principles, replay
from cq4ds.domain import PipelineConfig

CFP = "https://london2022.pydata.org/cfp/talk/9WM3AR/"
EXERCISE = "https://github.com/xLaszlo/CQ4DS-notebook-sklearn-refactoring-exercise"
CLEAN_ARCHITECTURE_POST = "https://laszlo.substack.com/p/clean-architecture-in-data-science"
QUALITY_POST = "https://laszlo.substack.com/p/data-science-code-quality-hierarchy"


@st.cache_data(show_spinner="Training the notebook's features in two orders…", max_entries=1)
def _two_checks() -> principles.TwoChecks:
    return principles.two_checks()


ROLES = {
    "cq4ds.bootstrap": "the composition root",
    "cq4ds.grading.battery": "the grader, which plugs participants' components in",
}


def _roles(modules: tuple[str, ...]) -> str:
    """ ": the composition root, ..." for the modules whose role is known."""
    known = [ROLES[m] for m in modules if m in ROLES]
    return f": {', and '.join(known)}" if known else ""


def _listed(names: tuple[str, ...]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def layers_of_abstraction() -> None:
    """The thesis the talk opens with, and the legacy script's one layer against the package's rings."""
    st.subheader("The thesis the talk opens with: layers of abstraction")
    found = principles.layers()
    st.markdown(
        f"**[R]** The [talk's abstract]({CFP}) opens with Donald Knuth naming *layers of abstraction* the most "
        "important principle of system design, and with the claim that data-science code often breaks it, which "
        "leads to tech debt and a weaker ability to react to change. The change requests below are that claim, "
        "measured.\n\n"
        f"Read from the code: the legacy script is one layer. It imports {_listed(found.legacy_libraries)} side "
        f"by side and runs {found.legacy_statements} statements at module level; its only functions are "
        f"{_listed(found.legacy_functions)}, its home-made tests. The package is {len(found.rings)} rings, "
        "outermost first, in `pyproject.toml`'s layers contract:"
    )
    st.markdown(
        "\n".join(
            f"{number}. {_listed(tuple(ring.replace('|', ':').split(' : ')))}"
            for number, ring in enumerate(found.rings, start=1)
        )
    )
    st.caption(
        "import-linter checks that each ring imports only the rings inside it; the page *Clean Architecture "
        "in production* runs that check live."
    )


def dependency_inversion() -> None:
    """The Dependency Inversion Principle, named, and the directions of the imports around the source port."""
    st.subheader("The Dependency Inversion Principle")
    found = principles.inversion()
    st.markdown(
        f"**[R]** The [exercise]({EXERCISE}) names *Dependency Inversion* at its step 05, where `run()` stops "
        'knowing where the data comes from, and at step 06 calls it the "D" in SOLID, arguably the most '
        "important principle. Its usual statement (Robert C. Martin's, not the talk's words): high-level policy "
        "does not depend on low-level details; both depend on an abstraction. Read from the import graph now:\n\n"
        f"- **The policy.** `{found.use_case}` imports {_listed(found.use_case_imports)}; adapters among "
        f"them: {_listed(found.use_case_imports_adapters) or 'none'}.\n"
        f"- **The details.** The file and database sources ({_listed(found.adapters)}) import "
        f"{'no use case' if not found.adapters_importing_use_cases else _listed(found.adapters_importing_use_cases)}"
        f"; {'they do not even import the port' if not found.adapters_importing_ports else 'they import the port'}"
        ": a `typing.Protocol` is kept by having its methods.\n"
        f"- **The one place that knows both.** Only {_listed(found.knows_both)} import a use case and an adapter"
        f"{_roles(found.knows_both)}.\n\n"
        "At run time control flows from the use case into the adapter (`source.read_batches(...)`); in the code, "
        "no arrow points from the use case to the adapter. That reversal is the inversion, and dependency "
        "injection is how the composition root hands the adapter over."
    )


def one_step_at_a_time() -> None:
    """Two rules from the author's posts: one step at a time with immediate value; no platform chosen early."""
    st.subheader("Two rules for every phase")
    states, plugs = replay.states(), principles.pluggable()
    st.markdown(
        f"**[R] Improve one step at a time, each step with immediate value.** The author's [code-quality "
        f"post]({QUALITY_POST}) argues against treating code quality as all-or-nothing checkbox work: improve in "
        "single steps, each paying off at once at the point of the lifecycle you are in, because the lifecycle is "
        f"too varied for all advice to apply at once. The page *Refactoring: the replay* does this in code: "
        f"{len(states)} runnable states, from the notebook script to the injected model, every one checked "
        "against the script before the next.\n\n"
        f"**[R] Committing to a platform early is premature.** The author's [post on Clean "
        f"Architecture]({CLEAN_ARCHITECTURE_POST}) says most organisations are early in their ML journey, so "
        "choosing an MLOps platform or stack now is premature, and proposes building the product so that "
        f"infrastructure plugs in. The package has chosen none: its registry offers {len(plugs.sources)} sources "
        f"({_listed(plugs.sources)}), {len(plugs.sinks)} sinks and {len(plugs.models)} models, each picked by one "
        "line of a config. A platform, when one earns its place, is one more adapter."
    )


def products_and_platforms(config: PipelineConfig) -> None:
    """Products versus platforms, with what this page's product actually ran on."""
    st.subheader("Products and platforms")
    plugs = principles.pluggable()
    st.markdown(
        f"**[R]** In the author's [post on Clean Architecture]({CLEAN_ARCHITECTURE_POST}), products are part of "
        "a value chain: someone uses them. Platforms are capabilities. While a team is early in its ML journey, "
        "products justify platforms, not the reverse; and since a product seems to need a platform first, the "
        "way out of that chicken-and-egg problem is a product whose infrastructure plugs in.\n\n"
        f"The product on this page is such a product. It ran on a `{config.source.kind}` source "
        f"(`{config.source.options.get('path', 'in memory')}`), a `{config.model.kind}` model and files in your "
        f"session's folder: no server, no platform. Moving it onto one is a new adapter among the "
        f"{len(plugs.sources)} sources and {len(plugs.sinks)} sinks already registered, not a rewrite."
    )


def behaviour_not_implementation() -> None:
    """Test behaviour, not implementation: one refactoring judged by a matrix check and by a predictions check."""
    st.subheader("Test behaviour, not implementation")
    found = _two_checks()
    st.markdown(
        f"**[R]** At the [exercise]({EXERCISE})'s step 19, once the model predicts through its own "
        "`estimate`, the tests that checked internal arrays (`X_*_processed`) have to be recreated: *behaviour "
        "should be tested, not implementation*. At step 20 the tests leave the production path altogether: a "
        "`TestModelSaver` runs them where the real saver would save.\n\n"
        "Live, on the package: the notebook's features, composed from the same parts in another order "
        f"({_listed(found.parts)}, then reversed). Nothing a user sees should change.\n\n"
        f"- **An implementation check** on the test passengers' input matrix ({found.matrix_shape[0]} × "
        f"{found.matrix_shape[1]}) **fails**: {found.matrix_cells_differing:,} cells differ, and its first column "
        f"is `{found.first_columns[1]}` instead of `{found.first_columns[0]}`.\n"
        f"- **A behaviour check** on the predictions **passes**: {found.predictions} passengers, the largest "
        f"probability difference {found.max_probability_difference:.1e}, {found.labels_differing} labels "
        f"changed, metrics identical: {'yes' if found.same_metrics else 'no'}.\n\n"
        "The replay above still checks the processed matrices, as the exercise did up to its step 19: while the "
        "code is one script, that check catches the smallest change; once the model owns its inputs, it blocks "
        "refactorings that change nothing a user sees."
    )
