"""Step-time overhead of the course_lib monitors, against training without one.

Trains one small model on MNIST-shaped synthetic data (28x28x1 images, 10
classes) with `model.fit`, once per configuration and repeat. Configurations
are interleaved in a shuffled order within each repeat, so that slow phases of
the machine hit every configuration alike, and the median over repeats is
reported, in wall-clock time per step and in CPU time of this process per
step (less sensitive to other programs sharing the machine). The model and
its compiled train step are shared, so tracing is paid once, in an untimed
warm-up round.

Run from the repository root:

    python bench/callbacks.py            # MLP, the default
    python bench/callbacks.py --model cnn

Target: at most 10% overhead for GradientNormMonitor(every_n_batches=10),
ActivationMonitor and WeightNormMonitor.
"""

import argparse
import os
import random
import statistics
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from course_lib.callbacks import ActivationMonitor  # noqa: E402
from course_lib.callbacks import GradientNormMonitor  # noqa: E402
from course_lib.callbacks import WeightNormMonitor  # noqa: E402

TARGET = 0.10
WITH_TARGET = (
    "GradientNormMonitor(every_n_batches=10)",
    "ActivationMonitor()",
    "WeightNormMonitor()",
)


def make_data(samples, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 1.0, size=(samples, 28, 28, 1)).astype("float32")
    y = rng.integers(0, 10, size=samples)
    return x, y


def make_model(kind):
    if kind == "mlp":
        layers = [
            keras.layers.Flatten(),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dense(128, activation="relu"),
        ]
    else:
        layers = [
            keras.layers.Conv2D(16, 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Conv2D(32, 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Flatten(),
            keras.layers.Dense(64, activation="relu"),
        ]
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            *layers,
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        keras.optimizers.Adam(1e-3),
        "sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def make_configurations(x, y, probe_size):
    probe_x, probe_y = x[:probe_size], y[:probe_size]
    return {
        "no monitor": [],
        "GradientNormMonitor(every_n_batches=1)": [
            GradientNormMonitor(probe_x, probe_y)
        ],
        "GradientNormMonitor(every_n_batches=10)": [
            GradientNormMonitor(probe_x, probe_y, every_n_batches=10)
        ],
        "ActivationMonitor()": [ActivationMonitor(probe_x)],
        "WeightNormMonitor()": [WeightNormMonitor()],
    }


def time_fit(model, x, y, callbacks, epochs, batch_size):
    """Returns the wall-clock and the process CPU seconds of one `fit`."""
    wall, cpu = time.perf_counter(), time.process_time()
    model.fit(
        x, y, batch_size=batch_size, epochs=epochs, verbose=0, callbacks=callbacks
    )
    return time.perf_counter() - wall, time.process_time() - cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["mlp", "cnn"], default="mlp")
    parser.add_argument("--samples", type=int, default=12_800)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--probe-size", type=int, default=128)
    args = parser.parse_args()

    keras.utils.set_random_seed(0)
    x, y = make_data(args.samples)
    model = make_model(args.model)
    configurations = make_configurations(x, y, args.probe_size)
    steps = args.epochs * -(-args.samples // args.batch_size)

    # Warm-up: traces the train step and each monitor's probe function.
    for callbacks in configurations.values():
        time_fit(model, x[: args.batch_size * 10], y[: args.batch_size * 10],
                 callbacks, 1, args.batch_size)

    wall_times = {name: [] for name in configurations}
    cpu_times = {name: [] for name in configurations}
    order = list(configurations)
    shuffler = random.Random(0)
    for _ in range(args.repeats):
        shuffler.shuffle(order)
        for name in order:
            wall, cpu = time_fit(
                model, x, y, configurations[name], args.epochs, args.batch_size
            )
            wall_times[name].append(wall / steps)
            cpu_times[name].append(cpu / steps)

    wall_baseline = statistics.median(wall_times["no monitor"])
    cpu_baseline = statistics.median(cpu_times["no monitor"])
    print(
        f"{args.model.upper()} on {args.samples} synthetic 28x28x1 images, "
        f"batch {args.batch_size}, {args.epochs} epochs ({steps} steps), "
        f"probe batch {args.probe_size}, median of {args.repeats} interleaved "
        "repeats"
    )
    print(
        f"{'configuration':42s} {'wall ms/step':>12s} {'overhead':>9s} "
        f"{'CPU ms/step':>12s} {'overhead':>9s}  target (wall)"
    )
    for name in configurations:
        wall = statistics.median(wall_times[name])
        cpu = statistics.median(cpu_times[name])
        wall_overhead = wall / wall_baseline - 1.0
        cpu_overhead = cpu / cpu_baseline - 1.0
        verdict = ""
        if name in WITH_TARGET:
            verdict = "ok" if wall_overhead <= TARGET else "MISSED"
        print(
            f"{name:42s} {1e3 * wall:12.2f} {100 * wall_overhead:+8.1f}% "
            f"{1e3 * cpu:12.2f} {100 * cpu_overhead:+8.1f}%  {verdict}"
        )


if __name__ == "__main__":
    main()
