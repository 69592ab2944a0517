"""Output specs of a function on symbolic inputs, by tracing it with ``jax.eval_shape``.

Unknown (``None``) dimensions are traced twice with two different stand-in sizes; an
output dimension that changes between the two traces is unknown (``None``) too.
"""

import jax
import numpy as np

from lamina.core import context
from lamina.core.keras_tensor import KerasTensor
from lamina.core.scopes import StatelessScope
from lamina.utils import tree

_STAND_INS = (83, 89)


def _to_struct(x, size):
    if isinstance(x, KerasTensor):
        shape = tuple(size if d is None else d for d in x.shape)
        return jax.ShapeDtypeStruct(shape, x.dtype)
    return x


def _has_unknown(structure) -> bool:
    return any(isinstance(x, KerasTensor) and None in x.shape for x in tree.flatten(structure))


def _trace(fn, args, kwargs, size):
    structs_args, structs_kwargs = tree.map_structure(lambda x: _to_struct(x, size), (args, kwargs))
    leaves = tree.flatten((structs_args, structs_kwargs))
    positions = [i for i, leaf in enumerate(leaves) if isinstance(leaf, jax.ShapeDtypeStruct)]

    def pure(*arrays):
        filled = list(leaves)
        for i, array in zip(positions, arrays):
            filled[i] = array
        a, k = tree.pack_sequence_as((structs_args, structs_kwargs), filled)
        token = context.set_symbolic_trace(size)
        try:
            # Any variable write during shape inference is recorded and thrown away.
            with StatelessScope():
                return fn(*a, **k)
        finally:
            context.reset_symbolic_trace(token)

    return jax.eval_shape(pure, *[leaves[i] for i in positions])


def compute_output_spec(fn, *args, **kwargs):
    """Trace ``fn(*args, **kwargs)`` where args hold KerasTensors; return KerasTensors."""
    first = _trace(fn, args, kwargs, _STAND_INS[0])
    second = _trace(fn, args, kwargs, _STAND_INS[1]) if _has_unknown((args, kwargs)) else first

    def to_keras_tensor(a, b):
        if a is None:
            return None
        if not hasattr(a, "shape"):
            return a
        shape = tuple(da if da == db else None for da, db in zip(a.shape, b.shape))
        return KerasTensor(shape, np.dtype(a.dtype).name if a.dtype != "bfloat16" else "bfloat16")

    return jax.tree_util.tree_map(to_keras_tensor, first, second, is_leaf=lambda x: x is None)
