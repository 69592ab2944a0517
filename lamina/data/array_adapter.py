"""Batches from in-memory arrays (numpy / jax arrays, lists and dicts of them).

Every batch has the same leading size: the last, ragged batch is padded with zeros and
comes with a ``valid`` vector (False on padding rows), so a jitted step compiles once.
The trainer gives padding rows zero weight; nothing is dropped or repeated.

>>> import numpy as np
>>> adapter = ArrayAdapter(np.arange(5.0), batch_size=2, shuffle=False)
>>> [(b.x.tolist(), b.valid.tolist()) for b in adapter.batches()]
[([0.0, 1.0], [True, True]), ([2.0, 3.0], [True, True]), ([4.0, 0.0], [True, False])]
"""

import dataclasses
import math

import numpy as np

from lamina.utils import tree


@dataclasses.dataclass
class Batch:
    """One batch: inputs, targets and sample weights (structures of arrays) and validity."""

    x: object
    y: object
    sample_weight: object
    valid: np.ndarray
    size: int


def _as_array(value, role):
    if value is None:
        return None
    if hasattr(value, "numpy") and not isinstance(value, np.ndarray):
        value = value.numpy()
    array = np.asarray(value)
    if array.dtype == object:
        raise TypeError(
            f"fit/evaluate/predict: {role} could not be turned into a numeric array (found "
            "Python objects). Pass numpy arrays, or lists/dicts of numpy arrays."
        )
    if array.dtype == np.float64:
        array = array.astype(np.float32)
    if array.ndim == 0:
        raise ValueError(f"fit/evaluate/predict: {role} must have a batch axis, received a scalar.")
    return array


def standardize(structure, role):
    """Convert every leaf to a numpy array (tuples become lists)."""
    if isinstance(structure, tuple):
        structure = list(structure)
    return tree.map_structure(lambda v: _as_array(v, role), structure)


def num_samples(*structures) -> int:
    sizes = {}
    for role, structure in zip(("x", "y", "sample_weight"), structures):
        for leaf in tree.flatten(structure):
            if leaf is not None:
                sizes.setdefault(len(leaf), []).append(role)
    if len(sizes) > 1:
        detail = ", ".join(f"{roles} have {n} samples" for n, roles in sizes.items())
        raise ValueError(
            f"fit/evaluate/predict: all arrays must have the same number of samples; {detail}."
        )
    if not sizes:
        raise ValueError("fit/evaluate/predict: no data given (x is None).")
    return next(iter(sizes))


class ArrayAdapter:
    """Iterates batches of ``(x, y, sample_weight)`` held in memory."""

    def __init__(
        self,
        x,
        y=None,
        sample_weight=None,
        batch_size=32,
        shuffle=False,
        steps=None,
        class_weight=None,
    ):
        self.x = standardize(x, "x")
        self.y = standardize(y, "y")
        self.sample_weight = standardize(sample_weight, "sample_weight")
        if class_weight is not None:
            from lamina.data.class_weight import apply_class_weight

            self.sample_weight = apply_class_weight(self.y, self.sample_weight, class_weight)
        self.size = num_samples(self.x, self.y, self.sample_weight)
        self.batch_size = int(batch_size or 32)
        if self.batch_size <= 0:
            raise ValueError(f"batch_size must be a positive integer, received {batch_size}.")
        self.shuffle = shuffle
        self.steps = steps

    @property
    def num_batches(self) -> int:
        full = math.ceil(self.size / self.batch_size)
        return full if self.steps is None else min(full, int(self.steps))

    def peek(self) -> Batch:
        """The first batch in data order (used to build the model before training)."""
        return self._take(np.arange(min(self.batch_size, self.size)))

    def batches(self, rng=None):
        """Yield :class:`Batch` objects; shuffles with ``rng`` when ``shuffle`` is set."""
        order = np.arange(self.size)
        if self.shuffle:
            order = (rng or np.random).permutation(self.size)
        for step in range(self.num_batches):
            index = order[step * self.batch_size : (step + 1) * self.batch_size]
            yield self._take(index)

    def _take(self, index):
        size = len(index)
        pad = self.batch_size - size

        def take(array):
            if array is None:
                return None
            part = array[index]
            if pad:
                part = np.concatenate([part, np.zeros((pad, *part.shape[1:]), part.dtype)])
            return part

        valid = np.arange(self.batch_size) < size
        x, y, sw = tree.map_structure(take, (self.x, self.y, self.sample_weight))
        return Batch(x, y, sw, valid, size)


def split_validation(x, y, sample_weight, validation_split):
    """Keras semantics: the LAST ``validation_split`` fraction (before shuffling) is held out."""
    if not 0.0 < validation_split < 1.0:
        raise ValueError(f"validation_split must be in (0, 1), received {validation_split}.")
    x, y, sample_weight = (
        standardize(s, r) for s, r in ((x, "x"), (y, "y"), (sample_weight, "sample_weight"))
    )
    n = num_samples(x, y, sample_weight)
    split_at = int(math.floor(n * (1.0 - validation_split)))
    if split_at == 0 or split_at == n:
        raise ValueError(
            f"validation_split={validation_split} leaves an empty training or validation set "
            f"with {n} samples."
        )

    def head(a):
        return None if a is None else a[:split_at]

    def tail(a):
        return None if a is None else a[split_at:]

    train = tree.map_structure(head, (x, y, sample_weight))
    val = tree.map_structure(tail, (x, y, sample_weight))
    return train, val


def unpack_validation_data(validation_data):
    """``(x, y)`` or ``(x, y, sample_weight)`` -> three values."""
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
        raise ValueError(
            "validation_data must be a tuple (x_val, y_val) or (x_val, y_val, sample_weight); "
            f"received {type(validation_data).__name__}."
        )
    x, y, *rest = validation_data
    return x, y, (rest[0] if rest else None)
