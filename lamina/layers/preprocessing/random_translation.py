"""``RandomTranslation``: shift images by a random fraction of their size while training.

>>> import numpy as np
>>> RandomTranslation(0.2, 0.2, seed=0)(np.ones((2, 6, 6, 1)), training=True).shape
(2, 6, 6, 1)
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_image_layer import (
    BaseRandomImageLayer,
    parse_signed_factor,
)
from lamina.layers.preprocessing._image_ops import (
    AFFINE_INTERPOLATIONS,
    FILL_MODES,
    affine_transform,
    check_choice,
    spatial_axes,
)


@register_builtin
class RandomTranslation(BaseRandomImageLayer):
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
        check_choice(owner, "fill_mode", fill_mode, FILL_MODES)
        check_choice(owner, "interpolation", interpolation, tuple(AFFINE_INTERPOLATIONS))
        self.fill_mode = fill_mode
        self.interpolation = interpolation
        self.fill_value = fill_value

    def _augment(self, images, key):
        h_axis, w_axis = spatial_axes(self.data_format, images.ndim)
        height, width = images.shape[h_axis], images.shape[w_axis]
        shape = (images.shape[0],)
        h_key, w_key = jax.random.split(key)
        dy = jax.random.uniform(h_key, shape, minval=self.height_lower,
                                maxval=self.height_upper) * height
        dx = jax.random.uniform(w_key, shape, minval=self.width_lower,
                                maxval=self.width_upper) * width
        ones, zeros = jnp.ones_like(dx), jnp.zeros_like(dx)
        transform = jnp.stack([ones, zeros, -dx, zeros, ones, -dy, zeros, zeros], axis=1)
        return affine_transform(images, transform, self.interpolation, self.fill_mode,
                                self.fill_value, self.data_format)

    def get_config(self):
        return {
            **super().get_config(),
            "height_factor": self.height_factor,
            "width_factor": self.width_factor,
            "fill_mode": self.fill_mode,
            "interpolation": self.interpolation,
            "seed": self.seed,
            "fill_value": self.fill_value,
        }
