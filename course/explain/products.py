"""One trained model used three ways (evaluation, one new passenger, a nightly batch), and what a product keeps.

The model is trained once with the notebook recipe through the production context; every use
below goes through the package's own use cases, adapters and model store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pandas as pd

from course.explain.symmetry import module_file, source_digest
from cq4ds import contexts
from cq4ds.bootstrap import build_pipeline, open_model_store
from cq4ds.columnar import from_passengers
from cq4ds.config_file import NOTEBOOK_RECIPE, dump_config, load_config
from cq4ds.domain import ComponentSpec, Passenger, Passengers, PipelineConfig, Prediction, ScoreResult
from cq4ds.reporting import run_json
from cq4ds.samples import write_generated
from cq4ds.usecases import Predictor, TrainedRun

MODEL_NAME = "titanic_survival"
KEY_FILE = ".store-key"  # where FileModelStore keeps its signing key
EXECUTIVE, SYSTEM = "an executive (analysis)", "a system (product)"
CUSTOMERS = (EXECUTIVE, SYSTEM)


@dataclass(frozen=True)
class OnePassenger:
    """The verdict on one passenger, and the numbers the classifier saw."""

    prediction: Prediction
    inputs: tuple[tuple[str, float], ...]  # (feature name, value), in the model's order


@dataclass(frozen=True)
class Batch:
    """A scoring run over a generated file: what the use case measured and what the sink published."""

    result: ScoreResult
    incoming: Path
    outgoing: Path
    predictions: pd.DataFrame  # pid, probability, label, as read back from the published file


@dataclass(frozen=True)
class Artefact:
    """One thing a run leaves behind, and which customer needs it kept."""

    name: str
    path: str  # relative to the product folder ("" when it lives inside another file)
    size: int  # bytes
    needed_by: tuple[str, ...]


@dataclass(frozen=True)
class Product:
    """What was saved for this run, and the metadata the store hands back after checking the signature."""

    folder: Path
    artefacts: tuple[Artefact, ...]
    metadata: dict[str, Any]
    answer: str  # the executive's deliverable, as Markdown


def train() -> tuple[PipelineConfig, TrainedRun]:
    """Train and evaluate the notebook recipe in the production context (the bundled SQLite database)."""
    pipeline = contexts.production()
    return pipeline.config, pipeline.train_and_evaluate()


def score_one(model: Predictor, passenger: Passenger) -> OnePassenger:
    """Score one validated passenger with `model`."""
    frame = from_passengers(Passengers((passenger,)))
    row = model.predictions(frame).iloc[0]
    inputs = zip(model.features.feature_names(), model.matrix(frame)[0], strict=True)
    return OnePassenger(
        Prediction(int(row["pid"]), float(row["probability"]), int(row["label"])),
        tuple((name, float(value)) for name, value in inputs),
    )


def score_generated(model: Predictor, folder: Path, rows: int, seed: int, chunk_rows: int) -> Batch:
    """Generate `rows` passengers into a Parquet file in `folder` (once), score them in chunks into another file."""
    incoming = folder / "incoming" / f"passengers-{rows}-seed{seed}.parquet"
    outgoing = folder / "outgoing" / "predictions.parquet"
    if not incoming.exists():
        incoming.parent.mkdir(parents=True, exist_ok=True)
        write_generated(str(incoming), rows=rows, seed=seed)
    config = load_config(NOTEBOOK_RECIPE)
    config = config.with_spec("source", ComponentSpec("parquet", {"path": str(incoming)}))
    config = config.with_spec("sink", ComponentSpec("parquet", {"path": str(outgoing)}))
    result = build_pipeline(config).score(model, chunk_rows=chunk_rows)
    return Batch(result, incoming, outgoing, pd.read_parquet(outgoing))


def code_version() -> dict[str, str]:
    """The package's version and a sha256 over every module's source: which code trained the model."""
    package = module_file("cq4ds").parent
    return {"package": version("cq4ds"), "source_sha256": source_digest(package.rglob("*.py"))[:16]}


def answer(trained: TrainedRun) -> str:
    """What an analysis hands over: the answer to the question, as a short Markdown note."""
    result = trained.result
    confusion = result.test.confusion
    return (
        "### Can we tell who survived?\n"
        f"On {result.n_test} passengers the model never saw, it is right "
        f"{result.test.metrics.accuracy:.1%} of the time (ROC AUC {result.test.metrics.roc_auc:.3f}).\n\n"
        f"- Survivors it found: {confusion.tp} of {confusion.tp + confusion.fn}\n"
        f"- Victims it called survivors: {confusion.fp} of {confusion.fp + confusion.tn}\n"
    )


def save_product(config: PipelineConfig, trained: TrainedRun, folder: Path) -> Product:
    """Save every artefact of the run of `config` into `folder` and list what was written, with who needs each."""
    store = open_model_store(str(folder / "models"))
    metadata = {"config": dump_config(config), **run_json(trained.result), "code": code_version()}
    model_file = Path(store.save(MODEL_NAME, trained.predictor, metadata)).relative_to(folder).as_posix()
    _, loaded = store.load(MODEL_NAME)  # checks the signature, so what is listed is what a system would trust
    note = answer(trained)
    (folder / "config.toml").write_text(metadata["config"], encoding="utf-8")
    (folder / "answer.md").write_text(note, encoding="utf-8")

    def kept(name: str, path: str, *customers: str) -> Artefact:
        return Artefact(name, path, (folder / path).stat().st_size, customers)

    def inside(name: str, key: str) -> Artefact:
        return Artefact(name, f"{model_file} › {key}", len(json.dumps(loaded[key])), (SYSTEM,))

    artefacts = (
        kept("The answer: accuracy and confusion counts", "answer.md", EXECUTIVE),
        kept("The trained model, pickled and signed", model_file, SYSTEM),
        inside("Its recipe (the config it was trained with)", "config"),
        inside("Its test metrics: the baseline a retrained model must beat", "metrics"),
        inside("Its library versions: the pickle loads only under these", "versions"),
        inside("Its code version: package version and source hash", "code"),
        kept("The store's signing key (never shown)", f"models/{KEY_FILE}", SYSTEM),
        kept("The recipe as a file, to retrain on a schedule", "config.toml", SYSTEM),
    )
    return Product(folder, artefacts, loaded, note)


def store_class() -> type:
    """The class of the model store the app and the CLI use."""
    return type(open_model_store())
