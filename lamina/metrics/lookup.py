"""``lamina.metrics.get`` / ``serialize`` / ``deserialize``: names and configs to metrics.

Strings name metric classes (``"MeanSquaredError"``), their snake_case names
(``"mean_squared_error"``) or Keras aliases (``"mse"``, ``"acc"``); ``get`` returns a
new instance. ``"accuracy"`` gives the plain :class:`Accuracy` metric (the trainer picks
binary / categorical / sparse accuracy from the loss and shapes).

>>> type(get("mse")).__name__
'MeanSquaredError'
>>> get("sparse_categorical_accuracy").name
'sparse_categorical_accuracy'
"""

import difflib
import inspect

from lamina._registry import (
    deserialize_keras_object,
    get_registered_object,
    serialize_keras_object,
)
from lamina.metrics import (
    accuracy_metrics,
    auc_metric,
    confusion_metrics,
    constrained_metrics,
    correlation_metrics,
    f_score_metrics,
    hinge_metrics,
    iou_metrics,
    probabilistic_metrics,
    r2_score,
    reduction_metrics,
    regression_metrics,
)
from lamina.metrics.metric import Metric
from lamina.utils.naming import to_snake_case

_CLASSES = (
    Metric, reduction_metrics.Mean, reduction_metrics.Sum, reduction_metrics.MeanMetricWrapper,
    regression_metrics.MeanSquaredError, regression_metrics.RootMeanSquaredError,
    regression_metrics.MeanAbsoluteError, regression_metrics.MeanAbsolutePercentageError,
    regression_metrics.MeanSquaredLogarithmicError, regression_metrics.CosineSimilarity,
    regression_metrics.LogCoshError,
    hinge_metrics.Hinge, hinge_metrics.SquaredHinge, hinge_metrics.CategoricalHinge,
    probabilistic_metrics.KLDivergence, probabilistic_metrics.Poisson,
    probabilistic_metrics.BinaryCrossentropy, probabilistic_metrics.CategoricalCrossentropy,
    probabilistic_metrics.SparseCategoricalCrossentropy,
    accuracy_metrics.Accuracy, accuracy_metrics.BinaryAccuracy,
    accuracy_metrics.CategoricalAccuracy, accuracy_metrics.SparseCategoricalAccuracy,
    accuracy_metrics.TopKCategoricalAccuracy, accuracy_metrics.SparseTopKCategoricalAccuracy,
    r2_score.R2Score, auc_metric.AUC,
    confusion_metrics.TruePositives, confusion_metrics.FalsePositives,
    confusion_metrics.TrueNegatives, confusion_metrics.FalseNegatives,
    confusion_metrics.Precision, confusion_metrics.Recall,
    constrained_metrics.PrecisionAtRecall, constrained_metrics.RecallAtPrecision,
    constrained_metrics.SensitivityAtSpecificity, constrained_metrics.SpecificityAtSensitivity,
    correlation_metrics.PearsonCorrelation, correlation_metrics.ConcordanceCorrelation,
    f_score_metrics.FBetaScore, f_score_metrics.F1Score,
    iou_metrics.IoU, iou_metrics.BinaryIoU, iou_metrics.MeanIoU, iou_metrics.OneHotIoU,
    iou_metrics.OneHotMeanIoU,
)

#: Every built-in metric class by class name, snake_case name and Keras alias.
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in _CLASSES})
ALL_OBJECTS_DICT.update({
    "acc": accuracy_metrics.Accuracy,
    "bce": probabilistic_metrics.BinaryCrossentropy,
    "BCE": probabilistic_metrics.BinaryCrossentropy,
    "mse": regression_metrics.MeanSquaredError,
    "MSE": regression_metrics.MeanSquaredError,
    "mae": regression_metrics.MeanAbsoluteError,
    "MAE": regression_metrics.MeanAbsoluteError,
    "mape": regression_metrics.MeanAbsolutePercentageError,
    "MAPE": regression_metrics.MeanAbsolutePercentageError,
    "msle": regression_metrics.MeanSquaredLogarithmicError,
    "MSLE": regression_metrics.MeanSquaredLogarithmicError,
    "rmse": regression_metrics.RootMeanSquaredError,
    "logcosh": regression_metrics.LogCoshError,
})


def serialize(metric):
    """The config of a :class:`Metric` (a dict) or the registered name of a function.

    >>> serialize(accuracy_metrics.BinaryAccuracy(threshold=0.7))["config"]["threshold"]
    0.7
    """
    return serialize_keras_object(metric)


def deserialize(config, custom_objects=None):
    """Rebuild a metric from :func:`serialize` output (built-ins resolve as metrics first).

    >>> deserialize({"class_name": "MeanSquaredError", "config": {}}).name
    'mean_squared_error'
    """
    return deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects=ALL_OBJECTS_DICT,
        kind="metric",
    )


def _lookup(name):
    obj = ALL_OBJECTS_DICT.get(name)
    if obj is not None:
        return obj
    obj = get_registered_object(name)
    is_metric_class = inspect.isclass(obj) and issubclass(obj, Metric)
    is_function = callable(obj) and not inspect.isclass(obj)
    is_user_function = is_function and not getattr(obj, "__module__", "").startswith(
        "lamina."
    )
    is_builtin_metric_fn = is_function and getattr(obj, "__module__", "").startswith(
        ("lamina.metrics.", "lamina.losses.")
    )
    if is_metric_class or is_user_function or is_builtin_metric_fn:
        return obj
    near = difflib.get_close_matches(name, list(ALL_OBJECTS_DICT), n=4)
    hint = f" Did you mean {', '.join(repr(n) for n in near)}?" if near else ""
    raise ValueError(
        f"metrics.get: unknown metric {name!r}.{hint} Use a built-in name (e.g. "
        "'accuracy', 'mse', 'SparseCategoricalAccuracy'), a Metric instance, a function "
        "fn(y_true, y_pred), or a name registered with @register_keras_serializable."
    )


def get(identifier):
    """A metric from a name, a config dict, a :class:`Metric` (class or instance) or a
    function (wrapped in a :class:`MeanMetricWrapper` named after it).

    >>> import jax.numpy as jnp
    >>> def zero_one(y_true, y_pred):
    ...     return jnp.asarray(y_true == y_pred, "float32")
    >>> get(zero_one).name
    'zero_one'
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = _lookup(identifier)
    else:
        obj = identifier
    if inspect.isclass(obj):
        obj = obj()
    if isinstance(obj, Metric):
        return obj
    if callable(obj):
        name = getattr(obj, "__name__", None) or getattr(obj, "name", None)
        return reduction_metrics.MeanMetricWrapper(obj, name=name)
    raise ValueError(
        f"metrics.get: could not interpret metric identifier {identifier!r} (of type "
        f"{type(identifier).__name__}); expected a name, a config dict, a Metric or a "
        "function fn(y_true, y_pred)."
    )
