"""Benchmark: course_lib.layers against their Keras counterparts.

Times one training step (`model.train_on_batch`) of a small CNN on
MNIST-shaped synthetic batches `(B, 28, 28, 1)`, once with each
`course_lib` layer and once with the nearest Keras layer, and prints the
median step times and their ratio (ours / Keras).

Method: both models of a pair are built from the same seed, warmed up
(tracing and compilation excluded), then timed in interleaved rounds
(ours, Keras, Keras, ours, ...) so that drifts in machine load hit both
alike; each round times enough consecutive steps to last about
`--round-seconds`, and the figure kept is the median over rounds of the
time per step.

Usage:

    python bench/layers.py                     # XLA and graph mode
    python bench/layers.py --jit-compile true  # XLA only
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from course_lib import layers  # noqa: E402

DROPOUT_TARGET = 1.10
BATCH_NORM_TARGET = 1.25


def _after_convs(make_layer):
    """Stage map for a layer placed after each convolution."""
    return {"conv": make_layer}


# name, Keras counterpart (as printed), ours, Keras, target ratio or None.
# Each model is a stage map: which layer to insert at "input" (the
# images), "conv" (after each of the two convolutions) or "dense" (the
# hidden dense layer, replacing it).
PAIRS = [
    (
        "InvertedDropout",
        "Dropout",
        _after_convs(lambda: layers.InvertedDropout(0.3, seed=1)),
        _after_convs(lambda: keras.layers.Dropout(0.3, seed=1)),
        DROPOUT_TARGET,
    ),
    (
        "ClassicDropout",
        "Dropout",
        _after_convs(lambda: layers.ClassicDropout(0.3, seed=1)),
        _after_convs(lambda: keras.layers.Dropout(0.3, seed=1)),
        DROPOUT_TARGET,
    ),
    (
        "SpatialDropout2D",
        "SpatialDropout2D",
        _after_convs(lambda: layers.SpatialDropout2D(0.3, seed=1)),
        _after_convs(lambda: keras.layers.SpatialDropout2D(0.3, seed=1)),
        DROPOUT_TARGET,
    ),
    (
        "DropConnectDense",
        "Dropout + Dense",
        {"dense": lambda: [layers.DropConnectDense(64, 0.5, "relu", seed=1)]},
        {
            "dense": lambda: [
                keras.layers.Dropout(0.5, seed=1),
                keras.layers.Dense(64, "relu"),
            ]
        },
        DROPOUT_TARGET,
    ),
    (
        "Cutout",
        "RandomErasing",
        {"input": lambda: layers.Cutout(10, seed=1)},
        {
            # Always one zero-filled patch covering ~the same area (10x10).
            "input": lambda: keras.layers.RandomErasing(
                factor=1.0,
                scale=(0.125, 0.125),
                fill_value=0.0,
                value_range=(0.0, 1.0),
                seed=1,
            )
        },
        DROPOUT_TARGET,
    ),
    (
        "BatchNorm",
        "BatchNormalization",
        _after_convs(layers.BatchNorm),
        _after_convs(keras.layers.BatchNormalization),
        BATCH_NORM_TARGET,
    ),
    (
        "BatchRenorm",
        "BatchNormalization(renorm)",
        _after_convs(layers.BatchRenorm),
        _after_convs(
            lambda: keras.layers.BatchNormalization(
                renorm=True,
                renorm_clipping={"rmax": 3.0, "rmin": 1 / 3.0, "dmax": 5.0},
            )
        ),
        None,
    ),
    (
        "GhostBatchNorm",
        "BatchNormalization",
        _after_convs(lambda: layers.GhostBatchNorm(16)),
        _after_convs(keras.layers.BatchNormalization),
        None,
    ),
    (
        "LayerNorm",
        "LayerNormalization",
        _after_convs(layers.LayerNorm),
        _after_convs(keras.layers.LayerNormalization),
        None,
    ),
    (
        "GroupNorm",
        "GroupNormalization",
        _after_convs(lambda: layers.GroupNorm(groups=8)),
        _after_convs(lambda: keras.layers.GroupNormalization(groups=8)),
        None,
    ),
]


def _as_list(made):
    return made if isinstance(made, list) else [made]


def build_cnn(stages, jit_compile):
    """Conv(16)-[layer]-pool-Conv(32)-[layer]-pool-Dense(64)-Dense(10)."""
    keras.utils.set_random_seed(0)
    inputs = keras.Input((28, 28, 1))
    x = inputs
    for layer in _as_list(stages["input"]()) if "input" in stages else []:
        x = layer(x)
    for filters in (16, 32):
        x = keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(
            x
        )
        for layer in _as_list(stages["conv"]()) if "conv" in stages else []:
            x = layer(x)
        x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Flatten()(x)
    dense = stages.get("dense", lambda: keras.layers.Dense(64, "relu"))
    for layer in _as_list(dense()):
        x = layer(x)
    outputs = keras.layers.Dense(10)(x)
    model = keras.Model(inputs, outputs)
    model.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        jit_compile=jit_compile,
    )
    return model


def time_steps(model, x, y, steps):
    start = time.perf_counter()
    for _ in range(steps):
        model.train_on_batch(x, y)
    return (time.perf_counter() - start) / steps


def compare(ours, theirs, x, y, args):
    """Median seconds per step of both models, timed in interleaved rounds.

    Each round runs enough steps to last about `args.round_seconds`, judged
    from the slower model's warm-up, so slow and fast pairs get equally
    stable figures.
    """
    for model in (ours, theirs):
        model.train_on_batch(x, y)  # traces and compiles
    warm = max(time_steps(model, x, y, args.warmup) for model in (ours, theirs))
    steps = max(1, round(args.round_seconds / warm))
    times = {id(ours): [], id(theirs): []}
    for round_index in range(args.rounds):
        order = (ours, theirs) if round_index % 2 == 0 else (theirs, ours)
        for model in order:
            times[id(model)].append(time_steps(model, x, y, steps))
    return (
        statistics.median(times[id(ours)]),
        statistics.median(times[id(theirs)]),
        steps,
    )


def run(jit_compile, args, x, y):
    mode = (
        "XLA (jit_compile=True)" if jit_compile else "graph (jit_compile=False)"
    )
    print(f"\n{mode}, batch {args.batch_size}, median of {args.rounds} rounds")
    header = (
        f"{'course_lib':<18}{'Keras':<28}{'steps':>6}{'ours ms':>9}"
        f"{'Keras ms':>10}{'ratio':>8}  target"
    )
    print(header)
    print("-" * len(header))
    for name, keras_name, ours_stages, keras_stages, target in PAIRS:
        if args.only and name not in args.only:
            continue
        ours = build_cnn(ours_stages, jit_compile)
        theirs = build_cnn(keras_stages, jit_compile)
        ours_s, theirs_s, steps = compare(ours, theirs, x, y, args)
        ratio = ours_s / theirs_s
        verdict = (
            ""
            if target is None
            else (f"<= {target:.2f}  {'met' if ratio <= target else 'MISSED'}")
        )
        print(
            f"{name:<18}{keras_name:<28}{steps:>6}{ours_s * 1e3:>9.2f}"
            f"{theirs_s * 1e3:>10.2f}{ratio:>8.3f}  {verdict}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=3, help="steps per model")
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument(
        "--round-seconds",
        type=float,
        default=0.5,
        help="approximate length of one timed round of one model",
    )
    parser.add_argument(
        "--only", nargs="*", metavar="LAYER", help="course_lib layers to time"
    )
    parser.add_argument(
        "--jit-compile", choices=("both", "true", "false"), default="both"
    )
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    x = rng.uniform(size=(args.batch_size, 28, 28, 1)).astype("float32")
    y = rng.integers(0, 10, size=args.batch_size)
    modes = {"both": (True, False), "true": (True,), "false": (False,)}
    for jit_compile in modes[args.jit_compile]:
        run(jit_compile, args, x, y)


if __name__ == "__main__":
    main()
