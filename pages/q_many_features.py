"""Audience question: how do you handle many features per entity?"""

import streamlit as st

from course.ui import asked, concept, predictions, storage
from course.ui import many_features as features

concept.header(
    "Many features per entity",
    "Keep the domain entity small: it holds what a passenger is, not every number a model might want. Features "
    "are small strategies that compute one input each, and a feature set is a list of them.",
    "inferred",
)
asked.show(asked.MANY_FEATURES)
concept.problem(
    "In the notebook each feature is a line that adds a column to one global frame, and the columns to keep are "
    "a hand-typed list far below. Adding a feature means editing the middle of the script and that list, and "
    "every transform after it.",
    concept.legacy(r"^df\[\"family_size\"\]", r"^df = df\[", highlight=(r"df\[\"\w+\"\] =", r"^df = df\[")),
)
concept.move(
    "Write each feature as a small part (a class saying its name, whether it is a category or a number, and how to "
    "compute it). A composed builder takes the list of part names from the config: adding a feature is one small "
    "class, one line in the parts table, and one entry in the config's list. The entity does not grow."
)

concept.demo("Live demo: features as parts")
predictions.q_many_features()
parts, neighbours = features.chosen_parts()
features.compare(parts, neighbours)
st.markdown(
    "**Hundreds of raw features?** In the spirit of the talk (our reconstruction, not the author's answer): keep "
    "the entity to the fields the domain needs, group related raw fields into value objects built by the "
    "factory, and let feature parts read from those. The model's input width then grows without the entity, the "
    "ports or the use cases changing."
)

st.markdown("### The storage half: pickle or Parquet?")
storage.tables()
storage.no_pickled_lists()
storage.model()
storage.features()

concept.try_this(
    "Add **deck** and **fare_per_person**: one entry each in the list, and the metrics move.",
    features.title_finding(),
    "Keep only **sex**: see how far one feature gets, and how small the diff to the config is.",
)
concept.check_yourself("features")
concept.where_in_code(*features.code_shown())
