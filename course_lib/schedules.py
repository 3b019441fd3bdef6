"""Learning-rate schedules from the lectures, as serializable Keras objects.

Each schedule is a `keras.optimizers.schedules.LearningRateSchedule`: pass it
as an optimizer's `learning_rate` and the optimizer evaluates it at every
step `t` (its `iterations` counter, from 0). All of them are registered under
the `course_lib` package, so a model saved to `.keras` with one of them in its
optimizer loads back once `course_lib.schedules` is imported.

| Schedule           | Learning rate at step `t`                                |
|--------------------|----------------------------------------------------------|
| `StepDecay`        | `initial_lr * factor ** floor(t / step_size)`            |
| `InverseTimeDecay` | `initial_lr / (1 + decay * t)`                           |
| `ExponentialDecay` | `initial_lr * exp(-decay * t)`                           |
| `WarmupCosine`     | linear warm-up to `peak_lr`, cosine down to `final_lr`   |
| `OneCycle`         | cosine up to `max_lr`, then cosine down (Smith's 1cycle) |
"""

import math
import numbers

import keras
import numpy as np
from keras import ops

from course_lib._validation import check_in_range
from course_lib._validation import check_non_negative_number
from course_lib._validation import check_positive_int
from course_lib._validation import check_positive_number

LearningRateSchedule = keras.optimizers.schedules.LearningRateSchedule


@keras.saving.register_keras_serializable(package="course_lib")
class StepDecay(LearningRateSchedule):
    """Multiplies the learning rate by `factor` every `step_size` steps.

        lr(t) = initial_lr * factor ** floor(t / step_size)

    Args:
        initial_lr: Learning rate for the first `step_size` steps.
        factor: Multiplier applied at each drop, in `(0, 1]`.
        step_size: Number of steps between drops, a positive integer.

    Example:

    ```python
    schedule = StepDecay(0.1, factor=0.5, step_size=100)
    schedule(250)  # 0.1 * 0.5 ** 2 = 0.025
    optimizer = keras.optimizers.SGD(learning_rate=schedule)
    ```
    """

    def __init__(self, initial_lr, factor, step_size):
        self.initial_lr = check_positive_number(initial_lr, "initial_lr")
        self.factor = check_in_range(factor, "factor", 0.0, 1.0, low_open=True)
        self.step_size = check_positive_int(step_size, "step_size")

    def __call__(self, step):
        t = _as_float(step)
        drops = ops.floor(t / self.step_size)
        return self.initial_lr * ops.power(self.factor, drops)

    def get_config(self):
        return {
            "initial_lr": self.initial_lr,
            "factor": self.factor,
            "step_size": self.step_size,
        }


@keras.saving.register_keras_serializable(package="course_lib")
class InverseTimeDecay(LearningRateSchedule):
    """Decays the learning rate as the inverse of time.

        lr(t) = initial_lr / (1 + decay * t)

    Args:
        initial_lr: Learning rate at step 0.
        decay: Decay rate per step, `>= 0`.

    Example:

    ```python
    schedule = InverseTimeDecay(0.1, decay=0.01)
    schedule(100)  # 0.1 / (1 + 0.01 * 100) = 0.05
    ```
    """

    def __init__(self, initial_lr, decay):
        self.initial_lr = check_positive_number(initial_lr, "initial_lr")
        self.decay = check_non_negative_number(decay, "decay")

    def __call__(self, step):
        return self.initial_lr / (1.0 + self.decay * _as_float(step))

    def get_config(self):
        return {"initial_lr": self.initial_lr, "decay": self.decay}


@keras.saving.register_keras_serializable(package="course_lib")
class ExponentialDecay(LearningRateSchedule):
    """Decays the learning rate exponentially with the step.

        lr(t) = initial_lr * exp(-decay * t)

    Args:
        initial_lr: Learning rate at step 0.
        decay: Decay rate per step, `>= 0`.

    Example:

    ```python
    schedule = ExponentialDecay(0.1, decay=0.01)
    schedule(100)  # 0.1 * exp(-1) = 0.0368
    ```
    """

    def __init__(self, initial_lr, decay):
        self.initial_lr = check_positive_number(initial_lr, "initial_lr")
        self.decay = check_non_negative_number(decay, "decay")

    def __call__(self, step):
        return self.initial_lr * ops.exp(-self.decay * _as_float(step))

    def get_config(self):
        return {"initial_lr": self.initial_lr, "decay": self.decay}


@keras.saving.register_keras_serializable(package="course_lib")
class WarmupCosine(LearningRateSchedule):
    """Linear warm-up, then cosine decay, then a constant floor.

        lr(t) = peak_lr * t / warmup_steps                      if t < warmup_steps
        lr(t) = final_lr + (peak_lr - final_lr)
                * (1 + cos(pi * (t - warmup_steps)
                           / (total_steps - warmup_steps))) / 2  if t <= total_steps
        lr(t) = final_lr                                        after total_steps

    Args:
        peak_lr: Learning rate at the end of the warm-up.
        warmup_steps: Length of the linear warm-up, an integer `>= 0` (0
            starts directly at `peak_lr`).
        total_steps: Step at which the cosine reaches `final_lr`; must be
            greater than `warmup_steps`.
        final_lr: Learning rate at and after `total_steps`, in
            `[0, peak_lr]`.

    Example:

    ```python
    schedule = WarmupCosine(1e-3, warmup_steps=100, total_steps=1000)
    schedule(50), schedule(100), schedule(1000)  # 5e-4, 1e-3, 0.0
    ```
    """

    def __init__(self, peak_lr, warmup_steps, total_steps, final_lr=0.0):
        self.peak_lr = check_positive_number(peak_lr, "peak_lr")
        self.warmup_steps = check_positive_int(
            warmup_steps, "warmup_steps", minimum=0
        )
        self.total_steps = check_positive_int(total_steps, "total_steps")
        if self.total_steps <= self.warmup_steps:
            raise ValueError(
                "`total_steps` must be greater than `warmup_steps`. Received: "
                f"warmup_steps={warmup_steps!r}, total_steps={total_steps!r}"
            )
        self.final_lr = check_in_range(final_lr, "final_lr", 0.0, self.peak_lr)

    def __call__(self, step):
        t = _as_float(step)
        warmup = self.peak_lr * t / max(self.warmup_steps, 1)
        progress = ops.clip(
            (t - self.warmup_steps) / (self.total_steps - self.warmup_steps),
            0.0,
            1.0,
        )
        decay = _cosine_interpolation(self.peak_lr, self.final_lr, progress)
        return ops.where(t < self.warmup_steps, warmup, decay)

    def get_config(self):
        return {
            "peak_lr": self.peak_lr,
            "warmup_steps": self.warmup_steps,
            "total_steps": self.total_steps,
            "final_lr": self.final_lr,
        }


@keras.saving.register_keras_serializable(package="course_lib")
class OneCycle(LearningRateSchedule):
    """Smith's one-cycle policy, with cosine annealing in both phases.

    With `initial_lr = max_lr / div_factor`, `min_lr = initial_lr /
    final_div_factor` and `peak = pct_start * total_steps`:

        lr(t) = max_lr + (initial_lr - max_lr) * (1 + cos(pi * t / peak)) / 2
                                                            if t <= peak
        lr(t) = min_lr + (max_lr - min_lr)
                * (1 + cos(pi * (t - peak) / (total_steps - peak))) / 2
                                                            if t <= total_steps
        lr(t) = min_lr                                      after total_steps

    Args:
        max_lr: Peak learning rate, reached at step `pct_start * total_steps`.
        total_steps: Length of the cycle in steps.
        pct_start: Fraction of the cycle spent increasing, in `(0, 1)`.
        div_factor: `max_lr / div_factor` is the starting learning rate.
        final_div_factor: The cycle ends at
            `max_lr / (div_factor * final_div_factor)`.

    Example:

    ```python
    schedule = OneCycle(0.1, total_steps=1000)
    schedule(0), schedule(300), schedule(1000)  # 0.004, 0.1, 4e-7
    ```
    """

    def __init__(
        self,
        max_lr,
        total_steps,
        pct_start=0.3,
        div_factor=25.0,
        final_div_factor=1e4,
    ):
        self.max_lr = check_positive_number(max_lr, "max_lr")
        self.total_steps = check_positive_int(total_steps, "total_steps")
        self.pct_start = check_in_range(
            pct_start, "pct_start", 0.0, 1.0, low_open=True, high_open=True
        )
        self.div_factor = check_positive_number(div_factor, "div_factor")
        self.final_div_factor = check_positive_number(
            final_div_factor, "final_div_factor"
        )

    @property
    def initial_lr(self):
        return self.max_lr / self.div_factor

    @property
    def min_lr(self):
        return self.initial_lr / self.final_div_factor

    def __call__(self, step):
        t = _as_float(step)
        peak = self.pct_start * self.total_steps
        rising = ops.clip(t / peak, 0.0, 1.0)
        falling = ops.clip((t - peak) / (self.total_steps - peak), 0.0, 1.0)
        up = _cosine_interpolation(self.initial_lr, self.max_lr, rising)
        down = _cosine_interpolation(self.max_lr, self.min_lr, falling)
        return ops.where(t <= peak, up, down)

    def get_config(self):
        return {
            "max_lr": self.max_lr,
            "total_steps": self.total_steps,
            "pct_start": self.pct_start,
            "div_factor": self.div_factor,
            "final_div_factor": self.final_div_factor,
        }


def plot_schedule(schedule, steps, ax=None):
    """Plots a learning-rate schedule against the optimizer step.

    Args:
        schedule: A `LearningRateSchedule`, or any callable of the step.
        steps: The number of steps to show (steps `0..steps`), or a 1-D
            sequence of step numbers.
        ax: Matplotlib Axes to draw on; a new figure is made if `None`.

    Returns:
        The Matplotlib Axes.

    Example:

    ```python
    plot_schedule(OneCycle(0.1, total_steps=1000), steps=1000)
    ```
    """
    if not callable(schedule):
        raise ValueError(
            "`schedule` must be a LearningRateSchedule or a callable of the "
            f"step. Received: {schedule!r}"
        )
    if isinstance(steps, numbers.Integral) and not isinstance(steps, bool):
        steps = check_positive_int(steps, "steps")
        step_values = np.arange(steps + 1)
    else:
        step_values = np.asarray(steps)
        if step_values.ndim != 1 or step_values.size == 0:
            raise ValueError(
                "`steps` must be a positive integer or a non-empty 1-D "
                f"sequence of steps. Received shape: {step_values.shape}"
            )
    rates = np.asarray(schedule(ops.convert_to_tensor(step_values)))
    rates = np.broadcast_to(rates, step_values.shape)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(step_values, rates, label=type(schedule).__name__)
    ax.set_xlabel("step")
    ax.set_ylabel("learning rate")
    ax.legend()
    return ax


def _cosine_interpolation(start, end, progress):
    """Goes from `start` (progress 0) to `end` (progress 1) along a half cosine.

    Uses `(1 + cos(pi * p)) / 2 == cos(pi * p / 2) ** 2`, which keeps float32
    precise near the end, where `1 + cos` would cancel.
    """
    return end + (start - end) * ops.square(ops.cos(math.pi / 2.0 * progress))


def _as_float(step):
    return ops.cast(step, "float32")
