import keras
import numpy as np
import pytest
from IPython import display

from course_lib.callbacks import LivePlot
from course_lib.callbacks import live_plot

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def fit_with(callback, epochs=3, **compile_kwargs):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(48, 4)).astype("float32")
    y = rng.normal(size=(48, 1)).astype("float32")
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(1e-2), "mse", **compile_kwargs)
    return model.fit(
        x,
        y,
        validation_split=0.25,
        batch_size=12,
        epochs=epochs,
        verbose=0,
        callbacks=[callback],
    )


def test_writes_a_png_with_train_and_validation_curves(tmp_path):
    path = tmp_path / "curves.png"
    plot = LivePlot(save_path=path)
    history = fit_with(plot, metrics=["mae"])

    assert path.read_bytes().startswith(PNG_SIGNATURE)
    axes = plot.figure.axes
    assert [ax.get_title() for ax in axes] == ["loss", "mae"]
    for ax, name in zip(axes, ["loss", "mae"]):
        lines = {line.get_label(): line for line in ax.get_lines()}
        assert set(lines) == {name, f"val_{name}"}
        for label, line in lines.items():
            np.testing.assert_array_equal(line.get_xdata(), [0, 1, 2])
            np.testing.assert_allclose(
                line.get_ydata(), history.history[label], rtol=1e-6
            )


def test_plots_only_the_requested_metrics():
    plot = LivePlot(metrics=["mae"])
    fit_with(plot, epochs=2, metrics=["mae", "mse"])
    assert [ax.get_title() for ax in plot.figure.axes] == ["mae"]


def test_unknown_metric_names_the_available_ones():
    with pytest.raises(ValueError, match="accuracy.*Available"):
        fit_with(LivePlot(metrics=["accuracy"]), epochs=1)


def test_updates_one_notebook_output_in_place(monkeypatch):
    shown = []

    class Handle:
        def update(self, image):
            shown.append(("update", image))

    def fake_display(image, display_id=None):
        shown.append(("display", image, display_id))
        return Handle()

    monkeypatch.setattr(live_plot, "_in_notebook", lambda: True)
    monkeypatch.setattr(display, "display", fake_display)
    fit_with(LivePlot(), epochs=3)

    assert [call[0] for call in shown] == ["display", "update", "update"]
    assert shown[0][2] is True
    assert all(call[1].data.startswith(PNG_SIGNATURE) for call in shown)


def test_headless_run_displays_nothing(monkeypatch):
    shown = []
    monkeypatch.setattr(display, "display", lambda *args, **kwargs: shown.append(args))
    plot = LivePlot()
    fit_with(plot, epochs=2)
    assert shown == []
    assert len(plot.figure.axes[0].get_lines()) == 2


@pytest.mark.parametrize("metrics", [[], ["loss", 3]])
def test_validates_metric_names(metrics):
    with pytest.raises(ValueError, match="metrics"):
        LivePlot(metrics=metrics)
