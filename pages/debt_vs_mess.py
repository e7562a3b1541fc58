"""Tech debt vs tech mess: a shortcut taken on purpose is not the same as entanglement nobody chose."""

import streamlit as st

from course.ui import concept, predictions
from course.ui import mess as demo

MARTIN_POST = "https://sites.google.com/site/unclebobconsultingllc/a-mess-is-not-a-technical-debt"

concept.header(
    "Tech debt vs tech mess",
    "Debt is a shortcut taken on purpose: you know what you borrowed, it sits in one place, and you know how "
    "you will pay it back. Mess is entanglement nobody chose (logic written twice, hidden state, tests tangled "
    "into the flow): it has no repayment plan and makes every later change slower.",
    "inferred",
)
st.caption(
    f"The distinction is Robert C. Martin's, from his 2009 post [A Mess is not a Technical Debt]({MARTIN_POST}); "
    "it is the likely background of the talk's slide, whose text we have not seen. The verdicts below are ours."
)

concept.problem(
    "Both kinds sit side by side in the script. The split's size and seed are choices someone made and could "
    "write down. The second copy of every transform and the test calls in the middle of the flow were never "
    "decided; they piled up. Calling all of it 'debt we will pay later' hides that the second kind has no plan.",
    concept.legacy(
        r"^X_train, X_test, y_train, y_test = ",
        r"^do_test\(\"X_test_categorical",
        highlight=(r"random_state=42", r"^X_test_categorical", r"^do_test"),
    ),
)

concept.move(
    "Sort every shortcut. Keep debt visible and priced: name it, keep it in one place, and say how it is repaid; "
    "the package turns the notebook's choices into config parameters such as `rare_title_threshold`. Remove "
    "mess by structure: one object owns each transform (`Predictor`), tests live in their own context, "
    "state lives in objects instead of module globals. And measure the signals of mess, so you see them move."
)

concept.demo("Live demo: sort the cards, then measure both codebases")
st.write(
    "Each card quotes the legacy script as it is on disk. Decide whether it is a deliberate, contained "
    "shortcut (**debt**) or accidental entanglement (**mess**)."
)
demo.card_sort()

predictions.debt_vs_mess()
st.markdown("#### Measured: the signals of mess in both codebases")
st.write(
    "Computed now from the files with Python's `ast` and `tokenize`: `lessons/legacy/titanic_notebook.py` "
    "against every module of the `cq4ds/` package. Nothing is run or imported to measure it."
)
legacy, package = demo.measured()
demo.summary(legacy, package)
demo.comparison(demo.pick_signal(), legacy, package)

concept.try_this(
    "Sort all six cards, then reread the ones you got wrong: what would have to be true for them to flip?",
    "Chart **Module-level globals**: every result in the script is a global any cell can change; the package has none.",
    "Chart **Most branching function**: the script scores *lower* than the package. It is straight-line code; "
    "its mess shows up as globals and duplication, not as branches.",
    "Chart **Duplicated logic** and open the worst package modules: some repetition is real there too. The "
    "signal does not judge; it points at places to look.",
)

concept.check_yourself("debt_vs_mess")

concept.where_in_code(*demo.code_objects())
