"""Hinge losses: hinge, squared hinge, categorical hinge (for maximum-margin classifiers).

``hinge`` and ``squared_hinge`` expect labels in {-1, 1}; when every label is 0 or 1
they are mapped to -1 / 1 first, as in Keras.
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.losses._inputs import prepare
from lamina.losses.loss import Loss, LossFunctionWrapper


def _to_signed_labels(y_true):
    """Map 0/1 labels to -1/1 (only when all labels are 0 or 1)."""
    is_binary = jnp.all((y_true == 0) | (y_true == 1))
    return jnp.where(is_binary, 2.0 * y_true - 1.0, y_true)


@register_builtin
def hinge(y_true, y_pred):
    """Mean of ``max(1 - y_true * y_pred, 0)`` over the last axis.

    >>> float(hinge([1.0, 0.0], [0.5, -2.0]))
    0.25
    """
    y_true, y_pred = prepare("hinge", y_true, y_pred)
    y_true = _to_signed_labels(y_true)
    return jnp.mean(jnp.maximum(1.0 - y_true * y_pred, 0.0), axis=-1)


@register_builtin
def squared_hinge(y_true, y_pred):
    """Mean of ``max(1 - y_true * y_pred, 0) ** 2`` over the last axis.

    >>> float(squared_hinge([1.0, 0.0], [0.5, -2.0]))
    0.125
    """
    y_true, y_pred = prepare("squared_hinge", y_true, y_pred)
    y_true = _to_signed_labels(y_true)
    return jnp.mean(jnp.square(jnp.maximum(1.0 - y_true * y_pred, 0.0)), axis=-1)


@register_builtin
def categorical_hinge(y_true, y_pred):
    """``max(neg - pos + 1, 0)``: ``pos`` the true-class score, ``neg`` the best other one.

    >>> round(float(categorical_hinge([0.0, 1.0], [0.3, 0.6])), 4)
    0.7
    """
    y_true, y_pred = prepare("categorical_hinge", y_true, y_pred)
    pos = jnp.sum(y_true * y_pred, axis=-1)
    neg = jnp.max((1.0 - y_true) * y_pred, axis=-1)
    return jnp.maximum(neg - pos + 1.0, jnp.zeros((), y_pred.dtype))


class _HingeWrapper(LossFunctionWrapper):
    def get_config(self) -> dict:
        return Loss.get_config(self)


@register_builtin(names=("lamina.losses>Hinge",))
class Hinge(_HingeWrapper):
    """Hinge loss, ``max(1 - y_true * y_pred, 0)`` (labels -1/1, or 0/1 mapped to -1/1).

    >>> float(Hinge()([[1.0, 0.0]], [[0.5, -2.0]]))
    0.25
    """

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(hinge, name=name, reduction=reduction, dtype=dtype)


@register_builtin(names=("lamina.losses>SquaredHinge",))
class SquaredHinge(_HingeWrapper):
    """Squared hinge loss, ``max(1 - y_true * y_pred, 0) ** 2``.

    >>> float(SquaredHinge()([[1.0, 0.0]], [[0.5, -2.0]]))
    0.125
    """

    def __init__(self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, name=name, reduction=reduction, dtype=dtype)


@register_builtin(names=("lamina.losses>CategoricalHinge",))
class CategoricalHinge(_HingeWrapper):
    """Categorical hinge loss between one-hot targets and class scores.

    >>> round(float(CategoricalHinge()([[0.0, 1.0]], [[0.3, 0.6]])), 4)
    0.7
    """

    def __init__(self, reduction="sum_over_batch_size", name="categorical_hinge",
                 dtype=None):
        super().__init__(categorical_hinge, name=name, reduction=reduction, dtype=dtype)
