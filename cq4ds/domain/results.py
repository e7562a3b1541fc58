"""Typed results of the use cases: what a run measured, never a dict."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ConfusionMatrix:
    """Counts of true/false negatives/positives (positive = survived)."""

    tn: int
    fp: int
    fn: int
    tp: int

    def as_rows(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """The matrix as sklearn lays it out: rows are actual 0/1, columns predicted 0/1."""
        return ((self.tn, self.fp), (self.fn, self.tp))


@dataclass(frozen=True, slots=True)
class Metrics:
    """Classification quality on one set of passengers."""

    accuracy: float
    precision: float
    recall: float
    f1: float
    roc_auc: float


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Metrics, confusion matrix and ROC curve for one split."""

    metrics: Metrics
    confusion: ConfusionMatrix
    roc_fpr: tuple[float, ...]
    roc_tpr: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class StageTiming:
    """Wall-clock seconds one pipeline stage took."""

    stage: str
    seconds: float


@dataclass(frozen=True, slots=True)
class FeatureWeight:
    """How much one model input mattered (coefficient or importance)."""

    feature: str
    weight: float


@dataclass(frozen=True, slots=True)
class Prediction:
    """The model's verdict on one passenger."""

    pid: int
    probability: float
    label: int
    actual: int | None = None


@dataclass(frozen=True, slots=True)
class QuarantinedRow:
    """A record set aside because it broke a rule, with the reason."""

    row: int
    pid: object
    column: str
    reason: str


@dataclass(frozen=True, slots=True)
class DataReport:
    """How many records were read, kept, quarantined and removed by cleaning."""

    origin: str
    rows_read: int
    rows_after_cleaning: int
    quarantined: tuple[QuarantinedRow, ...] = ()


@dataclass(frozen=True, slots=True)
class RunResult:
    """Everything train-and-evaluate measured for one composition."""

    train: Evaluation
    test: Evaluation
    data: DataReport
    n_train: int
    n_test: int
    feature_weights: tuple[FeatureWeight, ...]
    timings: tuple[StageTiming, ...]
    test_predictions: tuple[Prediction, ...]

    @property
    def metrics(self) -> Metrics:
        """The headline metrics: those on the held-out test split."""
        return self.test.metrics


@dataclass(frozen=True, slots=True)
class PartitionTiming:
    """One scored partition: its number, rows read and scored, seconds its work took, and who did it."""

    index: int
    rows_read: int
    rows_scored: int
    seconds: float
    worker: str


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """What a batch-scoring run read, wrote and how fast, and the engine that ran it."""

    rows_scored: int
    chunks: int
    seconds: float
    destination: str
    data: DataReport
    engine: str = "in this process"
    partitions: tuple[PartitionTiming, ...] = ()

    @property
    def rows_per_second(self) -> float:
        """Throughput of the whole run."""
        return self.rows_scored / self.seconds if self.seconds > 0 else float("inf")
