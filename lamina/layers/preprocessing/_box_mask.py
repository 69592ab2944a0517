"""Random boxes for ``RandomErasing`` and ``CutMix``: Keras 3's box sampling and masks.

>>> import jax, jax.numpy as jnp
>>> lows, highs = random_span(jax.random.key(0), 2, 10, jnp.ones(2))
>>> lows.tolist(), highs.tolist()  # the full length: the span covers all of it
([0.0, 0.0], [10.0, 10.0])
"""

import jax
import jax.numpy as jnp

from lamina.layers.preprocessing._image_ops import spatial_axes


def random_span(key, batch: int, length: int, ratio):
    """Per image a span ``[start, start + ratio * length)`` placed uniformly inside
    ``[0, length]``."""
    span = ratio * length
    start = jax.random.uniform(key, (batch,), dtype=span.dtype) * (length - span)
    return start, start + span


def box_mask(shape, data_format: str, x_bounds, y_bounds):
    """Boolean mask of ``shape`` (a batch), True on pixel centres' integer coordinates
    ``x0 <= x < x1`` and ``y0 <= y < y1`` of each image's box, on every channel."""
    h_axis, w_axis = spatial_axes(data_format, len(shape))
    ys = jnp.arange(shape[h_axis], dtype=x_bounds[0].dtype)
    xs = jnp.arange(shape[w_axis], dtype=x_bounds[0].dtype)
    (x0, x1), (y0, y1) = ((v[:, None] for v in b) for b in (x_bounds, y_bounds))
    inside_x = (xs[None] >= x0) & (xs[None] < x1)  # (batch, width)
    inside_y = (ys[None] >= y0) & (ys[None] < y1)  # (batch, height)
    mask = inside_y[:, :, None] & inside_x[:, None, :]  # (batch, height, width)
    mask = mask[..., None] if data_format == "channels_last" else mask[:, None]
    return jnp.broadcast_to(mask, shape)
