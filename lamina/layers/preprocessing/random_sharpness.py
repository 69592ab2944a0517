"""``RandomSharpness``: sharpen or soften each image by a random amount while training.

>>> import numpy as np
>>> x = np.random.rand(1, 5, 5, 3) * 255
>>> out = RandomSharpness((0.5, 0.5), seed=0)(x, training=True)  # 0.5: unchanged
>>> bool(np.allclose(np.asarray(out), x, atol=1e-3))
True
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_color_layer import BaseColorLayer, uniform
from lamina.layers.preprocessing._color_ops import depthwise_filter

# PIL's SMOOTH filter: centre weight 5, its 8 neighbours 1, normalised by 13.
SMOOTH_KERNEL = jnp.array([[1.0, 1.0, 1.0], [1.0, 5.0, 1.0], [1.0, 1.0, 1.0]]) / 13.0


@register_builtin
class RandomSharpness(BaseColorLayer):
    """Per image ``x + (1 - 2 f) * (smooth(x) - x)``, ``f`` drawn in ``factor``, clipped
    to ``value_range``: ``f = 0`` gives the smoothed image, ``0.5`` the original, ``1``
    a sharpened one (the smoothing pushed the other way).

    Args:
        factor: a number ``f`` in ``[0, 1]`` (draws in ``[0, f]``) or a pair
            ``(lower, upper)`` (stored sorted).
        value_range: ``(low, high)`` of the pixel values (default ``(0, 255)``), stored
            sorted as a list.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).
        seed: int seed of the layer's ``SeedGenerator``.

    ``smooth`` is a 3x3 filter (weights 1/13 around, 5/13 in the centre) over each
    channel with zero padding. Identity (cast to float) unless called with
    ``training=True``.

    >>> RandomSharpness(0.4).get_config()["factor"]
    (0, 0.4)
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(factor, value_range=value_range, seed=seed, data_format=data_format,
                         **kwargs)

    def _augment(self, images, key):
        amount = 2.0 * uniform(key, (images.shape[0], 1, 1, 1), self.factor, images.dtype)
        smooth = depthwise_filter(images, SMOOTH_KERNEL, self.data_format)
        return self._clip(images + (1.0 - amount) * (smooth - images))
