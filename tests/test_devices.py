import os

import keras
import pytest
import tensorflow as tf

from course_lib import device_summary
from course_lib.devices import format_summary, hardware_line


@pytest.fixture
def mixed_precision():
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy("mixed_float16")
    yield
    keras.config.set_dtype_policy(previous)


def test_lists_the_devices_tensorflow_sees(capsys):
    summary = device_summary()

    physical = tf.config.list_physical_devices()
    assert [d["type"] for d in summary["devices"]] == [d.device_type for d in physical]
    assert "CPU:0" in [d["name"] for d in summary["devices"]]
    gpus = tf.config.list_physical_devices("GPU")
    expected_gpus = [f"GPU:{index}" for index in range(len(gpus))]
    assert [gpu["name"] for gpu in summary["gpus"]] == expected_gpus
    assert summary["tensorflow_version"] == tf.__version__
    assert summary["keras_version"] == keras.__version__

    printed = capsys.readouterr().out
    assert f"TensorFlow {tf.__version__}" in printed
    assert "CPU:0" in printed
    if not gpus:
        assert "GPU: none" in printed


def test_reports_the_thread_settings():
    summary = device_summary(verbose=False)
    threading = tf.config.threading
    assert summary["intra_op_threads"] == threading.get_intra_op_parallelism_threads()
    assert summary["inter_op_threads"] == threading.get_inter_op_parallelism_threads()
    assert summary["cpu_count"] == os.cpu_count()


def test_mixed_precision_is_off_by_default(capsys):
    summary = device_summary()
    assert summary["dtype_policy"] == keras.config.dtype_policy().name == "float32"
    assert summary["mixed_precision"] is False
    assert "Mixed precision: off" in capsys.readouterr().out


def test_reports_a_mixed_precision_policy(mixed_precision, capsys):
    summary = device_summary()
    assert summary["mixed_precision"] is True
    assert summary["dtype_policy"] == "mixed_float16"
    assert summary["compute_dtype"] == "float16"
    assert summary["variable_dtype"] == "float32"
    assert "Mixed precision: on" in capsys.readouterr().out


def test_quiet_when_asked(capsys):
    device_summary(verbose=False)
    assert capsys.readouterr().out == ""


def test_formats_a_gpu_line_with_model_memory_and_capability():
    summary = device_summary(verbose=False)
    summary["gpus"] = [
        {
            "name": "GPU:0",
            "model": "NVIDIA A100-SXM4-40GB",
            "compute_capability": "8.0",
            "memory_bytes": 40 * 2**30,
        },
        {
            "name": "GPU:1",
            "model": None,
            "compute_capability": None,
            "memory_bytes": None,
        },
    ]
    lines = format_summary(summary).splitlines()
    assert "GPU:0: NVIDIA A100-SXM4-40GB (40.0 GiB, compute 8.0)" in lines
    assert "GPU:1: unknown model (memory unknown)" in lines
    assert not any(line.startswith("GPU: none") for line in lines)


def test_hardware_line_names_gpus_cores_and_versions():
    summary = device_summary(verbose=False)
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    line = hardware_line(summary)
    assert f"{usable} CPU cores usable (" in line
    assert line.endswith(f"TensorFlow {tf.__version__}, Keras {keras.__version__}")
    if not summary["gpus"]:
        assert line.startswith("no GPU; ")

    summary["gpus"] = [{"name": "GPU:0", "model": "NVIDIA H100", "compute_capability": "9.0",
                        "memory_bytes": None},
                       {"name": "GPU:1", "model": None, "compute_capability": None, "memory_bytes": None}]
    assert hardware_line(summary).startswith("NVIDIA H100, GPU:1; ")
