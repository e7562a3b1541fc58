#| CHANGE REQUEST "score one new passenger", package side: the one new script a developer adds.
#| It trains the notebook recipe through the production context and scores the passenger with
#| Predictor.predictions: the model keeps the common titles it learned in training.
#| Lesson material; run it from the repository root: python lessons/changes/score_one/score_one.py
"""Score one new passenger with the notebook recipe, and show how the model encoded their title."""

from __future__ import annotations

from cq4ds import contexts
from cq4ds.columnar import from_passengers
from cq4ds.domain import Passenger, Passengers

NEW_PASSENGER = Passenger(
    pid=5001,
    pclass=2,
    name="Carter, Master. James",
    sex="male",
    age=4.0,
    sibsp=1,
    parch=1,
    ticket="C.A. 5001",
    fare=25.25,
    embarked="S",
)


def main() -> None:
    """Train, score the new passenger, and print the encoded title and the survival probability."""
    model = contexts.production().train_and_evaluate().predictor
    frame = from_passengers(Passengers((NEW_PASSENGER,)))
    inputs = dict(zip(model.features.feature_names(), model.matrix(frame)[0], strict=True))
    (title,) = [name.removeprefix("title=") for name, value in inputs.items() if name.startswith("title=") and value]
    print("encoded title:", title)
    print("survival probability:", round(float(model.predictions(frame)["probability"].iloc[0]), 3))


if __name__ == "__main__":
    main()
