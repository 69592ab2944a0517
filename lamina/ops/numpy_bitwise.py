"""Bit shifts and bitwise NOT on integer arrays (eager or symbolic; keep masks).

>>> import numpy as np
>>> bitwise_left_shift(np.array([1, 2], "int32"), 3).tolist()
[8, 16]
"""

import jax.numpy as jnp

from lamina.core.convert import convert_to_tensor
from lamina.ops.dispatch import symbolic_aware

__all__ = [
    "bitwise_left_shift",
    "bitwise_right_shift",
    "left_shift",
    "right_shift",
    "bitwise_not",
]


def _shift_amount(y):
    # A Python int stays weakly typed, so it never widens the dtype of ``x``.
    return y if isinstance(y, int) else convert_to_tensor(y)


@symbolic_aware(keeps_mask=True)
def bitwise_left_shift(x, y):
    """Shift the bits of ``x`` left by ``y`` (``x << y``).

    >>> bitwise_left_shift(jnp.array([5]), 1).tolist()
    [10]
    """
    return jnp.left_shift(convert_to_tensor(x), _shift_amount(y))


@symbolic_aware(keeps_mask=True)
def bitwise_right_shift(x, y):
    """Shift the bits of ``x`` right by ``y`` (``x >> y``).

    >>> bitwise_right_shift(jnp.array([10]), 1).tolist()
    [5]
    """
    return jnp.right_shift(convert_to_tensor(x), _shift_amount(y))


@symbolic_aware(keeps_mask=True)
def left_shift(x, y):
    """Alias of :func:`bitwise_left_shift`.

    >>> left_shift(jnp.array([1]), 4).tolist()
    [16]
    """
    return jnp.left_shift(convert_to_tensor(x), _shift_amount(y))


@symbolic_aware(keeps_mask=True)
def right_shift(x, y):
    """Alias of :func:`bitwise_right_shift`.

    >>> right_shift(jnp.array([16]), 4).tolist()
    [1]
    """
    return jnp.right_shift(convert_to_tensor(x), _shift_amount(y))


@symbolic_aware(keeps_mask=True)
def bitwise_not(x):
    """Flip every bit of ``x`` (``~x``); logical NOT for booleans.

    >>> bitwise_not(jnp.array([0, 1], "int8")).tolist()
    [-1, -2]
    """
    return jnp.invert(convert_to_tensor(x))
