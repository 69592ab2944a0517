"""``RandomSaturation``: scale each image's colour saturation while training.

>>> import numpy as np
>>> x = np.array([[[[200.0, 100.0, 50.0]]]])
>>> out = RandomSaturation((0.0, 0.0), seed=0)(x, training=True)  # 0: fully grey
>>> np.asarray(out).round(3).tolist()
[[[[200.0, 200.0, 200.0]]]]
"""

import jax.numpy as jnp

from lamina import config
from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_color_layer import BaseColorLayer, uniform
from lamina.layers.preprocessing._color_ops import (
    channel_axis,
    check_channels,
    hsv_to_rgb,
    rgb_to_hsv,
)


@register_builtin
class RandomSaturation(BaseColorLayer):
    """Multiplies the HSV saturation of each image by ``f / (1 - f)``, ``f`` drawn per
    image in ``factor``: ``f = 0.5`` keeps the image, ``0`` makes it grey, values near
    ``1`` saturate it fully.

    Args:
        factor: a number ``f`` or a pair ``(lower, upper)`` (stored sorted), within
            ``[-1, 1]``. **As in Keras 3**, a single number ``f`` is parsed to
            ``(-|f|, |f|)`` (negative draws give grey images), so pass a pair such as
            ``(0.3, 0.7)`` for a range around the identity ``0.5``.
        value_range: ``(low, high)`` of the pixel values (default ``(0, 255)``), stored
            sorted as a list. **As in Keras 3** the scaled saturation is clipped to it.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).
        seed: int seed of the layer's ``SeedGenerator``.

    Images have 3 (RGB) non-negative channels. Identity (cast to float) unless called
    with ``training=True``.

    >>> RandomSaturation((0.3, 0.7)).get_config()["factor"]
    (0.3, 0.7)
    """

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(factor, value_range=value_range, seed=seed, data_format=data_format,
                         **kwargs)

    def _augment(self, images, key):
        check_channels(images, self.data_format, f"RandomSaturation '{self.name}'",
                       allowed=(3,))
        draw = uniform(key, (images.shape[0],), self.factor)
        scale = (draw / (1.0 - draw + config.epsilon())).astype(images.dtype)
        hsv = rgb_to_hsv(images, self.data_format)
        axis = channel_axis(self.data_format, images.ndim)
        hue, saturation, value = (jnp.take(hsv, i, axis=axis) for i in range(3))
        saturation = self._clip(saturation * scale[:, None, None])
        return hsv_to_rgb(jnp.stack([hue, saturation, value], axis=axis), self.data_format)
