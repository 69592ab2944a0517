"""Registers the operators of ``KerasTensor`` (``x + y``, ``x[i]``...) with their ops."""

from lamina.core import keras_tensor
from lamina.ops import numpy as np_ops
from lamina.ops.dispatch import symbolic_aware


@symbolic_aware
def _getitem(x, key):
    return x[key]


def _swap(fn):
    return lambda a, b: fn(b, a)


_TABLE = {
    "add": np_ops.add,
    "sub": np_ops.subtract,
    "mul": np_ops.multiply,
    "truediv": np_ops.divide,
    "floordiv": np_ops.floor_divide,
    "mod": np_ops.mod,
    "pow": np_ops.power,
    "matmul": np_ops.matmul,
    "radd": _swap(np_ops.add),
    "rsub": _swap(np_ops.subtract),
    "rmul": _swap(np_ops.multiply),
    "rtruediv": _swap(np_ops.divide),
    "rfloordiv": _swap(np_ops.floor_divide),
    "rmod": _swap(np_ops.mod),
    "rpow": _swap(np_ops.power),
    "rmatmul": _swap(np_ops.matmul),
    "lt": np_ops.less,
    "le": np_ops.less_equal,
    "gt": np_ops.greater,
    "ge": np_ops.greater_equal,
    "ne": np_ops.not_equal,
    "eq": np_ops.equal,
    "and": np_ops.logical_and,
    "or": np_ops.logical_or,
    "xor": np_ops.logical_xor,
    "rand": _swap(np_ops.logical_and),
    "ror": _swap(np_ops.logical_or),
    "rxor": _swap(np_ops.logical_xor),
    "neg": np_ops.negative,
    "pos": lambda x: x,
    "abs": np_ops.abs,
    "invert": np_ops.logical_not,
    "getitem": _getitem,
    "astype": np_ops.cast,
    "reshape": lambda x, *shape: np_ops.reshape(x, shape[0] if len(shape) == 1 else shape),
    "transpose": lambda x, *axes: np_ops.transpose(x, axes or None),
    "sum": np_ops.sum,
    "mean": np_ops.mean,
    "max": np_ops.max,
    "min": np_ops.min,
}
keras_tensor.OPERATORS.update(_TABLE)
