"""Plotly figures of what change requests cost the legacy script and the package: pure functions, no Streamlit."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from course.explain.changes import BY_KEY, MEASURES, REQUESTS, SIDES, cost
from course.explain.lifecycle import LIFECYCLE, reached, timeline
from course.ui.charts import LOWERS, NEUTRAL, RAISES, styled

COLOURS = {"legacy": LOWERS, "package": RAISES}
NAMES = {"legacy": "Legacy script", "package": "Package"}
FADED = 0.35
LABEL_SIDE = {"legacy": "top center", "package": "bottom center"}  # keeps the two lines' labels apart
LEGEND_ON_TOP = {
    "margin": {"l": 10, "r": 10, "t": 70, "b": 10},
    "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
}


def _wrapped(label: str, width: int = 16) -> str:
    """`label` broken into lines of about `width` characters, so axis labels stay horizontal."""
    return "<br>".join(textwrap.wrap(label, width))


def cost_figure(measure: str, selected: str) -> go.Figure:
    """Grouped bars: `measure` for every request on both sides, the `selected` request in full colour."""
    titles = [_wrapped(request.title) for request in REQUESTS]
    figure = go.Figure()
    for side in SIDES:
        values = [cost(request.key, side).total(measure) for request in REQUESTS]
        figure.add_bar(
            x=titles,
            y=values,
            name=NAMES[side],
            marker={"color": COLOURS[side], "opacity": [1 if r.key == selected else FADED for r in REQUESTS]},
            text=values,
            textposition="outside",
            hovertemplate=f"%{{x}}<br>{NAMES[side]}: %{{y}} {MEASURES[measure]}<extra></extra>",
        )
    figure.update_layout(barmode="group")
    figure.update_yaxes(title=MEASURES[measure], rangemode="tozero")
    return styled(figure, f"{MEASURES[measure].capitalize()} per change request, measured", height=380, **LEGEND_ON_TOP)


def lifecycle_figure(measure: str, phase: str) -> go.Figure:
    """Cumulative `measure` of both sides over the lifecycle's requests; phases after `phase` are faded."""
    arrivals = timeline(measure)
    done = len([a for a in arrivals if a.phase in {p.name for p in reached(phase)}])
    labels = [_wrapped(f"{n}. {BY_KEY[a.request].title}") for n, a in enumerate(arrivals, start=1)]
    figure = go.Figure()
    for side in SIDES:
        totals = [getattr(a, f"{side}_total") for a in arrivals]
        figure.add_scatter(
            x=labels,
            y=totals,
            name=NAMES[side],
            mode="lines+markers+text",
            line={"color": COLOURS[side], "width": 3},
            marker={"size": 9, "opacity": [1 if n < done else FADED for n in range(len(arrivals))]},
            text=[str(t) if n < done else "" for n, t in enumerate(totals)],
            textposition=LABEL_SIDE[side],
            hovertemplate=f"%{{x}}<br>{NAMES[side]}: %{{y}} {MEASURES[measure]} so far<extra></extra>",
        )
    start = 0
    for stage in LIFECYCLE:
        end = start + len(stage.requests)
        current = stage.name == phase
        figure.add_vrect(
            x0=start - 0.5,
            x1=end - 0.5,
            fillcolor=RAISES if current else NEUTRAL,
            opacity=0.14 if current else 0.05,
            line_width=0,
            annotation={"text": f"<b>{stage.name}</b>" if current else stage.name, "font": {"size": 13}},
            annotation_position="top left",
        )
        start = end
    figure.update_xaxes(tickangle=0)
    highest = max(max(a.legacy_total, a.package_total) for a in arrivals)
    figure.update_yaxes(title=f"{MEASURES[measure]} so far", range=[-0.12 * highest - 0.5, 1.2 * highest + 1])
    return styled(
        figure, f"Cumulative {MEASURES[measure]} over the lifecycle (our illustration)", height=440, **LEGEND_ON_TOP
    )
