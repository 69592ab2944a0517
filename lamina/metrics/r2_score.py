"""``R2Score``: the coefficient of determination, accumulated over batches.

Inputs are ``(batch, num_outputs)``. Per output, ``R2 = 1 - SS_res / SS_tot`` from
running weighted sums (of ``y_true``, ``y_true ** 2``, squared residuals and weights);
``class_aggregation`` averages the outputs uniformly, by variance, or not at all
(``None``). With ``num_regressors = p > 0`` the adjusted score
``1 - (1 - R2) (n - 1) / (n - p - 1)`` is returned, ``n`` counting every entry of
``y_true`` seen (as in Keras; lamina leaves entries of weight 0, e.g. padding, out of
``n``); when ``p >= n - 1`` the plain score is returned with a warning.

The state has one entry per output, so it is created by the first ``update_state`` (as
in Keras), or by ``build(y_true_shape, y_pred_shape)``, which the stateless API needs
first (``built`` tells whether it happened).

>>> m = R2Score()
>>> _ = m.update_state([[1.0], [4.0], [3.0]], [[2.0], [4.0], [4.0]])
>>> round(float(m.result()), 4)
0.5714
"""

import warnings

import jax
import jax.numpy as jnp
import numpy as np

from lamina._registry import register_builtin
from lamina.core.convert import convert_to_tensor
from lamina.core.masking import get_mask
from lamina.core.scopes import in_stateless_scope
from lamina.losses.shapes import (
    IncompatibleShapesError,
    align_shapes,
    leading_mask,
    squeeze_or_expand_to_same_rank,
)
from lamina.metrics.metric import Metric

AGGREGATIONS = (None, "uniform_average", "variance_weighted_average")


@register_builtin
class R2Score(Metric):
    """Coefficient of determination (R2), optionally adjusted for ``num_regressors``.

    Args:
        class_aggregation: ``"uniform_average"`` (default), ``"variance_weighted_average"``
            or ``None`` (one score per output).
        num_regressors: the number of independent variables, for the adjusted score.

    >>> m = R2Score(class_aggregation=None)
    >>> _ = m.update_state([[1.0, 2.0], [4.0, 3.0], [3.0, 5.0]],
    ...                    [[2.0, 2.5], [4.0, 3.0], [4.0, 4.0]], sample_weight=[1, 2, 1])
    >>> [round(v, 4) for v in m.result().tolist()]
    [0.6667, 0.7368]
    """

    def __init__(self, class_aggregation="uniform_average", num_regressors=0, name="r2_score",
                 dtype=None):
        if class_aggregation not in AGGREGATIONS:
            raise ValueError(
                f"R2Score: invalid class_aggregation={class_aggregation!r}; expected one of "
                f"{AGGREGATIONS}."
            )
        if num_regressors < 0:
            raise ValueError(
                f"R2Score: num_regressors must be >= 0, received {num_regressors!r}."
            )
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable((), "zeros", name="num_samples")
        self._built = False

    @property
    def built(self) -> bool:
        """Whether the state variables exist (they depend on the first batch's shape)."""
        return self._built

    def build(self, y_true_shape, y_pred_shape):
        """Create the state for inputs of these shapes (``update_state`` does it on the
        first batch; call it first to use the stateless API from the start)."""
        if not self._built:
            true, pred = jax.eval_shape(
                squeeze_or_expand_to_same_rank,
                jax.ShapeDtypeStruct(tuple(y_true_shape), self.dtype),
                jax.ShapeDtypeStruct(tuple(y_pred_shape), self.dtype),
            )
            self._build(true.shape, pred.shape)

    def _build(self, y_true_shape, y_pred_shape):
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise IncompatibleShapesError(
                f"{self._owner()}: expects inputs of shape (batch, num_outputs); received "
                f"y_true.shape={tuple(y_true_shape)} and y_pred.shape={tuple(y_pred_shape)}."
            )
        shape = (y_pred_shape[-1],)
        self.squared_sum = self.add_variable(shape, "zeros", name="squared_sum")
        self.sum = self.add_variable(shape, "zeros", name="sum")
        self.total_mse = self.add_variable(shape, "zeros", name="residual")
        self.count = self.add_variable(shape, "zeros", name="count")
        self._built = True

    def _weights(self, sample_weight, mask, y_true):
        owner = self._owner()
        weight = None
        if sample_weight is not None:
            weight = convert_to_tensor(sample_weight, dtype=self.dtype)
            if weight.ndim == 1:
                weight = weight[:, None]
            try:
                weight = jnp.broadcast_to(weight, y_true.shape)
            except ValueError:
                raise IncompatibleShapesError(
                    f"{owner}: sample_weight of shape {tuple(np.shape(sample_weight))} "
                    f"does not fit y_true of shape {tuple(y_true.shape)}; give one weight "
                    "per sample (batch,), per entry, or a scalar."
                ) from None
        if mask is not None:
            rows = leading_mask(owner, convert_to_tensor(mask), y_true, "y_true")
            rows = jnp.reshape(rows, rows.shape + (1,) * (y_true.ndim - rows.ndim))
            base = jnp.ones(y_true.shape, self.dtype) if weight is None else weight
            weight = jnp.where(rows, base, jnp.zeros((), self.dtype))
        return weight

    def update_state(self, y_true, y_pred, sample_weight=None, *, mask=None):
        """Add one batch to the running sums (``mask`` defaults to ``y_pred``'s)."""
        if mask is None:
            mask = get_mask(y_pred)
        y_true = convert_to_tensor(y_true, dtype=self.dtype)
        y_pred = convert_to_tensor(y_pred, dtype=self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        if not self._built:
            if in_stateless_scope():
                raise RuntimeError(
                    f"{self._owner()}: the state is created from the first batch's shape, "
                    "which cannot happen inside a stateless call. Fix: call "
                    "build(y_true.shape, y_pred.shape) (or update_state once eagerly) "
                    "before using the stateless API."
                )
            self._build(y_true.shape, y_pred.shape)
        y_true, y_pred = align_shapes(self._owner(), y_true, y_pred)
        weight = self._weights(sample_weight, mask, y_true)
        if weight is None:
            weight = jnp.ones(y_true.shape, self.dtype)
            seen = jnp.asarray(y_true.size, self.dtype)
        else:
            keep = weight != 0  # zero-weight entries (e.g. NaN padding) are dropped
            zero = jnp.zeros((), self.dtype)
            y_true, y_pred = jnp.where(keep, y_true, zero), jnp.where(keep, y_pred, zero)
            seen = jnp.sum(keep.astype(self.dtype))
        weighted_true = y_true * weight
        self.sum.assign(self.sum.value + jnp.sum(weighted_true, axis=0))
        self.squared_sum.assign(self.squared_sum.value + jnp.sum(y_true * weighted_true, axis=0))
        residual = jnp.sum(jnp.square(y_true - y_pred) * weight, axis=0)
        self.total_mse.assign(self.total_mse.value + residual)
        self.count.assign(self.count.value + jnp.sum(weight, axis=0))
        self.num_samples.assign(self.num_samples.value + seen)

    def _adjust(self, score):
        n = self.num_samples.value.astype("float32")
        p = jnp.asarray(self.num_regressors, "float32")
        if not isinstance(n, jax.core.Tracer):
            if self.num_regressors > float(n) - 1:
                warnings.warn(
                    f"{self._owner()}: more regressors (num_regressors="
                    f"{self.num_regressors}) than data points minus one; the adjusted R2 "
                    "is undefined, so the plain R2 score is returned.",
                    stacklevel=3,
                )
            elif self.num_regressors == float(n) - 1:
                warnings.warn(
                    f"{self._owner()}: num_regressors equals the number of data points "
                    "minus one (division by zero in the adjusted R2), so the plain R2 "
                    "score is returned.",
                    stacklevel=3,
                )
        defined = p < n - 1.0
        denominator = jnp.where(defined, n - p - 1.0, 1.0)
        adjusted = 1.0 - (1.0 - score) * (n - 1.0) / denominator
        return jnp.where(defined, adjusted, score)

    def result(self):
        if not self._built:
            return jnp.zeros((), self.dtype)
        mean = self.sum.value / self.count.value
        total = self.squared_sum.value - self.sum.value * mean
        raw = 1.0 - self.total_mse.value / total
        raw = jnp.where(jnp.isinf(raw), 0.0, raw)
        if self.class_aggregation == "uniform_average":
            score = jnp.mean(raw)
        elif self.class_aggregation == "variance_weighted_average":
            score = jnp.sum(total * raw) / jnp.sum(total)
        else:
            score = raw
        if self.num_regressors != 0:
            score = self._adjust(score)
        return score

    def reset_state(self):
        for variable in self.variables:
            variable.assign(jnp.zeros(variable.shape, variable.dtype))

    def get_config(self) -> dict:
        return {**super().get_config(), "class_aggregation": self.class_aggregation,
                "num_regressors": self.num_regressors}
