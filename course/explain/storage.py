"""Storing data and models the package's way, measured: tables as Parquet, lists of passengers never pickled,
the one pickle (the trained model) signed, and features recomputed through the model's fitted steps.

Everything runs on the package's own files and code in a temporary folder: the recording the test context
replays, the sample passengers, the notebook recipe's trained `Predictor` and the signed model store.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

from course.explain.source import SourceView, source_of
from cq4ds import contexts
from cq4ds.adapters.model_store import FileModelStore
from cq4ds.adapters.parquet_source import ParquetSource
from cq4ds.adapters.sample_files import write_parquet
from cq4ds.bootstrap import open_model_store
from cq4ds.columnar import conform, to_passengers
from cq4ds.domain import Cq4dsError, Passenger
from cq4ds.usecases import Predictor
from cq4ds.usecases.training import read_all

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ("sex", "M")  # the rule a smuggled record breaks


@dataclass(frozen=True)
class StoredTable:
    """The recording the test context replays: a Parquet file, what it holds, and who can read it."""

    path: str
    rows: int
    columns: tuple[tuple[str, str], ...]  # name and Parquet type, read from the file's schema
    size: int
    checked: int  # rows kept after `conform`, as the recorded context reads them
    counted_by_duckdb: int  # rows a SQL engine counts in the file, with no Python class


def recording() -> StoredTable:
    """Read the recording's schema and size, read it through the package's Parquet source, and count it in SQL."""
    path = ROOT / contexts.RECORDING
    schema = pq.read_schema(path)
    frame, _ = read_all(ParquetSource(path=str(path)), "raise")
    with closing(duckdb.connect(":memory:")) as db:
        (counted,) = db.execute("SELECT COUNT(*) FROM read_parquet(?)", [str(path)]).fetchone()
    return StoredTable(
        contexts.RECORDING,
        pq.read_metadata(path).num_rows,
        tuple((field.name, str(field.type)) for field in schema),
        path.stat().st_size,
        len(frame),
        counted,
    )


@dataclass(frozen=True)
class PickledList:
    """The sample passengers as a pickled list of `Passenger` objects, against the same rows as Parquet."""

    passengers: int
    pickle_size: int
    parquet_size: int
    loads: tuple[str, ...]  # what unpickling the list imports and calls, as the pickle names it
    smuggled: str  # a rule-breaking Passenger that pickle.loads returned without a word
    refused: str  # what the Parquet path says about the same record


class _Recording(pickle.Unpickler):
    """An unpickler that records every global the file asks it to import, then loads as usual."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self.found: list[str] = []

    def find_class(self, module: str, name: str) -> Any:
        self.found.append(f"{module}.{name}")
        return super().find_class(module, name)


def pickled_list() -> PickledList:
    """Pickle the sample's passengers and write them as Parquet; smuggle one bad record through each."""
    frame = conform(contexts.sample_passengers(), "the bundled sample").frame
    passengers = to_passengers(frame)
    data = pickle.dumps(passengers, protocol=pickle.HIGHEST_PROTOCOL)
    loader = _Recording(data)
    loader.load()
    smuggled = _smuggled(passengers[0])
    with tempfile.TemporaryDirectory(prefix="cq4ds-storage-") as folder:
        good, bad = Path(folder, "passengers.parquet"), Path(folder, "smuggled.parquet")
        write_parquet(frame, good)
        write_parquet(frame.head(1).assign(**{BROKEN[0]: BROKEN[1]}), bad)
        try:
            read_all(ParquetSource(path=str(bad)), "raise")
            refused = ""
        except Cq4dsError as error:
            refused = str(error).replace(f"{folder}/", "")
        parquet_size = good.stat().st_size
    return PickledList(
        len(passengers),
        len(data),
        parquet_size,
        tuple(dict.fromkeys(loader.found)),
        repr(pickle.loads(pickle.dumps(smuggled))),
        refused,
    )


def _smuggled(passenger: Passenger) -> Passenger:
    """A copy of `passenger` that breaks BROKEN's rule, as a file written before the rule existed would hold it.

    Written to the object's slot directly: nothing in the package does this; a pickle restores objects the same way,
    without running the checks `Passenger(...)` runs.
    """
    copy = dataclasses.replace(passenger)
    object.__setattr__(copy, *BROKEN)
    return copy


@dataclass(frozen=True)
class StoredModel:
    """The notebook recipe's trained `Predictor` in the package's model store, and what the store refuses."""

    file: str
    size: int
    metadata: tuple[str, ...]  # the keys the store keeps beside the model
    versions: dict[str, str]
    learned: tuple[tuple[str, str], ...]  # (step.field, what it learned) for every fitted step
    scored: int  # passengers of the recording scored by the loaded model
    max_difference: float  # |loaded - trained| over those probabilities
    tampered: str  # the store's message for a file with one byte changed
    foreign: str  # the store's message for a pickle it did not write


def stored_model() -> StoredModel:
    """Train the notebook recipe, save it signed, load it back and score the recording; then tamper with it."""
    trained = contexts.production().train_and_evaluate()
    rows, _ = read_all(ParquetSource(path=str(ROOT / contexts.RECORDING)), "raise")
    with tempfile.TemporaryDirectory(prefix="cq4ds-store-") as folder:
        store = open_model_store(folder)
        path = Path(store.save("notebook", trained.predictor, {"recipe": "configs/notebook.toml"}))
        loaded, metadata = store.load("notebook")
        mine, theirs = trained.predictor.predictions(rows), loaded.predictions(rows)
        size = path.stat().st_size
        tampered = _refusal(store, path, lambda data: data[:-1] + bytes([data[-1] ^ 1]), folder)
        foreign = _refusal(store, path, lambda _: pickle.dumps(trained.predictor), folder)
    return StoredModel(
        path.name,
        size,
        tuple(key for key in metadata if key != "versions"),
        metadata["versions"],
        learned_state(trained.predictor),
        len(theirs),
        float((mine["probability"] - theirs["probability"]).abs().max()),
        tampered,
        foreign,
    )


def _refusal(store: Any, path: Path, change: Any, folder: str) -> str:
    """Rewrite the model file with `change(bytes)`, try to load it, and return the store's message."""
    path.write_bytes(change(path.read_bytes()))
    try:
        store.load(path.stem)
    except Cq4dsError as error:
        return str(error).replace(f"{folder}/", "")
    return ""


def learned_state(predictor: Predictor) -> tuple[tuple[str, str], ...]:
    """Every learned field (name ending in `_`, set by fitting) of the predictor's cleaning, features and model."""
    found = []
    for role in ("cleaning", "features", "model"):
        step = getattr(predictor, role)
        for field in dataclasses.fields(step) if dataclasses.is_dataclass(step) else ():
            if field.name.endswith("_") and getattr(step, field.name) is not None:
                found.append((f"{role}.{field.name}", _summary(getattr(step, field.name))))
    return tuple(found)


def _summary(value: Any) -> str:
    if isinstance(value, frozenset | set | tuple | list):
        return ", ".join(sorted(map(str, value))) if len(value) <= 12 else f"{len(value)} values"
    if isinstance(value, int | float | str):
        return str(value)
    return f"a fitted {type(value).__name__}"


def store_code() -> tuple[SourceView, ...]:
    """How the model store signs a file and checks it before unpickling: its `save` and `load`."""
    return source_of(FileModelStore.save), source_of(FileModelStore.load)
