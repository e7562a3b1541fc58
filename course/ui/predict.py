"""Predict, then run: the learner commits to a prediction before a demo shows its result, then sees both side by side.

`then_run(key, prompt, options, outcome)` does both: ask, and once answered run `outcome` and reveal. A page asks
with `predict(key, prompt, options)`. Until an option is chosen (or the learner skips), it returns None
and the page runs nothing more; once chosen, the choice is kept for this session and the radio gives way to it, so
the prediction cannot be quietly changed after the result is seen. The page then runs its demo and calls
`reveal(key, choice, result, happened)` with what the demo computed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from course.ui import notices, room_events, state
from cq4ds.domain import Cq4dsError

SKIP = "Skip: just show me the result"
HEADING = "Predict, then run"


def _kept(key: str) -> str:
    return f"predict.{key}"


def _ran(key: str) -> str:
    return f"predict.{key}.ran"


def _widget(key: str) -> str:
    return f"{key}.predict"


def _commit(key: str) -> None:
    """Keep the option just chosen as this session's prediction (called before the rerun it starts)."""
    state.put(_kept(key), st.session_state[_widget(key)])


def _forget(key: str) -> None:
    """Forget this session's prediction, to predict again."""
    state.put(_kept(key), None)
    room_events.prediction_withdrawn(key)


def predict(key: str, prompt: str, options: Sequence[str]) -> str | None:
    """Ask `prompt`; the option this session committed to (or SKIP), or None while it has not chosen."""
    st.markdown(f"#### {HEADING}")
    committed = state.get(_kept(key))
    if committed is None:
        st.radio(prompt, [*options, SKIP], index=None, key=_widget(key), on_change=_commit, args=(key,))
        st.caption("Choose before you look further: the demo runs once you have, and shows its result beside yours.")
        return None
    st.markdown(f"**{prompt}**")
    return committed


def reveal(key: str, choice: str, result: str, happened: str | None) -> None:
    """The prediction `choice` beside `result` (Markdown, computed by the demo); `happened` is the option it bears out.

    `happened` is None when the result fits none of the options.
    """
    mine, measured = st.columns(2)
    with mine.container(border=True):
        st.markdown("**You predicted**")
        st.markdown("Nothing: you skipped." if choice == SKIP else choice)
    with measured.container(border=True):
        st.markdown("**What happened**, computed just now")
        st.markdown(result)
    if choice == SKIP:
        pass
    elif happened is None:
        st.info("The result fits none of the options exactly: compare it with yours.")
    elif choice == happened:
        st.success("Your prediction held.")
    else:
        st.info(f"It went otherwise: **{happened}**.")
    st.button("Predict again", key=f"{key}.predict_again", on_click=_forget, args=(key,))


Outcome = Callable[
    [], tuple[str, int | None]
]  # runs the demo: its result (Markdown), the index of the option it bears out


def then_run(key: str, prompt: str, options: Sequence[str], outcome: Outcome) -> None:
    """Ask `prompt`; once the learner has committed, run `outcome` and show its result beside the prediction."""
    choice = predict(key, prompt, options)
    if choice is None:
        return
    ran = state.get(_ran(key))  # each page's run is fixed, so one run serves the session's later reruns
    if ran is None:
        try:
            with st.spinner("Running it…"):
                ran = outcome()
        except Cq4dsError as error:
            notices.error(error)
            return
        state.put(_ran(key), ran)
    result, happened = ran
    bore_out = None if happened is None else options[happened]
    room_events.predicted(key, choice, options, bore_out)
    reveal(key, choice, result, bore_out)
