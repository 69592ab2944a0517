"""``RandomHue``: rotate each image's hue by a random amount while training.

>>> import numpy as np
>>> layer = RandomHue(0.5, value_range=(0, 1), seed=0)
>>> layer(np.random.rand(2, 4, 4, 3), training=True).shape
(2, 4, 4, 3)
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_color_layer import BaseColorLayer, uniform
from lamina.layers.preprocessing._color_ops import (
    channel_axis,
    check_channels,
    hsv_to_rgb,
    rescale_range,
    rgb_to_hsv,
)


@register_builtin
class RandomHue(BaseColorLayer):
    """Adds ``± f / 2`` (a fraction of the colour wheel) to the hue of each image, ``f``
    drawn in ``factor`` and the sign by a fair coin, per image.

    Args:
        factor: a number ``f`` in ``[0, 1]`` (draws in ``[0, f]``) or a pair
            ``(lower, upper)`` (stored sorted). ``1`` may move the hue half a turn.
        value_range: ``(low, high)`` of the pixel values (default ``(0, 255)``), kept as
            given (as Keras stores it).
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).
        seed: int seed of the layer's ``SeedGenerator``.

    The images are mapped to ``[0, 1]``, converted to HSV, shifted, converted back,
    clipped and mapped back to ``value_range``. Images have 3 (RGB) channels. Identity
    (cast to float) unless called with ``training=True``.

    >>> RandomHue(0.3).get_config()["factor"]
    (0, 0.3)
    """

    _FACTOR_BOUNDS = (0, 1)
    _SORT_VALUE_RANGE = False

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(factor, value_range=value_range, seed=seed, data_format=data_format,
                         **kwargs)

    def _augment(self, images, key):
        check_channels(images, self.data_format, f"RandomHue '{self.name}'", allowed=(3,))
        k_sign, k_shift = jax.random.split(key)
        batch = images.shape[0]
        sign = jnp.where(jax.random.uniform(k_sign, (batch,)) > 0.5, -1.0, 1.0)
        shift = (sign * uniform(k_shift, (batch,), self.factor) * 0.5).astype(images.dtype)
        return adjust_hue(images, shift[:, None, None], self.value_range, self.data_format)


def adjust_hue(images, shift, value_range, data_format):
    """Rotate the hue of ``images`` (in ``value_range``) by ``shift`` (broadcast against
    one channel plane, e.g. ``(batch, 1, 1)``), wrapping once around ``[0, 1]``."""
    unit = rescale_range(images, value_range, (0, 1))
    hsv = rgb_to_hsv(unit, data_format)
    axis = channel_axis(data_format, images.ndim)
    hue, saturation, value = (jnp.take(hsv, i, axis=axis) for i in range(3))
    hue = hue + shift
    hue = jnp.where(hue > 1.0, hue - 1.0, hue)
    hue = jnp.where(hue < 0.0, hue + 1.0, hue)
    rgb = hsv_to_rgb(jnp.stack([hue, saturation, value], axis=axis), data_format)
    return rescale_range(jnp.clip(rgb, 0.0, 1.0), (0, 1), value_range)
