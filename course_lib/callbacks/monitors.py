"""Callbacks that record what happens inside a network while it trains.

- `GradientNormMonitor`: the L2 norm of the gradient of each weight.
- `ActivationMonitor`: statistics of each layer's outputs, with the fraction
  of dead ReLU units and of saturated sigmoid/tanh units.
- `WeightNormMonitor`: the Frobenius norm of each layer's kernel.

Each one measures on a fixed probe batch or on the weights themselves, so its
records are comparable from one step to the next, and exports them with
`to_json()` and `to_csv()`.
"""

import collections
import math

import keras
import numpy as np
from keras import ops

from course_lib._validation import check_positive_int
from course_lib.callbacks._export import HistoryExportMixin
from course_lib.callbacks._validation import check_probe_batch

# A unit of a sigmoid or tanh layer is saturated when its output lies within
# SATURATION_TOLERANCE of a bound for more than SATURATION_MAJORITY of the
# probe values.
SATURATION_TOLERANCE = 1e-2
SATURATION_MAJORITY = 0.5

_RELU_FAMILY = frozenset({"relu", "relu6"})
_ACTIVATION_BOUNDS = {
    "sigmoid": (0.0, 1.0),
    "hard_sigmoid": (0.0, 1.0),
    "tanh": (-1.0, 1.0),
    "hard_tanh": (-1.0, 1.0),
}


class GradientNormMonitor(HistoryExportMixin, keras.callbacks.Callback):
    """Records the L2 norm of the gradient of every trainable weight.

    After the update of every `every_n_batches`-th training batch, the
    gradient of the model's training objective on the fixed probe batch
    `(x, y)` is computed with respect to each trainable variable, and its L2
    norm recorded. The objective is `model.compute_loss`, the same one `fit`
    minimizes: the compiled loss plus `model.losses` (weight and activity
    regularization). The forward pass runs with `training=False`, so that
    dropout adds no noise and batch-normalization statistics stay untouched.

    The computation is a `tf.function` traced once per model, so a record
    costs about one forward and one backward pass on the probe batch. This
    monitor needs the TensorFlow backend.

    Args:
        x: Inputs of the probe batch.
        y: Targets of the probe batch.
        every_n_batches: Record after every n-th training batch.

    Attributes:
        history: Ordered dictionary, from input to output, mapping a key per
            trainable variable (its path without the model's name, e.g.
            `"dense/kernel"`) to the list of recorded norms.
        steps: Number of training batches seen at each record.

    Example:

    ```python
    monitor = GradientNormMonitor(x_train[:256], y_train[:256],
                                  every_n_batches=10)
    model.fit(x_train, y_train, epochs=3, callbacks=[monitor])
    monitor.history["dense/kernel"]  # a list of floats
    monitor.to_csv("gradient_norms.csv")
    ```
    """

    _index_name = "step"

    def __init__(self, x, y, every_n_batches=1):
        super().__init__()
        if keras.backend.backend() != "tensorflow":
            raise ValueError(
                "GradientNormMonitor needs the TensorFlow backend. "
                f"Received backend: {keras.backend.backend()!r}"
            )
        check_probe_batch(x, y)
        self.every_n_batches = check_positive_int(
            every_n_batches, "every_n_batches"
        )
        self.x = keras.tree.map_structure(ops.convert_to_tensor, x)
        self.y = keras.tree.map_structure(ops.convert_to_tensor, y)
        self._history = collections.OrderedDict()
        self._steps = []
        # Norms computed but not yet copied to Python: copying right away
        # would make the host wait for the device in the middle of an epoch.
        self._pending = []
        self._batches_seen = 0
        self._last_record = None
        self._norm_function = None
        self._norm_function_model = None

    @property
    def history(self):
        self._flush()
        return self._history

    @property
    def steps(self):
        self._flush()
        return self._steps

    # The record for batch k is taken when batch k + 1 begins (the weights
    # are the same), or when training ends. Overriding `on_train_batch_end`
    # instead would make Keras copy the logs to Python after every batch and
    # give up dispatching batches asynchronously, which costs more than the
    # probe itself on small models.
    def on_train_batch_begin(self, batch, logs=None):
        self._record_if_due()
        self._batches_seen += 1

    def on_epoch_end(self, epoch, logs=None):
        # Keras waits for the device at the end of an epoch anyway.
        self._flush()

    def on_train_end(self, logs=None):
        self._record_if_due()
        self._flush()

    def _record_if_due(self):
        due = self._batches_seen % self.every_n_batches == 0
        if self._batches_seen and due and self._last_record != self._batches_seen:
            self._compute()

    def record(self):
        """Computes the gradient norms now and appends them to `history`."""
        self._compute()
        self._flush()

    def _compute(self):
        if self._norm_function_model is not self.model:
            self._build_norm_function()
        norms = self._norm_function(self.x, self.y)
        self._pending.append((self._batches_seen, norms))
        self._last_record = self._batches_seen

    def _flush(self):
        pending, self._pending = self._pending, []
        for step, norms in pending:
            for key, norm in zip(self._keys, norms.numpy().tolist()):
                self._history[key].append(norm)
            self._steps.append(step)

    def _build_norm_function(self):
        import tensorflow as tf

        model = self.model
        variables = list(model.trainable_variables)
        if not variables:
            raise ValueError(
                f"Model {model.name!r} has no trainable variables to monitor."
            )
        self._flush()
        self._keys = _variable_keys(model, variables)
        self._history = collections.OrderedDict((key, []) for key in self._keys)
        self._steps = []

        @tf.function
        def gradient_norms(x, y):
            with tf.GradientTape() as tape:
                y_pred = model(x, training=False)
                loss = model.compute_loss(x=x, y=y, y_pred=y_pred)
            gradients = tape.gradient(loss, variables)
            return ops.stack(
                [
                    ops.zeros(()) if gradient is None else _l2_norm(gradient)
                    for gradient in gradients
                ]
            )

        self._norm_function = gradient_norms
        self._norm_function_model = model


class ActivationMonitor(HistoryExportMixin, keras.callbacks.Callback):
    """Records statistics of every layer's output on a fixed probe batch.

    At the end of every `every_n_epochs`-th epoch, the probe inputs `x` go
    through the model (in inference mode) and, for each layer with a single
    output, records:

    - `"mean"` and `"std"`: of all the layer's output values.
    - `"dead_fraction"`: for a ReLU-family layer (`relu`, `relu6`, or a
      `ReLU` layer without negative slope), the fraction of units that output
      exactly 0 for every probe sample. `None` for other layers.
    - `"saturated_fraction"`: for a sigmoid or tanh layer (hard variants
      included), the fraction of units whose output is within `1e-2` of a
      bound (0 or 1 for sigmoid, -1 or 1 for tanh) for more than 50% of the
      probe samples. `None` for other layers.

    A unit is an entry of the last axis (a feature of a `Dense` layer, a
    channel of a convolution); for a convolution every spatial position of
    every sample counts as one probe value.

    All outputs come from one multi-output model, `keras.Model(model.inputs,
    [layer outputs])`, built once, so the model must be Functional or
    Sequential.

    Args:
        x: Inputs of the probe batch.
        every_n_epochs: Record at the end of every n-th epoch.

    Attributes:
        history: Ordered dictionary mapping a layer name to
            `{"mean": [...], "std": [...], "dead_fraction": [...],
            "saturated_fraction": [...]}`.
        epochs: Epoch index (from 0, as Keras counts) of each record.

    Example:

    ```python
    monitor = ActivationMonitor(x_train[:512])
    model.fit(x_train, y_train, epochs=5, callbacks=[monitor])
    monitor.history["dense"]["dead_fraction"]
    ```
    """

    _index_name = "epoch"

    def __init__(self, x, every_n_epochs=1):
        super().__init__()
        check_probe_batch(x)
        self.every_n_epochs = check_positive_int(every_n_epochs, "every_n_epochs")
        self.x = keras.tree.map_structure(ops.convert_to_tensor, x)
        self.history = collections.OrderedDict()
        self.epochs = []
        self._statistics_function = None
        self._probe_source = None

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_n_epochs == 0:
            self.record(epoch)

    def record(self, epoch):
        """Measures the probe batch now and appends the statistics."""
        if self._probe_source is not self.model:
            self._build_probe_model()
        table = self._statistics_function(self.x).numpy()
        for layer, row in zip(self._layers, table.tolist()):
            for name, value in zip(_STATISTICS, row):
                self.history[layer.name][name].append(
                    None if math.isnan(value) else value
                )
        self.epochs.append(int(epoch))

    def _build_probe_model(self):
        import tensorflow as tf

        model = self.model
        inputs = _model_inputs(model)
        if inputs is None:
            raise ValueError(
                "ActivationMonitor needs a Functional or Sequential model with "
                f"defined inputs; model {model.name!r} has none."
            )
        self._layers = [
            layer for layer in model.layers if _single_output(layer) is not None
        ]
        probe_model = keras.Model(inputs, [layer.output for layer in self._layers])
        kinds = [_activation_kind(layer) for layer in self._layers]

        # One compiled call and one copy to Python per record, instead of a
        # few small eager operations per layer.
        @tf.function
        def statistics_table(x):
            outputs = probe_model(x, training=False)
            return ops.stack(
                [
                    _statistics_vector(output, kind)
                    for output, kind in zip(outputs, kinds)
                ]
            )

        self._statistics_function = statistics_table
        self._probe_source = model
        self.history = collections.OrderedDict(
            (layer.name, {name: [] for name in _STATISTICS})
            for layer in self._layers
        )
        self.epochs = []


class WeightNormMonitor(HistoryExportMixin, keras.callbacks.Callback):
    """Records the Frobenius norm of each layer's kernel at every epoch end.

    Every layer with a `kernel` (Dense, convolutions...) is included; the
    layers of nested models are visited too.

    Attributes:
        history: Ordered dictionary mapping a layer name to the list of its
            kernel's norms, `sqrt(sum(kernel ** 2))`.
        epochs: Epoch index (from 0) of each record.

    Example:

    ```python
    monitor = WeightNormMonitor()
    model.fit(x_train, y_train, epochs=5, callbacks=[monitor])
    monitor.history["dense"]  # one norm per epoch
    ```
    """

    _index_name = "epoch"

    def __init__(self):
        super().__init__()
        self.history = collections.OrderedDict()
        self.epochs = []
        self._norm_function = None
        self._norm_source = None

    def on_epoch_end(self, epoch, logs=None):
        self.record(epoch)

    def record(self, epoch):
        """Appends the current kernel norms to `history`."""
        if self._norm_source is not self.model:
            self._build_norm_function()
        norms = self._norm_function().numpy().tolist()
        for name, norm in zip(self._layer_names, norms):
            self.history.setdefault(name, []).append(norm)
        self.epochs.append(int(epoch))

    def _build_norm_function(self):
        import tensorflow as tf

        layers = list(_layers_with_kernel(self.model))
        self._layer_names = [layer.name for layer in layers]
        # Records of another model would not line up with these layers.
        self.history = collections.OrderedDict()
        self.epochs = []

        @tf.function
        def kernel_norms():
            return ops.stack([_l2_norm(layer.kernel) for layer in layers])

        self._norm_function = kernel_norms
        self._norm_source = self.model


_STATISTICS = ("mean", "std", "dead_fraction", "saturated_fraction")


def activation_statistics(outputs, kind=None):
    """Summarizes a layer's outputs on a probe batch.

    Args:
        outputs: Tensor of shape `(samples, ..., units)`.
        kind: `"relu"` for a ReLU-family layer, a `(low, high)` pair of
            bounds for a sigmoid-like layer, or `None`.

    Returns:
        A dictionary of floats (`None` where a statistic does not apply) with
        keys `"mean"`, `"std"`, `"dead_fraction"` and `"saturated_fraction"`.
    """
    vector = _statistics_vector(outputs, kind)
    return {
        name: None if math.isnan(value) else value
        for name, value in zip(_STATISTICS, ops.convert_to_numpy(vector).tolist())
    }


def _statistics_vector(outputs, kind):
    """`activation_statistics` as a float32 tensor, NaN where not applicable."""
    outputs = ops.cast(outputs, "float32")
    units = ops.reshape(outputs, (-1, ops.shape(outputs)[-1]))
    not_applicable = ops.convert_to_tensor(float("nan"), "float32")
    dead_fraction = not_applicable
    saturated_fraction = not_applicable
    if kind == "relu":
        dead = ops.all(ops.equal(units, 0.0), axis=0)
        dead_fraction = ops.mean(ops.cast(dead, "float32"))
    elif kind is not None:
        low, high = kind
        near_bound = ops.logical_or(
            units <= low + SATURATION_TOLERANCE,
            units >= high - SATURATION_TOLERANCE,
        )
        share = ops.mean(ops.cast(near_bound, "float32"), axis=0)
        saturated_fraction = ops.mean(
            ops.cast(share > SATURATION_MAJORITY, "float32")
        )
    return ops.stack(
        [ops.mean(units), ops.std(units), dead_fraction, saturated_fraction]
    )


def _activation_kind(layer):
    """Returns "relu", the output bounds of a sigmoid-like layer, or None."""
    if isinstance(layer, keras.layers.ReLU):
        plain = layer.negative_slope == 0 and layer.threshold == 0
        return "relu" if plain else None
    name = getattr(getattr(layer, "activation", None), "__name__", None)
    if name in _RELU_FAMILY:
        return "relu"
    return _ACTIVATION_BOUNDS.get(name)


def _model_inputs(model):
    """Returns the model's symbolic inputs, in the structure `x` comes in."""
    try:
        # A Functional model keeps the structure it was built with (a tensor,
        # a list or a dict).
        return model.input
    except (AttributeError, ValueError):
        pass
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        return None
    if not inputs:
        return None
    return inputs[0] if len(inputs) == 1 else inputs


def _single_output(layer):
    """Returns the layer's output tensor, or None if it has several or none."""
    if isinstance(layer, keras.layers.InputLayer):
        return None
    try:
        output = layer.output
    except (AttributeError, ValueError):
        return None
    return output if keras.backend.is_keras_tensor(output) else None


def _layers_with_kernel(model):
    for layer in model.layers:
        if hasattr(layer, "kernel"):
            yield layer
        if hasattr(layer, "layers"):
            yield from _layers_with_kernel(layer)


def _variable_keys(model, variables):
    """Names each variable by its path, without the model's own prefix."""
    prefix = f"{model.name}/"
    keys = []
    for variable in variables:
        key = variable.path
        if key.startswith(prefix):
            key = key[len(prefix) :]
        while key in keys:
            key = f"{key}_"
        keys.append(key)
    return keys


def _l2_norm(tensor):
    tensor = ops.cast(tensor, "float32")
    return ops.sqrt(ops.sum(ops.square(tensor)))
