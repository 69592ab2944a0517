"""Pooling ops of ``keras.ops.nn``: windowed and adaptive max / average pooling.

Inputs are ``(batch, *spatial, channels)`` or ``(batch, channels, *spatial)`` (1 to 3
spatial axes, ``data_format=None`` reads ``config.image_data_format()``).

>>> import numpy as np
>>> max_pool(np.arange(8.0).reshape(1, 8, 1), 2)[0, :, 0].tolist()
[1.0, 3.0, 5.0, 7.0]
"""

import jax
import jax.numpy as jnp
import numpy as np

from lamina import config
from lamina.core.convert import convert_to_tensor
from lamina.ops.dispatch import symbolic_aware
from lamina.ops.nn_conv import data_format_of, padding_of, spatial_tuple

__all__ = ["adaptive_average_pool", "adaptive_max_pool", "average_pool", "max_pool"]


def _window(owner, inputs, pool_size, strides, padding, data_format):
    rank = inputs.ndim - 2
    if rank < 1:
        raise ValueError(
            f"{owner}: inputs need a batch axis, a channel axis and 1 to 3 spatial axes; "
            f"received shape {tuple(inputs.shape)}."
        )
    data_format = data_format_of(data_format, owner)
    pool = spatial_tuple(pool_size, rank, "pool_size", owner)
    steps = pool if strides is None else spatial_tuple(strides, rank, "strides", owner)
    if data_format == "channels_last":
        return (1, *pool, 1), (1, *steps, 1), padding_of(padding, owner)
    return (1, 1, *pool), (1, 1, *steps), padding_of(padding, owner)


@symbolic_aware
def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Maximum over each ``pool_size`` window, moved by ``strides`` (default: the pool).

    >>> import numpy as np
    >>> max_pool(np.arange(16.0).reshape(1, 4, 4, 1), 2)[0, ..., 0].tolist()
    [[5.0, 7.0], [13.0, 15.0]]
    """
    inputs = convert_to_tensor(inputs)
    window, steps, padding = _window("ops.max_pool", inputs, pool_size, strides, padding,
                                     data_format)
    if jnp.issubdtype(inputs.dtype, jnp.floating):
        init = -jnp.inf
    else:
        init = jnp.iinfo(inputs.dtype).min
    init = np.array(init, inputs.dtype)
    return jax.lax.reduce_window(inputs, init, jax.lax.max, window, steps, padding)


@symbolic_aware
def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Mean over each window; with ``padding="same"`` border windows average only their
    real entries.

    >>> import numpy as np
    >>> average_pool(np.arange(6.0).reshape(1, 6, 1), 2)[0, :, 0].tolist()
    [0.5, 2.5, 4.5]
    """
    inputs = convert_to_tensor(inputs)
    window, steps, padding = _window("ops.average_pool", inputs, pool_size, strides,
                                     padding, data_format)
    zero = np.array(0, inputs.dtype)
    total = jax.lax.reduce_window(inputs, zero, jax.lax.add, window, steps, padding)
    if padding == "VALID":
        return total / np.prod(window).astype(inputs.dtype)
    ones = np.ones([n if w > 1 else 1 for n, w in zip(inputs.shape, window)], inputs.dtype)
    counts = jax.lax.reduce_window(ones, zero, jax.lax.add, window, steps, padding)
    return total / counts


def _adaptive_membership(length, size):
    """``(size, length)`` boolean matrix: output cell ``i`` covers input positions
    ``[floor(i * length / size), ceil((i + 1) * length / size))``."""
    cells = np.arange(size)
    starts = (cells * length) // size
    ends = -((-(cells + 1) * length) // size)
    positions = np.arange(length)
    return (positions[None, :] >= starts[:, None]) & (positions[None, :] < ends[:, None])


def _adaptive(owner, inputs, output_size, data_format, reduce_axis):
    inputs = convert_to_tensor(inputs)
    rank = inputs.ndim - 2
    if rank < 1:
        raise ValueError(
            f"{owner}: inputs need a batch axis, a channel axis and 1 to 3 spatial axes; "
            f"received shape {tuple(inputs.shape)}."
        )
    data_format = data_format_of(data_format, owner)
    sizes = spatial_tuple(output_size, rank, "output_size", owner)
    first = 1 if data_format == "channels_last" else 2
    out = inputs
    for offset, size in enumerate(sizes):
        axis = first + offset
        member = _adaptive_membership(inputs.shape[axis], size)
        moved = jnp.moveaxis(out, axis, -1)
        out = jnp.moveaxis(reduce_axis(moved, member), -1, axis)
    return out


def _mean_cells(values, member):
    if not jnp.issubdtype(values.dtype, jnp.inexact):
        values = values.astype(config.floatx())
    weights = member / member.sum(axis=1, keepdims=True)
    return jnp.einsum("...l,ol->...o", values, weights.astype(values.dtype))


def _max_cells(values, member):
    if jnp.issubdtype(values.dtype, jnp.floating):
        low = np.array(-np.inf, values.dtype)
    else:
        low = np.array(jnp.iinfo(values.dtype).min, values.dtype)
    return jnp.max(jnp.where(member, values[..., None, :], low), axis=-1)


@symbolic_aware
def adaptive_average_pool(inputs, output_size, data_format=None):
    """Average pooling to a fixed ``output_size``: cell ``i`` of an axis of length ``L``
    averages positions ``floor(i L / n)`` to ``ceil((i + 1) L / n) - 1``.

    >>> import numpy as np
    >>> adaptive_average_pool(np.arange(5.0).reshape(1, 5, 1), 2)[0, :, 0].tolist()
    [1.0, 3.0]
    """
    return _adaptive("ops.adaptive_average_pool", inputs, output_size, data_format,
                     _mean_cells)


@symbolic_aware
def adaptive_max_pool(inputs, output_size, data_format=None):
    """Max pooling to a fixed ``output_size`` (same cells as ``adaptive_average_pool``).

    >>> import numpy as np
    >>> adaptive_max_pool(np.arange(5.0).reshape(1, 5, 1), 2)[0, :, 0].tolist()
    [2.0, 4.0]
    """
    return _adaptive("ops.adaptive_max_pool", inputs, output_size, data_format, _max_cells)
