"""Numpy helpers users reach as ``lamina.utils.to_categorical`` / ``normalize``."""

import numpy as np


def to_categorical(x, num_classes=None):
    """One-hot encode integer class labels as a float32 numpy array.

    >>> to_categorical([0, 2], num_classes=3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    x = np.asarray(x, dtype="int64")
    if num_classes is None:
        num_classes = int(x.max()) + 1
    if x.size and (x.min() < 0 or x.max() >= num_classes):
        raise ValueError(
            f"to_categorical: labels must lie in [0, {num_classes}), received values "
            f"from {x.min()} to {x.max()}."
        )
    shape = x.shape[:-1] if x.ndim > 1 and x.shape[-1] == 1 else x.shape
    out = np.zeros((x.size, num_classes), dtype="float32")
    out[np.arange(x.size), x.reshape(-1)] = 1.0
    return out.reshape(shape + (num_classes,))


def normalize(x, axis=-1, order=2):
    """Scale ``x`` to unit ``order``-norm along ``axis``."""
    x = np.asarray(x)
    norm = np.linalg.norm(x, ord=order, axis=axis, keepdims=True)
    return x / np.where(norm == 0, 1, norm)
