"""Choose the adapter for what the user passed to fit / evaluate / predict."""

import numpy as np

from lamina.data.array_adapter import ArrayAdapter
from lamina.data.foreign_adapters import NumpyView, foreign_tensors_to_numpy, library_of
from lamina.data.generator_adapter import GeneratorAdapter
from lamina.data.py_dataset import PyDataset
from lamina.utils import tree


def is_array_data(x) -> bool:
    """True for numpy/jax arrays, lists of numbers, and lists/dicts of arrays."""
    if not isinstance(x, (list, tuple, dict, np.ndarray, np.generic)) and not hasattr(x, "shape"):
        return False
    leaves = tree.flatten(x)
    return bool(leaves) and all(
        leaf is None
        or isinstance(leaf, (np.ndarray, np.generic, int, float))
        or hasattr(leaf, "__array__")
        and hasattr(leaf, "shape")
        for leaf in leaves
    )


def get_adapter(
    x,
    y=None,
    sample_weight=None,
    batch_size=None,
    steps=None,
    shuffle=False,
    class_weight=None,
    role="fit",
):
    """An adapter with ``batches()``, ``num_batches`` and ``peek()``."""
    x, y, sample_weight = (foreign_tensors_to_numpy(v) for v in (x, y, sample_weight))
    if isinstance(x, PyDataset) or library_of(x) is not None or _is_iterator_like(x):
        for name, value in (("y", y), ("sample_weight", sample_weight)):
            if value is not None:
                raise ValueError(
                    f"{role}: {name} must be None when x is a generator, dataset or PyDataset "
                    "(each element already holds (x, y[, sample_weight]))."
                )
        if batch_size is not None and not isinstance(x, PyDataset):
            raise ValueError(
                f"{role}: batch_size is set by the dataset or generator itself; do not pass "
                "batch_size with it."
            )
        data = NumpyView(x) if library_of(x) is not None else x
        return GeneratorAdapter(data, steps=steps, class_weight=class_weight)
    if not is_array_data(x):
        raise TypeError(
            f"{role}: unsupported data type {type(x).__name__} for x. Pass numpy arrays (or "
            "lists/dicts of them), a Python generator, a lamina.utils.PyDataset, a "
            "tf.data.Dataset, a torch DataLoader or a grain dataset."
        )
    return ArrayAdapter(
        x,
        y,
        sample_weight,
        batch_size=batch_size or 32,
        shuffle=shuffle,
        steps=steps,
        class_weight=class_weight,
    )


def _is_iterator_like(x) -> bool:
    if isinstance(x, (np.ndarray, list, tuple, dict, str, bytes)) or hasattr(x, "shape"):
        return False
    return hasattr(x, "__next__") or hasattr(x, "__iter__")
