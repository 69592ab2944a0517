"""Shared plumbing of the extra NumPy-style ops (``numpy_math``, ``numpy_array``...).

Most ops trace their output spec with ``jax.eval_shape`` through :func:`symbolic_aware`.
Ops whose output length depends on the values (``unique``, ``nonzero``, ``bincount``)
cannot be traced, so :func:`with_spec` records them with a hand-written spec instead.

>>> from lamina.core.keras_tensor import KerasTensor
>>> @with_spec(lambda x: KerasTensor((None,), "int32"))
... def positions(x):
...     return jnp.nonzero(to_tensor(x))[0]
>>> positions(jnp.array([0, 3, 0, 5])).tolist()
[1, 3]
>>> positions(KerasTensor((2, 4))).shape
(None,)
"""

import functools

import jax.numpy as jnp

from lamina import config
from lamina.core.convert import convert_to_tensor, standardize_dtype
from lamina.ops.operation import FunctionOp, any_symbolic
from lamina.utils import naming, tree


def to_tensor(x):
    """``x`` (or every leaf of a structure of arrays) as jax arrays; ``None`` stays."""
    return tree.map_structure(lambda v: v if v is None else convert_to_tensor(v), x)


def dtype_name(x) -> str:
    return standardize_dtype(x.dtype)


def is_int_or_bool(dtype) -> bool:
    name = standardize_dtype(dtype)
    return "int" in name or name == "bool"


def float_dtype(dtype) -> str:
    """The float dtype a float-valued function computes in for ``dtype`` inputs.

    Integer and boolean inputs compute in ``floatx``; float and complex inputs keep
    their own dtype.
    """
    return config.floatx() if is_int_or_bool(dtype) else standardize_dtype(dtype)


def as_float(x):
    """``x`` as a jax array in :func:`float_dtype` of its dtype."""
    x = convert_to_tensor(x)
    return x.astype(float_dtype(x.dtype))


def axis_arg(axis):
    """jax wants hashable axes: a list of axes becomes a tuple."""
    return tuple(axis) if isinstance(axis, list) else axis


def float_result_dtype(*dtypes) -> str:
    """The promoted dtype of ``dtypes`` and a Python float (ints and bools give floatx)."""
    dtypes = [d for d in dtypes if not is_int_or_bool(d)]
    if not dtypes:
        return config.floatx()
    return standardize_dtype(jnp.result_type(*[jnp.dtype(standardize_dtype(d)) for d in dtypes]))


class SpecOp(FunctionOp):
    """A :class:`FunctionOp` whose symbolic output comes from a spec function."""

    def __init__(self, fn, spec, keeps_mask=False, name=None):
        super().__init__(fn, keeps_mask=keeps_mask, name=name)
        self.spec = spec

    def compute_output_spec(self, *args, **kwargs):
        return self.spec(*args, **kwargs)


def with_spec(spec, *, keeps_mask=False):
    """Like ``symbolic_aware``, but symbolic calls take their outputs from ``spec``.

    ``spec`` receives the same arguments as the op and returns KerasTensors.
    """

    def decorate(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            if any_symbolic(args, kwargs):
                public = wrapper.__name__.lstrip("_")
                op = SpecOp(f, spec, keeps_mask=keeps_mask, name=naming.uniquify(public))
                op.public_name = public
                return op(*args, **kwargs)
            return f(*args, **kwargs)

        wrapper.eager = f
        return wrapper

    return decorate


def refuse_symbolic(op_name, args):
    """Raise for ops whose output shape is a value (window functions...)."""
    if any_symbolic(args):
        raise TypeError(
            f"`{op_name}` cannot take a symbolic KerasTensor: the length of its output "
            f"is the value of its argument. Received: {args[0]!r}. Fix: pass a Python int "
            "(or a concrete array), or compute the window outside the functional graph."
        )


__all__: list = []
