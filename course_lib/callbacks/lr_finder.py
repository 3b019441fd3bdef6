"""The learning-rate range test (Smith, 2017), as a Keras callback."""

import math

import keras
import numpy as np

from course_lib._validation import check_in_range
from course_lib._validation import check_positive_int
from course_lib._validation import check_positive_number
from course_lib.callbacks._export import HistoryExportMixin


class LRFinder(HistoryExportMixin, keras.callbacks.Callback):
    """Sweeps the learning rate exponentially and records the loss.

    At training step `k` (counted from 0) the optimizer's learning rate is set
    to

        lr_k = min_lr * (max_lr / min_lr) ** (k / (num_steps - 1))

    so that the sweep starts at `min_lr` and reaches `max_lr` at the last step.
    After each step the loss of that batch is recorded, together with an
    exponentially smoothed, bias-corrected version of it:

        avg_k = smoothing * avg_{k-1} + (1 - smoothing) * loss_k
        smoothed_k = avg_k / (1 - smoothing ** (k + 1))

    Training stops after `num_steps` steps, or earlier once the smoothed loss
    is not finite or exceeds `stop_factor` times its best value so far.

    Once training ends, the model's weights and every optimizer variable
    (iteration count, learning rate, moments...) are restored to their values
    before `fit`, so the test leaves the model exactly as it found it.

    The loss of each batch is read from the model's `loss` tracker (its running
    sum and count), not from `logs["loss"]`, which Keras averages over the
    epoch so far.

    Suggestion rule: `suggestion` is the learning rate at which the smoothed
    loss falls fastest: the most negative slope of the smoothed loss against
    `log10(lr)`, measured over half a decade of learning rate and searched
    among the points up to the loss minimum.

    Args:
        min_lr: Learning rate of the first step.
        max_lr: Learning rate of the last step. Must exceed `min_lr`.
        num_steps: Number of training steps in the sweep (at least 2). Give
            `fit` enough epochs or batches to cover them.
        smoothing: Weight of the past in the moving average, in `[0, 1)`.
        stop_factor: Stop when the smoothed loss exceeds `stop_factor` times
            its best value. Must be > 1.

    Attributes:
        lrs: Learning rate used at each recorded step.
        losses: Smoothed, bias-corrected loss at each step.
        raw_losses: Loss of each batch.
        steps: Step numbers (from 0) of the records.
        history: `{"lr": lrs, "loss": losses, "raw_loss": raw_losses}`.

    Example:

    ```python
    finder = LRFinder(min_lr=1e-5, max_lr=1.0, num_steps=50)
    model.fit(x, y, batch_size=32, epochs=5, callbacks=[finder])
    print(f"try a learning rate near {finder.suggestion:.1e}")
    finder.plot()
    ```
    """

    _index_name = "step"

    def __init__(
        self,
        min_lr=1e-6,
        max_lr=1.0,
        num_steps=100,
        smoothing=0.98,
        stop_factor=4.0,
    ):
        super().__init__()
        self.min_lr = check_positive_number(min_lr, "min_lr")
        self.max_lr = check_positive_number(max_lr, "max_lr")
        if self.max_lr <= self.min_lr:
            raise ValueError(
                "`max_lr` must be greater than `min_lr`. "
                f"Received: min_lr={min_lr!r}, max_lr={max_lr!r}"
            )
        self.num_steps = check_positive_int(num_steps, "num_steps", minimum=2)
        self.smoothing = check_in_range(
            smoothing, "smoothing", 0.0, 1.0, high_open=True
        )
        self.stop_factor = check_positive_number(stop_factor, "stop_factor")
        if self.stop_factor <= 1.0:
            raise ValueError(
                "`stop_factor` must be greater than 1 (the loss may grow to "
                f"that multiple of its best). Received: stop_factor={stop_factor!r}"
            )
        self._reset_records()

    def _reset_records(self):
        self.lrs = []
        self.losses = []
        self.raw_losses = []
        self.steps = []
        self._average = 0.0
        self._best_loss = math.inf
        self._saved_weights = None
        self._saved_optimizer_variables = None

    @property
    def history(self):
        return {"lr": self.lrs, "loss": self.losses, "raw_loss": self.raw_losses}

    def learning_rate_at(self, step):
        """Returns the learning rate the sweep uses at `step` (from 0)."""
        fraction = step / (self.num_steps - 1)
        return self.min_lr * (self.max_lr / self.min_lr) ** fraction

    def on_train_begin(self, logs=None):
        model = self.model
        optimizer = model.optimizer
        if optimizer is None:
            raise ValueError("LRFinder needs a compiled model (call compile()).")
        if not model.built or not model.weights:
            raise ValueError(
                "LRFinder needs a built model, so that it can save the weights "
                "to restore: start the model with keras.Input(shape) or call "
                "model.build(input_shape) before fit()."
            )
        if isinstance(optimizer.get_config().get("learning_rate"), dict):
            raise ValueError(
                "LRFinder sets the learning rate itself, so the optimizer must "
                "be created with a float learning_rate, not a "
                "LearningRateSchedule."
            )
        # Keras builds the optimizer lazily inside the first train step; build
        # it now so that its slots exist and can be saved before they change.
        if not optimizer.built:
            optimizer.build(model.trainable_variables)
        self._reset_records()
        self._saved_weights = [_copy_value(v) for v in model.weights]
        self._saved_optimizer_variables = [
            _copy_value(v) for v in optimizer.variables
        ]
        self._loss_tracker = _find_loss_tracker(model)

    def on_epoch_begin(self, epoch, logs=None):
        # Keras resets the loss tracker before each epoch.
        self._last_total, self._last_count = 0.0, 0.0

    def on_train_batch_begin(self, batch, logs=None):
        self.model.optimizer.learning_rate = self.learning_rate_at(len(self.lrs))

    def on_train_batch_end(self, batch, logs=None):
        step = len(self.lrs)
        loss = self._batch_loss(logs)
        self._average = (
            self.smoothing * self._average + (1.0 - self.smoothing) * loss
        )
        smoothed = self._average / (1.0 - self.smoothing ** (step + 1))
        self.steps.append(step)
        self.lrs.append(self.learning_rate_at(step))
        self.raw_losses.append(loss)
        self.losses.append(smoothed)

        diverged = not math.isfinite(smoothed) or (
            smoothed > self.stop_factor * self._best_loss
        )
        self._best_loss = min(self._best_loss, smoothed)
        if diverged or len(self.lrs) >= self.num_steps:
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self._saved_weights is None:
            return
        for variable, value in zip(self.model.weights, self._saved_weights):
            variable.assign(value)
        optimizer_variables = self.model.optimizer.variables
        for variable, value in zip(
            optimizer_variables, self._saved_optimizer_variables
        ):
            variable.assign(value)

    def _batch_loss(self, logs):
        """Returns the mean loss of the batch that just ran."""
        if self._loss_tracker is None:
            return float(logs["loss"])
        total = float(self._loss_tracker.total.numpy())
        count = float(self._loss_tracker.count.numpy())
        loss = (total - self._last_total) / (count - self._last_count)
        self._last_total, self._last_count = total, count
        return loss

    @property
    def suggestion(self):
        """The learning rate of steepest descent of the smoothed loss.

        The slope of the smoothed loss against `log10(lr)` is measured over
        windows half a decade wide (at least one step), among the points up
        to the loss minimum; the suggestion is the middle of the steepest
        window. A wide window keeps the noise of the first few batches from
        looking like a steep fall. Returns `None` until at least three steps
        were recorded.
        """
        if len(self.losses) < 3:
            return None
        losses = np.asarray(self.losses, dtype="float64")
        losses = np.where(np.isfinite(losses), losses, np.inf)
        lowest = int(np.argmin(losses))
        if lowest < 1:
            return float(self.lrs[0])
        log_lrs = np.log10(np.asarray(self.lrs[: lowest + 1], dtype="float64"))
        decades_per_step = (log_lrs[-1] - log_lrs[0]) / lowest
        window = min(lowest, max(1, int(round(0.5 / decades_per_step))))
        slopes = (losses[window : lowest + 1] - losses[: lowest + 1 - window]) / (
            log_lrs[window:] - log_lrs[:-window]
        )
        steepest = int(np.argmin(slopes))
        return float(self.lrs[steepest + window // 2])

    def plot(self, ax=None):
        """Plots the smoothed loss against the learning rate (log x axis).

        Args:
            ax: Matplotlib Axes to draw on; a new figure is made if `None`.

        Returns:
            The Matplotlib Axes.
        """
        if not self.lrs:
            raise ValueError(
                "Nothing to plot yet: run model.fit(..., callbacks=[finder])."
            )
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=(6, 4), layout="constrained")
        ax.plot(self.lrs, self.losses, label="smoothed loss")
        ax.set_xscale("log")
        ax.set_xlabel("learning rate (log scale)")
        ax.set_ylabel("loss")
        # The final divergence can be far above everything else: keep the
        # useful part, up to the minimum, filling most of the height.
        losses = np.asarray(self.losses, dtype="float64")
        losses = np.where(np.isfinite(losses), losses, np.inf)
        if np.isfinite(losses).any():
            lowest = int(np.argmin(losses))
            low, high = losses[lowest], losses[: lowest + 1].max()
            margin = 0.25 * (high - low) or 0.1 * abs(high) or 1.0
            top = min(losses[np.isfinite(losses)].max(), high + margin)
            ax.set_ylim(low - 0.2 * margin, top + 0.2 * margin)
        suggestion = self.suggestion
        if suggestion is not None:
            index = self.lrs.index(suggestion)
            ax.axvline(suggestion, color="tab:red", linestyle="--", linewidth=1)
            ax.plot(
                [suggestion],
                [self.losses[index]],
                marker="o",
                color="tab:red",
                label=f"suggestion: {suggestion:.2e}",
            )
        ax.legend()
        return ax


def _copy_value(variable):
    return np.array(variable.numpy(), copy=True)


def _find_loss_tracker(model):
    """Returns the model's `loss` metric when it keeps a running sum and count."""
    for metric in model.metrics:
        if metric.name == "loss" and hasattr(metric, "total") and hasattr(
            metric, "count"
        ):
            return metric
    return None
