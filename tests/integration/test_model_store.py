"""The model store round-trips fitted models and refuses every file it did not sign itself."""

from __future__ import annotations

import pickle
import stat
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from cq4ds.adapters import model_store
from cq4ds.adapters.memory_model_store import InMemoryModelStore
from cq4ds.adapters.model_store import KEY_FILE, FileModelStore
from cq4ds.domain import ModelStoreError
from cq4ds.ports import ModelStore

METADATA = {"config": {"model": "logistic_regression", "C": 1.0}, "metrics": {"accuracy": 0.81, "roc_auc": 0.86}}


@pytest.fixture(scope="module")
def fitted() -> tuple[Pipeline, np.ndarray]:
    rng = np.random.default_rng(0)
    features = rng.normal(size=(200, 4))
    labels = (features[:, 0] + rng.normal(scale=0.5, size=200) > 0).astype(int)
    return Pipeline([("scale", StandardScaler()), ("model", LogisticRegression())]).fit(features, labels), features


@pytest.fixture
def store(tmp_path: Path) -> FileModelStore:
    return FileModelStore(folder=str(tmp_path / "models"))


class PlantsAFile:
    """Unpickling this runs `open(marker, "w")`: proof that loading a pickle runs its author's code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return open, (str(self.marker), "w")


def test_both_stores_fit_the_port(store: FileModelStore) -> None:
    assert isinstance(store, ModelStore)
    assert isinstance(InMemoryModelStore(), ModelStore)


@pytest.mark.parametrize("kind", ["file", "memory"])
def test_a_fitted_pipeline_round_trips_with_identical_predictions(tmp_path: Path, fitted: Any, kind: str) -> None:
    pipeline, features = fitted
    store = FileModelStore(folder=str(tmp_path / "models")) if kind == "file" else InMemoryModelStore()
    store.save("titanic_logreg", pipeline, METADATA)
    model, metadata = store.load("titanic_logreg")
    np.testing.assert_array_equal(model.predict_proba(features), pipeline.predict_proba(features))
    assert model is not pipeline
    assert {k: metadata[k] for k in METADATA} == METADATA
    assert set(metadata["versions"]) == {"python", "numpy", "scikit-learn"}
    assert store.names() == ["titanic_logreg"]


def test_saving_again_replaces_the_model_and_writes_a_private_key(store: FileModelStore, fitted: Any) -> None:
    where = store.save("m", "first", {})
    store.save("m", "second", {})
    assert Path(where).parent == Path(store.folder)
    assert store.load("m")[0] == "second"
    assert store.names() == ["m"]  # neither the key nor temporary files are listed
    assert stat.S_IMODE((Path(store.folder) / KEY_FILE).stat().st_mode) == 0o600


def test_a_missing_model_lists_the_available_names(store: FileModelStore) -> None:
    store.save("alpha", 1, {})
    store.save("beta", 2, {})
    with pytest.raises(ModelStoreError, match="available: alpha, beta"):
        store.load("gamma")
    with pytest.raises(ModelStoreError, match="none yet"):
        FileModelStore(folder=str(Path(store.folder) / "empty")).load("gamma")


def _refused(store: FileModelStore, name: str) -> ModelStoreError:
    with pytest.raises(ModelStoreError) as caught:
        store.load(name)
    assert "arbitrary code" in caught.value.fix and "retrain" in caught.value.fix
    return caught.value


def test_a_pickle_dropped_into_the_folder_is_refused_without_being_unpickled(store: FileModelStore,
                                                                              tmp_path: Path) -> None:
    store.save("genuine", 1, {})
    marker = tmp_path / "the-pickle-ran"
    (Path(store.folder) / "evil.model").write_bytes(pickle.dumps(PlantsAFile(marker)))
    _refused(store, "evil")
    assert not marker.exists()


def test_a_file_that_forges_the_header_is_refused(store: FileModelStore) -> None:
    store.save("genuine", 1, {})
    forged = b"cq4ds-model/1 " + b"0" * 64 + b'\n{"metadata": {}, "versions": {}}\n' + pickle.dumps(2)
    (Path(store.folder) / "forged.model").write_bytes(forged)
    _refused(store, "forged")


@pytest.mark.parametrize("where", [0.0, 0.3, 0.7, 1.0], ids=["header", "early", "late", "last-byte"])
def test_an_artifact_with_one_byte_flipped_is_refused(store: FileModelStore, fitted: Any, where: float) -> None:
    store.save("m", fitted[0], METADATA)
    path = Path(store.folder) / "m.model"
    data = bytearray(path.read_bytes())
    position = min(int(len(data) * where), len(data) - 1)
    data[position] ^= 0x01
    path.write_bytes(bytes(data))
    _refused(store, "m")


def test_a_truncated_artifact_is_refused(store: FileModelStore, fitted: Any) -> None:
    store.save("m", fitted[0], METADATA)
    path = Path(store.folder) / "m.model"
    path.write_bytes(path.read_bytes()[:-10])
    _refused(store, "m")


def test_an_artifact_signed_by_another_store_is_refused(tmp_path: Path, fitted: Any) -> None:
    theirs, ours = FileModelStore(folder=str(tmp_path / "theirs")), FileModelStore(folder=str(tmp_path / "ours"))
    theirs.save("m", fitted[0], METADATA)
    ours.save("own", 1, {})
    (Path(ours.folder) / "m.model").write_bytes((Path(theirs.folder) / "m.model").read_bytes())
    _refused(ours, "m")


def test_a_store_whose_key_is_gone_trusts_nothing(store: FileModelStore) -> None:
    store.save("m", 1, {})
    (Path(store.folder) / KEY_FILE).unlink()
    assert "no signing key" in _refused(store, "m").problem


def test_a_model_from_another_scikit_learn_version_is_refused(store: FileModelStore, monkeypatch: Any) -> None:
    real = model_store.library_versions()
    monkeypatch.setattr(model_store, "library_versions", lambda: {**real, "scikit-learn": "0.24.2"})
    store.save("old", 1, {})
    monkeypatch.undo()
    with pytest.raises(ModelStoreError) as caught:
        store.load("old")
    assert "trained with scikit-learn 0.24.2" in caught.value.problem
    assert "retrain" in caught.value.fix


@pytest.mark.parametrize("kind", ["file", "memory"])
@pytest.mark.parametrize("name", ["../x", "a/b", "a\\b", "/etc/passwd", "..", ".hidden", "", "x.model", "-rf"])
def test_path_like_names_are_refused(tmp_path: Path, kind: str, name: str) -> None:
    store = FileModelStore(folder=str(tmp_path / "models")) if kind == "file" else InMemoryModelStore()
    with pytest.raises(ModelStoreError, match="not a plain name") as caught:
        store.save(name, 1, {})
    assert "no '/'" in caught.value.fix
    with pytest.raises(ModelStoreError, match="not a plain name"):
        store.load(name)
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == []


def test_metadata_that_is_not_json_is_refused(store: FileModelStore) -> None:
    with pytest.raises(ModelStoreError, match="JSON"):
        store.save("m", 1, {"when": object()})


def test_a_failed_save_leaves_the_previous_artifact(store: FileModelStore) -> None:
    store.save("m", "previous", {})
    before = (Path(store.folder) / "m.model").read_bytes()
    with pytest.raises(ModelStoreError, match="cannot be pickled"):
        store.save("m", lambda row: row, {})
    assert (Path(store.folder) / "m.model").read_bytes() == before
    assert store.load("m")[0] == "previous"


def test_the_memory_store_keeps_copies() -> None:
    store = InMemoryModelStore()
    model = {"weights": [1, 2]}
    store.save("m", model, {"note": "v1"})
    model["weights"].append(3)  # changing the caller's object later does not change the stored one
    loaded, metadata = store.load("m")
    assert loaded == {"weights": [1, 2]} and metadata["note"] == "v1"
    with pytest.raises(ModelStoreError, match="available: m"):
        store.load("other")


class Temporary:
    """A class that exists when the model is saved and is gone when it is loaded."""


def test_a_model_whose_class_is_gone_is_refused_with_advice(store: FileModelStore, monkeypatch: Any) -> None:
    store.save("m", Temporary(), {})
    monkeypatch.delitem(globals(), "Temporary")
    with pytest.raises(ModelStoreError, match="could not be rebuilt") as caught:
        store.load("m")
    assert "retrain" in caught.value.fix
