"""``RandomBrightness``: shift each image's pixel values by a random amount while training.

>>> import numpy as np
>>> layer = RandomBrightness((0.1, 0.1), value_range=(0, 1), seed=0)
>>> np.asarray(layer(np.full((1, 2, 2, 3), 0.5), training=True)).max().round(4)
np.float32(0.6)
"""

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_color_layer import BaseColorLayer, uniform


@register_builtin
class RandomBrightness(BaseColorLayer):
    """Adds ``delta * (high - low)`` to every pixel of an image, ``delta`` drawn once per
    image in ``factor``; the result is clipped to ``value_range``.

    Args:
        factor: a number ``f`` in ``[-1, 1]`` (``delta`` in ``[-|f|, |f|]``) or a pair
            ``(lower, upper)`` (stored sorted). ``0`` leaves images unchanged.
        value_range: ``(low, high)`` of the pixel values (default ``(0, 255)``), stored
            sorted as a list (Keras config).
        seed: int seed of the layer's ``SeedGenerator``.
        **kwargs: base layer arguments, ``data_format`` included.

    Identity (cast to float) unless called with ``training=True``.

    >>> RandomBrightness(0.2).get_config()["factor"]
    (-0.2, 0.2)
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(factor, value_range=value_range, seed=seed, **kwargs)

    def _augment(self, images, key):
        delta = uniform(key, (images.shape[0], 1, 1, 1), self.factor, images.dtype)
        return self._clip(images + delta * (self.value_range[1] - self.value_range[0]))
