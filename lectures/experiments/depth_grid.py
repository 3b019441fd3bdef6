"""Runs Lab 6's depth grid on the full budget, one network at a time, resumably.

The full budget is the source lecture's setup: plain VGG networks and the
lab's residual networks with 1 to 4 blocks (stages) of 1 to 3 convolutions
(residual blocks) each, base 32 filters, Adam at 1e-3, 3 epochs on all 45,000
training images, 3 repetitions per cell, accuracy on the 5,000 held-out
validation images. That is 72 trainings and many hours on a CPU, so every
finished network is written to the results file at once, and a rerun skips
what the file already holds: stop it at any time and start it again later.

The networks, the training loop and the data are the lab's own: the builders
and `depth_grid` are read from the lab's solution notebook, and repetition
`r` of a cell is `depth_grid(..., repeats=1, seed=r)`, which seeds exactly as
`depth_grid(..., repeats=3, seed=0)` does for that repetition.

The order is one repetition of the whole grid at a time (plain, then
residual), so that a partial run is a complete grid at fewer repetitions.

Usage:
    python lectures/experiments/depth_grid.py            # run or resume
    python lectures/experiments/depth_grid.py --status   # what is done
    python lectures/experiments/depth_grid.py --samples 300 --epochs 1 \\
        --blocks 1 --convs 1 --repeats 1 --results /tmp/grid.json   # a quick try
"""

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOLUTION = ROOT / "solutions" / "lab06_depth_residuals" / "lab06_depth_residuals.ipynb"
RESULTS = Path(__file__).resolve().with_name("depth_grid_cpu.json")
LAB_CELLS = ("vgg", "resnet", "depth_grid")
ARCHITECTURES = ("plain", "residual")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, default=RESULTS, help="the JSON file to fill in (default: %(default)s)")
    parser.add_argument("--blocks", type=int, nargs="+", default=[1, 2, 3, 4])
    parser.add_argument("--convs", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--base-filters", type=int, default=32)
    parser.add_argument("--samples", type=int, default=None, help="training images (default: all 45,000)")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--status", action="store_true", help="print what the results file holds and stop")
    args = parser.parse_args(argv)
    for name in ("blocks", "convs"):
        if any(value < 1 for value in getattr(args, name)):
            parser.error(f"--{name} takes positive integers")
    for name in ("repeats", "epochs", "base_filters", "batch_size"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def setup_of(args):
    """What must match for two runs to share a results file."""
    return {"blocks": args.blocks, "convs": args.convs, "repeats": args.repeats, "epochs": args.epochs,
            "base_filters": args.base_filters, "samples": args.samples, "batch_size": args.batch_size,
            "learning_rate": args.learning_rate,
            "validation": "the lab's held-out 10% of the training images (train_val_split, seed 0)"
            + ("" if args.samples is None else ", a fifth as many as the training images and at least 100")}


def planned_runs(args):
    """(repetition, architecture, blocks, convs) in the order they are trained."""
    return [(r, name, b, c) for r in range(args.repeats) for name in ARCHITECTURES
            for b in args.blocks for c in args.convs]


def run_key(repetition, name, blocks, convs):
    """The results file's name for one planned run, e.g. "plain 4x2 r0"."""
    return f"{name} {blocks}x{convs} r{repetition}"


def load_results(path, setup):
    if not path.exists():
        return {"setup": setup, "machine": None, "runs": {}}
    results = json.loads(path.read_text())
    if results["setup"] != setup:
        raise SystemExit(f"{path} holds a grid with another setup:\n  {results['setup']}\nnot\n  {setup}\n"
                         "Pass --results with a new file, or the same options as before.")
    return results


def save_results(path, results):
    # Write beside the file and rename, so that stopping mid-write loses nothing.
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(results, indent=1) + "\n")
    os.replace(temporary, path)


def lab_functions():
    """vgg_block, build_vgg, residual_block, build_resnet and depth_grid from the lab's solution."""
    import keras
    import numpy as np

    cells = {cell.get("id"): "".join(cell["source"]) for cell in json.loads(SOLUTION.read_text())["cells"]}
    namespace = {"keras": keras, "np": np}
    for cell_id in LAB_CELLS:
        exec(compile(cells[cell_id], f"{SOLUTION.name}:{cell_id}", "exec"), namespace)
    return namespace


def print_status(results, plan):
    done = results["runs"]
    print(f"{len(done)} of {len(plan)} networks trained" + (f" on {results['machine']}" if results["machine"] else ""))
    if done:
        hours = sum(run["seconds"] for run in done.values()) / 3600
        print(f"{hours:.1f} hours of training so far")
    for r in sorted({run[0] for run in plan}):
        pending = [run for run in plan if run[0] == r and run_key(*run) not in done]
        print(f"  repetition {r}: " + ("complete" if not pending else f"{len(pending)} to go"))


def main(argv=None):
    args = parse_args(argv)
    setup = setup_of(args)
    plan = planned_runs(args)
    results = load_results(args.results, setup)
    if args.status:
        print_status(results, plan)
        return 0
    todo = [run for run in plan if run_key(*run) not in results["runs"]]
    if not todo:
        print_status(results, plan)
        return 0

    import keras
    import tensorflow as tf
    from tqdm.auto import tqdm

    import course_lib
    from course_lib.data import load_cifar10, take_subset, train_val_split
    from course_lib.devices import hardware_line
    from course_lib.pipelines import make_dataset

    # Each network is a new model, so TensorFlow retraces on purpose; its warning says otherwise.
    tf.get_logger().setLevel("ERROR")
    lab = lab_functions()
    (x_all, y_all), _ = load_cifar10()
    y_all = y_all.reshape(-1).astype("int64")
    (x_train, y_train), (x_val, y_val) = train_val_split(x_all, y_all, val_fraction=0.1, seed=0)
    if args.samples is not None:
        x_train, y_train = take_subset(x_train, y_train, args.samples, seed=0)
        x_val, y_val = take_subset(x_val, y_val, max(args.samples // 5, 100), seed=0)
    train = make_dataset(x_train, y_train, batch_size=args.batch_size, training=True, seed=0)
    val = make_dataset(x_val, y_val, batch_size=500)
    builders = {"plain": lambda b, c: lab["build_vgg"](b, c, base_filters=args.base_filters),
                "residual": lambda b, c: lab["build_resnet"](b, c, base_filters=args.base_filters)}
    course_lib.set_seed(0)
    results["machine"] = results["machine"] or hardware_line()
    print(f"{len(todo)} of {len(plan)} networks to train on {len(x_train):,} images "
          f"({args.epochs} epochs each); results go to {args.results}", flush=True)
    progress = tqdm(todo, unit="network", file=sys.stdout, dynamic_ncols=True)
    for r, name, b, c in progress:
        key = run_key(r, name, b, c)
        progress.set_description(key)
        started, cpu_started = time.perf_counter(), time.process_time()
        cell = lab["depth_grid"]({name: builders[name]}, [b], [c], train, val, epochs=args.epochs, repeats=1,
                                 learning_rate=args.learning_rate, seed=r)[(name, b, c)]
        results["runs"][key] = {
            "architecture": name, "blocks": b, "convs": c, "repetition": r,
            "params": cell["params"], "accuracy": cell["accuracies"][0],
            "seconds": round(time.perf_counter() - started, 1),
            "cpu_seconds": round(time.process_time() - cpu_started, 1),
            "load_average": round(os.getloadavg()[0], 1) if hasattr(os, "getloadavg") else None,
            "finished": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        }
        save_results(args.results, results)
        progress.write(f"{key}: accuracy {cell['accuracies'][0]:.3f}, {cell['params']:,} parameters, "
                       f"{results['runs'][key]['seconds']:.0f} s")
        keras.backend.clear_session()
    print_status(results, plan)
    return 0


if __name__ == "__main__":
    sys.exit(main())
