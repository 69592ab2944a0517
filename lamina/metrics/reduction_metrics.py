"""Reduction metrics: ``Sum``, ``Mean``, and ``MeanMetricWrapper`` (a per-sample function
averaged over every batch seen), with Keras 3 weighting rules.

>>> m = Mean()
>>> _ = m.update_state([1.0, 3.0], sample_weight=[1.0, 3.0])
>>> float(m.result())
2.5
"""

import jax.numpy as jnp

from lamina._registry import (
    deserialize_keras_object,
    register_builtin,
    serialize_keras_object,
)
from lamina.core.convert import convert_to_tensor
from lamina.core.masking import get_mask
from lamina.losses import lookup as loss_lookup
from lamina.losses.loss import fill_masked
from lamina.losses.reduction import align_sample_weight, merge_mask_into_weight
from lamina.losses.shapes import IncompatibleShapesError, broadcast_mask, leading_mask
from lamina.metrics.metric import Metric


def _drop_masked(owner, values, mask):
    valid = broadcast_mask(owner, mask, values, "the values")
    return jnp.where(valid, values, jnp.zeros((), values.dtype))


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype, mask=None,
                                owner="metric"):
    """Per-sample values and weights, as Keras' ``reduce_to_samplewise_values``.

    The weight multiplies the values; axes beyond the weight's rank are reduced with
    ``reduce_fn`` first, then every axis but the first. ``mask`` (default: the mask
    attached to ``values``) is merged into the weight when a weight is given (as in
    Keras); masked values are removed with ``where``. Returns ``(values, weight)``.
    """
    if mask is None:
        mask = get_mask(values)
    values = convert_to_tensor(values).astype(dtype)
    if sample_weight is not None:
        sample_weight = convert_to_tensor(sample_weight, dtype=dtype)
        if mask is not None:
            mask = leading_mask(owner, mask, values, "the values")
            values = _drop_masked(owner, values, mask)
            sample_weight = merge_mask_into_weight(owner, sample_weight, mask, dtype)
        values, sample_weight = align_sample_weight(owner, values, sample_weight)
        weight_ndim = sample_weight.ndim
        if values.ndim > weight_ndim:
            values = reduce_fn(values, axis=tuple(range(weight_ndim, values.ndim)))
        sample_weight = jnp.broadcast_to(sample_weight, values.shape)
        values = values * sample_weight
        if weight_ndim > 1:
            sample_weight = reduce_fn(sample_weight, axis=tuple(range(1, weight_ndim)))
    if values.ndim > 1:
        values = reduce_fn(values, axis=tuple(range(1, values.ndim)))
    return values, sample_weight


@register_builtin
class Sum(Metric):
    """The (weighted) sum of every value seen.

    >>> m = Sum()
    >>> _ = m.update_state([1.0, 3.0, 5.0, 7.0])
    >>> float(m.result())
    16.0
    """

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), "zeros", dtype=self.dtype, name="total")

    def update_state(self, values, sample_weight=None):
        values, _ = reduce_to_samplewise_values(
            values, sample_weight, jnp.sum, self.dtype, owner=self._owner()
        )
        self.total.assign_add(jnp.sum(values))

    def reset_state(self):
        self.total.assign(0)

    def result(self):
        return self.total.value.astype(self.dtype)


@register_builtin
class Mean(Metric):
    """The (weighted) mean of every value seen.

    >>> m = Mean()
    >>> _ = m.update_state([1.0, 3.0, 5.0, 7.0])
    >>> float(m.result())
    4.0
    """

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), "zeros", dtype=self.dtype, name="total")
        self.count = self.add_variable((), "zeros", dtype=self.dtype, name="count")

    def update_state(self, values, sample_weight=None):
        values, sample_weight = reduce_to_samplewise_values(
            values, sample_weight, jnp.mean, self.dtype, owner=self._owner()
        )
        self.total.assign_add(jnp.sum(values))
        if sample_weight is not None:
            num_samples = jnp.sum(sample_weight)
        elif values.ndim >= 1:
            num_samples = values.shape[0]
        else:
            num_samples = 1
        self.count.assign_add(jnp.asarray(num_samples, self.dtype))

    def reset_state(self):
        self.total.assign(0)
        self.count.assign(0)

    def result(self):
        total, count = self.total.value, self.count.value.astype(self.dtype)
        safe = jnp.where(count == 0, jnp.ones_like(count), count)
        return jnp.where(count == 0, jnp.zeros_like(total), total / safe)


def _is_loss_function(fn) -> bool:
    return any(fn is obj for obj in loss_lookup.ALL_OBJECTS_DICT.values()) or isinstance(
        fn, tuple(c for c in loss_lookup.ALL_OBJECTS_DICT.values() if isinstance(c, type))
    )


@register_builtin
class MeanMetricWrapper(Mean):
    """The mean of a per-sample function ``fn(y_true, y_pred, **kwargs)`` over all batches.

    ``update_state(y_true, y_pred, sample_weight=None, *, mask=None)``: the mask
    defaults to the one attached to ``y_pred``. Masked entries are replaced by safe
    values before ``fn`` and removed with ``where`` afterwards (as in losses), so NaN in
    padding never reaches the result; they also get weight 0.

    >>> import jax.numpy as jnp
    >>> def abs_error(y_true, y_pred):
    ...     return jnp.mean(jnp.abs(jnp.asarray(y_true) - jnp.asarray(y_pred)), axis=-1)
    >>> m = MeanMetricWrapper(abs_error, name="abs_error")
    >>> _ = m.update_state([[0.0, 1.0]], [[1.0, 1.0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        if not callable(fn):
            raise TypeError(
                f"MeanMetricWrapper: fn must be a callable fn(y_true, y_pred), received "
                f"{fn!r} of type {type(fn).__name__}."
            )
        self._fn = fn
        self._fn_kwargs = kwargs
        if _is_loss_function(fn):
            self._direction = "down"

    def update_state(self, y_true, y_pred, sample_weight=None, *, mask=None):
        in_mask = get_mask(y_pred) if mask is None else mask
        if in_mask is not None:
            in_mask = convert_to_tensor(in_mask)
            y_true = convert_to_tensor(y_true)
            y_pred = convert_to_tensor(y_pred)
            y_true, y_pred = fill_masked(self._owner(), y_true, y_pred, in_mask)
        try:
            values = self._fn(y_true, y_pred, **self._fn_kwargs)
        except IncompatibleShapesError as err:
            raise IncompatibleShapesError(f"{self._owner()}: {err}") from None
        out_mask = get_mask(values)
        values = convert_to_tensor(values).astype(self.dtype)
        if in_mask is not None:
            values, sample_weight = self._apply_mask(values, sample_weight, in_mask)
        if out_mask is not None and sample_weight is not None:
            # As in Keras, a mask attached to the values only counts with a weight.
            values, sample_weight = self._apply_mask(values, sample_weight, out_mask)
        return Mean.update_state(self, values, sample_weight=sample_weight)

    def _apply_mask(self, values, sample_weight, mask):
        owner = self._owner()
        mask = leading_mask(owner, mask, values, "the per-sample values")
        values = _drop_masked(owner, values, mask)
        return values, merge_mask_into_weight(owner, sample_weight, mask, self.dtype)

    def get_config(self) -> dict:
        config = {**super().get_config(), "fn": serialize_keras_object(self._fn)}
        config.update(serialize_keras_object(self._fn_kwargs))
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if "fn" in config:
            config["fn"] = deserialize_keras_object(
                config["fn"], custom_objects=custom_objects, kind="metric function"
            )
        return cls(**config)
