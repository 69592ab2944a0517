"""Intersection-over-union metrics for segmentation: IoU, MeanIoU, BinaryIoU, one-hot forms.

The state is a weighted ``(num_classes, num_classes)`` confusion matrix (rows: true
class, columns: predicted class). For a class, ``IoU = TP / (TP + FP + FN)``; the result
averages it over the target classes that occurred (a class never seen in labels nor
predictions is left out).

As in Keras the state dtype defaults to ``int32``, so weights are truncated to integers
(lamina warns when concrete weights have a fraction); pass ``dtype="float32"`` for
fractional weights. Entries with a label or prediction outside ``[0, num_classes)``, or
with the label ``ignore_class``, are skipped. lamina extensions: a per-sample weight
(shape ``(batch,)``) is broadcast over the other axes, and a mask on ``y_pred`` (or
``mask=``) skips masked entries.

>>> m = MeanIoU(num_classes=2)
>>> _ = m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
>>> round(float(m.result()), 4)
0.3333
"""

import warnings

import jax
import jax.numpy as jnp
import numpy as np

from lamina import config
from lamina._registry import register_builtin
from lamina.core.convert import convert_to_tensor, is_float_dtype
from lamina.core.masking import get_mask
from lamina.losses.shapes import (
    IncompatibleShapesError,
    align_shapes,
    leading_mask,
    squeeze_or_expand_to_same_rank,
)
from lamina.metrics.metric import Metric


def _weight_like(owner, sample_weight, shape, dtype):
    """``sample_weight`` broadcast to the labels' ``shape`` (scalar, prefix or same shape)."""
    if sample_weight is None:
        return jnp.ones(shape, dtype)
    weight = convert_to_tensor(sample_weight)
    if (jnp.issubdtype(weight.dtype, jnp.floating) and not is_float_dtype(dtype)
            and not isinstance(weight, jax.core.Tracer)):
        values = np.asarray(weight)
        if np.any(values != np.round(values)):
            warnings.warn(
                f"{owner}: sample_weight has fractional values but the metric's dtype is "
                f"{dtype}, so they are truncated to integers. Pass dtype='float32' to the "
                "metric for fractional weights.",
                stacklevel=3,
            )
    weight = weight.astype(dtype)
    if weight.ndim and len(shape):
        _, weight = squeeze_or_expand_to_same_rank(jnp.zeros(shape, bool), weight)
    w_shape = tuple(weight.shape)
    if w_shape == tuple(shape) or not w_shape:
        return jnp.broadcast_to(weight, shape)
    if tuple(shape[: len(w_shape)]) == w_shape:
        return jnp.broadcast_to(jnp.reshape(weight, w_shape + (1,) * (len(shape) - len(w_shape))),
                                shape)
    if weight.size == int(np.prod(shape)):  # Keras flattens both
        return jnp.reshape(weight, shape)
    raise IncompatibleShapesError(
        f"{owner}: sample_weight has shape {w_shape} but the labels have shape "
        f"{tuple(shape)}; give one weight per entry, per sample (batch,), or a scalar."
    )


class _IoUBase(Metric):
    """The weighted confusion matrix shared by the IoU metrics."""

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None,
                 sparse_y_true=True, sparse_y_pred=True, axis=-1):
        super().__init__(name=name, dtype=dtype or "int")
        self._direction = "up"
        self.num_classes = num_classes
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable(
            (num_classes, num_classes), "zeros", dtype=self.dtype, name="total_confusion_matrix"
        )

    def _labels(self, y_true, y_pred):
        y_true, y_pred = convert_to_tensor(y_true), convert_to_tensor(y_pred)
        if not self.sparse_y_true:
            y_true = jnp.argmax(y_true, axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = jnp.argmax(y_pred, axis=self.axis)
        return y_true.astype(self.dtype), y_pred.astype(self.dtype)

    def update_state(self, y_true, y_pred, sample_weight=None, *, mask=None):
        """Add one batch to the confusion matrix (``mask`` defaults to ``y_pred``'s)."""
        owner = self._owner()
        if mask is None:
            mask = get_mask(y_pred)
        y_true, y_pred = self._labels(y_true, y_pred)
        if y_true.ndim == 0 or y_pred.ndim == 0:
            y_true, y_pred = jnp.reshape(y_true, (-1,)), jnp.reshape(y_pred, (-1,))
        y_true, y_pred = align_shapes(owner, y_true, y_pred)
        weight = _weight_like(owner, sample_weight, y_true.shape, self.dtype)
        valid = (y_true >= 0) & (y_true < self.num_classes)
        valid &= (y_pred >= 0) & (y_pred < self.num_classes)
        if self.ignore_class is not None:
            valid &= y_true != jnp.asarray(self.ignore_class, y_true.dtype)
        if mask is not None:
            kept = leading_mask(owner, convert_to_tensor(mask), y_true, "the labels")
            valid &= jnp.reshape(kept, kept.shape + (1,) * (y_true.ndim - kept.ndim))
        zero = jnp.zeros((), self.dtype)
        rows = jnp.where(valid, y_true, zero).astype("int32").reshape(-1)
        cols = jnp.where(valid, y_pred, zero).astype("int32").reshape(-1)
        weight = jnp.where(valid, weight, zero).reshape(-1)
        current = jnp.zeros((self.num_classes, self.num_classes), self.dtype)
        current = current.at[rows, cols].add(weight)
        self.total_cm.assign(self.total_cm.value + current)

    def reset_state(self):
        self.total_cm.assign(jnp.zeros(self.total_cm.shape, self.total_cm.dtype))


@register_builtin
class IoU(_IoUBase):
    """Mean intersection-over-union over ``target_class_ids``.

    Args:
        num_classes: the number of classes.
        target_class_ids: the classes whose IoU is averaged.
        ignore_class: a label value to skip (e.g. void pixels).
        sparse_y_true, sparse_y_pred: the labels / predictions are class ids (True) or
            scores over ``axis`` (False, their arg-max is taken).
        axis: the class axis of non-sparse inputs.

    >>> m = IoU(num_classes=2, target_class_ids=[0])
    >>> _ = m.update_state([0, 0, 1, 1], [0, 1, 0, 1], sample_weight=[3, 2, 1, 4])
    >>> round(float(m.result()), 4)
    0.5
    """

    def __init__(self, num_classes, target_class_ids, name=None, dtype=None, ignore_class=None,
                 sparse_y_true=True, sparse_y_pred=True, axis=-1):
        super().__init__(num_classes, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=sparse_y_true, sparse_y_pred=sparse_y_pred, axis=axis)
        target_class_ids = list(target_class_ids)
        if not target_class_ids or max(target_class_ids) >= num_classes or min(
                target_class_ids) < 0:
            raise ValueError(
                f"{type(self).__name__}: target_class_ids must be class ids in [0, "
                f"{num_classes}), received {target_class_ids!r}."
            )
        self.target_class_ids = target_class_ids

    def result(self):
        matrix = self.total_cm.value.astype("float32")
        true_positives = jnp.diagonal(matrix)
        denominator = jnp.sum(matrix, axis=0) + jnp.sum(matrix, axis=1) - true_positives
        ids = jnp.asarray(self.target_class_ids, "int32")
        true_positives, denominator = true_positives[ids], denominator[ids]
        present = denominator > 1e-9
        eps = config.epsilon()
        iou = jnp.where(present, true_positives / (denominator + eps), 0.0)
        return jnp.sum(iou) / (jnp.sum(present.astype("float32")) + eps)

    def get_config(self) -> dict:
        return {**super().get_config(), "num_classes": self.num_classes,
                "target_class_ids": self.target_class_ids, "ignore_class": self.ignore_class,
                "sparse_y_true": self.sparse_y_true, "sparse_y_pred": self.sparse_y_pred,
                "axis": self.axis}


@register_builtin
class BinaryIoU(IoU):
    """IoU of binary labels against ``y_pred >= threshold`` (classes 0 and 1).

    >>> m = BinaryIoU(target_class_ids=[0, 1], threshold=0.3)
    >>> _ = m.update_state([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7])
    >>> round(float(m.result()), 4)
    0.3333
    """

    def __init__(self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None):
        super().__init__(num_classes=2, target_class_ids=target_class_ids, name=name,
                         dtype=dtype)
        self.threshold = threshold

    def _labels(self, y_true, y_pred):
        y_pred = convert_to_tensor(y_pred, dtype="float32")
        predicted = (y_pred >= self.threshold).astype(self.dtype)
        return convert_to_tensor(y_true).astype(self.dtype), predicted

    def get_config(self) -> dict:
        return {"target_class_ids": self.target_class_ids, "threshold": self.threshold,
                "name": self.name, "dtype": self.dtype}


@register_builtin
class MeanIoU(IoU):
    """Intersection-over-union averaged over every class.

    >>> m = MeanIoU(num_classes=2)
    >>> _ = m.update_state([0, 0, 1, 1], [0, 1, 0, 1], sample_weight=[3, 2, 1, 4])
    >>> round(float(m.result()), 4)
    0.5357
    """

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None,
                 sparse_y_true=True, sparse_y_pred=True, axis=-1):
        super().__init__(num_classes, list(range(num_classes)), name=name, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=sparse_y_true,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        return {"num_classes": self.num_classes, "name": self.name, "dtype": self.dtype,
                "ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


@register_builtin
class OneHotIoU(IoU):
    """IoU over ``target_class_ids`` for one-hot labels and per-class scores.

    >>> m = OneHotIoU(num_classes=3, target_class_ids=[0, 2])
    >>> _ = m.update_state([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
    ...                    [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1],
    ...                     [0.1, 0.4, 0.5]])
    >>> round(float(m.result()), 4)
    0.1667
    """

    def __init__(self, num_classes, target_class_ids, name=None, dtype=None, ignore_class=None,
                 sparse_y_pred=False, axis=-1):
        super().__init__(num_classes, target_class_ids, name=name, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=False,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        return {"num_classes": self.num_classes, "target_class_ids": self.target_class_ids,
                "name": self.name, "dtype": self.dtype, "ignore_class": self.ignore_class,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


@register_builtin
class OneHotMeanIoU(MeanIoU):
    """Mean IoU over every class for one-hot labels and per-class scores.

    >>> m = OneHotMeanIoU(num_classes=3)
    >>> _ = m.update_state([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
    ...                    [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1],
    ...                     [0.1, 0.4, 0.5]])
    >>> round(float(m.result()), 4)
    0.1111
    """

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None,
                 sparse_y_pred=False, axis=-1):
        super().__init__(num_classes, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=False, sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        return {"num_classes": self.num_classes, "name": self.name, "dtype": self.dtype,
                "ignore_class": self.ignore_class, "sparse_y_pred": self.sparse_y_pred,
                "axis": self.axis}
