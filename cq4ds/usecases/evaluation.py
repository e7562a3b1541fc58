"""Turn labels and predicted probabilities into typed evaluation results."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import auc, confusion_matrix, roc_curve

from cq4ds.domain import ConfusionMatrix, Evaluation, Metrics


def _ratio(part: int, whole: int) -> float:
    return float(part / whole) if whole else 0.0  # scikit-learn's zero_division=0


def evaluate(labels: np.ndarray, probability: np.ndarray, threshold: float = 0.5) -> Evaluation:
    """Metrics, confusion matrix and ROC curve of `probability` against the true `labels`.

    Every count-based metric comes from the one confusion matrix, and the ROC AUC from the one ROC curve.
    """
    predicted = (probability >= threshold).astype(int)
    (tn, fp), (fn, tp) = confusion_matrix(labels, predicted, labels=[0, 1])
    if len(np.unique(labels)) == 2:
        fpr, tpr, _ = roc_curve(labels, probability)
        roc_auc = float(auc(fpr, tpr))
    else:
        fpr, tpr, roc_auc = np.array([0.0, 1.0]), np.array([0.0, 1.0]), float("nan")
    metrics = Metrics(
        accuracy=_ratio(tp + tn, tn + fp + fn + tp),
        precision=_ratio(tp, tp + fp),
        recall=_ratio(tp, tp + fn),
        f1=_ratio(2 * tp, 2 * tp + fp + fn),
        roc_auc=roc_auc,
    )
    return Evaluation(
        metrics,
        ConfusionMatrix(int(tn), int(fp), int(fn), int(tp)),
        tuple(float(x) for x in fpr),
        tuple(float(x) for x in tpr),
    )
