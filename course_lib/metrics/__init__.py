"""Classifier evaluation: exact NumPy functions and streaming Keras metrics.

The functions in `classification` need only NumPy. The Keras metrics in
`streaming` are imported on first use, so evaluating saved predictions does
not start TensorFlow.
"""

import importlib

from course_lib.metrics.classification import ConfusionCounts
from course_lib.metrics.classification import accuracy
from course_lib.metrics.classification import average_precision
from course_lib.metrics.classification import confusion_counts
from course_lib.metrics.classification import f1
from course_lib.metrics.classification import precision
from course_lib.metrics.classification import precision_recall_curve
from course_lib.metrics.classification import recall
from course_lib.metrics.classification import roc_auc
from course_lib.metrics.classification import roc_curve
from course_lib.metrics.classification import specificity

_STREAMING_METRICS = (
    "BinaryF1",
    "BinaryPrecision",
    "BinaryRecall",
    "BinarySpecificity",
    "PRAUC",
    "ROCAUC",
)

__all__ = [
    "ConfusionCounts",
    "accuracy",
    "average_precision",
    "confusion_counts",
    "f1",
    "precision",
    "precision_recall_curve",
    "recall",
    "roc_auc",
    "roc_curve",
    "specificity",
    *_STREAMING_METRICS,
]


def __getattr__(name):
    if name in _STREAMING_METRICS:
        streaming = importlib.import_module(f"{__name__}.streaming")
        return getattr(streaming, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_STREAMING_METRICS))
