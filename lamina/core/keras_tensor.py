"""``KerasTensor``: a symbolic tensor (shape with ``None`` dims, dtype) of the functional API.

It records its history ``(operation, node_index, tensor_index)`` and carries its mask
(another KerasTensor) in a slot, next to the tensor it refers to, as the talk describes.
Operators (``x + y``, ``x[0]``...) dispatch to ``lamina.ops``, which registers them
here when it is imported (this rung cannot import ops).

>>> x = KerasTensor((None, 3), "float32")
>>> x.shape, x.ndim
((None, 3), 2)
"""

from lamina.core.convert import standardize_dtype
from lamina.utils import naming

# Filled by lamina.ops at import: operator name -> function(*args).
OPERATORS: dict = {}


class KerasTensor:
    """Symbolic placeholder for a tensor: shape, dtype, history and mask."""

    __hash__ = object.__hash__

    def __init__(self, shape, dtype="float32", name=None, record_history=None):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = standardize_dtype(dtype)
        self.name = name or naming.uniquify("keras_tensor")
        self._keras_history = record_history
        self._keras_mask = None
        self._keras_mask_origin = None

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __repr__(self):
        mask = ", masked" if self._keras_mask is not None else ""
        return f"<KerasTensor shape={self.shape}, dtype={self.dtype}, name={self.name}{mask}>"

    def __iter__(self):
        raise TypeError(
            "A symbolic KerasTensor cannot be iterated. To unpack it along an axis, use "
            "lamina.ops.unstack(x, axis=...)."
        )

    def __bool__(self):
        raise TypeError(
            "A symbolic KerasTensor has no truth value: Python control flow on it cannot "
            "be recorded in a functional graph. Use lamina.ops.cond / ops.where, or put "
            "the logic inside a layer's call()."
        )

    def __array__(self, *args, **kwargs):
        raise TypeError(
            "A symbolic KerasTensor has no value: it is a placeholder in a functional "
            "model. Call the model on real arrays (model(x) or model.predict(x))."
        )

    def numpy(self):
        self.__array__()


def _dispatch(name):
    def method(*args):
        return OPERATORS[name](*args)

    method.__name__ = name
    return method


for _op in (
    "add",
    "sub",
    "mul",
    "truediv",
    "floordiv",
    "mod",
    "pow",
    "matmul",
    "radd",
    "rsub",
    "rmul",
    "rtruediv",
    "rfloordiv",
    "rmod",
    "rpow",
    "rmatmul",
    "lt",
    "le",
    "gt",
    "ge",
    "ne",
    "eq",
    "and",
    "or",
    "xor",
    "rand",
    "ror",
    "rxor",
    "neg",
    "pos",
    "abs",
    "invert",
    "getitem",
):
    setattr(KerasTensor, f"__{_op}__", _dispatch(_op))
for _method in ("astype", "reshape", "transpose", "sum", "mean", "max", "min"):
    setattr(KerasTensor, _method, _dispatch(_method))


def is_keras_tensor(x) -> bool:
    return isinstance(x, KerasTensor)
