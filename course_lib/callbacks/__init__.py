"""Keras callbacks that show what happens inside training.

- `LRFinder`: the learning-rate range test.
- `GradientNormMonitor`, `ActivationMonitor`, `WeightNormMonitor`: per-layer
  gradient norms, activation statistics and kernel norms, exportable to JSON
  and CSV.
- `LivePlot`: learning curves updated in place in a notebook.
- `TimeBudget`: stops training when a wall-clock budget is spent.
"""

from course_lib.callbacks.live_plot import LivePlot
from course_lib.callbacks.lr_finder import LRFinder
from course_lib.callbacks.monitors import ActivationMonitor
from course_lib.callbacks.monitors import GradientNormMonitor
from course_lib.callbacks.monitors import WeightNormMonitor
from course_lib.callbacks.time_budget import TimeBudget

__all__ = [
    "ActivationMonitor",
    "GradientNormMonitor",
    "LRFinder",
    "LivePlot",
    "TimeBudget",
    "WeightNormMonitor",
]
