"""A test cell earns its points only if it really ran to its end.

nbgrader scores a test cell from the outputs it left: no error means full
points, and a number as the first output means that many points. Student
code runs in the same kernel before the tests, so it can hide a failing test
(an IPython hook that wraps every cell in ``try/except``) or forge the number
(a hook that emits a result before each cell).

``VerifiedExecute`` replaces nbgrader's ``Execute`` step while grading:

- before any student code runs, it records the state the tests rely on (the
  builtins, ``math``, NumPy and ``numpy.testing``, the ``sys`` hooks, and
  IPython's cell transformers, event callbacks and display hook), and
  restores it right before every graded test cell, so a patched comparison
  function or a swallowing hook installed by a solution cell is gone when
  the tests run;
- it ends every graded test cell with a line that writes a secret, drawn
  afresh for each run, to a file only this process knows the name of; the
  line runs only if everything above it in the cell did. After the run it
  puts the cells back as they were, drops any result a cell displayed (the
  labs give no partial credit), and gives an error output, so zero points,
  to every test cell whose secret did not arrive.

The extra cells it runs are removed again, so the graded notebook and the
feedback show the student's notebook as it was.
"""

import os
import secrets

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute

ENAME = "TestNotCompleted"


def _is_test_cell(cell):
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")


class VerifiedExecute(Execute):
    """nbgrader's Execute, with proof that each graded test cell finished."""

    def preprocess(self, nb, resources=None, km=None):
        folder = (resources or {}).get("metadata", {}).get("path") or os.getcwd()
        token = secrets.token_hex(16)
        guard = f"_course_guard_{secrets.token_hex(8)}"
        original_cells = list(nb.cells)
        guarded = [_guard_cell(_SNAPSHOT.replace("GUARD", guard))]
        for cell in original_cells:
            if _is_test_cell(cell):
                guarded.append(_guard_cell(_RESTORE.replace("GUARD", guard)))
            guarded.append(cell)
        nb.cells = guarded
        pending = {}
        for cell in original_cells:
            if _is_test_cell(cell):
                marker = os.path.join(folder, f".completed-{secrets.token_hex(8)}")
                pending[id(cell)] = (cell.source, marker)
                cell.source = (
                    cell.source.rstrip("\n")
                    + f"\nwith open({marker!r}, 'w') as _done:\n    _done.write({token!r})\n"
                )
        try:
            nb, resources = super().preprocess(nb, resources, km=km)
        finally:
            nb.cells = original_cells
            for cell in nb.cells:
                if id(cell) not in pending:
                    continue
                source, marker = pending[id(cell)]
                cell.source = source
                completed = _read(marker) == token
                if os.path.exists(marker):
                    os.remove(marker)
                cell.outputs = [o for o in cell.outputs if o.get("output_type") != "execute_result"]
                failed = any(o.get("output_type") == "error" for o in cell.outputs)
                if not completed and not failed:
                    cell.outputs.append(NotebookNode(
                        output_type="error", ename=ENAME,
                        evalue="this test cell did not run to its end; its failure was hidden "
                               "or its code was changed while it ran",
                        traceback=[f"{ENAME}: this test cell did not run to its end"],
                    ))
        return nb, resources


def _read(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return None


def _guard_cell(source):
    from nbformat.v4 import new_code_cell

    return new_code_cell(source)


# Runs before any student code: remembers what the tests rely on, in a module
# with a name drawn for this run, and how to put it back.
_SNAPSHOT = """
def _snapshot():
    import builtins, math, sys, types
    import numpy, numpy.testing
    ip = get_ipython()
    modules = [(m, dict(vars(m))) for m in (builtins, math, numpy, numpy.testing)]
    hooks = {name: getattr(sys, name) for name in ("displayhook", "excepthook", "stdout", "stderr")}
    shell = {name: list(getattr(ip, name)) for name in
             ("input_transformers_cleanup", "input_transformers_post", "ast_transformers")}
    callbacks = {event: list(functions) for event, functions in ip.events.callbacks.items()}
    displayhook, custom_exceptions, custom_tb = ip.displayhook, ip.custom_exceptions, ip.CustomTB
    setattr_, vars_ = setattr, vars

    def restore():
        for module, saved in modules:
            # Names added since (a submodule imported later, say) stay: only
            # what the tests found at the start is put back.
            namespace = vars_(module)
            for name, value in saved.items():
                if namespace.get(name, saved) is not value:
                    namespace[name] = value
        for name, value in hooks.items():
            setattr_(sys, name, value)
        for name, value in shell.items():
            getattr(ip, name)[:] = value
        for event, functions in callbacks.items():
            ip.events.callbacks[event][:] = functions
        ip.displayhook, ip.custom_exceptions, ip.CustomTB = displayhook, custom_exceptions, custom_tb
        sys.displayhook = hooks["displayhook"]

    guard = types.ModuleType("GUARD")
    guard.restore = restore
    sys.modules["GUARD"] = guard


_snapshot()
del _snapshot
"""
_RESTORE = "__import__('sys').modules['GUARD'].restore()"
