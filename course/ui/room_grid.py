"""Where everyone is, as a grid: one row per participant, one column per course step and the exercises.

Each cell is coloured by its state (course.room.board's STUCK, WRONG, RIGHT, SEEN, AHEAD) and shows its text. It
is a Vega-Lite chart: the browser draws the cells, so a refresh costs the server one small table, where a styled
dataframe costs it a pass of pandas' Styler over every cell while the room's trainings hold the interpreter.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from course.room import board

SHADES = {  # each state's cell colour in the grid, worst first (the legend's order)
    board.STUCK: ("stuck", "#f5b7b1"),
    board.WRONG: ("not all right", "#fad7a0"),
    board.RIGHT: ("all right", "#a9dfbf"),
    board.SEEN: ("seen", "#d6eaf8"),
    board.AHEAD: ("not yet", "#f4f6f7"),
}


def show(cells: pd.DataFrame, rows: int) -> None:
    """Draw `cells` (board.grid: a row per participant and column) for `rows` participants; nicknames are axis
    labels, plain text."""
    order = list(dict.fromkeys(cells["participant"].tolist()))
    columns = list(dict.fromkeys(cells["step"].tolist()))
    names, shades = zip(*SHADES.values(), strict=True)
    axis = {"title": None, "labelLimit": 220, "labelFontSize": 12}
    spec = {
        "height": {"step": 22},
        "encoding": {
            "x": {
                "field": "step",
                "type": "nominal",
                "sort": columns,
                "axis": axis | {"orient": "top", "labelAngle": -35},
            },
            "y": {"field": "participant", "type": "nominal", "sort": order, "axis": axis},
        },
        "layer": [
            {
                "mark": {"type": "rect", "stroke": "white", "strokeWidth": 1},
                "encoding": {
                    "color": {
                        "field": "state",
                        "type": "nominal",
                        "scale": {"domain": list(names), "range": list(shades)},
                        "legend": {"orient": "bottom", "title": None, "direction": "horizontal"},
                    }
                },
            },
            {"mark": {"type": "text", "fontSize": 11, "color": "#1b2631"}, "encoding": {"text": {"field": "shows"}}},
        ],
    }
    cells["state"] = [SHADES[state][0] for state in cells["state"].tolist()]
    st.vega_lite_chart(
        cells,
        spec,
        width="stretch",
        theme=None,
        key="room.grid",
        alt=f"Where everyone is: {rows} participants by course step, each cell coloured by its state",
    )
