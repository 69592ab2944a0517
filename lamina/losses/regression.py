"""Regression losses: squared / absolute / percentage / log errors, Huber, log-cosh, cosine.

Each loss comes as a function returning per-sample values (reduced over the last axis)
and as a :class:`~lamina.losses.loss.Loss` class. Shapes must match once a trailing
axis of 1 is squeezed (``(N,)`` vs ``(N, 1)``); anything that would broadcast raises.
"""

import math

import jax
import jax.numpy as jnp

from lamina import config
from lamina._registry import register_builtin
from lamina.losses._inputs import prepare
from lamina.losses.loss import Loss, LossFunctionWrapper


@register_builtin(names=("mse", "MSE"))
def mean_squared_error(y_true, y_pred):
    """Mean of squared errors over the last axis.

    >>> round(float(mean_squared_error([1.0, 0.0, 1.0], [0.9, 0.1, 0.8])), 4)
    0.02
    """
    y_true, y_pred = prepare("mean_squared_error", y_true, y_pred)
    return jnp.mean(jnp.square(y_true - y_pred), axis=-1)


@register_builtin(names=("mae", "MAE"))
def mean_absolute_error(y_true, y_pred):
    """Mean of absolute errors over the last axis.

    >>> round(float(mean_absolute_error([1.0, 0.0, 1.0], [0.9, 0.1, 0.8])), 4)
    0.1333
    """
    y_true, y_pred = prepare("mean_absolute_error", y_true, y_pred)
    return jnp.mean(jnp.abs(y_true - y_pred), axis=-1)


@register_builtin(names=("mape", "MAPE"))
def mean_absolute_percentage_error(y_true, y_pred):
    """``100 * mean(|y_true - y_pred| / max(|y_true|, epsilon))`` over the last axis.

    >>> round(float(mean_absolute_percentage_error([100.0, 200.0], [90.0, 210.0])), 3)
    7.5
    """
    y_true, y_pred = prepare("mean_absolute_percentage_error", y_true, y_pred)
    scale = jnp.maximum(jnp.abs(y_true), jnp.asarray(config.epsilon(), y_pred.dtype))
    return 100.0 * jnp.mean(jnp.abs((y_true - y_pred) / scale), axis=-1)


@register_builtin(names=("msle", "MSLE"))
def mean_squared_logarithmic_error(y_true, y_pred):
    """Mean of ``(log(y_pred + 1) - log(y_true + 1))**2`` (inputs floored at epsilon).

    >>> round(float(mean_squared_logarithmic_error([0.0, 1.0], [0.0, 1.0])), 4)
    0.0
    """
    y_true, y_pred = prepare("mean_squared_logarithmic_error", y_true, y_pred)
    eps = jnp.asarray(config.epsilon(), y_pred.dtype)
    first = jnp.log(jnp.maximum(y_pred, eps) + 1.0)
    second = jnp.log(jnp.maximum(y_true, eps) + 1.0)
    return jnp.mean(jnp.square(first - second), axis=-1)


def l2_normalize(x, axis=-1):
    """``x`` divided by its L2 norm along ``axis`` (the norm floored at epsilon).

    Same numbers as Keras' ``x * min(rsqrt(sum(x**2)), 1 / epsilon)``, written so that
    an all-zero vector has a finite gradient.

    >>> l2_normalize(jnp.array([3.0, 4.0])).tolist()
    [0.6000000238418579, 0.800000011920929]
    """
    eps = config.epsilon()
    square_sum = jnp.sum(jnp.square(x), axis=axis, keepdims=True)
    return x * jax.lax.rsqrt(jnp.maximum(square_sum, jnp.asarray(eps * eps, x.dtype)))


@register_builtin
def cosine_similarity(y_true, y_pred, axis=-1):
    """Negative cosine similarity along ``axis`` (-1 for aligned vectors, as a loss).

    >>> float(cosine_similarity([[1.0, 0.0]], [[2.0, 0.0]])[0])
    -1.0
    """
    y_true, y_pred = prepare("cosine_similarity", y_true, y_pred)
    return -jnp.sum(l2_normalize(y_true, axis) * l2_normalize(y_pred, axis), axis=axis)


@register_builtin
def huber(y_true, y_pred, delta=1.0):
    """Huber loss: quadratic for errors up to ``delta``, linear beyond; mean over last axis.

    >>> float(huber([0.0, 0.0], [0.5, 3.0]))
    1.3125
    """
    y_true, y_pred = prepare("huber", y_true, y_pred)
    delta = jnp.asarray(delta, y_pred.dtype)
    error = y_pred - y_true
    abs_error = jnp.abs(error)
    quadratic = 0.5 * jnp.square(error)
    linear = delta * abs_error - 0.5 * jnp.square(delta)
    return jnp.mean(jnp.where(abs_error <= delta, quadratic, linear), axis=-1)


@register_builtin(names=("logcosh",))
def log_cosh(y_true, y_pred):
    """Mean of ``log(cosh(y_pred - y_true))`` over the last axis (overflow-safe form).

    >>> round(float(log_cosh([0.0], [1.0])), 4)
    0.4338
    """
    y_true, y_pred = prepare("log_cosh", y_true, y_pred)
    error = y_pred - y_true
    log2 = jnp.asarray(math.log(2.0), y_pred.dtype)
    return jnp.mean(error + jax.nn.softplus(-2.0 * error) - log2, axis=-1)


class _SimpleWrapper(LossFunctionWrapper):
    """A wrapper whose config is just ``name`` and ``reduction``."""

    def get_config(self) -> dict:
        return Loss.get_config(self)


@register_builtin(names=("lamina.losses>MeanSquaredError",))
class MeanSquaredError(_SimpleWrapper):
    """Mean of squared errors (``mean(square(y_true - y_pred))``).

    >>> round(float(MeanSquaredError()([1.0, 0.0, 1.0], [0.9, 0.1, 0.8])), 4)
    0.02
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error",
                 dtype=None):
        super().__init__(mean_squared_error, name=name, reduction=reduction, dtype=dtype)


@register_builtin(names=("lamina.losses>MeanAbsoluteError",))
class MeanAbsoluteError(_SimpleWrapper):
    """Mean of absolute errors (``mean(abs(y_true - y_pred))``).

    >>> round(float(MeanAbsoluteError()([[1.0], [0.0]], [[0.5], [0.5]])), 4)
    0.5
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error",
                 dtype=None):
        super().__init__(mean_absolute_error, name=name, reduction=reduction, dtype=dtype)


@register_builtin(names=("lamina.losses>MeanAbsolutePercentageError",))
class MeanAbsolutePercentageError(_SimpleWrapper):
    """Mean absolute percentage error, ``100 * mean(abs((y_true - y_pred) / y_true))``.

    >>> round(float(MeanAbsolutePercentageError()([100.0, 200.0, 300.0],
    ...                                            [90.0, 210.0, 310.0])), 4)
    6.1111
    """

    def __init__(self, reduction="sum_over_batch_size",
                 name="mean_absolute_percentage_error", dtype=None):
        super().__init__(
            mean_absolute_percentage_error, name=name, reduction=reduction, dtype=dtype
        )


@register_builtin(names=("lamina.losses>MeanSquaredLogarithmicError",))
class MeanSquaredLogarithmicError(_SimpleWrapper):
    """Mean squared logarithmic error, ``mean(square(log(y_true + 1) - log(y_pred + 1)))``.

    >>> round(float(MeanSquaredLogarithmicError()([[0.0, 1.0]], [[1.0, 1.0]])), 4)
    0.2402
    """

    def __init__(self, reduction="sum_over_batch_size",
                 name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(
            mean_squared_logarithmic_error, name=name, reduction=reduction, dtype=dtype
        )


@register_builtin(names=("lamina.losses>CosineSimilarity",))
class CosineSimilarity(_SimpleWrapper):
    """Negative cosine similarity along ``axis`` (minimizing it aligns the vectors).

    >>> round(float(CosineSimilarity()([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])), 4)
    -0.5
    """

    def __init__(self, axis=-1, reduction="sum_over_batch_size", name="cosine_similarity",
                 dtype=None):
        super().__init__(
            cosine_similarity, name=name, reduction=reduction, dtype=dtype, axis=axis
        )
        self.axis = axis

    def get_config(self) -> dict:
        return {**Loss.get_config(self), "axis": self.axis}


@register_builtin
class Huber(_SimpleWrapper):
    """Huber loss with threshold ``delta`` between its quadratic and linear parts.

    >>> float(Huber(delta=1.0)([[0.0, 0.0]], [[0.5, 3.0]]))
    1.3125
    """

    def __init__(self, delta=1.0, reduction="sum_over_batch_size", name="huber_loss",
                 dtype=None):
        super().__init__(huber, name=name, reduction=reduction, dtype=dtype, delta=delta)
        self.delta = delta

    def get_config(self) -> dict:
        return {**Loss.get_config(self), "delta": self.delta}


@register_builtin
class LogCosh(_SimpleWrapper):
    """Logarithm of the hyperbolic cosine of the prediction error.

    >>> round(float(LogCosh()([[0.0, 0.0]], [[1.0, 0.0]])), 4)
    0.2169
    """

    def __init__(self, reduction="sum_over_batch_size", name="log_cosh", dtype=None):
        super().__init__(log_cosh, name=name, reduction=reduction, dtype=dtype)
