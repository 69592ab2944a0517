"""Correlation metrics: Pearson and concordance correlation of each sample, averaged.

Each sample's correlation is taken along ``axis`` (the features), then
:class:`~lamina.metrics.reduction_metrics.MeanMetricWrapper` averages the samples over
every batch, with sample weights and masks.

>>> m = PearsonCorrelation()
>>> _ = m.update_state([[1.0, 2.0, 3.0]], [[2.0, 4.0, 7.0]])
>>> round(float(m.result()), 4)
0.9934
"""

import jax.numpy as jnp

from lamina import config
from lamina._registry import register_builtin
from lamina.losses._inputs import prepare
from lamina.metrics.reduction_metrics import MeanMetricWrapper


@register_builtin
def pearson_correlation(y_true, y_pred, axis=-1):
    """Pearson correlation coefficient of ``y_true`` and ``y_pred`` along ``axis``.

    >>> [round(v, 4) for v in pearson_correlation([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]],
    ...                                           [[2.0, 4.0, 7.0], [3.0, 2.0, 1.0]]).tolist()]
    [0.9934, -1.0]
    """
    y_true, y_pred = prepare("pearson_correlation", y_true, y_pred)
    true_centered = y_true - jnp.mean(y_true, axis=axis, keepdims=True)
    pred_centered = y_pred - jnp.mean(y_pred, axis=axis, keepdims=True)
    true_centered = true_centered / jnp.std(true_centered, axis=axis, keepdims=True)
    pred_centered = pred_centered / jnp.std(pred_centered, axis=axis, keepdims=True)
    return jnp.mean(true_centered * pred_centered, axis=axis)


@register_builtin
def concordance_correlation(y_true, y_pred, axis=-1):
    """Lin's concordance correlation coefficient along ``axis``:
    ``2 cov / (var_true + var_pred + (mean_true - mean_pred) ** 2)``.

    >>> [round(v, 4) for v in concordance_correlation([[1.0, 2.0, 3.0]],
    ...                                               [[2.0, 4.0, 7.0]]).tolist()]
    [0.3226]
    """
    y_true, y_pred = prepare("concordance_correlation", y_true, y_pred)
    true_mean = jnp.mean(y_true, axis=axis, keepdims=True)
    pred_mean = jnp.mean(y_pred, axis=axis, keepdims=True)
    true_var = jnp.var(y_true - true_mean, axis=axis, keepdims=True)
    pred_var = jnp.var(y_pred - pred_mean, axis=axis, keepdims=True)
    covariance = (y_true - true_mean) * (y_pred - pred_mean)
    norm = true_var + pred_var + jnp.square(true_mean - pred_mean)
    return jnp.mean(2.0 * covariance / (norm + config.epsilon()), axis=axis)


class _CorrelationMetric(MeanMetricWrapper):
    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}


@register_builtin
class PearsonCorrelation(_CorrelationMetric):
    """Mean over samples of the Pearson correlation between ``y_true`` and ``y_pred``.

    >>> m = PearsonCorrelation()
    >>> _ = m.update_state([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]],
    ...                    [[2.0, 4.0, 7.0], [3.0, 2.0, 1.0]], sample_weight=[3.0, 1.0])
    >>> round(float(m.result()), 3)
    0.495
    """

    def __init__(self, name="pearson_correlation", dtype=None, axis=-1):
        super().__init__(fn=pearson_correlation, name=name, dtype=dtype, axis=axis)
        self.axis = axis
        self._direction = "up"


@register_builtin
class ConcordanceCorrelation(_CorrelationMetric):
    """Mean over samples of the concordance correlation between ``y_true`` and ``y_pred``.

    >>> m = ConcordanceCorrelation()
    >>> _ = m.update_state([[1.0, 2.0, 3.0]], [[1.0, 2.0, 3.5]])
    >>> round(float(m.result()), 4)
    0.9524
    """

    def __init__(self, name="concordance_correlation", dtype=None, axis=-1):
        super().__init__(fn=concordance_correlation, name=name, dtype=dtype, axis=axis)
        self.axis = axis
        self._direction = "up"
