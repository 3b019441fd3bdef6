"""Checking collected submissions before grading, and naming why one could not be graded.

A class always holds a few submissions that nbgrader cannot grade as they
are: a file that is not a notebook, a notebook saved under another name, test
cells whose metadata was edited. Each is found here before it reaches
nbgrader, repaired where the release says what it should be, and otherwise
reported in words, so that one bad submission never stops the others.
"""

import dataclasses
import json
import os
import re

import nbformat


@dataclasses.dataclass(frozen=True)
class Ungradable:
    """A submission that could not be graded: who, why in words, and the log for the instructor."""

    student: str
    reason: str
    detail: str = ""


def release_notebooks(release_dir, lab):
    """{notebook file name: released notebook} for one lab."""
    folder = os.path.join(release_dir, lab)
    return {
        name: nbformat.read(os.path.join(folder, name), as_version=4)
        for name in sorted(os.listdir(folder))
        if name.endswith(".ipynb")
    }


def _nbgrader_cells(nb):
    return {
        cell.get("id"): cell for cell in nb.cells if cell.get("metadata", {}).get("nbgrader")
    }


def prepare(folder, released):
    """Check (and where possible repair) one student's submitted lab folder in place.

    Args:
        folder: ``submitted/<student>/<lab>/``.
        released: ``release_notebooks(...)`` for the lab.

    Returns:
        ``(reason, notes)``: ``reason`` is None if the submission can be
        graded, else why not, in words; ``notes`` lists what was repaired and
        needs the instructor's review.
    """
    present = sorted(name for name in os.listdir(folder) if name.endswith(".ipynb"))
    expected = sorted(released)
    missing = [name for name in expected if name not in present]
    if missing:
        if present:
            return (f"saved under another name: found {', '.join(present)}, "
                    f"expected {', '.join(missing)}"), []
        return f"no notebook submitted (expected {', '.join(missing)})", []
    notes = []
    for name in expected:
        path = os.path.join(folder, name)
        if os.path.getsize(path) == 0:
            return f"{name} is an empty file, not a notebook", []
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            json.loads(text)
            nb = nbformat.reads(text, as_version=4)
            nbformat.validate(nb)
        except (ValueError, UnicodeDecodeError) as error:
            return f"{name} is not a notebook ({_short(error)})", []
        except Exception as error:  # nbformat raises its own types for a broken structure
            return f"{name} is not a valid notebook ({_short(error)})", []
        repaired = _restore_metadata(nb, released[name])
        if repaired:
            notes.append(f"{name}: nbgrader metadata altered and restored from the release "
                         f"({'; '.join(repaired)})")
            nbformat.write(nb, path)
        edited = _edited_locked_cells(nb, released[name])
        if edited:
            notes.append(f"{name}: locked cells edited (nbgrader grades the released version): "
                         + ", ".join(edited))
        for cell_id, what in suspicious_code(nb):
            notes.append(f"{name}: cell {cell_id} {what}")
    return None, notes


# Code a lab never needs, and that can make a failing test look passed or
# stop the grading: such a submission is graded, then listed for a person to read.
_SUSPICIOUS = [
    (re.compile(r"\bevents\s*\.\s*(register|unregister)\b|\b(input_transformers_\w+|ast_transformers)\b"
                r"|\bset_custom_exc\b|\bregister_magic_function\b"),
     "changes how IPython runs cells"),
    (re.compile(r"\bsys\s*\.\s*(displayhook|excepthook|settrace|setprofile|stdout|stderr)\s*="),
     "replaces a system hook"),
    (re.compile(r"\b(__builtins__|builtins)\b"), "touches the builtins"),
    (re.compile(r"^\s*(AssertionError|Exception|BaseException|True|False|isinstance|print)\s*=",
                re.MULTILINE), "rebinds a builtin name"),
    (re.compile(r"\b(np|numpy|math|keras|tf|tensorflow)(\s*\.\s*\w+)+\s*=(?!=)"),
     "assigns into a library module"),
    (re.compile(r"\bsetattr\s*\(\s*(np|numpy|math|keras|tf|tensorflow|builtins)\b"),
     "patches a library module"),
    (re.compile(r"\bos\s*\.\s*(_exit|kill|killpg|abort)\b|\bsys\s*\.\s*exit\b"
                r"|\bsignal\s*\.\s*signal\b"),
     "can end or signal the kernel"),
    (re.compile(r"\bgradebook\b|\bsqlite3\b|\bsolutions/"), "reaches for grading files"),
]


def suspicious_code(nb):
    """[(cell id, what it does)] for student-editable code cells that tamper with grading."""
    found = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or meta.get("locked"):
            continue
        for pattern, what in _SUSPICIOUS:
            if pattern.search(cell.source):
                found.append((meta.get("grade_id") or cell.get("id") or "(no id)", what))
    return found


def _edited_locked_cells(nb, released_nb):
    released = _nbgrader_cells(released_nb)
    edited = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        original = released.get(cell.get("id"))
        if meta.get("locked") and original is not None and cell.source != original.source:
            edited.append(meta.get("grade_id") or cell.get("id"))
    return edited


def _restore_metadata(nb, released_nb):
    """Give every cell the nbgrader metadata of the released cell with its id; list what changed."""
    released = _nbgrader_cells(released_nb)
    changes = []
    seen = set()
    for cell in nb.cells:
        cell_id = cell.get("id")
        own = cell.get("metadata", {}).get("nbgrader")
        if cell_id in released and cell_id not in seen:
            seen.add(cell_id)
            want = released[cell_id].metadata["nbgrader"]
            if own != want:
                cell.metadata["nbgrader"] = json.loads(json.dumps(want))
                changes.append(f"cell {cell_id}")
            if released[cell_id].cell_type != cell.cell_type:
                changes.append(f"cell {cell_id} changed type")
                cell.cell_type = released[cell_id].cell_type
        elif own is not None:
            # A copy of a graded cell, or one whose id was changed: it gets no
            # points and must not clash with the real one.
            del cell.metadata["nbgrader"]
            changes.append(f"extra graded cell {cell_id or '(no id)'} ungraded")
    return changes


def _short(error, limit=160):
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


_CELL_IN_LOG = re.compile(r"cell[_ ]id[\"']?\s*[:=]\s*[\"']?([\w-]+)", re.IGNORECASE)


def classify_failure(log, timed_out=False, limit_seconds=None):
    """Turn an nbgrader failure log into a reason an instructor can read."""
    if timed_out:
        return f"timed out: grading took longer than {limit_seconds} s and was stopped"
    lowered = log.lower()
    if "memoryerror" in lowered or "cannot allocate memory" in lowered:
        return "over the memory limit"
    if "kernel died" in lowered or "deadkernelerror" in lowered or "kernel didn't respond" in lowered:
        cell = _CELL_IN_LOG.search(log)
        where = f" in cell {cell.group(1)}" if cell else ""
        return (f"kernel died{where} (the code exited the kernel, crashed it, "
                "or ran out of memory)")
    if "timeout" in lowered and "cell" in lowered:
        return "a cell timed out and would not stop"
    if "checksum" in lowered or "metadata" in lowered or "duplicate" in lowered:
        return "nbgrader metadata altered beyond repair"
    last = [line for line in log.strip().splitlines() if line.strip()]
    return "nbgrader failed: " + (_short(last[-1]) if last else "no log")
