"""Overlap losses for segmentation: Dice and Tversky.

Both compare sums over ``axis`` (``None``: every axis, one value for the whole batch;
e.g. ``(1, 2, 3)`` for one value per image). With ``axis=None`` the loss is a single
number, so only a scalar ``sample_weight`` applies to it (Keras would broadcast a
per-sample weight against it; lamina raises instead).

Masks: masked entries are set to 0 in both ``y_true`` and ``y_pred`` before the sums,
so they add nothing to the overlap, the false positives or the false negatives; the
per-sample losses of rows with no valid entry are also left out of the reduction.
"""

import jax.numpy as jnp

from lamina import config
from lamina._registry import register_builtin
from lamina.core.convert import convert_to_tensor
from lamina.core.masking import get_mask
from lamina.losses._inputs import prepare
from lamina.losses.loss import Loss, LossFunctionWrapper, combine_masks
from lamina.losses.reduction import reduce_weighted_values
from lamina.losses.shapes import broadcast_mask, squeeze_or_expand_to_same_rank


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


@register_builtin
def dice(y_true, y_pred, axis=None):
    """Dice loss ``1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred))`` over ``axis``.

    >>> y_true = [[[1.0], [1.0]], [[0.0], [0.0]]]
    >>> y_pred = [[[0.0], [1.0]], [[0.4], [0.9]]]
    >>> [round(v, 4) for v in dice(y_true, y_pred, axis=(1, 2)).tolist()]
    [0.3333, 1.0]
    """
    y_true, y_pred = prepare("dice", y_true, y_pred)
    axis = _axis(axis)
    overlap = jnp.sum(y_true * y_pred, axis=axis)
    total = jnp.sum(y_true, axis=axis) + jnp.sum(y_pred, axis=axis) + config.epsilon()
    return 1.0 - 2.0 * overlap / total


@register_builtin
def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    """Tversky loss ``1 - TP / (TP + alpha * FP + beta * FN)`` with soft counts over ``axis``.

    ``alpha`` weighs false positives and ``beta`` false negatives; ``alpha = beta = 0.5``
    gives the Dice loss.

    >>> y_true = [[1.0, 1.0, 0.0, 0.0]]
    >>> y_pred = [[0.0, 1.0, 0.0, 1.0]]
    >>> round(float(tversky(y_true, y_pred, alpha=0.7, beta=0.3)), 4)
    0.5
    """
    y_true, y_pred = prepare("tversky", y_true, y_pred)
    axis = _axis(axis)
    overlap = jnp.sum(y_true * y_pred, axis=axis)
    false_pos = jnp.sum((1.0 - y_pred) * y_true, axis=axis)
    false_neg = jnp.sum(y_pred * (1.0 - y_true), axis=axis)
    denominator = overlap + alpha * false_pos + beta * false_neg + config.epsilon()
    return 1.0 - overlap / denominator


def _losses_mask(valid, losses):
    """Which per-sample losses have at least one valid entry (None: no such axes).

    ``valid`` has the inputs' shape. When the losses keep its leading axes (one loss per
    image, per pixel...), a loss is valid if any of its entries is; otherwise (a loss
    per batch, or per class) the zeroed entries already account for the mask.
    """
    if losses.ndim == 0 or tuple(valid.shape[: losses.ndim]) != tuple(losses.shape):
        return None
    return jnp.any(valid, axis=tuple(range(losses.ndim, valid.ndim)))


class _OverlapLoss(LossFunctionWrapper):
    """Applies a mask by zeroing masked entries of both inputs (see the module doc)."""

    def __call__(self, y_true, y_pred, sample_weight=None, *, mask=None):
        in_mask = get_mask(y_pred) if mask is None else mask
        if in_mask is None:
            return super().__call__(y_true, y_pred, sample_weight)
        owner = self._owner()
        y_true, y_pred = squeeze_or_expand_to_same_rank(self._convert(y_true),
                                                        self._convert(y_pred))
        valid = broadcast_mask(owner, convert_to_tensor(in_mask), y_pred)
        zero = jnp.zeros((), y_pred.dtype)
        y_pred = jnp.where(valid, y_pred, zero)
        if y_true.shape == y_pred.shape:  # other shapes: call() raises a shape error
            y_true = jnp.where(valid, y_true, zero)
        losses = self.call(y_true, y_pred)
        rows = _losses_mask(valid, losses)
        return reduce_weighted_values(
            losses,
            sample_weight=sample_weight,
            mask=combine_masks(rows, get_mask(losses)),
            reduction=self.reduction,
            dtype=self.dtype,
            owner=owner,
        )


@register_builtin
class Dice(_OverlapLoss):
    """Dice loss, ``1 - 2 |y_true * y_pred| / (|y_true| + |y_pred|)``, for segmentation.

    Args:
        axis: the axes the sums run over (``None``: all, one value per batch).

    >>> y_true = [[[1.0], [1.0]], [[0.0], [0.0]]]
    >>> y_pred = [[[0.0], [1.0]], [[0.4], [0.9]]]
    >>> round(float(Dice(axis=(1, 2))(y_true, y_pred)), 4)
    0.6667
    """

    def __init__(self, reduction="sum_over_batch_size", name="dice", axis=None, dtype=None):
        super().__init__(dice, name=name, reduction=reduction, dtype=dtype, axis=_axis(axis))
        self.axis = axis

    def get_config(self) -> dict:
        return {**Loss.get_config(self), "axis": self.axis}


@register_builtin
class Tversky(_OverlapLoss):
    """Tversky loss, a Dice loss with separate weights for false positives and negatives.

    Args:
        alpha: weight of the false positives.
        beta: weight of the false negatives.
        axis: the axes the sums run over (``None``: all, one value per batch).

    >>> round(float(Tversky(alpha=0.7, beta=0.3)([[1.0, 1.0, 0.0, 0.0]],
    ...                                          [[0.0, 1.0, 0.0, 1.0]])), 4)
    0.5
    """

    def __init__(self, alpha=0.5, beta=0.5, reduction="sum_over_batch_size", name="tversky",
                 axis=None, dtype=None):
        super().__init__(
            tversky, name=name, reduction=reduction, dtype=dtype, alpha=alpha, beta=beta,
            axis=_axis(axis),
        )
        self.alpha = alpha
        self.beta = beta
        self.axis = axis

    def get_config(self) -> dict:
        return {**Loss.get_config(self), "alpha": self.alpha, "beta": self.beta,
                "axis": self.axis}
