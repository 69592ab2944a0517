"""Batches from other libraries' loaders, turned into numpy without importing them.

``tf.data.Dataset``, torch ``DataLoader`` and grain datasets are detected by module name;
their elements are converted with ``.numpy()`` / ``np.asarray``. Tensors of those
libraries passed as ``x`` / ``y`` / ``sample_weight`` (alone or in lists and dicts) are
converted to numpy arrays up front, so they are sliced into batches like arrays. The
libraries stay optional: nothing here imports them.
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


def is_foreign_tensor(value) -> bool:
    """A TensorFlow / torch / grain object with a shape: a tensor, not a loader."""
    return library_of(value) is not None and hasattr(value, "shape")


def foreign_tensors_to_numpy(data):
    """``data`` with every foreign tensor (at the top or as a leaf) turned into numpy."""
    if data is None:
        return None
    if is_foreign_tensor(data):
        return _to_numpy(data)
    if isinstance(data, (list, tuple, dict)):
        return tree.map_structure(lambda v: _to_numpy(v) if is_foreign_tensor(v) else v, data)
    return data


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
