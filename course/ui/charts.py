"""Plotly figures of a run's results: pure functions from domain objects to figures, no Streamlit."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from cq4ds.domain import ConfusionMatrix, Evaluation, FeatureWeight, RunResult, StageTiming

if TYPE_CHECKING:
    from course.ui.history import RunRecord

METRICS = ("accuracy", "precision", "recall", "f1", "roc_auc")
CLASSES = ("died", "survived")
FONT = "Source Sans Pro, sans-serif"
RAISES, LOWERS, NEUTRAL = "#1f77b4", "#d62728", "#7f7f7f"


def metric_label(name: str) -> str:
    """How a metric is named on screen: "ROC AUC", "Accuracy", ..."""
    return "ROC AUC" if name == "roc_auc" else name.title()


def styled(figure: go.Figure, title: str, height: int, **layout: object) -> go.Figure:
    """`figure` with the look every chart shares (white template, Streamlit's font, tight margins).

    Extra keyword arguments override or add layout settings, e.g. a legend position.
    """
    figure.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        template="plotly_white",
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    figure.update_layout(**layout)
    return figure


def confusion_figure(confusion: ConfusionMatrix, title: str) -> go.Figure:
    """The confusion matrix as an annotated heatmap: counts and the share of each actual class."""
    rows = confusion.as_rows()
    text = [[f"{count}<br>{count / max(sum(row), 1):.0%}" for count in row] for row in rows]
    heatmap = go.Heatmap(
        z=rows,
        x=list(CLASSES),
        y=list(CLASSES),
        text=text,
        texttemplate="%{text}",
        textfont={"size": 15},
        colorscale="Blues",
        showscale=False,
        hovertemplate="%{y}, %{x}: %{z} passengers<extra></extra>",
    )
    figure = go.Figure(heatmap)
    figure.update_xaxes(title_text="predicted", side="bottom", tickangle=0)
    figure.update_yaxes(title_text="actual", autorange="reversed")
    return styled(figure, title, height=280)


def roc_figure(train: Evaluation, test: Evaluation) -> go.Figure:
    """The ROC curves of both splits (train dashed, test solid) against the chance diagonal."""
    figure = go.Figure()
    for split, evaluation, dash in (("train", train, "dash"), ("test", test, "solid")):
        figure.add_scatter(
            x=evaluation.roc_fpr,
            y=evaluation.roc_tpr,
            mode="lines",
            name=f"{split} (AUC {evaluation.metrics.roc_auc:.3f})",
            line={"dash": dash, "width": 2},
            hovertemplate="false positive rate %{x:.2f}<br>true positive rate %{y:.2f}",
        )
    figure.add_scatter(
        x=[0, 1], y=[0, 1], mode="lines", name="chance", line={"dash": "dot", "color": NEUTRAL, "width": 1}
    )
    figure.update_xaxes(title="false positive rate", range=[0, 1])
    figure.update_yaxes(title="true positive rate", range=[0, 1.02])
    figure.update_layout(
        legend={"x": 0.98, "y": 0.02, "xanchor": "right", "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.8)"}
    )
    return styled(figure, "ROC curve", height=320)


def weights_figure(weights: tuple[FeatureWeight, ...], top: int = 15) -> go.Figure:
    """The `top` inputs with the largest |weight|, largest first; coefficients coloured by sign."""
    signed = any(w.weight < 0 for w in weights)
    kind = "coefficient" if signed else "importance"
    largest = sorted(weights, key=lambda w: abs(w.weight), reverse=True)[:top]
    colours = [RAISES if w.weight >= 0 else LOWERS for w in largest] if signed else RAISES
    bars = go.Bar(
        x=[w.weight for w in largest],
        y=[w.feature for w in largest],
        orientation="h",
        marker_color=colours,
        hovertemplate=f"%{{y}}: {kind} %{{x:.3f}}<extra></extra>",
    )
    figure = go.Figure(bars)
    figure.update_yaxes(autorange="reversed")
    axis = "coefficient (+ helps survival)" if signed else "importance"
    figure.update_xaxes(title=axis, zeroline=True)
    return styled(figure, f"Top {len(largest)} {kind}s", height=80 + 22 * len(largest))


def timings_figure(timings: tuple[StageTiming, ...]) -> go.Figure:
    """Milliseconds each pipeline stage took, in the order the stages ran."""
    milliseconds = [t.seconds * 1000 for t in timings]
    bars = go.Bar(
        x=milliseconds,
        y=[t.stage for t in timings],
        orientation="h",
        marker_color=NEUTRAL,
        text=[f"{ms:.0f} ms" for ms in milliseconds],
        textposition="auto",
        hovertemplate="%{y}: %{x:.1f} ms<extra></extra>",
    )
    figure = go.Figure(bars)
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title="milliseconds")
    return styled(figure, "Time per stage", height=100 + 28 * len(timings))


def history_figure(runs: list[RunRecord]) -> go.Figure:
    """Each test metric across this session's runs, one line per metric, hover naming the run."""
    numbers = [f"#{run.number}" for run in runs]
    labels = [run.label for run in runs]
    figure = go.Figure()
    for name in METRICS:
        figure.add_scatter(
            x=numbers,
            y=[getattr(run.metrics, name) for run in runs],
            customdata=labels,
            mode="lines+markers",
            name=metric_label(name),
            hovertemplate=f"%{{x}} %{{customdata}}<br>{metric_label(name)} %{{y:.3f}}<extra></extra>",
        )
    figure.update_xaxes(title="run", type="category")
    figure.update_yaxes(title="score on the test split")
    return styled(figure, "Test metrics across runs", height=320)


def result_figures(result: RunResult) -> dict[str, go.Figure]:
    """Every figure of a run's results, built once so reruns only draw them."""
    figures = {
        "cm_train": confusion_figure(result.train.confusion, "Train"),
        "cm_test": confusion_figure(result.test.confusion, "Test"),
        "roc": roc_figure(result.train, result.test),
        "timings": timings_figure(result.timings),
    }
    if result.feature_weights:
        figures["weights"] = weights_figure(result.feature_weights)
    return figures
