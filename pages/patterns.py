"""Three useful design patterns: Adapter, Factory and Strategy, each on the package's own code."""

import streamlit as st

from course.ui import concept, predictions
from course.ui import patterns as demo
from course.ui.pattern_cards import ADAPTER, FACTORY, STRATEGY

concept.header(
    "Adapter, Factory, Strategy",
    "Three small patterns do most of the work of a clean ML codebase: an **adapter** hides where data lives, a "
    "**factory** builds objects from a description, and a **strategy** makes an algorithm a swappable part. "
    "The talk names exactly these three as the design patterns of its minimal toolset.",
    "sourced",
)
st.caption(
    "Each section follows the same layout: intent, problem, solution, structure, a live use, the project's own "
    "code, pros and cons, relations. The intents and solutions restate the talk's material in our words; the pros, "
    "cons and relations are our own assessment, not the talk's."
)

predictions.patterns()
adapter, factory, strategy = st.tabs(["Adapter", "Factory", "Strategy"])
with adapter:
    demo.section(ADAPTER, demo.adapter_live, *demo.code_of("Adapter"))
with factory:
    demo.section(FACTORY, demo.factory_live, *demo.code_of("Factory"))
with strategy:
    demo.section(STRATEGY, demo.strategy_live, *demo.code_of("Strategy"))

concept.try_this(
    "**Adapter**: compare **SQLite** with **CSV (Kaggle)**. The stores name their columns differently "
    "(`tbl_targets.is_survived`, `Survived`), yet `read_batches` yields the schema's names, and after `conform` "
    "the first passengers are the same.",
    '**Factory**: ask for `params = { n_trees = 5 }` on a random forest, then for `kind = "forest"`. The '
    "registry refuses both and says what it would accept.",
    "**Strategy**: set B to `baseline`. Its accuracy looks respectable until you see its recall: it never predicts "
    "a survivor. The training code did not change to show you that.",
)

concept.check_yourself("patterns")

concept.where_in_code(*demo.ports())
