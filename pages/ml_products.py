"""ML products: the same trained model evaluated, asked about one passenger, and run over a nightly file."""

import streamlit as st

from course.ui import concept, predictions
from course.ui import principles as talk
from course.ui import products as demo

concept.header(
    "ML products",
    "An analysis answers a question once: its customer is a person, and what it delivers is the answer. An ML "
    "product is software that is retrained and scores new passengers on a schedule: its customer is another "
    "system, so the model, its recipe and its versions must outlive the notebook that made them.",
    "inferred",
)

concept.problem(
    "The script ends with a fitted model held in the notebook's memory and two printed confusion matrices. "
    "For an analysis that is the finished answer. For a product it is a dead end: nothing is saved, scoring "
    "one new passenger means running the whole script again on the training data, and nothing records which "
    "data, recipe or library versions produced the model.",
    concept.legacy(r"^model = LogisticRegression", r"^do_test\(\"cm_test", highlight=(r"model\.fit", r"^print\(cm_")),
)

concept.move(
    "Make the trained model one object that owns its input processing (`Predictor`), so the same object "
    "can be evaluated, asked about a single passenger, or run over tonight's file by a separate use case "
    "(`score_batch`) that reads in chunks and publishes through a sink. Then keep what a system needs to trust "
    "and reproduce it: the model file, signed, with its recipe, metrics, library versions and code version."
)

concept.demo("Live demo: one model, three uses")
st.write(
    "The model below is trained once for your session with the notebook recipe (`configs/notebook.toml`, the "
    "bundled SQLite file) and kept in your session. Every number is computed by the package as you watch."
)
config, run = demo.trained()
predictions.ml_products(run)

st.markdown("#### 1 · Evaluation: is it any good?")
demo.evaluation(run)

st.markdown("#### 2 · One new passenger, typed in")
st.caption("The form builds a domain `Passenger`; its rules reject impossible values before the model sees them.")
demo.one_passenger(run)

st.markdown("#### 3 · Tonight's batch: a generated file, scored in chunks")
st.caption(
    "The package generates the file into your session's folder, `score_batch` reads it chunk by chunk and a "
    "Parquet sink publishes all predictions at once."
)
demo.batch(run)

st.markdown("#### What must persist?")
st.caption(
    "Saved just now with the package's model store into your session's folder, then read back through the "
    "store, which checks the signature. Who needs which file depends on who the customer is."
)
demo.artefacts(demo.saved(config, run))

talk.products_and_platforms(config)

concept.try_this(
    "Change the name to **Doe, Mrs. Jane** and the sex to **female**: the title and sex are both model inputs, "
    "and the chance of survival jumps. Then move the class to 1.",
    "Type an age of **-1**: the `Passenger` refuses it with the domain's own message, and nothing is scored.",
    "Score **100,000** passengers with 1,000 and with 25,000 rows per chunk: the same predictions, different "
    "chunk counts and throughput.",
    "Switch the customer between the executive and a system, and count the files that must be kept.",
)

concept.check_yourself("ml_products")

concept.where_in_code(*demo.code_objects())
