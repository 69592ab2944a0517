"""``RandomTranslation``: shift images by a random fraction of their size while training.

>>> import numpy as np
>>> RandomTranslation(0.2, 0.2, seed=0)(np.ones((2, 6, 6, 1)), training=True).shape
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
class RandomTranslation(BaseAffineImageLayer):
    """Shifts each image by a random offset (training only).

    Args:
        height_factor: a number ``f`` or a pair ``(lower, upper)`` in ``[-1, 1]``: the
            vertical shift is drawn in ``[lower, upper] * height`` (positive: down).
        width_factor: the same for the horizontal shift (positive: right).
        fill_mode, interpolation, seed, fill_value, data_format: as ``RandomRotation``.

    Identity (cast to float) unless called with ``training=True``.

    >>> RandomTranslation(0.1, (-0.2, 0.3)).get_config()["width_factor"]
    (-0.2, 0.3)
    """

    _config_keys = ("height_factor", "width_factor", "fill_mode", "interpolation", "seed",
                    "fill_value")

    def __init__(self, height_factor, width_factor, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        owner = f"RandomTranslation '{self.name}'"
        self.height_factor = height_factor
        self.height_lower, self.height_upper = parse_signed_factor(
            owner, "height_factor", height_factor, lower_open=False)
        self.width_factor = width_factor
        self.width_lower, self.width_upper = parse_signed_factor(
            owner, "width_factor", width_factor, lower_open=False)
        self._set_fill(owner, fill_mode, interpolation, fill_value)

    def _transforms(self, key, batch, height, width):
        h_key, w_key = jax.random.split(key)
        dy = jax.random.uniform(h_key, (batch,), minval=self.height_lower,
                                maxval=self.height_upper) * height
        dx = jax.random.uniform(w_key, (batch,), minval=self.width_lower,
                                maxval=self.width_upper) * width
        ones, zeros = jnp.ones_like(dx), jnp.zeros_like(dx)
        return jnp.stack([ones, zeros, -dx, zeros, ones, -dy, zeros, zeros], axis=1)
