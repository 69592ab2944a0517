"""``RandomZoom``: zoom images in or out by a random factor while training.

>>> import numpy as np
>>> RandomZoom(0.2, seed=0)(np.ones((2, 6, 6, 1)), training=True).shape
(2, 6, 6, 1)
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_image_layer import (
    BaseAffineImageLayer,
    parse_signed_factor,
)


@register_builtin
class RandomZoom(BaseAffineImageLayer):
    """Scales each image about its centre (training only).

    Args:
        height_factor: a number ``f`` or a pair ``(lower, upper)`` in ``(-1, 1]``; the
            vertical zoom is drawn in ``[1 + lower, 1 + upper]``. Positive values zoom
            *out* (the image shrinks), negative values zoom *in*, as in Keras.
        width_factor: the same for the horizontal axis; ``None`` (default) uses the
            vertical zoom for both axes (aspect ratio preserved).
        fill_mode, interpolation, seed, fill_value, data_format: as ``RandomRotation``.

    Identity (cast to float) unless called with ``training=True``.

    >>> RandomZoom(0.1).get_config()["width_factor"] is None
    True
    """

    _config_keys = ("height_factor", "width_factor", "fill_mode", "interpolation", "seed",
                    "fill_value")

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        owner = f"RandomZoom '{self.name}'"
        self.height_factor = height_factor
        self.height_lower, self.height_upper = parse_signed_factor(
            owner, "height_factor", height_factor, lower_open=True)
        self.width_factor = width_factor
        if width_factor is not None:
            self.width_lower, self.width_upper = parse_signed_factor(
                owner, "width_factor", width_factor, lower_open=True)
        self._set_fill(owner, fill_mode, interpolation, fill_value)

    def _transforms(self, key, batch, height, width):
        h_key, w_key = jax.random.split(key)
        height_zoom = jax.random.uniform(h_key, (batch,), minval=1.0 + self.height_lower,
                                         maxval=1.0 + self.height_upper)
        if self.width_factor is None:
            width_zoom = height_zoom
        else:
            width_zoom = jax.random.uniform(w_key, (batch,), minval=1.0 + self.width_lower,
                                            maxval=1.0 + self.width_upper)
        return zoom_transform(height_zoom, width_zoom, height, width)


def zoom_transform(height_zoom, width_zoom, height, width):
    """``(batch, 8)`` transforms scaling the sampling grid about the image centre."""
    x_offset = ((width - 1.0) / 2.0) * (1.0 - width_zoom)
    y_offset = ((height - 1.0) / 2.0) * (1.0 - height_zoom)
    zeros = jnp.zeros_like(height_zoom)
    return jnp.stack(
        [width_zoom, zeros, x_offset, zeros, height_zoom, y_offset, zeros, zeros], axis=1
    )
