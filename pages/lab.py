"""The Pipeline Lab: swap any component and see what changes, and what does not."""

import streamlit as st

from course.ui import exercises, frame, lab, lesson_banner, pending, room_events, room_task, runs, synthetic, views

frame.routed()

st.title("Pipeline Lab")
st.write(
    "Every box below is a **port**; pick which adapter or strategy fills it. The Lab reruns at once. "
    "Watch the metrics move while the rest of the code stays exactly as it was."
)
synthetic.notice()

registry = lab.registry()
config = lab.current_config(registry)
lesson = lab.lesson_exercise()
if lesson is not None:
    lesson_banner.banner(lesson, registry)
pending.explain()

preset, load, reload, _ = st.columns([2, 1, 1.6, 1.4], vertical_alignment="bottom")
chosen_preset = preset.selectbox("Start from a shipped config", lab.config_files(), key="lab.preset")
load.button("Load it", key="lab.load", on_click=lab.load_preset, args=(chosen_preset, registry))
with reload:
    exercises.reload_button("lab.reload")
chosen = lab.composition_panel(registry, config)

accepted = lab.accept(chosen, registry) if chosen else None
shown, before = runs.show(accepted)
if shown:
    highlight = lab.changed_port(before.config if before else None, shown.config)
    results, architecture, code, wiring, history = st.tabs(
        ["Results", "Architecture", "Code", "Wiring", "History"], key="lab.tab", on_change="rerun"
    )
    if results.open:
        with results:
            views.results(shown, before)
    if architecture.open:
        with architecture:
            views.architecture(shown.config, registry, highlight)
    if code.open:
        with code:
            views.code(shown.config, registry)
    if wiring.open:
        with wiring:
            views.wiring(shown.config)
    if history.open:
        with history:
            views.history(runs.history(), registry)
    lab.share_link(shown.config, registry)
    room_events.lab_ran(shown, highlight, shown.config.spec(highlight).kind if highlight else None)  # once shown
    room_task.ran(lesson, shown.config)
