"""Weighting, masking and reduction of per-sample losses (Keras 3 numbers).

The maths follows ``keras.losses.loss``: a mask becomes a sample weight (for the
``"sum_over_batch_size"`` and ``"mean"`` reductions valid entries weigh
``total / valid``, so the sum is divided by the number of valid entries), the weight
multiplies the losses, and the reduction sums (and divides). One difference on
purpose: masked entries are then removed with ``jnp.where``, never only multiplied by
0, so a NaN or Inf in padding can reach neither the value nor its gradient.

>>> import jax.numpy as jnp
>>> losses = jnp.array([1.0, 3.0, jnp.nan])
>>> float(reduce_weighted_values(losses, mask=jnp.array([True, True, False])))
2.0
"""

import jax.numpy as jnp

from lamina.core.convert import convert_to_tensor
from lamina.losses.shapes import (
    IncompatibleShapesError,
    broadcast_mask,
    squeeze_or_expand_to_same_rank,
)

REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


def standardize_reduction(reduction, owner="Loss"):
    """Check ``reduction`` is one of :data:`REDUCTIONS` and return it.

    >>> standardize_reduction("sum")
    'sum'
    """
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"{owner}: invalid reduction={reduction!r}. Expected one of {REDUCTIONS}: "
            "'sum_over_batch_size' (the default) and 'mean' divide the sum by the number "
            "of (valid) entries, 'mean_with_sample_weight' by the sum of the weights, "
            "'sum' does not divide, None/'none' returns the per-sample values."
        )
    return reduction


def divide_no_nan(x, y):
    """``x / y``, with 0 where ``y == 0`` (gradient-safe: no 0/0 is ever evaluated).

    >>> float(divide_no_nan(1.0, 0.0))
    0.0
    """
    x, y = jnp.asarray(x), jnp.asarray(y)
    safe = jnp.where(y == 0, jnp.ones_like(y), y)
    return jnp.where(y == 0, jnp.zeros_like(x / safe), x / safe)


def apply_mask(sample_weight, mask, dtype, reduction):
    """Merge a boolean ``mask`` into ``sample_weight`` as Keras does.

    For ``"mean"`` / ``"sum_over_batch_size"`` valid entries weigh ``total / valid``;
    otherwise the mask weighs 1 or 0. Returns the (possibly new) sample weight.

    >>> apply_mask(None, jnp.array([True, False]), "float32", "sum_over_batch_size")
    Array([2., 0.], dtype=float32)
    """
    if mask is None:
        return sample_weight
    mask = jnp.asarray(mask)
    mask = mask if mask.dtype == jnp.bool_ else mask != 0
    if reduction in ("mean", "sum_over_batch_size"):
        valid = jnp.sum(mask.astype(dtype))
        scale = divide_no_nan(jnp.asarray(mask.size, dtype), valid)
        float_mask = jnp.where(mask, scale, jnp.zeros((), dtype)).astype(dtype)
    else:
        float_mask = mask.astype(dtype)
    if sample_weight is None:
        return float_mask
    sample_weight = jnp.asarray(sample_weight, dtype)
    float_mask, sample_weight = squeeze_or_expand_to_same_rank(float_mask, sample_weight)
    return sample_weight * float_mask


def align_sample_weight(owner, values, sample_weight):
    """Line ``sample_weight`` up with ``values``; never broadcast it into a bigger result.

    Keras squeezes/expands a trailing axis of 1. lamina also accepts a weight whose shape
    is a prefix of the values' shape (per-sample weights for per-timestep losses:
    ``(B,)`` against ``(B, T)``), broadcast over the trailing axes; Keras raises there.
    Returns ``(values, sample_weight)``.
    """
    values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
    v_shape, w_shape = tuple(values.shape), tuple(sample_weight.shape)
    if 0 < len(w_shape) < len(v_shape) and v_shape[: len(w_shape)] == w_shape:
        extra = (1,) * (len(v_shape) - len(w_shape))
        sample_weight = jnp.broadcast_to(jnp.reshape(sample_weight, w_shape + extra), v_shape)
        return values, sample_weight
    if w_shape and not (
        len(w_shape) == len(v_shape) and _broadcasts_to(w_shape, v_shape)
    ):
        raise IncompatibleShapesError(
            f"{owner}: sample_weight has shape {w_shape} but the per-sample values have "
            f"shape {v_shape}; the weight must have the values' shape (axes of 1 "
            "allowed), a prefix of it (e.g. (batch,) for (batch, steps)), or be a "
            "scalar. Fix: reshape sample_weight."
        )
    return values, sample_weight


def _broadcasts_to(small, big) -> bool:
    return all(s in (1, b) for s, b in zip(small, big))


def merge_mask_into_weight(owner, sample_weight, mask, dtype, reduction="sum"):
    """:func:`apply_mask`, with ``sample_weight`` lined up with the mask first.

    ``mask`` covers the leading axes of the values; a weight of the values' batch shape
    (a prefix of the mask's shape) is broadcast over the remaining mask axes.
    """
    float_mask = apply_mask(None, mask, dtype, reduction)
    if sample_weight is None:
        return float_mask
    sample_weight = convert_to_tensor(sample_weight, dtype=dtype)
    float_mask, sample_weight = align_sample_weight(owner, float_mask, sample_weight)
    return sample_weight * float_mask


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Sum ``values`` and divide as ``reduction`` says (Keras ``reduce_values``).

    >>> float(reduce_values(jnp.array([1.0, 2.0, 3.0]), reduction="sum"))
    6.0
    """
    if reduction in (None, "none") or tuple(values.shape) in ((), (0,)):
        return values
    loss = jnp.sum(values)
    if reduction == "sum":
        return loss
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        divisor = jnp.sum(sample_weight).astype(loss.dtype)
    else:
        divisor = jnp.asarray(values.size, loss.dtype)
    return divide_no_nan(loss, divisor)


def reduce_weighted_values(values, sample_weight=None, mask=None,
                           reduction="sum_over_batch_size", dtype=None, owner="loss"):
    """Weight, mask (with ``where``) and reduce per-sample ``values``.

    Args:
        values: per-sample (or per-timestep) losses.
        sample_weight: optional weights, shaped like ``values`` (or a prefix, or scalar).
        mask: optional boolean mask covering the leading axes of ``values``.
        reduction: one of :data:`REDUCTIONS`.
        dtype: computation dtype (default: the dtype of ``values`` after conversion).
        owner: name used in error messages.
    """
    reduction = standardize_reduction(reduction, owner)
    values = convert_to_tensor(values, dtype=dtype)
    dtype = values.dtype
    valid = None if mask is None else broadcast_mask(owner, mask, values, "the losses")
    weight = None
    if sample_weight is not None:
        weight = convert_to_tensor(sample_weight, dtype=dtype)
        values, weight = align_sample_weight(owner, values, weight)
        if valid is not None:
            valid = jnp.reshape(valid, values.shape)
    if valid is not None:
        weight = apply_mask(weight, valid, dtype, reduction)
    if weight is not None:
        values = values * weight
    if valid is not None:
        values = jnp.where(valid, values, jnp.zeros((), dtype))
    return reduce_values(values, weight, reduction)
