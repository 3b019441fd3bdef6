"""One place that decides how long the labs' training cells may run.

Every training cell in a lab asks the same question: how many epochs, on how
many samples? The answer depends on where the notebook runs:

- ``"autograde"``: nbgrader is grading it (detected from the
  ``NBGRADER_EXECUTION`` variable nbgrader sets while it executes a
  notebook). Training must be short: a class of submissions is graded
  back to back on a small machine.
- ``"full"``: a GPU is available, or the learner asked for the full run.
- ``"laptop"``: everything else, a CPU-only laptop or JupyterHub.

The environment variable ``COURSE_BUDGET`` (``full``, ``laptop`` or
``autograde``) overrides the detection. A notebook states its three sizes
once, and the same notebook then trains longer where there is time and stays
quick when graded.
"""

import dataclasses
import math
import os

MODES = ("full", "laptop", "autograde")


@dataclasses.dataclass(frozen=True)
class TrainingBudget:
    """The budget mode a notebook runs under, and how to pick sizes from it.

    Args:
        mode: One of ``"full"``, ``"laptop"`` and ``"autograde"``.
        reason: Why this mode was chosen, for the banner a lab prints.

    Example:

    >>> budget = TrainingBudget("laptop", reason="example")
    >>> budget.pick(full=20, laptop=5, autograde=1)
    5
    >>> budget.samples(full=None, laptop=10_000, autograde=2_000)
    10000
    """

    mode: str
    reason: str = ""

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(
                f"Unknown budget mode {self.mode!r}; expected one of {MODES}."
            )

    def pick(self, full, laptop, autograde):
        """Return the value given for the current mode."""
        return {"full": full, "laptop": laptop, "autograde": autograde}[self.mode]

    def epochs(self, full, laptop=None, autograde=None):
        """Number of epochs for the current mode.

        ``laptop`` defaults to a quarter of ``full`` and ``autograde`` to one
        epoch; both are at least 1.
        """
        if full < 1:
            raise ValueError(f"full must be at least 1 epoch, got {full}.")
        if laptop is None:
            laptop = max(1, math.ceil(full / 4))
        if autograde is None:
            autograde = 1
        return int(self.pick(full, laptop, autograde))

    def samples(self, full=None, laptop=None, autograde=None):
        """Number of training samples for the current mode (``None`` = all)."""
        return self.pick(full, laptop, autograde)

    def __str__(self):
        return f"training budget: {self.mode} ({self.reason})"


def training_budget(verbose=False):
    """Detect the budget mode of the running notebook.

    Args:
        verbose: Print a one-line banner saying which mode is active and how
            to change it.

    Returns:
        A ``TrainingBudget``.

    Example:

    >>> budget = training_budget()  # doctest: +SKIP
    >>> epochs = budget.epochs(full=20, laptop=5, autograde=1)  # doctest: +SKIP
    """
    requested = os.environ.get("COURSE_BUDGET", "").strip().lower()
    if requested:
        if requested not in MODES:
            raise ValueError(
                f"COURSE_BUDGET={requested!r} is not a budget mode; use one of "
                f"{', '.join(MODES)}, or unset it to detect automatically."
            )
        budget = TrainingBudget(requested, reason="set by COURSE_BUDGET")
    elif os.environ.get("NBGRADER_EXECUTION"):
        budget = TrainingBudget("autograde", reason="running under nbgrader")
    elif _gpu_available():
        budget = TrainingBudget("full", reason="a GPU is available")
    else:
        budget = TrainingBudget(
            "laptop",
            reason="no GPU found; set COURSE_BUDGET=full to train longer",
        )
    if verbose:
        print(budget)
    return budget


def _gpu_available():
    try:
        import tensorflow as tf
    except ImportError:
        return False
    return bool(tf.config.list_physical_devices("GPU"))
