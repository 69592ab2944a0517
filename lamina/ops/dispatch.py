"""``symbolic_aware``: make a function over jax arrays also work on KerasTensors.

>>> import jax.numpy as jnp
>>> @symbolic_aware(keeps_mask=True)
... def double(x):
...     return jnp.asarray(x) * 2
>>> from lamina.core.keras_tensor import KerasTensor
>>> double(KerasTensor((None, 4))).shape
(None, 4)
"""

import functools

from lamina.ops.operation import FunctionOp, any_symbolic
from lamina.utils import naming


def symbolic_aware(fn=None, *, keeps_mask=False):
    """Decorate ``fn`` so that, given any KerasTensor argument, it records a graph node.

    ``keeps_mask=True`` for elementwise functions: their output keeps the input mask.
    Otherwise a masked symbolic input raises ``MaskNotSupportedError``.
    """

    def decorate(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            if any_symbolic(args, kwargs):
                op = FunctionOp(f, keeps_mask=keeps_mask, name=naming.uniquify(wrapper.__name__))
                op.public_name = wrapper.__name__
                return op(*args, **kwargs)
            return f(*args, **kwargs)

        wrapper.eager = f
        return wrapper

    return decorate(fn) if fn is not None else decorate
