"""course_lib.budget: the full / laptop / autograde training budgets."""

import pytest

from course_lib import budget as budget_module
from course_lib.budget import TrainingBudget, training_budget


@pytest.fixture
def clean_env(monkeypatch):
    monkeypatch.delenv("COURSE_BUDGET", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setattr(budget_module, "_gpu_available", lambda: False)
    return monkeypatch


def test_cpu_without_nbgrader_is_laptop(clean_env):
    assert training_budget().mode == "laptop"


def test_gpu_gives_full_budget(clean_env):
    clean_env.setattr(budget_module, "_gpu_available", lambda: True)
    assert training_budget().mode == "full"


def test_nbgrader_execution_gives_autograde(clean_env):
    clean_env.setenv("NBGRADER_EXECUTION", "autograde")
    clean_env.setattr(budget_module, "_gpu_available", lambda: True)
    assert training_budget().mode == "autograde"


def test_environment_variable_overrides_detection(clean_env):
    clean_env.setenv("NBGRADER_EXECUTION", "autograde")
    clean_env.setenv("COURSE_BUDGET", "Full")
    assert training_budget().mode == "full"


def test_unknown_mode_is_a_clear_error(clean_env):
    clean_env.setenv("COURSE_BUDGET", "huge")
    with pytest.raises(ValueError, match="COURSE_BUDGET='huge' is not a budget mode"):
        training_budget()


def test_verbose_prints_mode_and_reason(clean_env, capsys):
    training_budget(verbose=True)
    assert "training budget: laptop (no GPU found" in capsys.readouterr().out


@pytest.mark.parametrize(
    "mode, epochs, samples",
    [("full", 20, None), ("laptop", 5, 10_000), ("autograde", 1, 2_000)],
)
def test_pick_sizes_per_mode(mode, epochs, samples):
    budget = TrainingBudget(mode)
    assert budget.epochs(full=20) == epochs
    assert budget.samples(full=None, laptop=10_000, autograde=2_000) == samples


def test_epochs_defaults_are_at_least_one():
    assert TrainingBudget("laptop").epochs(full=1) == 1
    assert TrainingBudget("laptop").epochs(full=9) == 3
    with pytest.raises(ValueError, match="at least 1 epoch"):
        TrainingBudget("full").epochs(full=0)
    with pytest.raises(ValueError, match="Unknown budget mode"):
        TrainingBudget("fast")
