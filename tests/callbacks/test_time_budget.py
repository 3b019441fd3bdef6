import math
import time

import keras
import numpy as np
import pytest

from course_lib.callbacks import TimeBudget

SLEEP_PER_BATCH = 0.2


class SlowBatches(keras.callbacks.Callback):
    """Makes every batch take at least SLEEP_PER_BATCH seconds."""

    def __init__(self):
        super().__init__()
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        time.sleep(SLEEP_PER_BATCH)
        self.batches += 1


@pytest.fixture(scope="module")
def warm_model():
    """A model whose train step is already traced, so batches are quick."""
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    x, y = np.zeros((80, 3), "float32"), np.zeros((80, 1), "float32")
    model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    return model, x, y


def test_stops_within_one_batch_of_the_budget(warm_model):
    model, x, y = warm_model
    budget = TimeBudget(seconds=0.5)
    slow = SlowBatches()
    # Slow batches come first, so the budget sees each batch's sleep.
    history = model.fit(
        x, y, batch_size=8, epochs=5, verbose=0, callbacks=[slow, budget]
    )

    # Batches end at 0.2 s, 0.4 s, 0.6 s...: the 3rd is the first past 0.5 s.
    assert slow.batches == math.ceil(0.5 / SLEEP_PER_BATCH) == 3
    assert budget.stopped_early
    assert budget.elapsed >= 0.5
    assert len(history.epoch) == 1


def test_runs_to_the_end_when_the_budget_suffices(warm_model):
    model, x, y = warm_model
    budget = TimeBudget(seconds=600)
    history = model.fit(x, y, batch_size=8, epochs=2, verbose=0, callbacks=[budget])

    assert not budget.stopped_early
    assert len(history.epoch) == 2
    elapsed = budget.elapsed
    assert 0 < elapsed < 600
    assert budget.elapsed == elapsed  # frozen once training ends


@pytest.mark.parametrize("seconds", [0, -1, float("inf"), float("nan"), "60", True])
def test_validates_the_budget(seconds):
    with pytest.raises(ValueError, match="seconds"):
        TimeBudget(seconds)
