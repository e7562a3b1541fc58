"""The sentences about which representation crosses each boundary come from the code, and refuse false premises."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
import pytest

from course.explain import exercise, story
from course.explain.costs import recorded, recorded_costs
from course.explain.products import score_one
from course.explain.told import StoryError, told
from cq4ds.columnar import conform, from_passengers, to_passengers
from cq4ds.domain import Passenger, Passengers
from cq4ds.ports import PassengerSource
from cq4ds.registry import Registry
from cq4ds.usecases import Predictor, publish_predictions, score_batch, train_and_evaluate
from cq4ds.usecases.scoring import ScorePartition

HERE = Path(__file__)


# Stand-ins with a false premise: read with `ast` and type hints, never run.


def reads_without_checking(source: PassengerSource) -> pd.DataFrame:
    return pd.concat(source.read_batches(1_000))


def builds_objects(source: PassengerSource) -> Passengers:
    return to_passengers(conform(pd.concat(source.read_batches(1_000)), source.describe()).frame)


def scores_without_the_predictor(model: Any, passenger: Passenger) -> pd.DataFrame:
    return from_passengers(Passengers((passenger,)))


def scores_a_frame(model: Predictor, frame: pd.DataFrame) -> pd.DataFrame:
    return model.predictions(frame)


def a_form_without_a_passenger(widgets: Any) -> dict[str, Any]:
    return {"pclass": widgets.selectbox("Ticket class", (1, 2, 3)), "sex": widgets.selectbox("Sex", ("female",))}


class ObjectSource(Protocol):
    def read_batches(self, rows: int) -> Iterator[Passengers]: ...


class ObjectBuildingSource:
    def read_batches(self, rows: int) -> Iterator[pd.DataFrame]:
        passenger = Passenger(pid=1, pclass=3, name="Doe, Mr. John", sex="male", sibsp=0, parch=0, ticket="A")
        yield from_passengers(Passengers((passenger,)))


# What the sentences say now


def test_sources_hand_the_core_frames_and_no_adapter_builds_a_passenger():
    sentence = story.sources()
    assert sentence.startswith("Sources hand the core batches of `pandas.DataFrame`")
    assert "`PassengerSource.read_batches` returns `Iterator[pandas.DataFrame]`" in sentence
    assert f"none of the {len(Registry().kinds('source'))} source adapters builds a `Passenger`" in sentence


def test_both_batch_paths_check_each_batch_with_conform_and_the_domains_rules():
    assert story.scoring_checks() == (
        "`score_batch` checks each partition with `conform` (through `ScorePartition.__call__`), which applies the "
        "same `FIELDS` rules `Passenger` checks one record at a time."
    )
    assert story.reach(score_batch)[conform] == (
        score_batch,
        ScorePartition,
        ScorePartition.__call__,
        conform,
    )  # the engine runs the callable step; the story follows what the step does
    training = story.training_checks()
    assert training.startswith("`train_and_evaluate` checks each batch with `conform` (through `")
    assert story.reach(train_and_evaluate)[conform][0] is train_and_evaluate


def test_the_batch_paths_build_no_passenger_and_share_the_predictors_one_path():
    assert story.no_passengers_on().startswith("Neither `train_and_evaluate` nor `score_batch` builds a `Passenger`")
    assert story.one_path() == (
        "`train_and_evaluate`, `score_batch` and `score_one` all call `Predictor.predictions`, which takes a "
        "`pandas.DataFrame`: one path, on frames."
    )


def test_a_single_passenger_is_a_passenger_turned_into_a_one_row_frame():
    assert story.single_passenger() == (
        "A passenger typed into a form is built as a `Passenger` (`_passenger` in `course/ui/products.py`), checked "
        "on construction, and `score_one` turns it into a one-row frame with `from_passengers` for "
        "`Predictor.predictions`."
    )


def test_the_exercise_passes_lists_of_passengers_and_makes_a_frame_only_in_the_model():
    sentence = exercise.exercise_choice()
    assert "`PassengerLoader.get_passengers` returns a list of `Passenger` objects" in sentence
    assert "only `TitanicModel.process_inputs`, inside the model, makes a DataFrame of it" in sentence


def test_the_recorded_costs_are_the_documents_own_figures():
    costs = recorded()
    assert {cost.path for cost in costs} == {"objects", "columns"}
    biggest = max(cost.rows for cost in costs)
    objects, columns = (next(c for c in costs if c.rows == biggest and c.path == p) for p in ("objects", "columns"))
    sentence = recorded_costs()
    assert f"validating {biggest:,} rows took {objects.validate_seconds:.3f} s as `Passenger` objects" in sentence
    assert f"{columns.validate_seconds:.3f} s with `conform`" in sentence
    assert f"{objects.peak_mib:.1f} MiB" in sentence and f"{columns.peak_mib:.1f} MiB" in sentence


def test_recorded_costs_read_a_table_and_say_who_wins_at_each_end(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text(
        "# Figures\n\n## Dataclasses or DataFrames (`bench/x.py`)\n\n| rows | path | validate s | derive s | total s "
        "| rows/s | peak MiB | Arrow MiB |\n|---:|---|---:|---:|---:|---:|---:|---:|\n"
        "| 10 | objects | 0.001 | 0 | 0.001 | 1 | 0.5 | 0.0 |\n| 10 | columns | 0.004 | 0 | 0.004 | 1 | 0.2 | 0.0 |\n"
        "| 2,000 | objects | 2.000 | 0 | 2 | 1 | 30.0 | 0.0 |\n| 2,000 | columns | 0.500 | 0 | 0.5 | 1 | 10.0 | 0 |\n"
        "\n## Next section\n\n| 5 | objects | 9 | 9 | 9 | 9 | 9 | 9 |\n",
        encoding="utf-8",
    )
    sentence = recorded_costs(doc)
    assert (
        "validating 2,000 rows took 2.000 s as `Passenger` objects and 0.500 s with `conform` (4.0× faster" in sentence
    )
    assert "at 10 rows the objects were faster (0.001 s as objects, 0.004 s on columns)" in sentence
    assert len(recorded(doc)) == 4  # the next section's table is not read


# Refusing false premises


def test_a_function_that_does_not_call_conform_is_refused():
    with pytest.raises(StoryError, match="`reads_without_checking` does not call `conform`"):
        story.checked_by_conform(reads_without_checking)
    with pytest.raises(StoryError, match="does not call `conform`"):
        story.checked_by_conform(publish_predictions)


def test_a_path_that_builds_passengers_is_refused_and_the_chain_named():
    with pytest.raises(StoryError, match=r"`builds_objects` builds `Passenger` objects: .*`to_passengers`"):
        story.no_passengers_on((builds_objects, score_batch), behind_ports=())
    with pytest.raises(StoryError, match=r"`ObjectBuildingSource\.read_batches` builds"):
        story.no_passengers_on((score_batch,), behind_ports=(ObjectBuildingSource.read_batches,))


def test_a_port_that_yields_passengers_or_an_adapter_that_builds_them_is_refused():
    with pytest.raises(StoryError, match=r"`ObjectSource\.read_batches` is annotated"):
        story.sources(ObjectSource)
    with pytest.raises(StoryError, match="ObjectBuildingSource build `Passenger` objects"):
        story.sources(PassengerSource, (ObjectBuildingSource,))


def test_one_path_is_refused_when_a_user_bypasses_the_predictor():
    with pytest.raises(StoryError, match=r"scores_without_the_predictor do not call `Predictor\.predictions`"):
        story.one_path((score_batch, scores_without_the_predictor))


def test_a_single_passenger_story_is_refused_without_a_passenger_or_a_one_row_frame():
    with pytest.raises(StoryError, match="does not build a `Passenger`"):
        story.single_passenger((HERE, "a_form_without_a_passenger"), score_one)
    with pytest.raises(StoryError, match="is not defined"):
        story.single_passenger((HERE, "no_such_form"), score_one)
    with pytest.raises(StoryError, match="`scores_a_frame` does not take a `Passenger`"):
        story.single_passenger(story.FORM, scores_a_frame)
    with pytest.raises(StoryError, match=r"does not call `Predictor\.predictions`"):
        story.single_passenger(story.FORM, scores_without_the_predictor)


def test_the_exercise_story_is_refused_before_the_exercise_has_passengers():
    with pytest.raises(StoryError, match="does not build one list of `Passenger` objects"):
        exercise.exercise_choice(exercise.REPLAY / "step_00_legacy.py")
    with pytest.raises(StoryError, match="does not exist"):
        exercise.exercise_choice(exercise.REPLAY / "step_99_missing.py")


def test_recorded_costs_are_refused_without_the_table(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text("# Figures\n\nNothing measured.\n", encoding="utf-8")
    with pytest.raises(StoryError, match="records no objects-against-columns table"):
        recorded_costs(doc)


def test_told_says_a_premise_is_gone_instead_of_claiming_it():
    def gone() -> str:
        raise StoryError("`score_batch` does not call `conform`")

    (notice,) = told(gone)
    assert notice.startswith("(A sentence is withheld here")
    assert "`score_batch` does not call `conform`" in notice


def test_every_premise_holds_now():
    sentences = story.everything()
    assert len(sentences) == 8
    assert not [s for s in sentences if "withheld" in s]
    assert Predictor.predictions in story.reach(score_batch)
