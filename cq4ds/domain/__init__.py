"""The domain: passengers, their rules, configuration and results. Plain Python only."""

from cq4ds.domain.config import ON_INVALID, PORTS, ComponentSpec, PipelineConfig
from cq4ds.domain.errors import (
    ConfigError,
    Cq4dsError,
    DataError,
    InvalidParameterError,
    InvalidPassengerError,
    ModelStoreError,
    SinkError,
    UnknownComponentError,
)
from cq4ds.domain.passenger import EMBARKATION_PORTS, FIELD_NAMES, FIELDS, PCLASSES, RULES, SEXES, FieldRule, Passenger
from cq4ds.domain.passengers import Passengers
from cq4ds.domain.results import (
    ConfusionMatrix,
    DataReport,
    Evaluation,
    FeatureWeight,
    Metrics,
    Prediction,
    QuarantinedRow,
    RunResult,
    ScoreResult,
    StageTiming,
)

__all__ = [
    "EMBARKATION_PORTS",
    "FIELDS",
    "FIELD_NAMES",
    "ON_INVALID",
    "PCLASSES",
    "PORTS",
    "RULES",
    "SEXES",
    "ComponentSpec",
    "ConfigError",
    "ConfusionMatrix",
    "Cq4dsError",
    "DataError",
    "DataReport",
    "Evaluation",
    "FeatureWeight",
    "FieldRule",
    "InvalidParameterError",
    "InvalidPassengerError",
    "Metrics",
    "ModelStoreError",
    "Passenger",
    "Passengers",
    "PipelineConfig",
    "Prediction",
    "QuarantinedRow",
    "RunResult",
    "ScoreResult",
    "SinkError",
    "StageTiming",
    "UnknownComponentError",
]
