"""Accuracy metrics: exact, binary, categorical, sparse categorical and top-k accuracy.

Each is a per-sample function (1.0 for a hit, 0.0 for a miss) and a
:class:`~lamina.metrics.reduction_metrics.MeanMetricWrapper` class averaging it.
"""

import jax.numpy as jnp

from lamina import config
from lamina._registry import register_builtin
from lamina.core.convert import convert_to_tensor
from lamina.losses._inputs import float_tensor
from lamina.losses.shapes import align_shapes
from lamina.metrics.reduction_metrics import MeanMetricWrapper


def _as_float(matches):
    return matches.astype(config.floatx())


@register_builtin
def accuracy(y_true, y_pred):
    """1.0 where ``y_pred`` equals ``y_true`` exactly, else 0.0 (elementwise).

    >>> accuracy([1, 2, 3], [1, 2, 4]).tolist()
    [1.0, 1.0, 0.0]
    """
    y_pred = convert_to_tensor(y_pred)
    y_true = convert_to_tensor(y_true, dtype=y_pred.dtype)
    y_true, y_pred = align_shapes("accuracy", y_true, y_pred)
    return _as_float(y_true == y_pred)


@register_builtin
def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where ``y_pred > threshold`` matches the 0/1 label ``y_true`` (elementwise).

    >>> binary_accuracy([[1], [0]], [[0.7], [0.6]]).tolist()
    [[1.0], [0.0]]
    """
    y_pred = convert_to_tensor(y_pred)
    y_true = convert_to_tensor(y_true)
    y_true, y_pred = align_shapes("binary_accuracy", y_true, y_pred)
    predicted = (y_pred > jnp.asarray(threshold, y_pred.dtype)).astype(y_true.dtype)
    return _as_float(y_true == predicted)


@register_builtin
def categorical_accuracy(y_true, y_pred):
    """1.0 where the arg-max class of ``y_pred`` is the one-hot ``y_true`` class.

    >>> categorical_accuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]).tolist()
    [0.0, 1.0]
    """
    y_pred = float_tensor(y_pred)
    y_true = convert_to_tensor(y_true, dtype=y_pred.dtype)
    y_true, y_pred = align_shapes("categorical_accuracy", y_true, y_pred)
    return _as_float(jnp.argmax(y_true, axis=-1) == jnp.argmax(y_pred, axis=-1))


@register_builtin
def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the arg-max class of ``y_pred`` equals the integer label ``y_true``.

    >>> sparse_categorical_accuracy([2, 1], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]).tolist()
    [0.0, 1.0]
    """
    y_pred = float_tensor(y_pred)
    y_true = convert_to_tensor(y_true, dtype=y_pred.dtype)
    y_true, y_pred = align_shapes("sparse_categorical_accuracy", y_true, y_pred, "sparse")
    if y_true.ndim == y_pred.ndim:
        y_true = jnp.squeeze(y_true, -1)
    predicted = jnp.argmax(y_pred, axis=-1).astype(y_true.dtype)
    matches = _as_float(y_true == predicted)
    if matches.ndim > 1 and matches.shape[-1] == 1:
        matches = jnp.squeeze(matches, -1)
    return matches


def _in_top_k(targets, predictions, k):
    """Whether ``targets[i]`` is among the ``k`` largest entries of ``predictions[i]``
    (ties count in the target's favour; a NaN score never does)."""
    at_label = jnp.take_along_axis(predictions, targets[:, None], axis=-1)
    at_label = jnp.where(jnp.isnan(at_label), -jnp.inf, at_label)
    rank = 1 + jnp.sum(predictions > at_label, axis=-1)
    return rank <= k


def _top_k_matches(labels, y_pred, k):
    flat_labels = jnp.reshape(labels, (-1,)).astype("int32")
    flat_pred = jnp.reshape(y_pred, (-1, y_pred.shape[-1]))
    return _as_float(jnp.reshape(_in_top_k(flat_labels, flat_pred, k), labels.shape))


@register_builtin
def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the one-hot ``y_true`` class is among the ``k`` top classes of ``y_pred``.

    >>> top_k_categorical_accuracy([[0, 0, 1], [0, 1, 0]],
    ...                            [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], k=1).tolist()
    [0.0, 1.0]
    """
    y_pred = float_tensor(y_pred)
    y_true = convert_to_tensor(y_true, dtype=y_pred.dtype)
    y_true, y_pred = align_shapes("top_k_categorical_accuracy", y_true, y_pred)
    return _top_k_matches(jnp.argmax(y_true, axis=-1), y_pred, k)


@register_builtin
def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    """1.0 where the integer label ``y_true`` is among the ``k`` top classes of ``y_pred``.

    ``from_sorted_ids=True``: ``y_pred`` already holds class ids sorted by score.

    >>> sparse_top_k_categorical_accuracy([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]],
    ...                                   k=1).tolist()
    [0.0, 1.0]
    """
    y_pred = convert_to_tensor(y_pred)
    y_true = convert_to_tensor(y_true, dtype=y_pred.dtype if from_sorted_ids else "int32")
    y_true, y_pred = align_shapes(
        "sparse_top_k_categorical_accuracy", y_true, y_pred, "sparse"
    )
    if from_sorted_ids:
        labels = jnp.squeeze(y_true, -1) if y_true.ndim == y_pred.ndim else y_true
        hits = jnp.any(labels[..., None] == y_pred[..., :k], axis=-1)
        return _as_float(jnp.reshape(hits, y_true.shape))
    if not jnp.issubdtype(y_pred.dtype, jnp.floating):
        y_pred = y_pred.astype(config.floatx())
    return _top_k_matches(y_true, y_pred, k)


@register_builtin
class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels exactly.

    >>> m = Accuracy()
    >>> _ = m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
    >>> float(m.result())
    0.75
    """

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(fn=accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}


@register_builtin
class BinaryAccuracy(MeanMetricWrapper):
    """How often ``y_pred > threshold`` matches binary labels.

    >>> m = BinaryAccuracy()
    >>> _ = m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
    >>> float(m.result())
    0.75
    """

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(fn=binary_accuracy, name=name, dtype=dtype, threshold=threshold)
        self.threshold = threshold
        self._direction = "up"

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype, "threshold": self.threshold}


@register_builtin
class CategoricalAccuracy(MeanMetricWrapper):
    """How often the arg-max of ``y_pred`` matches the one-hot label.

    >>> m = CategoricalAccuracy()
    >>> _ = m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(fn=categorical_accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}


@register_builtin
class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the arg-max of ``y_pred`` matches the integer label.

    >>> m = SparseCategoricalAccuracy()
    >>> _ = m.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(fn=sparse_categorical_accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}


@register_builtin
class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot label is among the ``k`` top predictions.

    >>> m = TopKCategoricalAccuracy(k=1)
    >>> _ = m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(fn=top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k
        self._direction = "up"

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype, "k": self.k}


@register_builtin
class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label is among the ``k`` top predictions.

    >>> m = SparseTopKCategoricalAccuracy(k=1)
    >>> _ = m.update_state([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None,
                 from_sorted_ids=False):
        super().__init__(
            fn=sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k,
            from_sorted_ids=from_sorted_ids,
        )
        self.k = k
        self.from_sorted_ids = from_sorted_ids
        self._direction = "up"

    def get_config(self) -> dict:
        config = {"name": self.name, "dtype": self.dtype, "k": self.k}
        if self.from_sorted_ids:
            config["from_sorted_ids"] = True
        return config
