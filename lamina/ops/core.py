"""Core ops: conversion, shapes, control flow (cond/scan), gradients control.

>>> int(cond(True, lambda: 1, lambda: 2))
1
"""

import jax
import numpy as np

from lamina.core.convert import convert_to_tensor as _convert
from lamina.core.convert import standardize_dtype
from lamina.core.keras_tensor import KerasTensor
from lamina.ops.dispatch import symbolic_aware


def convert_to_tensor(x, dtype=None, sparse=None):
    """A jax array from an array-like or Variable."""
    return _convert(x, dtype=dtype)


def convert_to_numpy(x):
    """A numpy array from an array-like or Variable."""
    return np.asarray(_convert(x))


def shape(x):
    """Static shape as a tuple (``None`` for unknown symbolic dims)."""
    return tuple(x.shape)


def dtype(x):
    """The dtype name of ``x``."""
    return standardize_dtype(x.dtype)


def is_tensor(x) -> bool:
    """True for jax arrays (and tracers)."""
    return isinstance(x, jax.Array)


@symbolic_aware(keeps_mask=True)
def stop_gradient(x):
    """``x`` with no gradient flowing back."""
    return jax.lax.stop_gradient(_convert(x))


def cond(pred, true_fn, false_fn):
    """``true_fn()`` if ``pred`` else ``false_fn()``, traceable under jit (``lax.cond``)."""
    if isinstance(pred, KerasTensor):
        raise TypeError("ops.cond needs a concrete or traced predicate, not a KerasTensor.")
    return jax.lax.cond(pred, true_fn, false_fn)


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """Loop carrying state, traceable under jit (``lax.scan``)."""
    return jax.lax.scan(f, init, xs, length=length, reverse=reverse, unroll=unroll)


def fori_loop(lower, upper, body_fun, init_val):
    """``for i in range(lower, upper): val = body_fun(i, val)`` (``lax.fori_loop``)."""
    return jax.lax.fori_loop(lower, upper, body_fun, init_val)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """Loop while ``cond(*loop_vars)`` (``lax.while_loop``)."""
    single = not isinstance(loop_vars, (list, tuple))
    state = (loop_vars,) if single else tuple(loop_vars)
    if maximum_iterations is not None:
        state = (0, state)

        def cond_fn(s):
            return (s[0] < maximum_iterations) & cond(*s[1])

        def body_fn(s):
            out = body(*s[1])
            return (s[0] + 1, (out,) if single else tuple(out))
    else:

        def cond_fn(s):
            return cond(*s)

        def body_fn(s):
            out = body(*s)
            return (out,) if single else tuple(out)

    result = jax.lax.while_loop(cond_fn, body_fn, state)
    if maximum_iterations is not None:
        result = result[1]
    return result[0] if single else result


def vectorized_map(function, elements):
    """Map ``function`` over the leading axis (``jax.vmap``)."""
    return jax.vmap(function)(elements)
