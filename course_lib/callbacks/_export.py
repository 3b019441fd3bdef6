"""Export of a callback's records to JSON and CSV, with plain Python types.

A recording callback keeps an index (the step or epoch of each record) and a
`history` mapping a name to a list of values, or to a dictionary of such lists.
`HistoryExportMixin` turns that into a JSON document and a CSV table that any
tool can read back without NumPy or TensorFlow.
"""

import csv
import json
import math
import numbers

import numpy as np


def to_plain(value):
    """Converts NumPy and tensor scalars, recursively, to Python types.

    Non-finite floats become `None`, so that the JSON written is standard JSON
    (which has no `NaN` or `Infinity`).
    """
    if isinstance(value, dict):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(item) for item in value]
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    value = float(np.asarray(value))
    return value if math.isfinite(value) else None


def flatten_history(history):
    """Flattens `{name: {stat: values}}` into `{"name/stat": values}`."""
    columns = {}
    for name, values in history.items():
        if isinstance(values, dict):
            for stat, stat_values in values.items():
                columns[f"{name}/{stat}"] = stat_values
        else:
            columns[name] = values
    return columns


class HistoryExportMixin:
    """Adds `to_dict()`, `to_json()` and `to_csv()` to a recording callback.

    The class using it sets `self.history` and names its index column in
    `_index_name` (for example `"step"`), holding the index values in
    `self.<_index_name>s` (for example `self.steps`).
    """

    _index_name = "step"

    def _index_values(self):
        return getattr(self, f"{self._index_name}s")

    def to_dict(self):
        """Returns the records as plain Python lists and dictionaries.

        Returns:
            A dictionary `{index_name: [...], "history": {...}}`.
        """
        return {
            self._index_name: to_plain(self._index_values()),
            "history": to_plain(self.history),
        }

    def to_json(self, path):
        """Writes `to_dict()` to `path` as JSON.

        Args:
            path: Where to write the file.
        """
        with open(path, "w", encoding="utf-8") as file:
            json.dump(self.to_dict(), file, indent=2)

    def to_csv(self, path):
        """Writes the records to `path` as a CSV table, one row per record.

        The first column is the index (`step` or `epoch`); every other column
        is one series of `history`, named `"layer/statistic"` where the history
        is nested. Missing values are written as empty cells.

        Args:
            path: Where to write the file.
        """
        records = self.to_dict()
        index = records[self._index_name]
        columns = flatten_history(records["history"])
        with open(path, "w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow([self._index_name, *columns])
            for row, index_value in enumerate(index):
                cells = [columns[name][row] for name in columns]
                writer.writerow(
                    [index_value, *("" if cell is None else cell for cell in cells)]
                )
