"""The speed-run scripts still run end to end, on a tiny slice (their --smoke mode).

The measurements themselves take minutes and live in `make speedrun`; these
tests only keep the scripts from rotting: every recipe builds, trains,
evaluates and prints its table, in a few seconds each.
"""

import os
import subprocess
import sys

import pytest

REPO_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH_DIR = os.path.join(REPO_DIR, "bench")

pytestmark = pytest.mark.slow


def _smoke(script, *extra):
    result = subprocess.run(
        [sys.executable, os.path.join(BENCH_DIR, script), "--smoke", *extra],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO_DIR,
    )
    assert result.returncode == 0, f"{script} failed:\n{result.stdout}\n{result.stderr[-3000:]}"
    return result.stdout


def test_mnist_speedrun_smoke(require_dataset):
    require_dataset("load_mnist")
    out = _smoke("speedrun_mnist.py")
    assert "Hardware: " in out and "cores usable" in out
    assert "course recipe, seed 0:" in out and "per epoch: 1:" in out
    assert "Keras example, 1 epochs" in out
    assert "SMOKE RUN" in out


def test_cifar10_speedrun_smoke(require_dataset):
    require_dataset("load_cifar10")
    out = _smoke("speedrun_cifar10.py", "--data-note", "test copy")
    assert "Hardware: " in out and "running on CPU" in out
    assert "CIFAR-10, 1,024 training" in out and "test copy" in out
    assert "course recipe, seed 0:" in out and "plain Keras CNN, seed 0:" in out
    assert "course recipe (median of 1)" in out
