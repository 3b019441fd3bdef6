"""Learning curves that redraw themselves while a model trains."""

import io

import keras
from matplotlib.figure import Figure

# Keys Keras may add to the logs that are not learning curves.
_NOT_CURVES = frozenset({"learning_rate", "lr"})


class LivePlot(keras.callbacks.Callback):
    """Draws training and validation curves at the end of every epoch.

    One panel per metric (the loss first), each with the training curve and,
    when `fit` has validation data, the validation curve (`val_<metric>`).
    In a Jupyter notebook the figure is shown once and then updated in place
    (`IPython.display` with a `display_id`); elsewhere nothing is displayed,
    and the figure is only drawn off-screen, so the callback also runs in
    scripts and on headless machines. With `save_path` the figure is written
    to that PNG file after every epoch.

    Args:
        metrics: Names of the metrics to plot, e.g. `["loss", "accuracy"]`.
            Defaults to every training metric in the logs.
        save_path: Path of a PNG file to write, or `None`.

    Attributes:
        figure: The Matplotlib figure (a `matplotlib.figure.Figure`).
        epochs: Epoch indices seen so far.
        logs: Dictionary mapping each logged name to its values per epoch.

    Example:

    ```python
    model.fit(x, y, validation_split=0.2, epochs=20,
              callbacks=[LivePlot(save_path="curves.png")])
    ```
    """

    def __init__(self, metrics=None, save_path=None):
        super().__init__()
        if metrics is not None:
            if isinstance(metrics, str):
                metrics = [metrics]
            metrics = list(metrics)
            if not metrics or not all(isinstance(m, str) for m in metrics):
                raise ValueError(
                    "`metrics` must be None or a non-empty list of metric "
                    f"names. Received: metrics={metrics!r}"
                )
        self.metrics = metrics
        self.save_path = save_path
        self.figure = Figure(figsize=(5, 3.5), layout="constrained")
        self.epochs = []
        self.logs = {}
        self._display_handle = None

    def on_train_begin(self, logs=None):
        self.epochs = []
        self.logs = {}
        # A new fit() gets its own output, usually in a new notebook cell.
        self._display_handle = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        self.epochs.append(int(epoch))
        for name, value in logs.items():
            self.logs.setdefault(name, []).append(float(value))
        self.draw()
        if self.save_path is not None:
            self.figure.savefig(self.save_path, format="png")
        self._show()

    def plotted_metrics(self):
        """Returns the names of the training metrics that get a panel."""
        if self.metrics is None:
            return [
                name
                for name in self.logs
                if not name.startswith("val_") and name not in _NOT_CURVES
            ]
        missing = [name for name in self.metrics if name not in self.logs]
        if missing:
            raise ValueError(
                f"LivePlot cannot find the metrics {missing} in the training "
                f"logs. Available: {sorted(self.logs)}"
            )
        return self.metrics

    def draw(self):
        """Redraws every panel from the values logged so far."""
        names = self.plotted_metrics()
        self.figure.clear()
        self.figure.set_size_inches(4.5 * len(names), 3.5)
        axes = self.figure.subplots(1, len(names), squeeze=False)[0]
        for ax, name in zip(axes, names):
            ax.plot(self.epochs, self.logs[name], marker=".", label=name)
            validation = f"val_{name}"
            if validation in self.logs:
                ax.plot(
                    self.epochs,
                    self.logs[validation],
                    marker=".",
                    label=validation,
                )
            ax.set_title(name)
            ax.set_xlabel("epoch")
            ax.legend()

    def _show(self):
        if not _in_notebook():
            return
        from IPython import display

        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        image = display.Image(data=buffer.getvalue(), format="png")
        if self._display_handle is None:
            self._display_handle = display.display(image, display_id=True)
        else:
            self._display_handle.update(image)


def _in_notebook():
    """Whether the code runs in a Jupyter kernel (where display updates work)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")
