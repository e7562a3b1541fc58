"""One live run per workflow step, each driven by the package's real code (see course.explain.workflow_runs)."""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path

import pandas as pd
import streamlit as st

from course.explain import story
from course.explain import workflow_regression as regression
from course.explain import workflow_runs as runs
from course.explain.told import joined, told
from course.ui import files, homes, notices, policy, state
from course.ui.charts import metric_label
from cq4ds.config_file import load_config
from cq4ds.domain import Cq4dsError, Metrics, Passenger, Passengers
from cq4ds.registry import Registry

KEY = "workflow"
SOURCES = ("sqlite", "csv", "parquet", "duckdb")
INVENTED = {"pid": 9999, "name": "Doe, Mrs. Jane", "sibsp": 0, "parch": 0, "ticket": "A/5 999"}  # the fixed fields


def _metrics(metrics: Metrics, before: Metrics | None = None) -> None:
    """Five metric cards; with `before`, the change from it."""
    for column, (name, value) in zip(st.columns(5), asdict(metrics).items(), strict=True):
        delta = f"{value - getattr(before, name):+.3f}" if before is not None else None
        column.metric(metric_label(name), f"{value:.3f}", delta)


@st.cache_data(show_spinner="Building Passenger objects from the sample file…")
def _sample() -> Passengers:
    return runs.sample_passengers()


def step_1() -> None:
    """Validated domain objects from the sample file, and a passenger of the learner's making."""
    passengers = _sample()
    st.write(f"{len(passengers)} `Passenger` objects built and validated; content hash `{passengers.content_hash()}`.")
    st.dataframe(pd.DataFrame(passengers.records()[:3]), hide_index=True)
    st.markdown("Now build one yourself; try an invalid value:")
    a, b, c, d = st.columns(4)
    pclass = a.number_input("pclass", -1, 5, 3, key=f"{KEY}.s1.pclass")
    sex = b.selectbox("sex", ("female", "male", "unknown"), key=f"{KEY}.s1.sex")
    age = c.number_input("age", -10.0, 120.0, 29.0, key=f"{KEY}.s1.age")
    embarked = d.selectbox("embarked", ("S", "C", "Q", "X"), key=f"{KEY}.s1.embarked")
    try:
        passenger = Passenger(**INVENTED, pclass=int(pclass), sex=sex, age=age, embarked=embarked)
    except Cq4dsError as error:
        notices.error(error)
    else:
        st.success(f"Valid: {passenger}")


@st.cache_data(show_spinner="Running python -m cq4ds …", max_entries=32)
def _cli(args: tuple[str, ...]) -> runs.CliRun:
    return runs.run_cli(*args)


def step_2() -> None:
    """The CLI's main() starting the core, with the learner's config and overrides.

    The typed overrides are parsed as the CLI parses them, and the composition they make passes the
    path policy before anything runs (`policy.checked_config`): a source reads only sample_data/ or this
    session's uploads (named by the user's own file name), and a sink writes only into this session's
    folder. The CLI gets the typed overrides plus those the policy adds, each as one `--set=` argument.
    """
    configs = sorted(p.as_posix() for p in Path("configs").glob("*.toml"))
    config = st.selectbox("--config", configs, index=configs.index(runs.RECIPE), key=f"{KEY}.s2.config")
    text = st.text_input(
        "--set (optional; several, separated by spaces)",
        "",
        key=f"{KEY}.s2.set",
        placeholder="model.kind=random_forest",
        max_chars=500,
        help="PORT.kind=NAME, PORT.params.KEY=VALUE or on_invalid=quarantine. A file path must name a file in "
        "sample_data/ or one of your uploads, by its own name.",
    )
    try:
        overrides = runs.cli_overrides(text)
        typed = runs.cli_config(config, overrides)
        checked = policy.checked_config(typed, Registry(), base=runs.REPO, outputs=homes.session_folder() / "cli")
    except Cq4dsError as error:
        notices.error(error)
        return
    added = runs.added_overrides(typed, checked)
    run = _cli(("run", "--config", config, *(f"--set={override}" for override in (*overrides, *added))))
    shown = files.friendly(f"$ {runs.cli_line(config, overrides)}\n{run.stdout}{run.stderr}")
    st.code(f"{shown}exit status {run.exit_code}", language="text", wrap_lines=True)
    st.caption(f"main() parsed the arguments, built the pipeline and called its run method; {run.seconds:.1f} s.")
    if added:
        st.caption(
            "To keep your files yours, the page also passed "
            + notices.literal(", ".join(f"--set {files.friendly(override)}" for override in added))
            + ". On your own machine, type the command as shown."
        )


@st.cache_data(show_spinner="Reading through the adapter…")
def _read(kind: str) -> tuple[str, Passengers, float]:
    start = time.perf_counter()
    where, passengers = runs.read_through(kind)
    return where, passengers, time.perf_counter() - start


def step_3() -> None:
    """The same passengers through each source adapter, and what crosses the port, read from the code."""
    st.markdown(joined(told(story.sources, story.training_checks, story.single_passenger)))
    kind = st.radio("Source adapter", SOURCES, horizontal=True, key=f"{KEY}.s3.kind")
    where, passengers, seconds = _read(kind)
    st.write(
        f"**{where}** → {len(passengers)} passengers, read and checked by `load_passengers`, then built into "
        f"`Passenger` objects here only to hash them; {seconds:.2f} s in all."
    )
    st.dataframe(pd.DataFrame(passengers.records()[:3]), hide_index=True)
    hashes = {other: _read(other)[1].content_hash() for other in SOURCES}
    same = len(set(hashes.values())) == 1
    st.caption(
        "Content hash per adapter: "
        + ", ".join(f"{k} `{h}`" for k, h in hashes.items())
        + (": identical, the core cannot tell them apart." if same else ": they differ.")
    )


@st.cache_data(show_spinner="Training in the test context…", max_entries=32)
def _test_context(rows: int, seed: int) -> tuple[Metrics, str, float]:
    start = time.perf_counter()
    result = runs.test_context_run(rows, seed)
    return result.metrics, result.data.origin, time.perf_counter() - start


def step_4() -> None:
    """The test context: the same pipeline on generated passengers, writing to memory."""
    left, right = st.columns(2)
    rows = left.slider("generated passengers", 100, 5000, 400, 100, key=f"{KEY}.s4.rows")
    seed = right.number_input("seed", 0, 10_000, 7, key=f"{KEY}.s4.seed")
    metrics, origin, seconds = _test_context(rows, int(seed))
    _metrics(metrics)
    st.caption(
        f"contexts.testing(rows={rows}, seed={seed}): read {origin}, predictions kept in memory; "
        f"{seconds:.2f} s, no file touched."
    )


@st.cache_data(show_spinner="Comparing with the legacy notebook's own references…", max_entries=32)
def _characterize(fix_is_alone: bool, threshold: int) -> tuple[regression.Check, ...]:
    return regression.characterize(fix_is_alone=fix_is_alone, rare_title_threshold=threshold)


def step_5() -> None:
    """The characterization test, live: the package's matrices against the legacy script's pickles."""
    left, right = st.columns(2)
    fix = left.checkbox("fix is_alone (a behaviour change)", key=f"{KEY}.s5.fix")
    threshold = right.slider("rare-title threshold", 2, 20, 10, key=f"{KEY}.s5.threshold")
    checks = _characterize(fix, threshold)
    table = pd.DataFrame(
        [{"check": c.name, "result": "pass" if c.passed else "FAIL", "detail": c.detail} for c in checks]
    )
    st.dataframe(table, hide_index=True)
    st.caption("The references are the pickles the legacy script itself writes with `do_test`, made once per server.")
    if all(c.passed for c in checks):
        st.success("Every artefact matches the legacy notebook: behaviour is preserved.")
    else:
        st.error(f"{sum(not c.passed for c in checks)} of {len(checks)} checks fail: the behaviour changed.")


@st.cache_data(show_spinner="Training the Predictor…", max_entries=32)
def _model(features: str, model: str) -> tuple[int, float, pd.DataFrame]:
    survival, test, predictions = runs.train_model(features, model)
    accuracy = float((predictions["label"].to_numpy() == test["is_survived"].to_numpy()).mean())
    return len(survival.features.feature_names()), accuracy, predictions.head(5)


def step_6() -> None:
    """A Predictor built from two injected strategies, trained and asked for predictions on its own."""
    registry = Registry()
    left, right = st.columns(2)
    features = left.selectbox("features strategy", registry.kinds("features"), key=f"{KEY}.s6.features")
    model = right.selectbox("classifier strategy", registry.kinds("model"), key=f"{KEY}.s6.model")
    inputs, accuracy, head = _model(features, model)
    st.write(f"`Predictor({features}, {model})`: {inputs} model inputs, test accuracy **{accuracy:.3f}**.")
    st.dataframe(head, hide_index=True)


def _published(kind: str) -> tuple[str, int, Path, pd.DataFrame]:
    """Publish through the `kind` sink into this session's folder, once per session and sink; read the file back."""
    done: dict[str, tuple[str, int, Path, pd.DataFrame]] = state.get(f"{KEY}.published", {})
    if kind not in done or not done[kind][2].exists():
        folder = homes.session_folder() / "workflow"
        with st.spinner("Training and publishing…"):
            where, written, path = runs.write_through(kind, folder)
            where = where.replace(str(folder), "this session's folder")
            done = {**done, kind: (where, written, path, runs.read_back(kind, path))}
        state.put(f"{KEY}.published", done)
    return done[kind]


def step_7() -> None:
    """Predictions published through a sink into this session's own folder, and read back."""
    kind = st.radio("Sink adapter", tuple(runs.SINK_FILES), horizontal=True, key=f"{KEY}.s7.kind")
    try:
        where, written, path, head = _published(kind)
    except Cq4dsError as error:
        notices.error(error)
        return
    st.write(f"Published **{written}** predictions to {where} ({path.stat().st_size:,} bytes). Read back:")
    st.dataframe(head, hide_index=True)


@st.cache_data(show_spinner="Training the composition…", max_entries=16)
def _config_metrics(config_file: str) -> Metrics:
    return runs.config_metrics(config_file)


def step_8() -> None:
    """Two contexts side by side: the difference in wiring, and in results."""
    configs = sorted(p.as_posix() for p in Path("configs").glob("*.toml"))
    left, right = st.columns(2)
    before = left.selectbox("before", configs, index=configs.index(runs.RECIPE), key=f"{KEY}.s8.before")
    after = right.selectbox("after", configs, index=configs.index("configs/no_leak.toml"), key=f"{KEY}.s8.after")
    try:
        changes, diff = runs.wiring_diff(load_config(before), load_config(after))
        old, new = _config_metrics(before), _config_metrics(after)
    except Cq4dsError as error:
        notices.error(error)
        return
    st.markdown("**What changed:** " + ("; ".join(f"`{c}`" for c in changes) or "nothing: the same composition."))
    _metrics(new, old)
    st.code(diff or "(no difference in the wiring code)", language="diff")
