"""Focal crossentropies (Lin et al., 2018): binary and categorical.

A focal factor ``(1 - p_t) ** gamma`` down-weights examples the model already gets
right, so training concentrates on the hard ones; ``gamma=0`` gives back the plain
crossentropy (up to the optional ``alpha`` weighting). The numbers follow Keras 3:
logits go through a sigmoid / softmax first and probabilities are clipped to
``[epsilon, 1 - epsilon]``.
"""

import warnings

import jax
import jax.numpy as jnp

from lamina import config
from lamina._registry import register_builtin
from lamina.losses._inputs import prepare
from lamina.losses.loss import Loss, LossFunctionWrapper


def _check_axis(owner, axis):
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise ValueError(
            f"{owner}: axis must be an int (the class axis), received axis={axis!r} of "
            f"type {type(axis).__name__}."
        )


@register_builtin
def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25,
                              gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1):
    """Binary focal crossentropy, averaged over ``axis``.

    The crossentropy of each entry is scaled by ``(1 - p_t) ** gamma`` (``p_t`` the
    probability given to the true label); ``apply_class_balancing=True`` also weighs
    positives by ``alpha`` and negatives by ``1 - alpha``. ``label_smoothing`` squeezes
    the targets towards 0.5.

    >>> [round(v, 3) for v in binary_focal_crossentropy(
    ...     [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], gamma=2.0).tolist()]
    [0.33, 0.206]
    """
    _check_axis("binary_focal_crossentropy", axis)
    y_true, y_pred = prepare("binary_focal_crossentropy", y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        y_pred = jax.nn.sigmoid(y_pred)
    eps = config.epsilon()
    clipped = jnp.clip(y_pred, eps, 1.0 - eps)
    bce = -(y_true * jnp.log(clipped) + (1.0 - y_true) * jnp.log(1.0 - clipped))
    p_t = y_true * y_pred + (1.0 - y_true) * (1.0 - y_pred)
    focal = jnp.power(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal = (y_true * alpha + (1.0 - y_true) * (1.0 - alpha)) * focal
    return jnp.mean(focal, axis=axis)


@register_builtin
def categorical_focal_crossentropy(y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False,
                                   label_smoothing=0.0, axis=-1):
    """Categorical focal crossentropy between one-hot targets and class scores on ``axis``.

    Each class term ``-y_true * log(p)`` is scaled by ``alpha * (1 - p) ** gamma``;
    ``alpha`` may be a scalar or one weight per class (a list).

    >>> [round(v, 4) for v in categorical_focal_crossentropy(
    ...     [[0, 1, 0], [0, 0, 1]], [[0.05, 0.9, 0.05], [0.1, 0.85, 0.05]]).tolist()]
    [0.0003, 0.6759]
    """
    _check_axis("categorical_focal_crossentropy", axis)
    y_true, y_pred = prepare("categorical_focal_crossentropy", y_true, y_pred)
    if y_pred.shape[axis] == 1:
        warnings.warn(
            f"categorical_focal_crossentropy: y_pred has shape {tuple(y_pred.shape)}, with "
            "a single class along the class axis; the loss is then always 0. Use "
            "binary_focal_crossentropy for two classes.",
            stacklevel=2,
        )
    if label_smoothing:
        num_classes = jnp.asarray(y_true.shape[-1], y_pred.dtype)
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / num_classes
    if from_logits:
        y_pred = jax.nn.softmax(y_pred, axis=axis)
    eps = config.epsilon()
    probs = y_pred / jnp.sum(y_pred, axis=axis, keepdims=True)
    probs = jnp.clip(probs, eps, 1.0 - eps)
    weight = jnp.power(1.0 - probs, gamma) * jnp.asarray(alpha, probs.dtype)
    return jnp.sum(weight * (-y_true * jnp.log(probs)), axis=axis)


class _FocalWrapper(LossFunctionWrapper):
    """Shared config of the focal losses."""

    _extra = ("from_logits", "label_smoothing", "axis", "alpha", "gamma")

    def get_config(self) -> dict:
        config = Loss.get_config(self)
        config.update({key: getattr(self, key) for key in self._extra})
        return config


@register_builtin
class BinaryFocalCrossentropy(_FocalWrapper):
    """Binary focal crossentropy between 0/1 targets and probabilities (or logits).

    Args:
        apply_class_balancing: weigh class 1 by ``alpha`` and class 0 by ``1 - alpha``.
        alpha: the class-1 weight used when ``apply_class_balancing=True``.
        gamma: focusing parameter (``0`` gives the binary crossentropy).
        from_logits: ``y_pred`` holds logits instead of probabilities.
        label_smoothing: squeeze the targets towards 0.5 by this much.
        axis: the axis the per-entry losses are averaged over.

    >>> loss = BinaryFocalCrossentropy(gamma=2.0, from_logits=True)
    >>> round(float(loss([[0, 1], [0, 0]], [[-18.6, 0.51], [2.94, -12.8]])), 3)
    0.691
    """

    _extra = ("from_logits", "label_smoothing", "axis", "apply_class_balancing", "alpha",
              "gamma")

    def __init__(self, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False,
                 label_smoothing=0.0, axis=-1, reduction="sum_over_batch_size",
                 name="binary_focal_crossentropy", dtype=None):
        super().__init__(
            binary_focal_crossentropy, name=name, reduction=reduction, dtype=dtype,
            apply_class_balancing=apply_class_balancing, alpha=alpha, gamma=gamma,
            from_logits=from_logits, label_smoothing=label_smoothing, axis=axis,
        )
        self.apply_class_balancing = apply_class_balancing
        self.alpha = alpha
        self.gamma = gamma
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis


@register_builtin
class CategoricalFocalCrossentropy(_FocalWrapper):
    """Categorical focal crossentropy between one-hot targets and probabilities (or logits).

    Args:
        alpha: class weight, a scalar or one value per class.
        gamma: focusing parameter (``0`` gives ``alpha`` times the crossentropy).
        from_logits: ``y_pred`` holds logits instead of probabilities.
        label_smoothing: mix the targets with the uniform distribution by this much.
        axis: the class axis.

    >>> loss = CategoricalFocalCrossentropy()
    >>> round(float(loss([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])), 4)
    0.2332
    """

    def __init__(self, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="categorical_focal_crossentropy",
                 dtype=None):
        super().__init__(
            categorical_focal_crossentropy, name=name, reduction=reduction, dtype=dtype,
            alpha=alpha, gamma=gamma, from_logits=from_logits,
            label_smoothing=label_smoothing, axis=axis,
        )
        self.alpha = alpha
        self.gamma = gamma
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
