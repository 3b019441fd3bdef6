"""A test cell earns its points only if it really ran to its end.

nbgrader scores a test cell from the outputs it left: no error means full
points, and a number as the first output means that many points. Student
code runs in the same kernel before the tests, so it can hide a failing test
(an IPython hook that wraps every cell in ``try/except``) or forge the number
(a hook that emits a result before each cell).

``VerifiedExecute`` replaces nbgrader's ``Execute`` step while grading. Before
the notebook runs, it ends every graded test cell with a line that writes a
secret, drawn afresh for each run, to a file only this process knows the name
of; the line runs only if everything above it in the cell did. After the
run it puts the cells back as they were, drops any result a cell displayed
(the labs give no partial credit), and gives an error output, so zero points,
to every test cell whose secret did not arrive.
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
        pending = {}
        for cell in nb.cells:
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
