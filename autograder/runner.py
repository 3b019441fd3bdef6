"""Grading many submissions at once, on this machine or on a Dask cluster.

Each submission is graded by ``grade_one`` in a course directory of its own:
the task carries the submitted notebooks and a copy of the gradebook as
bytes, and brings back the autograded notebooks and the updated gradebook
copy. Nothing is shared between tasks, so they can run in worker processes on
this machine (a Dask ``LocalCluster``, the default) or on other machines (an
existing cluster, named by ``DASK_SCHEDULER_ADDRESS``) that hold the same
course checkout and environment. The caller merges the results into the
course gradebook, one at a time, as they arrive.
"""

import os
import shutil
import socket
import sys
import tempfile

AUTOGRADER_DIR = os.path.dirname(os.path.abspath(__file__))


def read_tree(folder):
    """{relative path: bytes} of every file below ``folder``."""
    files = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                files[os.path.relpath(path, folder)] = handle.read()
    return files


def write_tree(folder, files):
    for relative, data in files.items():
        path = os.path.join(folder, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)


def grade_one(lab, student, submission, gradebook, limits):
    """Grade one submission in a scratch course directory; runs on a worker.

    Args:
        lab, student: what to grade.
        submission: {file name: bytes} of ``submitted/<student>/<lab>/``.
        gradebook: the bytes of the course gradebook (SQLite), with the lab released.
        limits: a SandboxLimits, or None to grade unsandboxed.

    Returns:
        ``{"autograded": {file name: bytes}, "gradebook": bytes, "worker": host:pid}``.

    Raises:
        grade.SubmissionFailed: the submission could not be graded.
    """
    if AUTOGRADER_DIR not in sys.path:
        sys.path.insert(0, AUTOGRADER_DIR)
    import grade

    root = tempfile.mkdtemp(prefix="course-grade-")
    try:
        write_tree(os.path.join(root, "submitted", student, lab), submission)
        with open(os.path.join(root, "gradebook.db"), "wb") as handle:
            handle.write(gradebook)
        grade._nbgrader_autograde(lab, student, root, hidden=[root], limits=limits)
        with open(os.path.join(root, "gradebook.db"), "rb") as handle:
            updated = handle.read()
        return {
            "autograded": read_tree(os.path.join(root, "autograded", student, lab)),
            "gradebook": updated,
            "worker": f"{socket.gethostname()}:{os.getpid()}",
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


def dask_client(workers):
    """A Dask client: the cluster at DASK_SCHEDULER_ADDRESS, else a local one with ``workers`` processes."""
    from distributed import Client, LocalCluster

    address = os.environ.get("DASK_SCHEDULER_ADDRESS", "").strip()
    if address:
        return Client(address, timeout="30s")
    # Each task mostly waits on the nbgrader process it starts (the kernel
    # does the work), so worker threads in this process are enough here.
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=False,
        scheduler_port=0,
        # Its HTTP endpoint still opens; a free port keeps it from clashing.
        dashboard_address="127.0.0.1:0",
        silence_logs="error",
        memory_limit=0,
    )
    return Client(cluster)


def grade_many(lab, jobs, limits, workers):
    """Grade ``jobs`` ({student: (submission, gradebook)}) on Dask; yield (student, result or exception).

    Results are yielded as they complete, so the caller can merge them and
    move a progress bar.
    """
    from distributed import as_completed

    client = dask_client(workers)
    try:
        futures = {
            client.submit(grade_one, lab, student, submission, gradebook, limits,
                          key=f"grade-{lab}-{student}", pure=False, retries=0): student
            for student, (submission, gradebook) in jobs.items()
        }
        for future in as_completed(futures):
            student = futures[future]
            try:
                yield student, future.result()
            except Exception as error:  # a failed task brings its exception back
                yield student, error
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None:
            cluster.close()
