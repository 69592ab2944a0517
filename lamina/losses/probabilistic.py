"""Probabilistic losses: binary / categorical / sparse categorical crossentropy, KL, Poisson.

Probabilities are clipped to ``[epsilon, 1 - epsilon]`` (``config.epsilon()``) exactly
as in Keras 3; ``from_logits=True`` uses the log-sigmoid / log-softmax formulations.
"""

import warnings

import jax
import jax.numpy as jnp

from lamina import config
from lamina._registry import register_builtin
from lamina.core.convert import convert_to_tensor
from lamina.core.masking import set_mask
from lamina.losses._inputs import float_tensor, prepare
from lamina.losses.loss import Loss, LossFunctionWrapper
from lamina.losses.shapes import align_shapes


def _log_probs(y_pred, from_logits, axis):
    if from_logits:
        return jax.nn.log_softmax(y_pred, axis=axis)
    eps = config.epsilon()
    probs = y_pred / jnp.sum(y_pred, axis=axis, keepdims=True)
    return jnp.log(jnp.clip(probs, eps, 1.0 - eps))


def _check_axis(owner, axis):
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise TypeError(f"{owner}: axis must be an int, received axis={axis!r}.")


@register_builtin(names=("bce", "BCE"))
def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Binary crossentropy, averaged over ``axis``.

    ``label_smoothing`` squeezes the targets towards 0.5.

    >>> round(float(binary_crossentropy([0.0, 1.0], [0.2, 0.8])), 4)
    0.2231
    """
    y_true, y_pred = prepare("binary_crossentropy", y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        per_entry = -(y_true * jax.nn.log_sigmoid(y_pred)
                      + (1.0 - y_true) * jax.nn.log_sigmoid(-y_pred))
    else:
        eps = config.epsilon()
        probs = jnp.clip(y_pred, eps, 1.0 - eps)
        per_entry = -(y_true * jnp.log(probs) + (1.0 - y_true) * jnp.log(1.0 - probs))
    return jnp.mean(per_entry, axis=axis)


@register_builtin
def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Crossentropy between one-hot (or soft) targets and class probabilities along ``axis``.

    ``label_smoothing`` mixes the targets with the uniform distribution.

    >>> round(float(categorical_crossentropy([0.0, 1.0, 0.0], [0.05, 0.95, 0.0])), 4)
    0.0513
    """
    _check_axis("categorical_crossentropy", axis)
    y_true, y_pred = prepare("categorical_crossentropy", y_true, y_pred)
    if y_pred.shape[axis] == 1:
        warnings.warn(
            f"categorical_crossentropy: y_pred has shape {tuple(y_pred.shape)}, with a "
            "single class along the class axis; the loss is then always 0. Use "
            "binary_crossentropy for two classes.",
            stacklevel=2,
        )
    if label_smoothing:
        num_classes = jnp.asarray(y_true.shape[-1], y_pred.dtype)
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / num_classes
    return -jnp.sum(y_true * _log_probs(y_pred, from_logits, axis), axis=axis)


@register_builtin
def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None,
                                    axis=-1):
    """Crossentropy between integer class labels and class probabilities along ``axis``.

    Entries whose label equals ``ignore_class`` get a loss of 0 and a mask (attached to
    the result) that removes them from the reduction.

    >>> round(float(sparse_categorical_crossentropy([1], [[0.05, 0.95, 0.0]])[0]), 4)
    0.0513
    """
    _check_axis("sparse_categorical_crossentropy", axis)
    y_pred = float_tensor(y_pred)
    y_true = convert_to_tensor(y_true)
    y_true, y_pred = align_shapes(
        "sparse_categorical_crossentropy", y_true, y_pred, rule="sparse", axis=axis
    )
    if y_true.ndim == y_pred.ndim:
        y_true = jnp.squeeze(y_true, axis=axis)
    labels = y_true.astype("int32")
    valid = None
    if ignore_class is not None:
        valid = y_true != jnp.asarray(ignore_class, y_true.dtype)
        labels = jnp.where(valid, labels, 0)
        y_pred = jnp.where(jnp.expand_dims(valid, axis), y_pred, jnp.ones((), y_pred.dtype))
    one_hot = jax.nn.one_hot(labels, y_pred.shape[axis], axis=axis, dtype=y_pred.dtype)
    result = -jnp.sum(one_hot * _log_probs(y_pred, from_logits, axis), axis=axis)
    if valid is not None:
        result = jnp.where(valid, result, jnp.zeros((), result.dtype))
        set_mask(result, valid, origin="sparse_categorical_crossentropy(ignore_class=...)")
    return result


@register_builtin(names=("kld", "KLD", "kullback_leibler_divergence"))
def kl_divergence(y_true, y_pred):
    """Kullback-Leibler divergence ``sum(y_true * log(y_true / y_pred))`` over the last axis.

    Both inputs are clipped to ``[epsilon, 1]``.

    >>> round(float(kl_divergence([0.5, 0.5], [0.25, 0.75])), 4)
    0.1438
    """
    y_true, y_pred = prepare("kl_divergence", y_true, y_pred)
    eps = config.epsilon()
    y_true = jnp.clip(y_true, eps, 1.0)
    y_pred = jnp.clip(y_pred, eps, 1.0)
    return jnp.sum(y_true * jnp.log(y_true / y_pred), axis=-1)


@register_builtin
def poisson(y_true, y_pred):
    """Poisson loss ``mean(y_pred - y_true * log(y_pred + epsilon))`` over the last axis.

    >>> round(float(poisson([1.0], [1.0])), 4)
    1.0
    """
    y_true, y_pred = prepare("poisson", y_true, y_pred)
    eps = jnp.asarray(config.epsilon(), y_pred.dtype)
    return jnp.mean(y_pred - y_true * jnp.log(y_pred + eps), axis=-1)


class _CrossentropyWrapper(LossFunctionWrapper):
    """Shared config of the crossentropy classes."""

    _extra = ("from_logits", "label_smoothing", "axis")

    def get_config(self) -> dict:
        config = Loss.get_config(self)
        config.update({key: getattr(self, key) for key in self._extra})
        return config


@register_builtin(names=("lamina.losses>BinaryCrossentropy",))
class BinaryCrossentropy(_CrossentropyWrapper):
    """Binary crossentropy between 0/1 targets and probabilities (or logits).

    >>> loss = BinaryCrossentropy(from_logits=True)
    >>> round(float(loss([[0.0, 1.0], [0.0, 0.0]], [[-18.6, 0.51], [2.94, -12.8]])), 3)
    0.865
    """

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="binary_crossentropy", dtype=None):
        super().__init__(
            binary_crossentropy, name=name, reduction=reduction, dtype=dtype,
            from_logits=from_logits, label_smoothing=label_smoothing, axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis


@register_builtin(names=("lamina.losses>CategoricalCrossentropy",))
class CategoricalCrossentropy(_CrossentropyWrapper):
    """Crossentropy between one-hot targets and class probabilities (or logits).

    >>> loss = CategoricalCrossentropy()
    >>> round(float(loss([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])), 4)
    1.1769
    """

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="categorical_crossentropy",
                 dtype=None):
        super().__init__(
            categorical_crossentropy, name=name, reduction=reduction, dtype=dtype,
            from_logits=from_logits, label_smoothing=label_smoothing, axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis


@register_builtin(names=("lamina.losses>SparseCategoricalCrossentropy",))
class SparseCategoricalCrossentropy(_CrossentropyWrapper):
    """Crossentropy between integer labels and class probabilities (or logits).

    ``ignore_class``: a label value whose entries are left out of the loss (e.g. padding).

    >>> loss = SparseCategoricalCrossentropy()
    >>> round(float(loss([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])), 4)
    1.1769
    """

    _extra = ("from_logits", "ignore_class", "axis")

    def __init__(self, from_logits=False, ignore_class=None, reduction="sum_over_batch_size",
                 axis=-1, name="sparse_categorical_crossentropy", dtype=None):
        super().__init__(
            sparse_categorical_crossentropy, name=name, reduction=reduction, dtype=dtype,
            from_logits=from_logits, ignore_class=ignore_class, axis=axis,
        )
        self.from_logits = from_logits
        self.ignore_class = ignore_class
        self.axis = axis


@register_builtin(names=("lamina.losses>KLDivergence",))
class KLDivergence(LossFunctionWrapper):
    """Kullback-Leibler divergence between target and predicted distributions.

    >>> round(float(KLDivergence()([[0.5, 0.5]], [[0.25, 0.75]])), 4)
    0.1438
    """

    def __init__(self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, name=name, reduction=reduction, dtype=dtype)

    def get_config(self) -> dict:
        return Loss.get_config(self)


@register_builtin(names=("lamina.losses>Poisson",))
class Poisson(LossFunctionWrapper):
    """Poisson loss, ``y_pred - y_true * log(y_pred)``, for count targets.

    >>> round(float(Poisson()([[1.0, 0.0]], [[1.0, 1.0]])), 4)
    1.0
    """

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(poisson, name=name, reduction=reduction, dtype=dtype)

    def get_config(self) -> dict:
        return Loss.get_config(self)
