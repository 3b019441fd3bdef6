"""What the speed-run scripts share: the stopping rule, the load note, medians."""

import os
import statistics
import time

import keras


class StopAtAccuracy(keras.callbacks.Callback):
    """Evaluates the test set every epoch; stops once it reaches `target`.

    Args:
        test_data: A `tf.data.Dataset` of `(x, y)` batches, or an `(x, y)`
            pair of arrays.
        target: The test accuracy that ends the run.
        start: The `time.perf_counter()` reading the run's time counts from.
        max_seconds: Also stop at the first epoch end after this many
            seconds (None: no limit), so that a slow recipe gets the same
            wall-clock budget as a fast one instead of running for an hour.
    """

    def __init__(self, test_data, target, start, max_seconds=None, cpu_start=None):
        super().__init__()
        self.test_data = test_data
        self.target = target
        self.start = start
        self.max_seconds = max_seconds
        # CPU time (all threads of this process) shows how much work a run
        # did, whatever else the machine was doing while it ran.
        self.cpu_start = time.process_time() if cpu_start is None else cpu_start
        self.reached_at = None
        self.reached_cpu = None
        self.history = []

    def on_epoch_end(self, epoch, logs=None):
        if isinstance(self.test_data, tuple):
            x, y = self.test_data
            _, accuracy = self.model.evaluate(x, y, batch_size=1000, verbose=0)
        else:
            _, accuracy = self.model.evaluate(self.test_data, verbose=0)
        elapsed = time.perf_counter() - self.start
        self.history.append((epoch + 1, elapsed, accuracy))
        if accuracy >= self.target and self.reached_at is None:
            self.reached_at = elapsed
            self.reached_cpu = time.process_time() - self.cpu_start
            self.model.stop_training = True
        if self.max_seconds is not None and elapsed >= self.max_seconds:
            self.model.stop_training = True


def load_note():
    """The 1-minute load average against the usable cores, to print beside a timing."""
    if not hasattr(os, "getloadavg"):
        return "load average unknown"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"load average {os.getloadavg()[0]:.1f} on {cores} cores"


def median_time(results):
    """Median seconds to target, or None when any run missed the target."""
    times = [result["seconds"] for result in results]
    return None if None in times else statistics.median(times)
