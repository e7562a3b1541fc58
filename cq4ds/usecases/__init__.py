"""Use cases: what the application does, written against ports only."""

from cq4ds.usecases.predictor import Predictor
from cq4ds.usecases.scoring import publish_predictions, score_batch
from cq4ds.usecases.training import LoadedPassengers, TrainedRun, load_passengers, train_and_evaluate

__all__ = [
    "LoadedPassengers",
    "Predictor",
    "TrainedRun",
    "load_passengers",
    "publish_predictions",
    "score_batch",
    "train_and_evaluate",
]
