"""Batches from Python generators, iterables of batches, ``PyDataset`` and foreign loaders.

Each element is ``x``, ``(x, y)`` or ``(x, y, sample_weight)``. Batches smaller than the
first one (typically the last) are padded to its size with zero-weight rows, so a step
compiles once. A one-shot iterator cannot restart: pass ``steps_per_epoch`` to read
that many batches per epoch, or pass a re-iterable (a list of batches, a PyDataset).
"""

import numpy as np

from lamina.data.array_adapter import Batch, standardize
from lamina.data.py_dataset import PyDataset
from lamina.utils import tree


def unpack_element(element):
    """``x`` / ``(x,)`` / ``(x, y)`` / ``(x, y, sample_weight)`` -> three values."""
    if isinstance(element, tuple):
        if len(element) == 1:
            return element[0], None, None
        if len(element) == 2:
            return element[0], element[1], None
        if len(element) == 3:
            return element
        raise ValueError(
            "A data element must be x, (x, y) or (x, y, sample_weight); received a tuple of "
            f"{len(element)} items."
        )
    return element, None, None


def _rows(structure):
    leaves = [leaf for leaf in tree.flatten(structure) if leaf is not None]
    return len(leaves[0]) if leaves else 0


class GeneratorAdapter:
    """Iterates a generator, an iterable of batches, or a ``PyDataset``."""

    def __init__(self, data, steps=None, class_weight=None):
        self.data = data
        self.steps = None if steps is None else int(steps)
        self.class_weight = class_weight
        self._iterator = None
        self._exhausted = False
        self._peeked = None
        self.batch_size = None
        reiterable = isinstance(data, PyDataset) or (
            hasattr(data, "__iter__") and not hasattr(data, "__next__")
        )
        self.reiterable = reiterable

    @property
    def num_batches(self):
        if self.steps is not None:
            return self.steps
        if isinstance(self.data, PyDataset) or hasattr(self.data, "__len__"):
            return len(self.data)
        return None

    def _fresh_iterator(self):
        if isinstance(self.data, PyDataset):
            return iter(self.data.iterate())
        return iter(self.data)

    def _next_element(self):
        if self._peeked is not None:
            element, self._peeked = self._peeked, None
            return element
        if self._iterator is None:
            self._iterator = self._fresh_iterator()
        return next(self._iterator)

    def peek(self) -> Batch:
        """The first batch, without consuming it."""
        if self._peeked is None:
            self._peeked = self._next_element()
        return self._to_batch(self._peeked)

    def batches(self, rng=None):
        """One epoch of batches (``rng`` is unused: generators keep their own order)."""
        if self.reiterable and self.steps is None and self._peeked is None:
            self._iterator = None  # restart from the beginning
        if isinstance(self.data, PyDataset):
            self.data.on_epoch_begin()
        count = 0
        while self.steps is None or count < self.steps:
            try:
                element = self._next_element()
            except StopIteration:
                self._iterator = None
                if count == 0 and not self.reiterable:
                    raise ValueError(
                        "The data generator is exhausted: a generator cannot restart, so fit "
                        "ran out of data. Pass steps_per_epoch (and make the generator loop "
                        "forever), or pass a re-iterable such as a list of batches or a "
                        "lamina.utils.PyDataset."
                    ) from None
                break
            yield self._to_batch(element)
            count += 1
        if isinstance(self.data, PyDataset):
            self.data.on_epoch_end()

    def _to_batch(self, element) -> Batch:
        x, y, sample_weight = unpack_element(element)
        x, y, sample_weight = (
            standardize(s, r) for s, r in ((x, "x"), (y, "y"), (sample_weight, "sample_weight"))
        )
        if self.class_weight is not None:
            from lamina.data.class_weight import apply_class_weight

            sample_weight = apply_class_weight(y, sample_weight, self.class_weight)
        size = _rows(x)
        if self.batch_size is None:
            self.batch_size = size
        target = max(self.batch_size, size)
        pad = target - size

        def padded(array):
            if array is None or not pad:
                return array
            return np.concatenate([array, np.zeros((pad, *array.shape[1:]), array.dtype)])

        x, y, sample_weight = tree.map_structure(padded, (x, y, sample_weight))
        return Batch(x, y, sample_weight, np.arange(target) < size, size)
