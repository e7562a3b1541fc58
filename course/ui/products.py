"""The ML-products page's pieces: one model trained per session, used three ways, and what must persist."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from course.explain import products
from course.explain.products import CUSTOMERS, SYSTEM, Batch, Product
from course.ui import charts, homes, notices, state
from cq4ds.domain import EMBARKATION_PORTS, PCLASSES, SEXES, Cq4dsError, Passenger, PipelineConfig
from cq4ds.usecases import Predictor, TrainedRun, score_batch

KEY = "ml_products"
PLOT = {"config": {"displaylogo": False}, "theme": None}
BATCH_ROWS = (1_000, 5_000, 20_000, 50_000, 100_000)
CHUNK_ROWS = (1_000, 5_000, 25_000)
NEW_PID = 9_000_001
UNKNOWN = "unknown"
SAMPLE_ROWS = 8


def trained() -> tuple[PipelineConfig, TrainedRun]:
    """This session's model: trained once with the notebook recipe, then kept in the session."""
    kept = state.get(f"{KEY}.trained")
    if kept is None:
        with st.spinner("Training the notebook recipe once for this session…"):
            kept = products.train()
        state.put(f"{KEY}.trained", kept)
    return kept


def evaluation(run: TrainedRun) -> None:
    """Use 1: how good is it? Test metrics and the test confusion matrix."""
    result = run.result
    for column, name in zip(st.columns(len(charts.METRICS)), charts.METRICS, strict=True):
        column.metric(charts.metric_label(name), f"{getattr(result.test.metrics, name):.3f}")
    left, right = st.columns(2)
    figure = charts.confusion_figure(result.test.confusion, f"Test split: {result.n_test} passengers")
    left.plotly_chart(figure, **PLOT, key=f"{KEY}.confusion")
    right.caption(
        f"Trained on {result.n_train} passengers of {result.data.origin}, evaluated on {result.n_test} it never "
        "saw. This is where an analysis stops: the numbers answer the question."
    )


def _passenger() -> Passenger | None:
    """The passenger typed into the form, validated by the domain (its error shown when it is invalid)."""
    top = st.columns(4)
    pclass = top[0].selectbox("Ticket class", PCLASSES, index=2, key=f"{KEY}.pclass")
    sex = top[1].selectbox("Sex", SEXES, index=1, key=f"{KEY}.sex")
    embarked = top[2].selectbox("Port of embarkation", (*EMBARKATION_PORTS, UNKNOWN), index=2, key=f"{KEY}.embarked")
    age_unknown = top[3].checkbox("Age unknown", key=f"{KEY}.age_unknown", help="The model imputes it")
    middle = st.columns(4)
    age = middle[0].number_input("Age", value=28.0, step=1.0, key=f"{KEY}.age", disabled=age_unknown)
    fare = middle[1].number_input("Fare", value=8.05, step=1.0, key=f"{KEY}.fare")
    sibsp = middle[2].number_input("Siblings/spouses aboard", value=0, step=1, key=f"{KEY}.sibsp")
    parch = middle[3].number_input("Parents/children aboard", value=0, step=1, key=f"{KEY}.parch")
    name = st.text_input(
        "Name, as 'Surname, Title. Given names' (the title is a model input)", "Doe, Mr. John", key=f"{KEY}.name"
    )
    try:
        return Passenger(
            pid=NEW_PID,
            pclass=pclass,
            name=name,
            sex=sex,
            sibsp=int(sibsp),
            parch=int(parch),
            ticket="NEW",  # required by the schema, not a model input
            age=None if age_unknown else age,
            fare=fare,
            embarked=None if embarked == UNKNOWN else embarked,
        )
    except Cq4dsError as error:
        notices.error(error)
        return None


def one_passenger(run: TrainedRun) -> None:
    """Use 2: a new passenger typed in, validated as a `Passenger`, scored by the same model."""
    passenger = _passenger()
    if passenger is None:
        return
    try:
        scored = products.score_one(run.predictor, passenger)
    except Cq4dsError as error:
        notices.error(error)
        return
    verdict = "survives" if scored.prediction.label else "does not survive"
    left, right = st.columns([1, 2])
    left.metric("Chance of survival", f"{scored.prediction.probability:.1%}")
    left.markdown(f"Predicted: **{verdict}** (threshold {run.predictor.threshold:g}).")
    with right.expander("What the classifier sees for this passenger", expanded=False):
        st.dataframe(pd.DataFrame(scored.inputs, columns=["model input", "value"]), hide_index=True, height=250)


def _batch_controls() -> tuple[int, int, int]:
    left, middle, right = st.columns(3)
    rows = left.select_slider("Passengers in tonight's file", BATCH_ROWS, value=5_000, key=f"{KEY}.rows")
    seed = middle.number_input("Seed of the generated file", 0, 10_000, 1, key=f"{KEY}.seed")
    chunk = right.select_slider("Rows per chunk", CHUNK_ROWS, value=5_000, key=f"{KEY}.chunk")
    return rows, int(seed), chunk


def batch(run: TrainedRun) -> None:
    """Use 3: a generated file scored in chunks by `score_batch`, published through a Parquet sink."""
    rows, seed, chunk = _batch_controls()
    done: dict[tuple[int, int, int], Batch] = state.get(f"{KEY}.batches", {})
    scored = done.get((rows, seed, chunk))
    if scored is None:
        folder = homes.session_folder() / "ml_products"
        with st.spinner(f"Generating {rows:,} passengers and scoring them…"):
            try:
                scored = products.score_generated(run.predictor, folder, rows, seed, chunk)
            except Cq4dsError as error:
                notices.error(error)
                return
        state.put(f"{KEY}.batches", {**done, (rows, seed, chunk): scored})
    result = scored.result
    cards = st.columns(4)
    cards[0].metric("Passengers scored", f"{result.rows_scored:,}")
    cards[1].metric("Chunks", result.chunks)
    cards[2].metric("Rows per second", f"{result.rows_per_second:,.0f}")
    cards[3].metric("Predicted survivors", f"{scored.predictions['label'].mean():.1%}")
    st.caption(
        f"Read from `{scored.incoming.name}` and published to `{scored.outgoing.name}`, both in your session's "
        f"folder. The first {SAMPLE_ROWS} predictions, as read back from the published file:"
    )
    left, right = st.columns([1, 2])
    left.dataframe(scored.predictions.head(SAMPLE_ROWS), hide_index=True)
    right.plotly_chart(histogram(scored.predictions["probability"]), **PLOT, key=f"{KEY}.histogram")


def histogram(probability: pd.Series) -> go.Figure:
    """How the batch's predicted probabilities are spread."""
    figure = go.Figure(go.Histogram(x=probability, xbins={"start": 0, "end": 1, "size": 0.05}, marker_color="#1f77b4"))
    figure.update_xaxes(title="predicted probability of survival", range=[0, 1])
    figure.update_yaxes(title="passengers")
    figure.update_layout(
        title={"text": "Predicted probabilities", "x": 0, "font": {"size": 16}},
        template="plotly_white",
        font={"family": charts.FONT, "size": 13},
        height=300,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        bargap=0.05,
    )
    return figure


def saved(config: PipelineConfig, run: TrainedRun) -> Product:
    """This run's artefacts, saved once per session into the session's own folder."""
    product = state.get(f"{KEY}.product")
    if product is None:
        folder = homes.session_folder() / "ml_products" / "product"
        product = products.save_product(config, run, folder)
        state.put(f"{KEY}.product", product)
    return product


def artefacts(product: Product) -> None:
    """Which of the written artefacts the chosen customer needs kept."""
    customer = st.radio("The customer is", CUSTOMERS, horizontal=True, key=f"{KEY}.customer")
    table = pd.DataFrame([asdict(a) for a in product.artefacts])
    table["keep?"] = ["keep" if customer in a.needed_by else "can go" for a in product.artefacts]
    needed = int((table["keep?"] == "keep").sum())
    st.markdown(f"**{needed} of {len(table)} artefacts must be kept** for {customer}.")
    st.dataframe(
        table[["keep?", "name", "path", "size"]].rename(columns={"size": "bytes"}), hide_index=True, width="stretch"
    )
    if customer == SYSTEM:
        st.markdown("The model's metadata, read back through the store after checking its signature:")
        st.json({key: value for key, value in product.metadata.items() if key != "config"}, expanded=1)
        st.code(product.metadata["config"], language="toml")
    else:
        st.markdown("The analysis hands over an answer; the model that produced it can be thrown away:")
        with st.container(border=True):
            st.markdown(product.answer)


def code_objects() -> tuple[type | Callable[..., Any], ...]:
    """The package code this page is about."""
    return (Predictor, score_batch, products.store_class(), Passenger)
