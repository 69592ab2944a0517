"""Batches from other libraries' loaders, turned into numpy without importing them.

``tf.data.Dataset``, torch ``DataLoader`` and grain datasets are detected by module name;
their elements are converted with ``.numpy()`` / ``np.asarray``. The libraries stay
optional: nothing here imports them.
"""

import numpy as np

from lamina.utils import tree


def library_of(data) -> str | None:
    """``"tensorflow"``, ``"torch"``, ``"grain"`` or None for other objects."""
    for cls in type(data).__mro__:
        root = cls.__module__.split(".")[0]
        if root in ("tensorflow", "torch", "grain"):
            return root
    return None


def _to_numpy(value):
    if value is None:
        return None
    if hasattr(value, "detach"):  # torch tensors
        value = value.detach().cpu()
    if hasattr(value, "numpy"):
        return value.numpy()
    return np.asarray(value)


class NumpyView:
    """Re-iterable view over a foreign loader yielding numpy structures."""

    def __init__(self, data):
        self.data = data
        self.library = library_of(data)

    def __iter__(self):
        source = self.data.as_numpy_iterator() if self.library == "tensorflow" else self.data
        for element in source:
            if isinstance(element, list):
                element = tuple(element)
            yield tree.map_structure(_to_numpy, element)

    def __len__(self):
        return len(self.data)
