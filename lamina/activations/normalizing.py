"""Activations that work along an axis: softmax, log_softmax, sparsemax, glu.

On a symbolic tensor they keep a per-timestep mask when ``axis`` is a feature axis (the
default ``-1``); along a masked axis they raise, since padded steps would leak into the
result.
"""

import warnings

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.activations._inputs import as_float_tensor, check_axis_keeps_mask
from lamina.core.keras_tensor import KerasTensor
from lamina.ops.dispatch import symbolic_aware


def _check_axis(fn_name, x, axis, allow_tuple=True):
    rank = len(x.shape)
    axes = axis if allow_tuple and isinstance(axis, (tuple, list)) else (axis,)
    for a in axes:
        if not isinstance(a, int) or isinstance(a, bool) or not -rank <= a < rank:
            raise ValueError(
                f"activations.{fn_name}: axis={axis!r} is not a valid axis for an input of "
                f"shape {tuple(x.shape)} (rank {rank}). Expected an int in [{-rank}, {rank})"
                + (" or a tuple of them." if allow_tuple else ".")
            )
    if isinstance(axis, int) and x.shape[axis] == 1:
        warnings.warn(
            f"activations.{fn_name} over axis {axis} of a tensor of shape {tuple(x.shape)}: "
            "this axis has size 1, so the result is constant. Did you mean sigmoid?",
            stacklevel=3,
        )


def _axis_arg(axis):
    return tuple(axis) if isinstance(axis, list) else axis


@symbolic_aware(keeps_mask=True)
def _softmax(x, axis=-1):
    return jax.nn.softmax(as_float_tensor(x), axis=axis)


@symbolic_aware(keeps_mask=True)
def _log_softmax(x, axis=-1):
    return jax.nn.log_softmax(as_float_tensor(x), axis=axis)


@symbolic_aware(keeps_mask=True)
def _sparsemax(x, axis=-1):
    x = jnp.moveaxis(as_float_tensor(x), axis, -1)
    ranked = -jnp.sort(-x, axis=-1)
    cumulative = jnp.cumsum(ranked, axis=-1)
    k = jnp.arange(1, x.shape[-1] + 1, dtype=x.dtype)
    support = ranked - (cumulative - 1) / k > 0
    support_size = jnp.sum(support, axis=-1, keepdims=True).astype(x.dtype)
    # The support is a prefix of the sorted logits: its sum is the cumulative sum at
    # its last entry.
    support_sum = jnp.take_along_axis(cumulative, support_size.astype("int32") - 1, axis=-1)
    tau = (support_sum - 1) / support_size
    return jnp.moveaxis(jnp.maximum(x - tau, 0.0), -1, axis)


@symbolic_aware(keeps_mask=True)
def _glu(x, axis=-1):
    return jax.nn.glu(as_float_tensor(x), axis=axis)


@register_builtin
def softmax(x, axis=-1):
    """Softmax ``exp(x) / sum(exp(x))`` along ``axis`` (an int or a tuple of ints).

    >>> [round(v, 4) for v in softmax([-1.0, 0.0, 1.0]).tolist()]
    [0.09, 0.2447, 0.6652]
    """
    x = _prepare(x)
    _check_axis("softmax", x, axis)
    check_axis_keeps_mask("softmax", x, axis)
    return _softmax(x, axis=_axis_arg(axis))


@register_builtin
def log_softmax(x, axis=-1):
    """``log(softmax(x))`` along ``axis``, computed stably.

    >>> [round(v, 4) for v in log_softmax([0.0, 0.0]).tolist()]
    [-0.6931, -0.6931]
    """
    x = _prepare(x)
    _check_axis("log_softmax", x, axis)
    check_axis_keeps_mask("log_softmax", x, axis)
    return _log_softmax(x, axis=_axis_arg(axis))


@register_builtin
def sparsemax(x, axis=-1):
    """Sparsemax: the Euclidean projection of ``x`` onto the probability simplex along
    ``axis``; like softmax, but small logits get exactly 0.

    ``max(x - tau, 0)`` where ``tau`` makes the outputs sum to 1 (Martins & Astudillo,
    2016). Keras 3.15 computes ``tau`` from the sum of the running sums over the
    support, which is only right when the support has one element (its outputs then do
    not sum to 1); lamina follows the paper, which the Keras docstring also describes.

    >>> sparsemax([0.0, 1.0, 3.0]).tolist()
    [0.0, 0.0, 1.0]
    >>> sparsemax([0.5, 1.0]).tolist()
    [0.25, 0.75]
    """
    x = _prepare(x)
    _check_axis("sparsemax", x, axis, allow_tuple=False)
    check_axis_keeps_mask("sparsemax", x, axis)
    return _sparsemax(x, axis=axis)


@register_builtin
def glu(x, axis=-1):
    """Gated linear unit: split ``x`` in halves ``a, b`` along ``axis``, return
    ``a * sigmoid(b)``. The size of ``axis`` must be even.

    >>> glu([[2.0, 4.0, 0.0, 0.0]]).tolist()
    [[1.0, 2.0]]
    """
    x = _prepare(x)
    _check_axis("glu", x, axis, allow_tuple=False)
    size = x.shape[axis]
    if size is not None and size % 2:
        raise ValueError(
            f"activations.glu: axis {axis} of the input (shape {tuple(x.shape)}) has odd "
            f"size {size}; it must be even to split into a value half and a gate half."
        )
    check_axis_keeps_mask("glu", x, axis)
    return _glu(x, axis=axis)


def _prepare(x):
    """Symbolic tensors pass through; everything else becomes a float jax array."""
    return x if isinstance(x, KerasTensor) else as_float_tensor(x)
