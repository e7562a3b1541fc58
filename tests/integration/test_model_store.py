"""The model store round-trips fitted models and refuses every file it did not sign itself."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
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


def _planted_key(store: FileModelStore, mode: int) -> Path:
    """A key someone else put in the store folder before its first save, with permission bits `mode`."""
    key = Path(store.folder) / KEY_FILE
    key.parent.mkdir(parents=True)
    key.write_bytes(b"k" * 32)  # the planter knows it, so could sign any pickle with it
    os.chmod(key, mode)
    return key


def test_a_world_writable_key_planted_before_the_first_save_is_refused(store: FileModelStore) -> None:
    key = _planted_key(store, 0o666)
    with pytest.raises(ModelStoreError) as caught:
        store.save("m", 1, {})
    assert caught.value.problem == (f"the model store's signing key {key} is writable by other users (mode 0666), "
                                    "so anyone could forge a model that runs code when it is loaded")
    assert f"delete {key} and the models signed with it" in caught.value.fix
    assert f"chmod 600 {key} is enough only if you are sure nobody else has changed or read it" in caught.value.fix
    assert store.names() == [] and key.read_bytes() == b"k" * 32  # nothing signed, nothing replaced


def test_a_model_forged_with_a_planted_key_is_not_unpickled(store: FileModelStore, tmp_path: Path) -> None:
    key, marker = _planted_key(store, 0o666), tmp_path / "the-pickle-ran"
    payload = json.dumps({"metadata": {}, "versions": model_store.library_versions()}).encode() + b"\n"
    payload += pickle.dumps(PlantsAFile(marker))
    signature = hmac.new(key.read_bytes(), payload, hashlib.sha256).hexdigest().encode()
    (Path(store.folder) / "evil.model").write_bytes(b"cq4ds-model/1 " + signature + b"\n" + payload)
    with pytest.raises(ModelStoreError, match=r"writable by other users \(mode 0666\)"):
        store.load("evil")
    assert not marker.exists()


@pytest.mark.parametrize("mode", [0o620, 0o602, 0o640, 0o604], ids=["group-w", "world-w", "group-r", "world-r"])
def test_a_key_others_can_write_or_read_is_refused_on_every_use(store: FileModelStore, mode: int) -> None:
    store.save("m", 1, {})
    key = Path(store.folder) / KEY_FILE
    os.chmod(key, mode)
    for use in (lambda: store.load("m"), lambda: store.save("m", 2, {})):
        with pytest.raises(ModelStoreError, match=rf"by other users \(mode {mode:04o}\)"):
            use()
    os.chmod(key, 0o600)  # the owner's own fix, when nobody else touched it
    assert store.load("m")[0] == 1


def test_the_key_is_created_private_and_owned_whatever_the_umask(store: FileModelStore) -> None:
    before = os.umask(0)
    try:
        store.save("m", 1, {})
    finally:
        os.umask(before)
    info = os.lstat(Path(store.folder) / KEY_FILE)
    assert stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o600 and info.st_uid == os.getuid()
    assert stat.S_IMODE((Path(store.folder) / "m.model").stat().st_mode) == 0o600


def test_a_symlinked_key_is_refused_and_never_followed(store: FileModelStore, tmp_path: Path) -> None:
    elsewhere = tmp_path / "attacker-controlled-key"
    elsewhere.write_bytes(b"k" * 32)
    os.chmod(elsewhere, 0o600)  # a perfectly private-looking key, but not in the store
    key = Path(store.folder) / KEY_FILE
    key.parent.mkdir(parents=True)
    key.symlink_to(elsewhere)
    with pytest.raises(ModelStoreError) as caught:
        store.save("m", 1, {})
    assert caught.value.problem == (f"the model store's signing key {key} is a symbolic link, so whoever controls "
                                    "the file it points to could forge a model that runs code when it is loaded")
    assert caught.value.fix.startswith(f"delete {key} and the models signed with it")
    assert "chmod" not in caught.value.fix
    assert elsewhere.read_bytes() == b"k" * 32 and store.names() == []


def test_a_key_swapped_for_a_symlink_after_saving_is_refused(store: FileModelStore, tmp_path: Path) -> None:
    store.save("m", 1, {})
    key = Path(store.folder) / KEY_FILE
    (tmp_path / "copy").write_bytes(key.read_bytes())
    key.unlink()
    key.symlink_to(tmp_path / "copy")
    with pytest.raises(ModelStoreError, match="is a symbolic link"):
        store.load("m")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_a_key_owned_by_another_user_is_refused(store: FileModelStore) -> None:
    key = _planted_key(store, 0o600)
    os.chown(key, 4242, 4242)
    with pytest.raises(ModelStoreError) as caught:
        store.save("m", 1, {})
    assert f"belongs to another user (uid 4242; this process runs as uid {os.getuid()})" in caught.value.problem
    assert "chmod" not in caught.value.fix
