import types

import keras
import numpy as np
import pytest

from course_lib.callbacks import TimeBudget
from course_lib.callbacks import time_budget

SECONDS_PER_BATCH = 0.2


class FakeClock:
    """A `perf_counter` that only moves when told to."""

    def __init__(self):
        self.now = 100.0

    def perf_counter(self):
        return self.now


class SlowBatches(keras.callbacks.Callback):
    """Advances the clock by SECONDS_PER_BATCH at the end of every batch."""

    def __init__(self, clock):
        super().__init__()
        self.clock = clock
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self.clock.now += SECONDS_PER_BATCH
        self.batches += 1


@pytest.fixture
def clock(monkeypatch):
    # A controlled clock makes the stopping batch exact on a loaded machine.
    fake = FakeClock()
    fake_time = types.SimpleNamespace(perf_counter=fake.perf_counter)
    monkeypatch.setattr(time_budget, "time", fake_time)
    return fake


@pytest.fixture(scope="module")
def warm_model():
    """A model whose train step is already traced, so batches are quick."""
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    x, y = np.zeros((80, 3), "float32"), np.zeros((80, 1), "float32")
    model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    return model, x, y


def test_stops_at_the_first_batch_past_the_budget(warm_model, clock):
    model, x, y = warm_model
    budget = TimeBudget(seconds=0.5)
    slow = SlowBatches(clock)
    # Slow batches come first, so the budget sees each batch's time.
    history = model.fit(
        x, y, batch_size=8, epochs=5, verbose=0, callbacks=[slow, budget]
    )

    # Batches end at 0.2 s, 0.4 s, 0.6 s...: the 3rd is the first past 0.5 s.
    assert slow.batches == 3
    assert budget.stopped_early
    assert budget.elapsed == pytest.approx(0.6)
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
