"""``RandomColorDegeneration``: blend each image towards its grayscale version.

>>> import numpy as np
>>> x = np.array([[[[255.0, 0.0, 0.0]]]])
>>> out = RandomColorDegeneration((1.0, 1.0), seed=0)(x, training=True)
>>> np.asarray(out, float).round(2).tolist()  # fully grey: the luma of pure red
[[[[76.22, 76.22, 76.22]]]]
"""

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_color_layer import BaseColorLayer, uniform
from lamina.layers.preprocessing._color_ops import check_channels, rgb_to_grayscale


@register_builtin
class RandomColorDegeneration(BaseColorLayer):
    """Per image ``x + f * (grey(x) - x)``, ``f`` drawn in ``factor``, clipped to
    ``value_range``: ``f = 0`` keeps the colours, ``f = 1`` gives a grey image.

    Args:
        factor: a number ``f`` in ``[-1, 1]`` (draws in ``[-|f|, |f|]``, Keras's rule) or a
            pair ``(lower, upper)`` (stored sorted). Negative draws push colours away from
            grey (more saturated).
        value_range: ``(low, high)`` of the pixel values (default ``(0, 255)``), stored
            sorted as a list.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).
        seed: int seed of the layer's ``SeedGenerator``.

    Images have 3 (RGB) channels (1-channel images pass unchanged). Identity (cast to
    float) unless called with ``training=True``.

    >>> RandomColorDegeneration(0.5).get_config()["factor"]
    (-0.5, 0.5)
    """

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(factor, value_range=value_range, seed=seed, data_format=data_format,
                         **kwargs)

    def _augment(self, images, key):
        check_channels(images, self.data_format, f"RandomColorDegeneration '{self.name}'")
        blend = uniform(key, (images.shape[0], 1, 1, 1), self.factor, images.dtype)
        grey = rgb_to_grayscale(images, self.data_format)
        return self._clip(images + blend * (grey - images))
