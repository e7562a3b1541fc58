"""One trained model used three ways, and the artefacts a product keeps, computed without Streamlit."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest

from course.explain import products
from course.explain.products import EXECUTIVE, MODEL_NAME, SYSTEM
from course.explain.symmetry import source_digest
from cq4ds.bootstrap import open_model_store
from cq4ds.domain import Passenger

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def trained():
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)  # the recipe names sample_data/titanic.db relative to the repository
        return products.train()


def _passenger(**changes) -> Passenger:
    fields = {
        "pid": 1, "pclass": 3, "name": "Doe, Mr. John", "sex": "male", "sibsp": 0, "parch": 0, "ticket": "T",
        "age": 28.0, "fare": 8.05, "embarked": "S",
    }  # fmt: skip
    return Passenger(**{**fields, **changes})


def test_one_passenger_gets_a_probability_and_the_inputs_the_classifier_saw(trained):
    _, run = trained
    scored = products.score_one(run.predictor, _passenger())
    assert 0 <= scored.prediction.probability <= 1
    assert scored.prediction.label == int(scored.prediction.probability >= run.predictor.threshold)
    assert [name for name, _ in scored.inputs] == run.predictor.features.feature_names()
    assert dict(scored.inputs)["sex=male"] == 1.0


def test_a_woman_in_first_class_fares_better_than_a_man_in_third(trained):
    _, run = trained
    man = products.score_one(run.predictor, _passenger()).prediction.probability
    woman = _passenger(pclass=1, sex="female", name="Doe, Mrs. Jane", fare=80.0)
    assert products.score_one(run.predictor, woman).prediction.probability > man + 0.5


def test_a_generated_file_is_scored_in_chunks_and_published(trained, tmp_path):
    _, run = trained
    batch = products.score_generated(run.predictor, tmp_path, rows=2_500, seed=3, chunk_rows=1_000)
    assert batch.result.rows_scored == 2_500 and batch.result.chunks == 3
    assert batch.incoming.is_relative_to(tmp_path) and batch.outgoing.is_relative_to(tmp_path)
    assert list(batch.predictions.columns) == ["pid", "probability", "label"]
    assert batch.predictions["pid"].tolist() == list(range(1, 2_501))
    again = products.score_generated(run.predictor, tmp_path, rows=2_500, seed=3, chunk_rows=2_500)
    assert again.result.chunks == 1
    assert again.predictions.equals(batch.predictions)


def test_the_product_is_saved_signed_and_lists_who_needs_what(trained, tmp_path):
    config, run = trained
    product = products.save_product(config, run, tmp_path)
    model, metadata = open_model_store(str(tmp_path / "models")).load(MODEL_NAME)
    assert metadata == product.metadata
    assert {"config", "metrics", "versions", "code"} <= set(metadata)
    assert metadata["metrics"]["accuracy"] == run.result.test.metrics.accuracy
    assert metadata["code"]["package"] and len(metadata["code"]["source_sha256"]) == 16
    assert (tmp_path / "config.toml").read_text() == metadata["config"]
    assert model.predictions is not None
    for artefact in product.artefacts:
        file = artefact.path.split(" › ")[0]
        assert (tmp_path / file).is_file(), artefact
        assert artefact.size > 0 and set(artefact.needed_by) <= {EXECUTIVE, SYSTEM}
    executive = [a.path for a in product.artefacts if EXECUTIVE in a.needed_by]
    assert executive == ["answer.md"]
    assert f"{run.result.test.metrics.accuracy:.1%}" in product.answer


def test_the_code_version_names_the_package_and_hashes_its_source():
    code = products.code_version()
    assert code["package"] == version("cq4ds")
    assert code["source_sha256"] == source_digest((ROOT / "cq4ds").rglob("*.py"))[:16]
