"""Turn labels and predicted probabilities into typed evaluation results."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)

from cq4ds.domain import ConfusionMatrix, Evaluation, Metrics


def evaluate(labels: np.ndarray, probability: np.ndarray, threshold: float = 0.5) -> Evaluation:
    """Metrics, confusion matrix and ROC curve of `probability` against the true `labels`."""
    predicted = (probability >= threshold).astype(int)
    both_classes = len(np.unique(labels)) == 2
    metrics = Metrics(
        accuracy=float(accuracy_score(labels, predicted)),
        precision=float(precision_score(labels, predicted, zero_division=0)),
        recall=float(recall_score(labels, predicted, zero_division=0)),
        f1=float(f1_score(labels, predicted, zero_division=0)),
        roc_auc=float(roc_auc_score(labels, probability)) if both_classes else float("nan"),
    )
    (tn, fp), (fn, tp) = confusion_matrix(labels, predicted, labels=[0, 1])
    fpr, tpr, _ = roc_curve(labels, probability) if both_classes else ([0.0, 1.0], [0.0, 1.0], None)
    return Evaluation(
        metrics,
        ConfusionMatrix(int(tn), int(fp), int(fn), int(tp)),
        tuple(float(x) for x in fpr),
        tuple(float(x) for x in tpr),
    )
