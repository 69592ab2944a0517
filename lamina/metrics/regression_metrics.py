"""Regression metrics: mean squared / absolute / percentage / log errors, RMSE, cosine
similarity and log-cosh error, each the running mean of a per-sample function."""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.losses._inputs import prepare
from lamina.losses.regression import (
    l2_normalize,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
)
from lamina.metrics.reduction_metrics import MeanMetricWrapper


class _NamedWrapper(MeanMetricWrapper):
    """A wrapper whose config is ``name`` and ``dtype`` only."""

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}


@register_builtin(names=("lamina.metrics>MeanSquaredError",))
class MeanSquaredError(_NamedWrapper):
    """Running mean of the mean squared error.

    >>> m = MeanSquaredError()
    >>> _ = m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> float(m.result())
    0.25
    """

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(fn=mean_squared_error, name=name, dtype=dtype)
        self._direction = "down"


@register_builtin(names=("lamina.metrics>MeanAbsoluteError",))
class MeanAbsoluteError(_NamedWrapper):
    """Running mean of the mean absolute error.

    >>> m = MeanAbsoluteError()
    >>> _ = m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> float(m.result())
    0.25
    """

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(fn=mean_absolute_error, name=name, dtype=dtype)
        self._direction = "down"


@register_builtin(names=("lamina.metrics>MeanAbsolutePercentageError",))
class MeanAbsolutePercentageError(_NamedWrapper):
    """Running mean of the mean absolute percentage error.

    >>> m = MeanAbsolutePercentageError()
    >>> _ = m.update_state([[1.0, 2.0]], [[1.5, 2.0]])
    >>> float(m.result())
    25.0
    """

    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(fn=mean_absolute_percentage_error, name=name, dtype=dtype)
        self._direction = "down"


@register_builtin(names=("lamina.metrics>MeanSquaredLogarithmicError",))
class MeanSquaredLogarithmicError(_NamedWrapper):
    """Running mean of the mean squared logarithmic error.

    >>> m = MeanSquaredLogarithmicError()
    >>> _ = m.update_state([[1.0, 2.0]], [[1.0, 2.0]])
    >>> float(m.result())
    0.0
    """

    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(fn=mean_squared_logarithmic_error, name=name, dtype=dtype)
        self._direction = "down"


def squared_error(y_true, y_pred):
    """Elementwise ``(y_pred - y_true) ** 2`` (shapes aligned and checked).

    >>> squared_error([1.0, 2.0], [3.0, 2.0]).tolist()
    [4.0, 0.0]
    """
    y_true, y_pred = prepare("root_mean_squared_error", y_true, y_pred)
    return jnp.square(y_pred - y_true)


@register_builtin
class RootMeanSquaredError(_NamedWrapper):
    """Square root of the running mean of squared errors.

    >>> m = RootMeanSquaredError()
    >>> _ = m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(fn=squared_error, name=name, dtype=dtype)
        self._direction = "down"

    def result(self):
        return jnp.sqrt(super().result())


def cosine_similarity(y_true, y_pred, axis=-1):
    """Cosine similarity along ``axis`` (1 for aligned vectors; the metric's sign).

    >>> float(cosine_similarity([[1.0, 0.0]], [[2.0, 0.0]])[0])
    1.0
    """
    y_true, y_pred = prepare("cosine_similarity", y_true, y_pred)
    return jnp.sum(l2_normalize(y_true, axis) * l2_normalize(y_pred, axis), axis=axis)


@register_builtin(names=("lamina.metrics>CosineSimilarity",))
class CosineSimilarity(MeanMetricWrapper):
    """Running mean of the cosine similarity between labels and predictions.

    ``get_config`` also stores ``axis`` (Keras drops it, so a round trip loses it).

    >>> m = CosineSimilarity()
    >>> _ = m.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
    >>> round(float(m.result()), 4)
    0.5
    """

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(fn=cosine_similarity, name=name, dtype=dtype, axis=axis)
        self.axis = axis
        self._direction = "up"

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}


@register_builtin
class LogCoshError(_NamedWrapper):
    """Running mean of the log-cosh error.

    >>> m = LogCoshError()
    >>> _ = m.update_state([[0.0, 0.0]], [[1.0, 0.0]])
    >>> round(float(m.result()), 4)
    0.2169
    """

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(fn=log_cosh, name=name, dtype=dtype)
        self._direction = "down"
