"""Use cases: what the application does, written against ports only."""

from cq4ds.usecases.scoring import publish_predictions, score_batch
from cq4ds.usecases.survival_model import SurvivalModel
from cq4ds.usecases.training import LoadedPassengers, TrainedRun, load_passengers, train_and_evaluate

__all__ = [
    "LoadedPassengers",
    "SurvivalModel",
    "TrainedRun",
    "load_passengers",
    "publish_predictions",
    "score_batch",
    "train_and_evaluate",
]
