import math

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib import schedules
from course_lib.schedules import ExponentialDecay
from course_lib.schedules import InverseTimeDecay
from course_lib.schedules import OneCycle
from course_lib.schedules import StepDecay
from course_lib.schedules import WarmupCosine
from course_lib.schedules import plot_schedule

STEPS = [0, 1, 7, 10, 25, 30, 99, 100, 150]


def warmup_cosine(t, peak, warmup, total, final):
    if t < warmup:
        return peak * t / warmup
    if t >= total:
        return final
    progress = (t - warmup) / (total - warmup)
    return final + (peak - final) * (1 + math.cos(math.pi * progress)) / 2


def one_cycle(t, max_lr, total, pct_start, div, final_div):
    initial, peak = max_lr / div, pct_start * total
    minimum = initial / final_div
    if t <= peak:
        return max_lr + (initial - max_lr) * (1 + math.cos(math.pi * t / peak)) / 2
    if t >= total:
        return minimum
    progress = (t - peak) / (total - peak)
    return minimum + (max_lr - minimum) * (1 + math.cos(math.pi * progress)) / 2


CASES = [
    (StepDecay(0.1, 0.5, 10), lambda t: 0.1 * 0.5 ** math.floor(t / 10)),
    (InverseTimeDecay(0.1, 0.05), lambda t: 0.1 / (1 + 0.05 * t)),
    (ExponentialDecay(0.1, 0.02), lambda t: 0.1 * math.exp(-0.02 * t)),
    (
        WarmupCosine(1e-3, 10, 100, final_lr=1e-5),
        lambda t: warmup_cosine(t, 1e-3, 10, 100, 1e-5),
    ),
    (WarmupCosine(1e-3, 0, 100), lambda t: warmup_cosine(t, 1e-3, 0, 100, 0.0)),
    (
        OneCycle(0.1, 100),
        lambda t: one_cycle(t, 0.1, 100, 0.3, 25.0, 1e4),
    ),
    (
        OneCycle(0.5, 80, pct_start=0.25, div_factor=10, final_div_factor=100),
        lambda t: one_cycle(t, 0.5, 80, 0.25, 10.0, 100.0),
    ),
]
IDS = [
    "step",
    "inverse",
    "exponential",
    "warmup",
    "no-warmup",
    "one-cycle",
    "one-cycle-custom",
]


@pytest.mark.parametrize("schedule, formula", CASES, ids=IDS)
def test_schedules_follow_their_formulas(schedule, formula):
    for step in STEPS:
        expected = formula(step)
        assert float(schedule(step)) == pytest.approx(expected, rel=1e-5, abs=1e-9)
    # The optimizer passes its int64 iteration counter.
    assert float(schedule(keras.ops.convert_to_tensor(7, "int64"))) == pytest.approx(
        formula(7), rel=1e-5
    )


def test_one_cycle_landmarks():
    schedule = OneCycle(0.1, total_steps=1000, pct_start=0.3)
    assert float(schedule(0)) == pytest.approx(0.1 / 25)
    assert float(schedule(300)) == pytest.approx(0.1)
    assert float(schedule(1000)) == pytest.approx(0.1 / (25 * 1e4))
    assert float(schedule(5000)) == pytest.approx(0.1 / (25 * 1e4))


def test_warmup_cosine_landmarks():
    schedule = WarmupCosine(2e-3, warmup_steps=100, total_steps=1000, final_lr=1e-4)
    assert float(schedule(0)) == 0.0
    assert float(schedule(50)) == pytest.approx(1e-3)
    assert float(schedule(100)) == pytest.approx(2e-3)
    assert float(schedule(550)) == pytest.approx((2e-3 + 1e-4) / 2)
    assert float(schedule(1000)) == pytest.approx(1e-4)
    assert float(schedule(2000)) == pytest.approx(1e-4)


@pytest.mark.parametrize("schedule", [case[0] for case in CASES], ids=IDS)
def test_schedules_survive_a_keras_save_and_load(schedule, tmp_path):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(learning_rate=schedule), "mse")
    x, y = np.ones((12, 3), "float32"), np.ones((12, 1), "float32")
    model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    model.save(tmp_path / "model.keras")

    loaded = keras.models.load_model(tmp_path / "model.keras")
    restored = loaded.optimizer.get_config()["learning_rate"]
    assert restored["registered_name"] == f"course_lib>{type(schedule).__name__}"
    assert restored["config"] == schedule.get_config()
    assert int(loaded.optimizer.iterations) == 3
    assert float(loaded.optimizer.learning_rate) == pytest.approx(float(schedule(3)))


def test_schedules_are_registered_under_course_lib():
    schedule = OneCycle(0.1, 100)
    config = keras.saving.serialize_keras_object(schedule)
    assert config["registered_name"] == "course_lib>OneCycle"
    restored = keras.saving.deserialize_keras_object(config)
    assert restored.get_config() == schedule.get_config()


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: StepDecay(0.0, 0.5, 10), "initial_lr"),
        (lambda: StepDecay(0.1, 1.5, 10), "factor"),
        (lambda: StepDecay(0.1, 0.5, 0), "step_size"),
        (lambda: StepDecay(0.1, 0.5, 2.5), "step_size"),
        (lambda: InverseTimeDecay(0.1, -1.0), "decay"),
        (lambda: ExponentialDecay(float("nan"), 0.1), "initial_lr"),
        (lambda: WarmupCosine(1e-3, 100, 100), "total_steps"),
        (lambda: WarmupCosine(1e-3, -1, 100), "warmup_steps"),
        (lambda: WarmupCosine(1e-3, 10, 100, final_lr=1e-2), "final_lr"),
        (lambda: OneCycle(0.1, 100, pct_start=1.0), "pct_start"),
        (lambda: OneCycle(0.1, 100, div_factor=0), "div_factor"),
        (lambda: OneCycle(0.1, 100, final_div_factor="big"), "final_div_factor"),
        (lambda: OneCycle(-0.1, 100), "max_lr"),
    ],
)
def test_validates_arguments(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_plot_schedule_draws_the_learning_rate_per_step():
    schedule = StepDecay(0.1, 0.5, 10)
    ax = plot_schedule(schedule, steps=30)
    line = ax.get_lines()[0]
    np.testing.assert_array_equal(line.get_xdata(), np.arange(31))
    expected = [0.1 * 0.5 ** (t // 10) for t in range(31)]
    np.testing.assert_allclose(line.get_ydata(), expected, rtol=1e-6)
    assert ax.get_xlabel() == "step" and ax.get_ylabel() == "learning rate"

    _, own_ax = plt.subplots()
    assert plot_schedule(schedule, steps=[0, 5, 20], ax=own_ax) is own_ax
    np.testing.assert_allclose(own_ax.get_lines()[0].get_ydata(), [0.1, 0.1, 0.025])
    plt.close("all")


@pytest.mark.parametrize("steps", [0, [], [[1, 2]]])
def test_plot_schedule_validates_steps(steps):
    with pytest.raises(ValueError, match="steps"):
        plot_schedule(StepDecay(0.1, 0.5, 10), steps)


def test_module_lists_its_schedules():
    names = [
        "StepDecay",
        "InverseTimeDecay",
        "ExponentialDecay",
        "WarmupCosine",
        "OneCycle",
    ]
    for name in names:
        assert issubclass(
            getattr(schedules, name), keras.optimizers.schedules.LearningRateSchedule
        )
