"""The EOS page's pieces: the core both contexts share, the wiring that differs, the skew one path removes, two doubles.

The two contexts run side by side (on the same passengers, then the load stage on many) are in `symmetry_runs`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import pandas as pd
import streamlit as st

from course.explain import doubles, skew, symmetry
from course.explain.symmetry import CORE_PORTS
from course.ui import notices
from cq4ds import contexts
from cq4ds.bootstrap import build_pipeline
from cq4ds.domain import Cq4dsError
from cq4ds.usecases import train_and_evaluate

CONTEXTS = ("test context", "production context")


def core_and_wiring() -> None:
    """What fills each port in both contexts, and the hash of the core code each one runs."""
    testing, production = contexts.testing(), contexts.production()
    rows = [
        {
            "port": a.port,
            "role": "core" if a.port in CORE_PORTS else "wiring",
            CONTEXTS[0]: f"{a.cls} ({a.module})",
            CONTEXTS[1]: f"{b.cls} ({b.module})",
        }
        for a, b in zip(symmetry.parts(testing), symmetry.parts(production), strict=True)
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    cores = symmetry.core_of(testing), symmetry.core_of(production)
    for column, name, core in zip(st.columns(2), CONTEXTS, cores, strict=True):
        column.metric(f"Core code of the {name} (sha256)", core.digest[:16], help=core.digest)
        column.caption(f"{len(core.modules)} modules, {core.lines:,} lines, hashed from the files just now.")
    if cores[0] == cores[1]:
        st.success("Identical: both contexts run the same core files, byte for byte.")
    else:
        st.error("The contexts run different core code.")
    with st.expander(f"The {len(cores[0].modules)} core modules: the use cases, the core components, all they import"):
        st.markdown("\n".join(f"- `{module}`" for module in cores[0].modules))


def wiring_code() -> None:
    """The two context functions as they are in the package, what each injects, and the diff between them."""
    testing, production = symmetry.context_sources()
    st.markdown("**`cq4ds.contexts.testing`**, read with `inspect.getsource`")
    st.code(testing, language="python")
    st.markdown("**`cq4ds.contexts.production`**")
    st.code(production, language="python")
    st.markdown("**What each passes to `build_pipeline`**, read from the two functions' code with `ast`")
    table = pd.DataFrame(symmetry.injections(), columns=["argument", *CONTEXTS])
    st.dataframe(table, hide_index=True, width="stretch")
    st.markdown("**The unified diff**, computed with `difflib`")
    st.code(symmetry.wiring_diff(), language="diff", wrap_lines=True)


def code_objects() -> tuple[type | Callable[..., Any], ...]:
    """The package code this page is about."""
    return (
        contexts.testing,
        contexts.recorded,
        contexts.record,
        contexts.production,
        build_pipeline,
        train_and_evaluate,
    )


@st.cache_data(show_spinner="Training the lesson's recipe both ways…")
def _skew() -> tuple[dict[str, Any], dict[str, Any]]:
    """The lesson's two measurements as plain data (deterministic: computed once per server and shared)."""
    old, new = skew.measure()
    return asdict(old), asdict(new)


def skew_measured(key: str) -> None:
    """The same passengers through evaluation and scoring, with cleaning outside the model and on the one path."""
    old, new = _skew()
    recipe = skew.lesson().RECIPE.name
    st.caption(
        f"Measured just now with `lessons/{skew.LESSON}` on the bundled passengers and `configs/{recipe}` "
        "(imputation, extended features, gradient boosting). The old path cleaned every row, test rows included, "
        "before the split, and shipped a model without its cleaning; the one path fits the cleaning on the "
        "training rows inside the `Predictor` and every use calls `Predictor.predictions`."
    )
    rows = [
        {
            "path": name,
            "passengers compared": skew_row["passengers"],
            "with no age": skew_row["missing_age"],
            "largest probability difference": round(skew_row["max_difference"], 3),
            "labels flipped": skew_row["labels_flipped"],
        }
        for name, skew_row in (("cleaning outside the model (before)", old), ("one path (now)", new))
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=f"{key}.skew")
    if new["labels_flipped"] == 0 and new["max_difference"] < 1e-12:
        st.success(
            f"Before: {old['labels_flipped']} of {old['passengers']} passengers got a different answer in "
            f"production than the one evaluation measured. Now: none, to 1e-12."
        )
    else:
        st.error("The one path no longer gives scoring the probabilities evaluation measured.")


@st.cache_data(show_spinner="Reading the production source and both doubles…", max_entries=2)
def _profiles() -> list[dict[str, Any]]:
    """The three contexts' passengers, profiled (fixed files and a fixed seed: computed once per server)."""
    return [asdict(profile) for profile in doubles.profiles()]


def two_doubles(key: str) -> None:
    """The production source beside its generated and its recorded double, measured, and when each is right."""
    try:
        production, recorded, generated = _profiles()
    except Cq4dsError as error:
        notices.error(error)
        return
    rows = [
        {
            "context": p["context"],
            "passengers": p["passengers"],
            "records the production source holds": f"{p['in_production']} of {p['passengers']}",
            "whole numbers arrive as": p["number_type"],
            "survived": f"{p['survived']:.0%}",
            "no age": f"{p['no_age']:.0%}",
            "titles": p["titles"],
        }
        for p in (production, recorded, generated)
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=f"{key}.doubles")
    if production["core"] == recorded["core"] == generated["core"]:
        st.success(f"All three run the same core code (sha256 {production['core'][:16]}): only the source differs.")
    else:
        st.error("The contexts run different core code.")
    left, right = st.columns(2, gap="large")
    with left.container(border=True):
        st.markdown(
            f"**Generated double**: `{generated['context']}`. Right while you develop, and whenever size or a "
            "particular case matters: any number of passengers (section 4 loads 200,000), new ones with every "
            "seed, and the edge cases you ask the generator for. It holds no real person's data and never goes "
            "stale. But it only knows what its generator was written to produce: its whole numbers arrive as "
            f"{generated['number_type']}, the production source's as {production['number_type']}."
        )
    with right.container(border=True):
        st.markdown(
            f"**Recorded double**: `{recorded['context']}`. Right when the question is what production sees: it "
            f"replays {recorded['passengers']} records exactly as the production source returned them (their "
            "types, their gaps, their titles), frozen so every run repeats and can be checked against a "
            "reference. It is only as big as the sample and goes stale when the source changes: "
            "`make sample-data` records it again. [R] The talk's exercise works this way: its `TestLoader` pulls "
            "from the real loader once and replays the file afterwards (step 07), and from step 08 its test "
            "context runs on that file."
        )
    st.caption(
        "Here the production source is itself the bundled sample, and that sample is generated "
        "(`sample_data/README.md`), so the recording holds generated passengers too. In a real project it holds "
        "real rows, which is what makes it worth keeping, and they need the same care as production data."
    )
