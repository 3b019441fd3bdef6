"""Benchmark: training from `make_dataset` against NumPy arrays passed to `fit`.

Trains the same small CNN on CIFAR-10 (32x32x3 images) fed three ways and
prints the training throughput in images per second:

- **NumPy**: float32 arrays in `[0, 1]` passed to `model.fit(x, y,
  batch_size=...)` (converted before timing, which favours NumPy);
- **pipeline**: `course_lib.pipelines.make_dataset` on the uint8 arrays
  (cache, seeded shuffle, batch, conversion to float32, prefetch);
- **pipeline + augmentation**: the same with random crop (reflect padding
  4) and horizontal flip, computed on the fly; NumPy has no counterpart.

The ratio is pipeline / NumPy throughput (above 1: the pipeline is faster).

Method: each model is built from the same seed and trained one epoch to
trace and compile it (not timed). Then rounds of one epoch per feed are
timed in alternating order (NumPy, pipeline, ... then reversed), so that
drift in machine load hits all alike, and the figure kept is the median
over rounds.

Usage:

    python bench/input_pipeline.py                     # 10,000 images, 5 rounds
    python bench/input_pipeline.py --samples 50000 --rounds 7
    python bench/input_pipeline.py --smoke             # seconds, synthetic data
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from course_lib.data import DatasetUnavailableError  # noqa: E402
from course_lib.data import load_cifar10  # noqa: E402
from course_lib.devices import device_summary  # noqa: E402
from course_lib.devices import format_summary  # noqa: E402
from course_lib.pipelines import RandomFlip  # noqa: E402
from course_lib.pipelines import RandomPadCrop  # noqa: E402
from course_lib.pipelines import make_dataset  # noqa: E402


def build_cnn(jit_compile):
    """Conv(32)-pool-Conv(64)-pool-Conv(128)-global pool-Dense(10)."""
    keras.utils.set_random_seed(0)
    inputs = keras.Input((32, 32, 3))
    x = inputs
    for filters in (32, 64, 128):
        x = keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
        x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(10)(x)
    model = keras.Model(inputs, outputs)
    model.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        jit_compile=jit_compile,
    )
    return model


def load_data(samples, synthetic):
    if not synthetic:
        try:
            (x, y), _ = load_cifar10()
            return x[:samples], y[:samples], "CIFAR-10"
        except DatasetUnavailableError as error:
            print(f"CIFAR-10 unavailable, using synthetic images ({error})")
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (samples, 32, 32, 3), dtype=np.uint8)
    y = rng.integers(0, 10, (samples, 1), dtype=np.uint8)
    return x, y, "synthetic"


def make_feeds(x, y, batch_size, jit_compile):
    """name -> (model, function training it one epoch)."""
    x_float = x.astype("float32") / 255.0
    pipeline = make_dataset(x, y, batch_size, training=True, seed=0)
    augmented = make_dataset(
        x,
        y,
        batch_size,
        training=True,
        seed=0,
        augment=[RandomPadCrop(4, "reflect"), RandomFlip()],
    )
    feeds = {}
    for name, fit_kwargs in (
        ("NumPy", {"x": x_float, "y": y, "batch_size": batch_size, "shuffle": True}),
        ("pipeline", {"x": pipeline, "shuffle": False}),
        ("pipeline + augmentation", {"x": augmented, "shuffle": False}),
    ):
        model = build_cnn(jit_compile)
        feeds[name] = (
            model,
            lambda model=model, kw=fit_kwargs: model.fit(epochs=1, verbose=0, **kw),
        )
    return feeds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jit-compile", choices=("true", "false"), default="false")
    parser.add_argument("--synthetic", action="store_true", help="random images")
    parser.add_argument(
        "--smoke", action="store_true", help="512 synthetic images, 1 round"
    )
    args = parser.parse_args()
    if args.smoke:
        args.samples, args.rounds, args.synthetic = 512, 1, True

    x, y, name = load_data(args.samples, args.synthetic)
    print(format_summary(device_summary(verbose=False)))
    print(
        f"{name}: {len(x):,} images, batch {args.batch_size}, "
        f"jit_compile={args.jit_compile}, median of {args.rounds} rounds"
    )
    if args.smoke:
        print("SMOKE RUN: tiny data, figures mean nothing")
    feeds = make_feeds(x, y, args.batch_size, args.jit_compile == "true")
    for _, train_one_epoch in feeds.values():
        train_one_epoch()  # traces and compiles
    seconds = {feed: [] for feed in feeds}
    for round_index in range(args.rounds):
        order = list(feeds) if round_index % 2 == 0 else list(reversed(feeds))
        for feed in order:
            start = time.perf_counter()
            feeds[feed][1]()
            seconds[feed].append(time.perf_counter() - start)
    throughput = {
        feed: len(x) / statistics.median(times) for feed, times in seconds.items()
    }
    header = f"{'feed':<26}{'images/s':>10}{'vs NumPy':>10}"
    print(header)
    print("-" * len(header))
    for feed, rate in throughput.items():
        print(f"{feed:<26}{rate:>10,.0f}{rate / throughput['NumPy']:>9.2f}x")


if __name__ == "__main__":
    main()
