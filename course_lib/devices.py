"""What hardware and precision settings TensorFlow is about to train with."""

import os
import platform
from pathlib import Path

import keras


def device_summary(verbose=True):
    """Reports the devices TensorFlow sees, the precision policy and threads.

    Args:
        verbose: Whether to print the summary as well as return it.

    Returns:
        A dictionary with keys:

        - `"tensorflow_version"`, `"keras_version"`, `"backend"`.
        - `"devices"`: one `{"name", "type"}` dictionary per physical device.
        - `"gpus"`: one dictionary per GPU, with `"name"` (e.g. `"GPU:0"`),
          `"model"` (e.g. `"NVIDIA A100-SXM4-40GB"`), `"compute_capability"`
          and `"memory_bytes"` (what TensorFlow may allocate on it), any of
          which is `None` when TensorFlow does not report it.
        - `"dtype_policy"`, `"compute_dtype"`, `"variable_dtype"`: Keras'
          global dtype policy, and `"mixed_precision"`: whether computations
          run in a lower precision than the variables are stored in.
        - `"intra_op_threads"`, `"inter_op_threads"`: TensorFlow's thread-pool
          sizes (0 means TensorFlow picks them), and `"cpu_count"`.

    Example:

    ```python
    info = device_summary()
    if not info["gpus"]:
        print("Training on CPU: use the laptop budget.")
    ```
    """
    import tensorflow as tf

    policy = keras.config.dtype_policy()
    physical = tf.config.list_physical_devices()
    gpus = [device for device in physical if device.device_type == "GPU"]
    summary = {
        "tensorflow_version": tf.__version__,
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "devices": [
            {"name": _short_name(device), "type": device.device_type}
            for device in physical
        ],
        "gpus": _describe_gpus(tf, gpus),
        "dtype_policy": policy.name,
        "compute_dtype": policy.compute_dtype,
        "variable_dtype": policy.variable_dtype,
        "mixed_precision": policy.compute_dtype != policy.variable_dtype,
        "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads(),
        "inter_op_threads": tf.config.threading.get_inter_op_parallelism_threads(),
        "cpu_count": os.cpu_count(),
    }
    if verbose:
        print(format_summary(summary))
    return summary


def format_summary(summary):
    """Formats a `device_summary()` dictionary as a few readable lines."""
    lines = [
        f"TensorFlow {summary['tensorflow_version']}, "
        f"Keras {summary['keras_version']} (backend: {summary['backend']})",
        "Devices: " + ", ".join(d["name"] for d in summary["devices"]),
    ]
    if not summary["gpus"]:
        lines.append("GPU: none, training runs on the CPU")
    for gpu in summary["gpus"]:
        memory = gpu["memory_bytes"]
        memory = "memory unknown" if memory is None else f"{memory / 2**30:.1f} GiB"
        capability = gpu["compute_capability"]
        capability = "" if capability is None else f", compute {capability}"
        lines.append(
            f"{gpu['name']}: {gpu['model'] or 'unknown model'} ({memory}{capability})"
        )
    precision = "on" if summary["mixed_precision"] else "off"
    lines.append(
        f"Mixed precision: {precision} (dtype policy {summary['dtype_policy']}: "
        f"compute {summary['compute_dtype']}, "
        f"variables {summary['variable_dtype']})"
    )
    lines.append(
        f"Threads: intra-op {summary['intra_op_threads']}, "
        f"inter-op {summary['inter_op_threads']} (0 = automatic), "
        f"CPU cores {summary['cpu_count']}"
    )
    return "\n".join(lines)


def hardware_line(summary=None):
    """One line naming the GPUs, the usable CPU cores and their model, and the versions.

    Meant to sit beside a timing, so that a reader knows what it was measured on.

    Args:
        summary: A `device_summary()` dictionary; None calls
            `device_summary(verbose=False)`.

    Returns:
        A string such as `"no GPU; 2 CPU cores usable (Intel(R) Xeon(R) CPU);
        TensorFlow 2.21.0, Keras 3.15.1"`.

    Example:

    ```python
    print(f"3 epochs in {seconds:.0f} s on {hardware_line()}")
    ```
    """
    if summary is None:
        summary = device_summary(verbose=False)
    gpus = ", ".join(gpu["model"] or gpu["name"] for gpu in summary["gpus"])
    # A process may be pinned to fewer cores than the machine has.
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else summary["cpu_count"]
    return (
        f"{gpus or 'no GPU'}; {cores} CPU cores usable ({_cpu_model()}); "
        f"TensorFlow {summary['tensorflow_version']}, Keras {summary['keras_version']}"
    )


def _cpu_model():
    """The processor's marketing name where the system says it, else its architecture."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _short_name(device):
    """'/physical_device:GPU:0' -> 'GPU:0'."""
    return device.name.replace("/physical_device:", "")


def _describe_gpus(tf, gpus):
    memory_limits = _gpu_memory_limits() if gpus else {}
    described = []
    for gpu in gpus:
        name = _short_name(gpu)
        try:
            details = tf.config.experimental.get_device_details(gpu)
        except (ValueError, RuntimeError):
            details = {}
        capability = details.get("compute_capability")
        if capability is not None:
            capability = ".".join(str(part) for part in capability)
        described.append(
            {
                "name": name,
                "model": details.get("device_name"),
                "compute_capability": capability,
                "memory_bytes": memory_limits.get(name),
            }
        )
    return described


def _gpu_memory_limits():
    """Maps 'GPU:i' to the bytes TensorFlow may allocate on that GPU."""
    try:
        # The only TensorFlow API that reports a GPU's memory size; it
        # initializes the GPUs, which the first training step does anyway.
        from tensorflow.python.client import device_lib

        local_devices = device_lib.list_local_devices()
    except Exception:  # A summary must not fail over an optional detail.
        return {}
    return {
        device.name.replace("/device:", ""): int(device.memory_limit)
        for device in local_devices
        if device.device_type == "GPU"
    }
