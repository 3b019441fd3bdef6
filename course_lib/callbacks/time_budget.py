"""A callback that ends training once a wall-clock budget is spent."""

import time

import keras

from course_lib._validation import check_positive_number


class TimeBudget(keras.callbacks.Callback):
    """Stops training cleanly once `seconds` of wall-clock time have passed.

    The clock starts when training begins and is checked after every training
    batch and every epoch. When the budget is spent, the callback sets
    `model.stop_training`, so `fit` finishes the current batch and returns
    normally, with the usual `on_train_end` callbacks (checkpoints, logs).

    Args:
        seconds: The budget, a positive number of seconds.

    Attributes:
        stopped_early: Whether the budget ended training.
        elapsed: Seconds since training began (frozen when it ends).

    Example:

    ```python
    budget = TimeBudget(seconds=60)
    model.fit(x, y, epochs=1000, callbacks=[budget])
    print(budget.stopped_early, f"{budget.elapsed:.1f} s")
    ```
    """

    def __init__(self, seconds):
        super().__init__()
        self.seconds = check_positive_number(seconds, "seconds")
        self.stopped_early = False
        self._start = None
        self._end = None

    @property
    def elapsed(self):
        if self._start is None:
            return 0.0
        end = time.perf_counter() if self._end is None else self._end
        return end - self._start

    def on_train_begin(self, logs=None):
        self.stopped_early = False
        self._start = time.perf_counter()
        self._end = None

    def on_train_batch_end(self, batch, logs=None):
        self._stop_if_spent()

    def on_epoch_end(self, epoch, logs=None):
        self._stop_if_spent()

    def on_train_end(self, logs=None):
        self._end = time.perf_counter()

    def _stop_if_spent(self):
        if self.elapsed >= self.seconds:
            self.stopped_early = True
            self.model.stop_training = True
