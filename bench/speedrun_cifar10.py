"""Speed run: wall-clock time to a CIFAR-10 test accuracy, against a plain Keras CNN.

Two recipes, timed in one run on the same machine; each evaluates the test
set after every epoch and stops as soon as it reaches the target. A time
counts everything from building the model to that evaluation, compilation
included; loading the arrays from disk is not counted.

- **course recipe**: a ResNet-9 style network (the DAWNBench recipe, narrowed
  on a CPU), fed by `course_lib.pipelines.make_dataset`, random crops with
  reflect padding and horizontal flips, SGD with Nesterov momentum under a
  one-cycle schedule (`course_lib.schedules.OneCycle`), label smoothing and
  weight decay.
- **plain Keras CNN**: the long-standing Keras CIFAR-10 example network
  (two blocks of two 3x3 convolutions with dropout, a dense layer of 512),
  Adam at its default learning rate, batch 128, NumPy arrays, no
  augmentation, no schedule. It trains for at most `baseline_epochs`
  epochs and stops at the first epoch end past the course recipe's goal
  time (600 s on a CPU), so the table compares the two within the same
  wall-clock budget; when it misses the target, the ratio printed is a
  lower bound.

On a CPU the target is 80%. On a GPU the course recipe runs at full width
with mixed precision (`mixed_float16`) and XLA, augments inside the model
(`course_lib.layers.Augment`, so on the GPU), and the target is 94%; the
baseline keeps Keras' defaults.

Usage:

    python bench/speedrun_cifar10.py --data-note "JPEG re-encoded mirror"
    python bench/speedrun_cifar10.py --smoke     # seconds: tiny slice, 1 epoch
    python bench/speedrun_cifar10.py --skip-baseline --seeds 0 1 2

Pin the cores a run may use with `taskset -c 0,1 python ...` to measure
"two CPU cores" on a bigger machine.
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402

from course_lib.data import load_cifar10  # noqa: E402
from course_lib.devices import device_summary, hardware_line  # noqa: E402
from course_lib.layers import Augment  # noqa: E402
from course_lib.pipelines import RandomFlip  # noqa: E402
from course_lib.pipelines import RandomPadCrop  # noqa: E402
from course_lib.pipelines import make_dataset  # noqa: E402
from course_lib.reproducibility import set_seed  # noqa: E402
from course_lib.schedules import OneCycle  # noqa: E402

from _speedrun import StopAtAccuracy  # noqa: E402
from _speedrun import load_note  # noqa: E402
from _speedrun import median_time  # noqa: E402

# Per device: target, goal in seconds, width, epochs, batch size, max lr.
SETTINGS = {
    "cpu": {"target": 0.80, "goal": 600.0, "width": 16, "epochs": 10,
            "batch_size": 256, "max_lr": 0.2, "baseline_epochs": 30},
    "gpu": {"target": 0.94, "goal": 10.0, "width": 64, "epochs": 12,
            "batch_size": 512, "max_lr": 0.4, "baseline_epochs": 60},
}


def augmentations():
    return [RandomPadCrop(padding=4, mode="reflect"), RandomFlip()]


def conv_bn(x, filters, pool=False):
    x = keras.layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = keras.layers.BatchNormalization(momentum=0.9)(x)
    x = keras.layers.ReLU()(x)
    return keras.layers.MaxPooling2D()(x) if pool else x


def build_course_model(width, mean, variance, augment_in_model, seed):
    """ResNet-9: prep, (conv-pool + residual), conv-pool, (conv-pool + residual)."""
    inputs = keras.Input((32, 32, 3))
    x = inputs
    if augment_in_model:
        x = Augment(augmentations(), seed=seed)(x)
    x = keras.layers.Normalization(mean=mean, variance=variance)(x)
    x = conv_bn(x, width)
    for filters, residual in ((2 * width, True), (4 * width, False), (8 * width, True)):
        x = conv_bn(x, filters, pool=True)
        if residual:
            x = keras.layers.Add()([x, conv_bn(conv_bn(x, filters), filters)])
    x = keras.layers.GlobalMaxPooling2D()(x)
    x = keras.layers.Dense(10)(x)
    # Float32 softmax, so mixed precision keeps a stable loss.
    outputs = keras.layers.Activation("softmax", dtype="float32")(x)
    return keras.Model(inputs, outputs)


def build_plain_cnn():
    """The classic Keras CIFAR-10 example network."""
    return keras.Sequential(
        [
            keras.Input((32, 32, 3)),
            keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
            keras.layers.Conv2D(32, 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Dropout(0.25),
            keras.layers.Conv2D(64, 3, padding="same", activation="relu"),
            keras.layers.Conv2D(64, 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Dropout(0.25),
            keras.layers.Flatten(),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(10, activation="softmax", dtype="float32"),
        ]
    )


def run_course_recipe(data, seed, args):
    (x_train, y_train), (x_test, y_test) = data
    set_seed(seed, deterministic=False)
    scaled = x_train.astype("float32") / 255.0
    mean, variance = scaled.mean(axis=(0, 1, 2)), scaled.var(axis=(0, 1, 2))
    on_gpu = args.device == "gpu"
    start, cpu_start = time.perf_counter(), time.process_time()
    train = make_dataset(
        x_train,
        keras.utils.to_categorical(y_train, 10),
        batch_size=args.batch_size,
        training=True,
        seed=seed,
        augment=None if on_gpu else augmentations(),
        drop_remainder=True,
    )
    test = make_dataset(x_test, keras.utils.to_categorical(y_test, 10), 1000)
    steps = args.epochs * (len(x_train) // args.batch_size)
    model = build_course_model(args.width, mean, variance, on_gpu, seed)
    model.compile(
        optimizer=keras.optimizers.SGD(
            OneCycle(args.max_lr, total_steps=steps, pct_start=0.25),
            momentum=0.9,
            nesterov=True,
            weight_decay=5e-4 * args.batch_size / 512,
        ),
        loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.2),
        metrics=["accuracy"],
        jit_compile=True if on_gpu else "auto",
    )
    stop = StopAtAccuracy(test, args.target, start, cpu_start=cpu_start)
    model.fit(train, epochs=args.epochs, callbacks=[stop], shuffle=False, verbose=0)
    return _result("course recipe", seed, stop)


def run_plain_cnn(data, seed, args):
    (x_train, y_train), (x_test, y_test) = data
    set_seed(seed, deterministic=False)
    x_train = x_train.astype("float32") / 255.0
    x_test = x_test.astype("float32") / 255.0
    start, cpu_start = time.perf_counter(), time.process_time()
    model = build_plain_cnn()
    model.compile(
        optimizer="adam",
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    stop = StopAtAccuracy(
        (x_test, y_test), args.target, start, args.baseline_seconds, cpu_start=cpu_start
    )
    model.fit(
        x_train,
        y_train,
        batch_size=128,
        epochs=args.baseline_epochs,
        callbacks=[stop],
        verbose=0,
    )
    return _result("plain Keras CNN", seed, stop)


def _result(name, seed, stop):
    epoch, elapsed, accuracy = stop.history[-1]
    best = max(a for _, _, a in stop.history)
    reached = (
        f"{stop.reached_at:.1f} s (CPU time {stop.reached_cpu:.0f} s)"
        if stop.reached_at is not None
        else f"not reached in {elapsed:.1f} s (best {best:.2%})"
    )
    print(f"  {name}, seed {seed}: {reached}, epoch {epoch}; {load_note()}")
    print(
        "    per epoch: "
        + ", ".join(f"{e}: {a:.2%} at {t:.1f} s" for e, t, a in stop.history)
    )
    return {"seconds": stop.reached_at, "elapsed": elapsed, "accuracy": accuracy,
            "best": best}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", choices=("auto", "cpu", "gpu"), default="auto")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    for name in ("target", "width", "epochs", "batch_size", "max_lr", "baseline_epochs"):
        kind = float if name in ("target", "max_lr") else int
        parser.add_argument("--" + name.replace("_", "-"), type=kind, default=None,
                            help="default depends on the device")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--baseline-seconds", type=float, default=None,
        help="stop the baseline at the first epoch end past this (default: the goal)",
    )
    parser.add_argument("--train-samples", type=int, default=None)
    parser.add_argument(
        "--data-note", default="copy not described (pass --data-note)",
        help="what copy of CIFAR-10 this is, e.g. 'JPEG re-encoded mirror'",
    )
    parser.add_argument(
        "--smoke", action="store_true",
        help="a few seconds: 1 seed, 1 epoch of 1,024 images, narrow network",
    )
    args = parser.parse_args()

    info = device_summary(verbose=False)
    if args.device == "auto":
        args.device = "gpu" if info["gpus"] else "cpu"
    settings = SETTINGS[args.device]
    for name, value in settings.items():
        if name != "goal" and getattr(args, name) is None:
            setattr(args, name, value)
    if args.baseline_seconds is None:
        args.baseline_seconds = settings["goal"]
    if args.smoke:
        args.seeds, args.epochs, args.baseline_epochs = args.seeds[:1], 1, 1
        args.train_samples = args.train_samples or 1024
        args.width, args.batch_size = min(args.width, 8), min(args.batch_size, 128)
    if args.device == "gpu":
        keras.mixed_precision.set_global_policy("mixed_float16")

    (x_train, y_train), (x_test, y_test) = load_cifar10()
    if args.train_samples:
        x_train, y_train = x_train[: args.train_samples], y_train[: args.train_samples]
        x_test, y_test = x_test[: args.train_samples], y_test[: args.train_samples]
    data = ((x_train, y_train), (x_test, y_test))

    precision = "mixed_float16 + XLA" if args.device == "gpu" else "float32"
    print(f"Hardware: {hardware_line(info)}; running on {args.device.upper()} ({precision})")
    print(
        f"Data: CIFAR-10, {len(x_train):,} training and {len(x_test):,} test "
        f"images, {args.data_note} (loading from disk not timed)"
    )
    print(
        f"Seeds: {args.seeds}; target {args.target:.2%} test accuracy; course "
        f"recipe width {args.width}, batch {args.batch_size}, {args.epochs} "
        f"planned epochs, max lr {args.max_lr}"
    )
    if args.smoke:
        print("SMOKE RUN: tiny slice, figures mean nothing")

    course = [run_course_recipe(data, seed, args) for seed in args.seeds]
    baseline = None if args.skip_baseline else run_plain_cnn(data, args.seeds[0], args)

    print()
    header = f"{'recipe':<32}{'time to target':>26}{'test accuracy':>15}"
    print(header)
    print("-" * len(header))
    ours = median_time(course)
    ours_text = f"{ours:.1f} s" if ours is not None else "not reached"
    label = f"course recipe (median of {len(course)})"
    print(f"{label:<32}{ours_text:>26}"
          f"{statistics.median(r['accuracy'] for r in course):>15.2%}")
    if baseline is not None:
        theirs = baseline["seconds"]
        theirs_text = (
            f"{theirs:.1f} s" if theirs is not None
            else f"not reached in {baseline['elapsed']:.0f} s"
        )
        print(f"{'plain Keras CNN':<32}{theirs_text:>26}{baseline['best']:>15.2%}")
        if ours is not None:
            bound = "" if theirs is not None else "at least "
            print(
                f"Ratio: the plain CNN takes {bound}"
                f"{(theirs or baseline['elapsed']) / ours:.2f}x the course recipe's time"
            )
    if ours is not None:
        goal = settings["goal"]
        print(f"Goal: {args.target:.0%} in <= {goal:.0f} s: "
              f"{'met' if ours <= goal else 'MISSED'}")


if __name__ == "__main__":
    main()
