"""Plots rendered headless to PNG, checked against what they should draw."""

import os
import subprocess
import sys
from functools import partial

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from sklearn import metrics as sk

from course_lib import plots

RED = to_rgba(plots.WRONG_PREDICTION_COLOR)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def binary_problem():
    rng = np.random.default_rng(0)
    y_true = (rng.random(200) < 0.2).astype(int)
    y_score = 1.0 / (1.0 + np.exp(-(rng.normal(size=200) + 2.0 * y_true - 1.0)))
    return y_true, y_score


def save_png(figure, tmp_path, name):
    path = tmp_path / f"{name}.png"
    figure.savefig(path)
    with open(path, "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"
    return path


def legend_texts(ax):
    return [text.get_text() for text in ax.get_legend().get_texts()]


def test_roc_curve(binary_problem, tmp_path):
    y_true, y_score = binary_problem
    ax = plots.plot_roc_curve(y_true, y_score, name="Logistic")
    save_png(ax.figure, tmp_path, "roc")

    auc = sk.roc_auc_score(y_true, y_score)
    assert legend_texts(ax) == [f"Logistic (AUC = {auc:.3f})", "Chance (AUC = 0.5)"]
    curve, chance = ax.get_lines()
    fpr, tpr, _ = sk.roc_curve(y_true, y_score, drop_intermediate=False)
    np.testing.assert_allclose(curve.get_xdata(), fpr)
    np.testing.assert_allclose(curve.get_ydata(), tpr)
    np.testing.assert_array_equal(chance.get_xydata(), [[0, 0], [1, 1]])
    assert ax.get_xlabel() == "False positive rate"
    assert ax.get_ylabel() == "True positive rate"


def test_roc_curves_of_two_models_share_an_axes(binary_problem):
    y_true, y_score = binary_problem
    _, ax = plt.subplots()
    assert plots.plot_roc_curve(y_true, y_score, name="A", ax=ax) is ax
    plots.plot_roc_curve(y_true, 1 - y_score, name="B", show_chance=False, ax=ax)
    assert len(ax.get_lines()) == 3
    assert legend_texts(ax)[-1].startswith("B (AUC = ")


def test_pr_curve(binary_problem, tmp_path):
    y_true, y_score = binary_problem
    ax = plots.plot_pr_curve(y_true, y_score)
    save_png(ax.figure, tmp_path, "pr")

    average_precision = sk.average_precision_score(y_true, y_score)
    positive_rate = y_true.mean()
    assert legend_texts(ax) == [
        f"Model (AP = {average_precision:.3f})",
        f"Baseline (positive rate = {positive_rate:.3f})",
    ]
    curve, baseline = ax.get_lines()
    precision, recall, _ = sk.precision_recall_curve(y_true, y_score)
    np.testing.assert_allclose(curve.get_xdata(), recall)
    np.testing.assert_allclose(curve.get_ydata(), precision)
    np.testing.assert_allclose(baseline.get_ydata(), positive_rate)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Recall", "Precision")


def test_binary_confusion_matrix_from_scores(binary_problem, tmp_path):
    y_true, y_score = binary_problem
    ax = plots.plot_confusion_matrix(
        y_true, y_score[:, None], class_names=["healthy", "sick"], threshold=0.6
    )
    save_png(ax.figure, tmp_path, "confusion_binary")

    counts = sk.confusion_matrix(y_true, y_score > 0.6)
    rates = sk.confusion_matrix(y_true, y_score > 0.6, normalize="true")
    expected = [f"{c}\n{r:.1%}" for c, r in zip(counts.ravel(), rates.ravel())]
    assert [text.get_text() for text in ax.texts] == expected
    assert [label.get_text() for label in ax.get_xticklabels()] == ["healthy", "sick"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Predicted label", "True label")
    np.testing.assert_allclose(ax.images[0].get_array(), rates)


def test_multiclass_confusion_matrix_from_probabilities(tmp_path):
    rng = np.random.default_rng(1)
    y_true = rng.integers(0, 3, 90)
    probabilities = rng.dirichlet(np.ones(3), size=90) + 0.8 * np.eye(3)[y_true]
    one_hot = np.eye(3)[y_true]
    ax = plots.plot_confusion_matrix(one_hot, probabilities, colorbar=False)
    save_png(ax.figure, tmp_path, "confusion_multiclass")

    counts = sk.confusion_matrix(y_true, probabilities.argmax(axis=1))
    annotated = [int(text.get_text().split("\n")[0]) for text in ax.texts]
    assert annotated == counts.ravel().tolist()
    assert len(ax.figure.axes) == 1  # no colour bar


def test_confusion_matrix_rejects_mismatched_inputs():
    with pytest.raises(ValueError, match="different lengths"):
        plots.plot_confusion_matrix([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="class_names has 2 names"):
        plots.plot_confusion_matrix([0, 1, 2], [0, 1, 2], class_names=["a", "b"])
    with pytest.raises(ValueError, match="y_true is empty"):
        plots.plot_confusion_matrix([], [])


def test_threshold_sweep(binary_problem, tmp_path):
    y_true, y_score = binary_problem
    thresholds = np.linspace(0, 1, 11)
    ax = plots.plot_threshold_sweep(
        y_true, y_score, threshold=0.4, thresholds=thresholds
    )
    save_png(ax.figure, tmp_path, "sweep")

    precision_line, recall_line, f1_line, marker = ax.get_lines()
    predictions = [y_score > t for t in thresholds]
    references = {
        precision_line: partial(sk.precision_score, zero_division=0),
        recall_line: partial(sk.recall_score, zero_division=0),
        f1_line: partial(sk.f1_score, zero_division=0),
    }
    for line, reference in references.items():
        expected = [reference(y_true, predicted) for predicted in predictions]
        np.testing.assert_allclose(line.get_xdata(), thresholds)
        np.testing.assert_allclose(line.get_ydata(), expected)
    np.testing.assert_allclose(marker.get_xdata(), [0.4, 0.4])
    f1_at_chosen = sk.f1_score(y_true, y_score > 0.4)
    assert legend_texts(ax)[2] == f"F1 ({f1_at_chosen:.2f} at threshold)"
    assert legend_texts(ax)[3] == "Threshold = 0.40"


@pytest.mark.slow
def test_learning_curves_from_a_real_history(tmp_path):
    import keras

    keras.utils.set_random_seed(0)
    features = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    labels = (features[:, 0] > 0).astype("float32")
    model = keras.Sequential(
        [keras.Input(shape=(4,)), keras.layers.Dense(1, activation="sigmoid")]
    )
    model.compile(loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(
        features, labels, validation_split=0.25, epochs=3, batch_size=16, verbose=0
    )

    axes = plots.plot_learning_curves(history)
    save_png(axes[0].figure, tmp_path, "learning_curves")

    assert [axis.get_title() for axis in axes] == ["accuracy", "loss"]
    for axis in axes:
        name = axis.get_title()
        train, validation = axis.get_lines()
        np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3])
        np.testing.assert_allclose(train.get_ydata(), history.history[name])
        np.testing.assert_allclose(
            validation.get_ydata(), history.history[f"val_{name}"]
        )
        assert legend_texts(axis) == ["train", "validation"]
        assert axis.get_xlabel() == "Epoch"


def test_learning_curves_from_a_dict_into_given_axes():
    logs = {
        "loss": [1.0, 0.6, 0.4],
        "val_loss": [1.1, 0.8, 0.7],
        "auc": [0.6, 0.7, 0.8],
    }
    _, given = plt.subplots(2, 1)
    axes = plots.plot_learning_curves(logs, metrics=["loss", "auc"], ax=given)
    assert list(axes) == list(given)
    assert len(axes[0].get_lines()) == 2
    assert len(axes[1].get_lines()) == 1  # no val_auc logged
    with pytest.raises(ValueError, match=r"\['accuracy'\] are not in the history"):
        plots.plot_learning_curves(logs, metrics=["accuracy"])
    with pytest.raises(ValueError, match="ax has 2 Axes but there are 1 metrics"):
        plots.plot_learning_curves(logs, metrics=["loss"], ax=given)


@pytest.mark.parametrize(
    "shape, dtype",
    [((20, 28, 28), "uint8"), ((20, 28, 28, 1), "float32"), ((20, 32, 32, 3), "uint8")],
    ids=["mnist-uint8", "mnist-float-channel", "cifar-rgb"],
)
def test_image_grid_marks_wrong_predictions(shape, dtype, tmp_path):
    rng = np.random.default_rng(2)
    images = rng.integers(0, 256, size=shape)
    images = images.astype(dtype) / (255.0 if dtype == "float32" else 1)
    labels = rng.integers(0, 10, 20)
    probabilities = np.eye(10)[labels]
    probabilities[[1, 4, 9]] = np.eye(10)[(labels[[1, 4, 9]] + 1) % 10]
    names = [f"class {k}" for k in range(10)]

    axes = plots.plot_image_grid(
        images, labels=labels, class_names=names, predictions=probabilities, n=12
    )
    save_png(axes[0].figure, tmp_path, "grid")

    assert len(axes) == 12 and len(axes[0].figure.axes) == 12
    red_titles = [
        index
        for index, axis in enumerate(axes)
        if to_rgba(axis.title.get_color()) == RED
    ]
    assert red_titles == [1, 4, 9]
    assert axes[1].title.get_text() == (
        f"class {(labels[1] + 1) % 10} (true: class {labels[1]})"
    )
    assert axes[0].title.get_text() == f"class {labels[0]}"
    assert axes[4].spines["left"].get_edgecolor() == RED
    # Both uint8 and float images are shown as floats in [0, 1].
    expected = images[0] / 255.0 if dtype == "uint8" else images[0]
    np.testing.assert_allclose(
        axes[0].images[0].get_array(), np.squeeze(expected), rtol=1e-6
    )


def test_image_grid_into_a_given_figure_with_labels_only():
    figure = plt.figure()
    images = np.zeros((3, 28, 28))
    axes = plots.plot_image_grid(images, labels=[3, 1, 4], n=16, fig=figure)
    assert axes[0].figure is figure
    assert [axis.title.get_text() for axis in axes] == ["3", "1", "4"]
    assert all(to_rgba(axis.title.get_color()) != RED for axis in axes)


def test_image_grid_rejects_bad_shapes():
    with pytest.raises(ValueError, match=r"images must have shape .* got \(4, 28\)"):
        plots.plot_image_grid(np.zeros((4, 28)))
    with pytest.raises(ValueError, match="labels has 2 entries but 4 images"):
        plots.plot_image_grid(np.zeros((4, 8, 8)), labels=[0, 1])


def test_importing_plots_does_not_choose_a_backend():
    # In a fresh interpreter with a backend other than the Agg of the test
    # run, importing the module must leave the user's choice alone.
    code = (
        "import matplotlib, course_lib.plots; "
        "print(matplotlib.get_backend().lower())"
    )
    environment = {**os.environ, "MPLBACKEND": "svg"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "svg"


def test_plot_schedule_is_the_one_from_schedules():
    from course_lib import schedules

    assert plots.plot_schedule is schedules.plot_schedule


GRADIENT_RECORDS = {
    "dense/kernel": [1e-6, 3e-6],
    "dense/bias": [1e-9, 1e-9],
    "block/dense_1/kernel": [1e-3, 1e-3],
    "output/kernel": [0.5, 0.25, 0.75],
}


def test_gradient_norms_per_layer_on_a_log_scale(tmp_path):
    ax = plots.plot_gradient_norms(GRADIENT_RECORDS, label="sigmoid")
    save_png(ax.figure, tmp_path, "gradient_norms")
    [line] = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3])
    np.testing.assert_allclose(line.get_ydata(), [2e-6, 1e-3, 0.5])
    assert ax.get_yscale() == "log"
    assert legend_texts(ax) == ["sigmoid"]


def test_gradient_norms_compare_runs_and_all_variables():
    ax = plots.plot_gradient_norms(GRADIENT_RECORDS, variables="all")
    assert ax.get_legend() is None
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [2e-6, 1e-9, 1e-3, 0.5])
    plots.plot_gradient_norms({"a/kernel": [1.0], "b/kernel": [2.0]}, label="relu", ax=ax)
    assert len(ax.get_lines()) == 2


def test_gradient_norms_read_a_monitor():
    class FakeMonitor:
        history = {"kernel": [4.0], "dense/kernel": [2.0]}

    ax = plots.plot_gradient_norms(FakeMonitor())
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [4.0, 2.0])


def test_gradient_norms_reject_bad_input():
    with pytest.raises(ValueError, match="GradientNormMonitor or its non-empty history"):
        plots.plot_gradient_norms({})
    with pytest.raises(ValueError, match="No kernel variables"):
        plots.plot_gradient_norms({"dense/bias": [1.0]})
    with pytest.raises(ValueError, match="No records yet"):
        plots.plot_gradient_norms({"dense/kernel": []})
    with pytest.raises(ValueError, match="variables must be"):
        plots.plot_gradient_norms(GRADIENT_RECORDS, variables="bias")


ACTIVATION_RECORDS = {
    "dense": {"mean": [0.5, 0.6], "std": [0.2, 0.3], "dead_fraction": [0.0, 0.25],
              "saturated_fraction": [None, None]},
    "dense_1": {"mean": [0.1, 0.2], "std": [0.05, 0.1], "dead_fraction": [0.5, 0.75],
                "saturated_fraction": [None, None]},
    "output": {"mean": [0.1, 0.1], "std": [0.2, 0.2], "dead_fraction": [None, None],
               "saturated_fraction": [None, None]},
}


def test_activation_statistics_per_layer(tmp_path):
    ax = plots.plot_activation_statistics(ACTIVATION_RECORDS, "dead_fraction", label="relu")
    save_png(ax.figure, tmp_path, "activation_statistics")
    [line] = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [1, 2])
    np.testing.assert_allclose(line.get_ydata(), [0.25, 0.75])
    assert ax.get_ylabel() == "dead fraction"
    assert legend_texts(ax) == ["relu"]
    plots.plot_activation_statistics(ACTIVATION_RECORDS, record=0, ax=ax)
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), [0.2, 0.05, 0.2])


def test_activation_statistics_reject_bad_input():
    with pytest.raises(ValueError, match="statistic must be one of"):
        plots.plot_activation_statistics(ACTIVATION_RECORDS, "median")
    with pytest.raises(ValueError, match="has a 'saturated_fraction' value"):
        plots.plot_activation_statistics(ACTIVATION_RECORDS, "saturated_fraction")
    with pytest.raises(ValueError, match="ActivationMonitor or its non-empty history"):
        plots.plot_activation_statistics([])
    empty = {"dense": {"mean": [], "std": [], "dead_fraction": [], "saturated_fraction": []}}
    with pytest.raises(ValueError, match="No records yet for layer 'dense'"):
        plots.plot_activation_statistics(empty)


def test_grid_heatmap_labels_every_run_cell_and_skips_missing_ones(tmp_path):
    values = np.array([[0.25, 0.5, 0.75], [0.125, np.nan, 1.0]])
    ax = plots.plot_grid_heatmap(
        values, row_labels=[1, 2], col_labels=["a", "b", "c"], fmt="{:.3f}",
        title="accuracy", xlabel="convs", ylabel="blocks", colorbar_label="accuracy",
    )
    assert [text.get_text() for text in ax.texts] == ["0.250", "0.500", "0.750", "0.125", "1.000"]
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["a", "b", "c"]
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["1", "2"]
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("accuracy", "convs", "blocks")
    image = ax.images[0]
    assert image.get_array().mask[1, 1] and not image.get_array().mask[0, 0]
    assert len(ax.figure.axes) == 2, "the colour bar is drawn beside the map"
    save_png(ax.figure, tmp_path, "grid_heatmap")


def test_grid_heatmap_into_given_axes_without_labels():
    fig, axes = plt.subplots(1, 2)
    returned = plots.plot_grid_heatmap([[1.0, 2.0]], [0], [0, 1], fmt=None, ax=axes[1])
    assert returned is axes[1] and not returned.texts and len(fig.axes) == 2


def test_grid_heatmap_shares_a_colour_scale_when_given_one():
    fig, axes = plt.subplots(1, 2)
    plots.plot_grid_heatmap([[0.3, 0.4]], [0], [0, 1], ax=axes[0], vmin=0.1, vmax=0.9)
    plots.plot_grid_heatmap([[0.3, 0.8]], [0], [0, 1], ax=axes[1], vmin=0.1, vmax=0.9)
    for ax in axes:
        assert ax.images[0].get_clim() == (0.1, 0.9)
    # Same value, same colour, on both maps.
    assert np.allclose(axes[0].images[0].to_rgba(0.3), axes[1].images[0].to_rgba(0.3))
    # Text colour follows the shared scale: 0.4 is in its dark (low) half, 0.8 is not.
    assert [text.get_color() for text in axes[0].texts] == ["white", "white"]
    assert [text.get_color() for text in axes[1].texts] == ["white", "black"]


@pytest.mark.parametrize(
    "values, rows, cols, message",
    [
        ([1.0, 2.0], [0], [0, 1], "2D"),
        ([[1.0, 2.0]], [0, 1], [0, 1], "row labels"),
        ([[1.0, 2.0]], [0], [0], "column labels"),
    ],
)
def test_grid_heatmap_rejects_mismatched_shapes(values, rows, cols, message):
    with pytest.raises(ValueError, match=message):
        plots.plot_grid_heatmap(values, rows, cols)


def test_grid_heatmap_rejects_an_empty_colour_range():
    with pytest.raises(ValueError, match="vmin must be below vmax"):
        plots.plot_grid_heatmap([[1.0, 2.0]], [0], [0, 1], vmin=0.5, vmax=0.5)


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("n_bins", [1, 5, 10])
def test_calibration_curve_matches_scikit_learn(binary_problem, strategy, n_bins, tmp_path):
    from sklearn.calibration import calibration_curve

    y_true, y_prob = binary_problem
    ax = plots.plot_calibration_curve(y_true, y_prob, n_bins=n_bins, strategy=strategy, name="Net")
    save_png(ax.figure, tmp_path, f"calibration_{strategy}_{n_bins}")
    curve, diagonal = ax.get_lines()
    fraction_positive, mean_predicted = calibration_curve(y_true, y_prob, n_bins=n_bins, strategy=strategy)
    np.testing.assert_allclose(curve.get_xdata(), mean_predicted)
    np.testing.assert_allclose(curve.get_ydata(), fraction_positive)
    np.testing.assert_array_equal(diagonal.get_xydata(), [[0, 0], [1, 1]])
    assert legend_texts(ax)[:2] == ["Net", "Perfectly calibrated"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Mean predicted probability", "Fraction of positives")


def test_calibration_curve_bins_edges_and_empty_bins_like_scikit_learn():
    from sklearn.calibration import calibration_curve

    # Predictions exactly on inner edges, empty bins, 0 and 1 themselves, bool labels.
    y_true = np.array([False, True, False, True, True, False, True, True])
    y_prob = np.array([0.0, 0.2, 0.2, 0.4, 0.6, 0.6, 1.0, 0.95])
    _, ax = plt.subplots()
    assert plots.plot_calibration_curve(y_true, y_prob, n_bins=5, ax=ax) is ax
    fraction_positive, mean_predicted = calibration_curve(y_true, y_prob, n_bins=5)
    np.testing.assert_allclose(ax.get_lines()[0].get_xdata(), mean_predicted)
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), fraction_positive)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(y_prob=[0.2, 1.5]), r"probabilities in \[0, 1\]"),
        (dict(y_prob=[0.2, 0.3, 0.4]), "different lengths"),
        (dict(n_bins=0), "n_bins must be an integer"),
        (dict(n_bins=2.5), "n_bins must be an integer"),
        (dict(strategy="equal"), "strategy must be"),
        (dict(y_true=[0, 2]), "binary"),
    ],
)
def test_calibration_curve_rejects_bad_input(kwargs, message):
    arguments = dict(y_true=[0, 1], y_prob=[0.2, 0.7])
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        plots.plot_calibration_curve(**arguments)


def test_calibration_curves_of_two_models_share_an_axes(binary_problem):
    y_true, y_prob = binary_problem
    _, ax = plt.subplots()
    plots.plot_calibration_curve(y_true, y_prob, name="A", ax=ax)
    plots.plot_calibration_curve(y_true, y_prob**3, name="B", show_diagonal=False, show_histogram=False, ax=ax)
    assert len(ax.get_lines()) == 3
    assert legend_texts(ax) == ["A", "Perfectly calibrated", "B", "A: predictions (histogram)"]
