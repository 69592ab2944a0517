"""``DataLayer``: private base of the table-like preprocessing layers.

It adds two input conventions to ``Layer.__call__``, both from Keras:

* Python lists/tuples of numbers are accepted and turned into numpy arrays;
* string inputs (``str``, ``bytes``, lists of them, numpy ``U``/``S``/object arrays)
  are processed **eagerly with numpy**, outside the JAX call pipeline, by the layer's
  ``_call_strings``. JAX arrays cannot hold strings, so string layers run in the data
  pipeline (before ``fit``), never inside ``jit`` or a functional model. Calling a
  string-only layer on a symbolic tensor raises an error that says so.

``run_adapt`` is Keras's ``adapt`` loop, shared by the layers that learn from data.

>>> import numpy as np
>>> is_string_like(["a", "b"]), is_string_like(np.array([1, 2]))
(True, False)
"""

import numpy as np

from lamina.core.keras_tensor import KerasTensor
from lamina.layers.call_spec import call_spec_for
from lamina.layers.layer import Layer
from lamina.ops.operation import MaskNotSupportedError
from lamina.utils import tree


def _first_leaf(value):
    while isinstance(value, (list, tuple)):
        if not value:
            return None
        value = value[0]
    return value


def is_string_like(value) -> bool:
    """True for str/bytes, nested lists of them, and numpy string/object-of-string arrays."""
    if isinstance(value, (str, bytes, np.str_, np.bytes_)):
        return True
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "US":
            return True
        if value.dtype.kind == "O" and value.size:
            return isinstance(value.reshape(-1)[0], (str, bytes))
        return False
    if isinstance(value, (list, tuple)):
        return isinstance(_first_leaf(value), (str, bytes, np.str_, np.bytes_))
    return False


def to_str_array(value, encoding="utf-8", owner="layer") -> np.ndarray:
    """A numpy unicode (``U``) array from strings/bytes (bytes decoded with ``encoding``)."""
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError(
            f"{owner}: the string input is ragged (rows of different lengths), which a dense "
            "array cannot hold. Pad the rows to one length, or pass one string per row."
        ) from None
    if array.dtype.kind == "U":
        return array
    if array.dtype.kind == "S":
        return np.char.decode(array, encoding)
    flat = [v.decode(encoding) if isinstance(v, bytes) else v for v in array.reshape(-1).tolist()]
    if not all(isinstance(v, str) for v in flat):
        raise TypeError(
            f"{owner}: expected strings, received values of types "
            f"{sorted({type(v).__name__ for v in flat})}."
        )
    return np.asarray(flat, dtype=str).reshape(array.shape)


def run_adapt(layer, data, steps=None, one_batch=None) -> None:
    """``layer.reset_state()``; ``layer.update_state`` on ``one_batch(data)`` when
    ``one_batch`` is given (``data`` is a single batch), else on each batch the iterable
    ``data`` yields, ``steps`` of them at most; then ``layer.finalize_state()``."""
    layer.reset_state()
    if one_batch is not None:
        layer.update_state(one_batch(data))
    else:
        for i, batch in enumerate(data):
            if steps is not None and i >= steps:
                break
            layer.update_state(batch)
    layer.finalize_state()


def document_rows(array: np.ndarray) -> np.ndarray:
    """A batch of documents, one per row: a 1-D array becomes a column."""
    return array[:, None] if array.ndim == 1 else array


def has_symbolic(value) -> bool:
    return any(isinstance(x, KerasTensor) for x in tree.flatten(value))


class DataLayer(Layer):
    """Base of the lookup/encoding layers: list inputs, and an eager numpy path for strings.

    Subclasses that take strings implement ``_call_strings(inputs, **kwargs)``;
    ``string_only = True`` marks layers that cannot be part of a JAX graph at all.
    """

    string_only = False

    def __call__(self, *args, **kwargs):
        name = call_spec_for(type(self)).first_name or "inputs"
        inputs = args[0] if args else kwargs.pop(name, None)
        if has_symbolic(inputs):
            if self.string_only:
                raise TypeError(
                    f"{type(self).__name__} '{self.name}' works on strings, eagerly, with "
                    "numpy; it cannot be part of a functional model or run inside jit "
                    "(JAX arrays hold no strings). Apply it in the data pipeline before "
                    "fit, e.g. x = layer(texts) on the raw data, and feed the numbers to "
                    "the model."
                )
        elif self.string_only or is_string_like(inputs):
            if not hasattr(self, "_call_strings"):
                raise TypeError(
                    f"{type(self).__name__} '{self.name}' takes numbers, received strings "
                    f"({_first_leaf(inputs)!r}, ...). Use StringLookup or Hashing for strings."
                )
            if kwargs.pop("mask", None) is not None:
                raise MaskNotSupportedError(
                    f"{type(self).__name__} '{self.name}' received a mask with string "
                    "inputs; string preprocessing does not take masks. Drop the mask."
                )
            kwargs.pop("training", None)
            return self._call_strings(inputs, *args[1:], **kwargs)
        elif isinstance(inputs, (list, tuple)):
            inputs = np.asarray(inputs)
        if args:
            return super().__call__(inputs, *args[1:], **kwargs)
        return super().__call__(**{name: inputs}, **kwargs)
