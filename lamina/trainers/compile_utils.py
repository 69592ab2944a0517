"""What ``compile`` configures: losses and metrics mapped onto the model's outputs.

Losses map to outputs one for all, by position (list) or by output name (dict); an
output without a loss is allowed. ``"accuracy"`` resolves to Binary / Categorical /
SparseCategorical accuracy from the loss and the shapes, as in Keras.
"""

import inspect

import jax.numpy as jnp

from lamina import losses as losses_module
from lamina import metrics as metrics_module

_ACCURACY_NAMES = ("accuracy", "acc")
_CROSSENTROPY_NAMES = ("crossentropy", "ce")


def _structure_error(what, expected_names, received):
    return ValueError(
        f"compile/fit: {what} does not match the model's outputs {expected_names}; received "
        f"{received}."
    )


def flatten_by_outputs(structure, output_names, what):
    """Flatten ``structure`` (single, list, or dict by output name) into output order."""
    count = len(output_names)
    if structure is None:
        return [None] * count
    if isinstance(structure, dict):
        unknown = [k for k in structure if k not in output_names]
        if unknown:
            raise _structure_error(what, output_names, f"unknown key(s) {unknown}")
        return [structure.get(name) for name in output_names]
    if isinstance(structure, (list, tuple)):
        if count == 1 and len(structure) != 1:
            return [structure]
        if len(structure) != count:
            raise _structure_error(what, output_names, f"{len(structure)} entries")
        return list(structure)
    if count == 1 or what in ("loss", "loss_weights", "sample_weight"):
        return [structure] * count
    raise _structure_error(what, output_names, "a single array")


def as_loss_object(identifier):
    """A ``Loss`` instance (plain functions are wrapped, as Keras's compile does)."""
    loss = losses_module.get(identifier)
    if isinstance(loss, losses_module.Loss):
        return loss
    name = getattr(loss, "__name__", None) or type(loss).__name__
    return losses_module.LossFunctionWrapper(loss, name=name)


def _loss_kind(loss) -> str:
    """Class name plus wrapped function name: what ``"accuracy"`` resolution looks at."""
    if loss is None:
        return ""
    fn = getattr(loss, "fn", None)
    return f"{type(loss).__name__} {getattr(fn, '__name__', '')}"


class CompileLoss:
    """The compiled, per-output weighted loss."""

    def __init__(self, loss, loss_weights=None):
        self.loss_config = loss
        self.loss_weights_config = loss_weights
        self.output_names = None
        self.entries = []  # (output index, Loss, weight)

    def build(self, output_names):
        self.output_names = list(output_names)
        per_output = flatten_by_outputs(self.loss_config, self.output_names, "loss")
        weights = flatten_by_outputs(self.loss_weights_config, self.output_names, "loss_weights")
        self.entries = []
        for index, (loss, weight) in enumerate(zip(per_output, weights)):
            if loss is None:
                continue
            self.entries.append((index, as_loss_object(loss), 1.0 if weight is None else weight))

    def loss_names(self):
        if not self.output_names or len(self.output_names) == 1:
            return []
        return [f"{self.output_names[i]}_loss" for i, _, _ in self.entries]

    def __call__(self, y_true, y_pred, sample_weights, masks):
        """Total weighted loss and the unweighted loss of each output that has one."""
        total = jnp.zeros((), "float32")
        values = []
        for index, loss, weight in self.entries:
            if y_true[index] is None:
                raise ValueError(
                    f"fit/evaluate: output '{self.output_names[index]}' has a loss but no "
                    "target was given for it."
                )
            value = loss(y_true[index], y_pred[index], sample_weights[index], mask=masks[index])
            values.append(value)
            total = total + weight * value
        return total, values


class CompileMetrics:
    """The compiled metrics, each bound to one output, with Keras log names."""

    def __init__(self, metrics, weighted_metrics=None):
        self.metrics_config = metrics
        self.weighted_config = weighted_metrics
        self.entries = []  # (log name, output index, Metric, weighted)

    def build(self, output_names, y_true, y_pred, compile_loss):
        self.entries = []
        multi = len(output_names) > 1
        for config, weighted in ((self.metrics_config, False), (self.weighted_config, True)):
            per_output = _metrics_per_output(config, output_names)
            for index, items in enumerate(per_output):
                for item in items:
                    loss = next((lo for i, lo, _ in compile_loss.entries if i == index), None)
                    metric = _resolve_metric(item, y_true[index], y_pred[index], loss)
                    if not getattr(metric, "built", True) and hasattr(metric, "build"):
                        # shape-dependent state (F1Score, R2Score...) is created here, before
                        # the metric's variables join the train state
                        metric.build(
                            tuple(getattr(y_true[index], "shape", ())),
                            tuple(getattr(y_pred[index], "shape", ())),
                        )
                    name = metric.name
                    if isinstance(item, str) and item in _ACCURACY_NAMES:
                        name = item
                    if multi:
                        name = f"{output_names[index]}_{name}"
                    if weighted and not multi and any(e[0] == name for e in self.entries):
                        name = f"weighted_{name}"
                    self.entries.append((name, index, metric, weighted))

    @property
    def metrics(self) -> list:
        return [metric for _, _, metric, _ in self.entries]

    def update(self, y_true, y_pred, sample_weights, masks, row_weights):
        """Update every metric (stateful; run inside a StatelessScope in steps)."""
        for _, index, metric, weighted in self.entries:
            weight = sample_weights[index] if weighted else None
            weight = _combine_row_weights(weight, row_weights)
            kwargs = {"sample_weight": weight}
            if masks[index] is not None and _accepts_mask(metric):
                kwargs["mask"] = masks[index]
            metric.update_state(y_true[index], y_pred[index], **kwargs)


def _combine_row_weights(weight, row_weights):
    if row_weights is None:
        return weight
    if weight is None:
        return row_weights
    weight = jnp.asarray(weight)
    rows = row_weights.reshape((-1,) + (1,) * (weight.ndim - 1))
    return weight * rows


def _accepts_mask(metric) -> bool:
    try:
        return "mask" in inspect.signature(metric.update_state).parameters
    except (TypeError, ValueError):
        return False


def _metrics_per_output(config, output_names):
    count = len(output_names)
    if config is None:
        return [[] for _ in range(count)]
    if isinstance(config, dict):
        unknown = [k for k in config if k not in output_names]
        if unknown:
            raise _structure_error("metrics", output_names, f"unknown key(s) {unknown}")
        return [_as_list(config.get(name)) for name in output_names]
    if not isinstance(config, (list, tuple)):
        raise TypeError(
            f"compile: metrics must be a list or a dict by output name, received "
            f"{type(config).__name__}. Wrap a single metric in a list: metrics=[...]."
        )
    if (
        count > 1
        and len(config) == count
        and all(isinstance(c, (list, tuple)) or c is None for c in config)
    ):
        return [_as_list(c) for c in config]
    return [list(config) for _ in range(count)]


def _as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _resolve_metric(item, y_true, y_pred, loss):
    if isinstance(item, str) and item in _ACCURACY_NAMES:
        return _accuracy_for(y_true, y_pred, loss, item)
    if isinstance(item, str) and item in _CROSSENTROPY_NAMES:
        return _crossentropy_for(y_true, y_pred, loss, item)
    metric = metrics_module.get(item)
    if not isinstance(metric, metrics_module.Metric):
        metric = metrics_module.MeanMetricWrapper(metric, name=getattr(metric, "__name__", None))
    if isinstance(item, str):
        metric.name = item  # Keras logs a metric given as a string under that string
    return metric


def _accuracy_for(y_true, y_pred, loss, name):
    kind = _loss_kind(loss)
    if "SparseCategorical" in kind or "sparse_categorical" in kind:
        return metrics_module.SparseCategoricalAccuracy(name=name)
    if "Binary" in kind or "binary_" in kind:
        return metrics_module.BinaryAccuracy(name=name)
    if "CategoricalCrossentropy" in kind or "categorical_crossentropy" in kind:
        return metrics_module.CategoricalAccuracy(name=name)
    true_shape = tuple(getattr(y_true, "shape", ()))
    pred_shape = tuple(getattr(y_pred, "shape", ()))
    if pred_shape and pred_shape[-1] == 1:
        return metrics_module.BinaryAccuracy(name=name)
    if len(true_shape) < len(pred_shape) or (
        true_shape and true_shape[-1] == 1 and pred_shape and pred_shape[-1] > 1
    ):
        return metrics_module.SparseCategoricalAccuracy(name=name)
    return metrics_module.CategoricalAccuracy(name=name)


def _crossentropy_for(y_true, y_pred, loss, name):
    accuracy = type(_accuracy_for(y_true, y_pred, loss, name)).__name__
    table = {
        "BinaryAccuracy": "BinaryCrossentropy",
        "SparseCategoricalAccuracy": "SparseCategoricalCrossentropy",
        "CategoricalAccuracy": "CategoricalCrossentropy",
    }
    return getattr(metrics_module, table[accuracy])(name=name)
