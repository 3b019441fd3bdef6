"""Lecture 6's full-budget depth grid: the resumable runner and the results it committed.

The grid itself takes hours on a CPU (`lectures/experiments/depth_grid.py`);
these tests run it on a tiny slice, stop it half way, resume it, and check the
committed results file against closed-form parameter counts.
"""

import importlib.util
import json
import pathlib
import subprocess
import sys

import pytest

REPO_DIR = pathlib.Path(__file__).resolve().parents[1]
SCRIPT = REPO_DIR / "lectures" / "experiments" / "depth_grid.py"
TINY = ["--samples", "200", "--epochs", "1", "--blocks", "1", "--convs", "1", "--repeats", "1"]


def _load_runner():
    spec = importlib.util.spec_from_file_location("depth_grid_runner", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def vgg_params(blocks, convs, base=32, channels=3, classes=10):
    """Closed form: 3x3 convolutions with bias, widths doubling per block, a linear head."""
    total, c_in = 0, channels
    for block in range(blocks):
        width = base * 2**block
        for _ in range(convs):
            total += 9 * c_in * width + width
            c_in = width
    return total + c_in * classes + classes


def resnet_params(stages, blocks, base=32, channels=3, classes=10):
    """Closed form: bias-free convolutions, 4 batch-norm weights per channel, 1x1 projections."""
    total = 9 * channels * base + 4 * base
    c_in = base
    for stage in range(stages):
        width = base * 2**stage
        for _ in range(blocks):
            total += 9 * c_in * width + 9 * width * width + 2 * 4 * width
            if c_in != width:
                total += c_in * width + 4 * width
            c_in = width
    return total + c_in * classes + classes


def _run(results, *extra):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *TINY, "--results", str(results), *extra],
        capture_output=True, text=True, timeout=300, cwd=REPO_DIR,
    )
    return result


@pytest.mark.parametrize("blocks", [1, 2, 3, 4])
def test_closed_forms_match_keras_for_the_lab_networks(blocks):
    # The closed forms are what the committed results are checked against, so
    # they are checked in turn against Keras' own count for the lab's builders.
    lab = _load_runner().lab_functions()
    for convs in (1, 2, 3):
        plain = lab["build_vgg"](blocks, convs, base_filters=32)
        residual = lab["build_resnet"](blocks, convs, base_filters=32)
        assert plain.count_params() == vgg_params(blocks, convs), (blocks, convs)
        assert residual.count_params() == resnet_params(blocks, convs), (blocks, convs)


@pytest.mark.slow
def test_runner_resumes_without_retraining_and_refuses_another_setup(tmp_path, require_dataset):
    require_dataset("load_cifar10")
    results_path = tmp_path / "grid.json"
    first = _run(results_path)
    assert first.returncode == 0, first.stdout + first.stderr[-3000:]
    results = json.loads(results_path.read_text())
    assert set(results["runs"]) == {"plain 1x1 r0", "residual 1x1 r0"}
    assert results["runs"]["plain 1x1 r0"]["params"] == vgg_params(1, 1)
    assert results["runs"]["residual 1x1 r0"]["params"] == resnet_params(1, 1)
    for run in results["runs"].values():
        assert 0.0 <= run["accuracy"] <= 1.0 and run["seconds"] > 0

    # As if the run had been stopped after the first network.
    kept = results["runs"]["plain 1x1 r0"]
    del results["runs"]["residual 1x1 r0"]
    results_path.write_text(json.dumps(results))
    second = _run(results_path)
    assert second.returncode == 0, second.stdout + second.stderr[-3000:]
    assert "1 of 2 networks to train" in second.stdout
    resumed = json.loads(results_path.read_text())
    assert resumed["runs"]["plain 1x1 r0"] == kept, "a finished network was trained again"
    assert "residual 1x1 r0" in resumed["runs"]

    other = _run(results_path, "--base-filters", "8")
    assert other.returncode != 0
    assert "another setup" in other.stderr and "Traceback" not in other.stderr


def test_committed_results_match_the_lab_full_budget():
    runner = _load_runner()
    args = runner.parse_args([])
    if not runner.RESULTS.exists():
        pytest.skip("no full-budget grid has been committed yet")
    results = json.loads(runner.RESULTS.read_text())
    assert results["setup"] == runner.setup_of(args), "the committed grid was run with other settings"
    assert "CPU cores" in results["machine"]
    planned = {runner.run_key(*run) for run in runner.planned_runs(args)}
    assert set(results["runs"]) <= planned
    for key, run in results["runs"].items():
        closed_form = vgg_params if run["architecture"] == "plain" else resnet_params
        assert run["params"] == closed_form(run["blocks"], run["convs"]), key
        assert 0.0 <= run["accuracy"] <= 1.0, key
