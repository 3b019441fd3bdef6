"""Deep Learning in Practice: the course library.

Submodules are imported on first use, so ``import course_lib`` stays cheap and
does not start TensorFlow until a lab actually needs it.
"""

import importlib

__version__ = "0.1.0"

_SUBMODULES = (
    "budget",
    "callbacks",
    "data",
    "devices",
    "diagrams",
    "layers",
    "metrics",
    "pipelines",
    "plots",
    "reproducibility",
    "schedules",
)

_SHORTCUTS = {
    "set_seed": "reproducibility",
    "device_summary": "devices",
    "training_budget": "budget",
}


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _SHORTCUTS:
        module = importlib.import_module(f"{__name__}.{_SHORTCUTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_SUBMODULES) + list(_SHORTCUTS))
