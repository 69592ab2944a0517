"""``RandomRotation``: rotate images by a random angle while training.

>>> import numpy as np
>>> layer = RandomRotation(0.1, seed=0)
>>> layer(np.ones((2, 5, 5, 3)), training=True).shape
(2, 5, 5, 3)
"""

import math

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_image_layer import BaseAffineImageLayer, parse_factor


@register_builtin
class RandomRotation(BaseAffineImageLayer):
    """Rotates each image about its centre by an angle drawn in ``factor * 360`` degrees.

    Args:
        factor: a number ``f`` (angle fraction in ``[-f, f]`` of a full turn) or a pair
            ``(lower, upper)``, within ``[-1, 1]``. Positive angles rotate
            counter-clockwise. Stored sorted as ``(lower, upper)`` (Keras config).
        fill_mode: how to fill pixels that come from outside the image: ``"reflect"``
            (default), ``"wrap"``, ``"constant"`` or ``"nearest"``.
        interpolation: ``"bilinear"`` or ``"nearest"``.
        seed: int seed of the layer's ``SeedGenerator``.
        fill_value: value used with ``fill_mode="constant"``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).

    Identity (cast to float) unless called with ``training=True``.

    >>> RandomRotation(0.2).get_config()["factor"]
    (-0.2, 0.2)
    """

    _config_keys = ("factor", "fill_mode", "fill_value", "interpolation", "seed")

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        owner = f"RandomRotation '{self.name}'"
        self.factor = parse_factor(owner, factor, (-1, 1))
        self._set_fill(owner, fill_mode, interpolation, fill_value)

    def _transforms(self, key, batch, height, width):
        degrees = jax.random.uniform(key, (batch,), minval=self.factor[0] * 360.0,
                                     maxval=self.factor[1] * 360.0)
        return rotation_transform(degrees, height, width)


def rotation_transform(degrees, height, width):
    """``(batch, 8)`` transforms rotating about the image centre by ``degrees``."""
    angle = degrees * (math.pi / 180.0)
    cx, cy = 0.5 * (width - 1), 0.5 * (height - 1)
    cos, sin = jnp.cos(angle), jnp.sin(angle)
    a0, a1 = cos, -sin
    b0, b1 = sin, cos
    a2 = cx - cx * a0 - cy * a1
    b2 = cy - cx * b0 - cy * b1
    zeros = jnp.zeros_like(angle)
    return jnp.stack([a0, a1, a2, b0, b1, b2, zeros, zeros], axis=1)
