"""The debt-vs-mess page's pieces: a card sort of legacy snippets, and the measured signals of both codebases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from course.explain import code_signals, debt_cards
from course.explain.code_signals import SIGNALS, CodebaseSignals, Signal
from course.explain.debt_cards import KINDS, Card
from course.ui import charts, concept
from cq4ds import contexts
from cq4ds.registry import Registry
from cq4ds.usecases import Predictor

KEY = "debt_vs_mess"
PLOT = {"config": {"displaylogo": False}, "theme": None}
LEGACY_COLOUR, PACKAGE_COLOUR = "#d62728", "#1f77b4"
TOP = 8


@st.cache_data(show_spinner="Measuring both codebases…")
def measured() -> tuple[CodebaseSignals, CodebaseSignals]:
    """The legacy script and the package, measured from their files (read-only, so shared by every session)."""
    return code_signals.legacy_signals(), code_signals.package_signals()


def _card(card: Card) -> str | None:
    with st.container(border=True):
        st.markdown(f"**{card.title}**")
        concept.show_excerpt(card.code)
        choice = st.radio("Debt or mess?", KINDS, index=None, horizontal=True, key=f"{KEY}.card.{card.key}")
        if choice is not None:
            if choice == card.answer:
                st.success(f"Right, {card.answer}. {card.why}")
            else:
                st.error(f"Not quite: this is {card.answer}. {card.why}")
        return choice


def card_sort() -> None:
    """Each card: a real snippet, a debt-or-mess choice, instant feedback; then the score."""
    deck = debt_cards.cards()
    answers = {card.key: _card(card) for card in deck}
    score = debt_cards.score(answers, deck)
    st.metric("Your score", f"{score.right} of {score.total}", help=f"{score.answered} of {score.total} sorted")
    if score.answered < score.total:
        st.caption(f"{score.total - score.answered} card(s) still to sort.")


def summary(legacy: CodebaseSignals, package: CodebaseSignals) -> None:
    """Every signal for both codebases, side by side."""
    table = pd.DataFrame(
        {
            "signal": [s.label for s in SIGNALS],
            "unit": [s.unit for s in SIGNALS],
            legacy.name: [round(s.total(legacy), 1) for s in SIGNALS],
            package.name: [round(s.total(package), 1) for s in SIGNALS],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(
        f"{legacy.name}: {len(legacy.modules)} file, {len(legacy.functions)} functions (its top-level work counted "
        f"as one). {package.name}: {len(package.modules)} modules, {len(package.functions)} functions."
    )


def pick_signal() -> Signal:
    """The signal to chart."""
    labels = [s.label for s in SIGNALS]
    label = st.segmented_control("Signal", labels, default="Module-level globals", key=f"{KEY}.signal")
    return next(s for s in SIGNALS if s.label == (label or "Module-level globals"))


def comparison(signal: Signal, legacy: CodebaseSignals, package: CodebaseSignals) -> None:
    """The chosen signal for both codebases, and where the package scores worst."""
    st.caption(signal.help)
    left, right = st.columns([2, 3])
    left.plotly_chart(bars(signal, legacy, package), **PLOT, key=f"{KEY}.bars")
    with right:
        _offenders(signal, package, TOP)
        _offenders(signal, legacy, 3)


def _offenders(signal: Signal, codebase: CodebaseSignals, top: int) -> None:
    """The parts of `codebase` that score worst on `signal` (only those that score at all)."""
    worst = [(where, value) for where, value in signal.offenders(codebase) if value > 0][:top]
    st.markdown(f"**Worst in the {codebase.name}** ({signal.offender_unit})")
    if worst:
        st.dataframe(pd.DataFrame(worst, columns=["where", signal.offender_unit]), hide_index=True, width="stretch")
    else:
        st.caption(f"None: nothing in the {codebase.name} scores on this signal.")


def bars(signal: Signal, legacy: CodebaseSignals, package: CodebaseSignals) -> go.Figure:
    """One bar per codebase for `signal`."""
    values = [signal.total(legacy), signal.total(package)]
    figure = go.Figure(
        go.Bar(
            x=[legacy.name, package.name],
            y=values,
            marker_color=[LEGACY_COLOUR, PACKAGE_COLOUR],
            text=[f"{value:,.1f}".removesuffix(".0") for value in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{x}}: %{{y:,.1f}} {signal.unit}<extra></extra>",
        )
    )
    figure.update_yaxes(title=signal.unit, rangemode="tozero")
    figure.update_layout(
        title={"text": signal.label, "x": 0, "font": {"size": 16}},
        template="plotly_white",
        font={"family": charts.FONT, "size": 13},
        height=320,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    return figure


def code_objects() -> tuple[type | Callable[..., Any], ...]:
    """The package code this page is about: where the notebook's debts became parameters and its mess went."""
    notebook_features = Registry().component_class("features", "notebook")
    return (notebook_features, Predictor, contexts.testing, code_signals.measure)
