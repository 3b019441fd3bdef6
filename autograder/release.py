"""Releasing labs: solutions/ to the student notebooks in labs/, and checking labs/ is current."""

import os
import tempfile

import nbformat

from common import AUTOGRADER_DIR, LABS_DIR, lab_notebooks, list_labs, run_nbgrader


def release(labs=None, release_dir=LABS_DIR, course_root=AUTOGRADER_DIR):
    """Generate student notebooks for each lab from solutions/."""
    for lab in labs or list_labs():
        run_nbgrader(
            ["generate_assignment", lab, "--force", "--create"],
            course_root=course_root,
            extra_config=[f"--CourseDirectory.release_directory={release_dir}"],
        )


def _normalized(path):
    nb = nbformat.read(path, as_version=4)
    return nbformat.writes(nb)


def stale_labs(labs=None):
    """Labs whose committed labs/ notebooks differ from a fresh release."""
    stale = []
    with tempfile.TemporaryDirectory() as scratch:
        release_dir = os.path.join(scratch, "release")
        release(labs, release_dir=release_dir, course_root=scratch)
        for lab in labs or list_labs():
            fresh = lab_notebooks(lab, release_dir)
            committed_dir = os.path.join(LABS_DIR, lab)
            committed = lab_notebooks(lab, LABS_DIR) if os.path.isdir(committed_dir) else []
            if fresh != committed:
                stale.append(lab)
                continue
            for name in fresh:
                if _normalized(os.path.join(release_dir, lab, name)) != _normalized(
                    os.path.join(committed_dir, name)
                ):
                    stale.append(lab)
                    break
    return stale
