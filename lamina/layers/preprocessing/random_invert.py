"""``RandomInvert``: invert the pixel values of some images while training.

>>> import numpy as np
>>> x = np.array([[[[0.0, 100.0, 255.0]]]])
>>> np.asarray(RandomInvert((1.0, 1.0), seed=0)(x, training=True)).tolist()
[[[[255.0, 155.0, 0.0]]]]
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_color_layer import BaseColorLayer, draw_apply


@register_builtin
class RandomInvert(BaseColorLayer):
    """Replaces an image ``x`` by ``high - x`` (``high = value_range[1]``) with a
    probability drawn per image in ``factor``.

    Args:
        factor: a number ``f`` in ``[0, 1]`` (probability drawn in ``[0, f]``, so the
            default ``1.0`` inverts about half of the images) or a pair
            ``(lower, upper)``; ``(1, 1)`` inverts every image, ``0`` none.
        value_range: ``(low, high)`` of the pixel values (default ``(0, 255)``), kept as
            given. **As in Keras 3**, the inversion is ``high - x`` whatever ``low``.
        seed: int seed of the layer's ``SeedGenerator``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).

    Identity (cast to float) unless called with ``training=True``.

    >>> RandomInvert().get_config()["factor"]
    (0, 1.0)
    """

    _FACTOR_BOUNDS = (0, 1)
    _SORT_VALUE_RANGE = False

    def __init__(self, factor=1.0, value_range=(0, 255), seed=None, data_format=None,
                 **kwargs):
        super().__init__(factor, value_range=value_range, seed=seed, data_format=data_format,
                         **kwargs)

    def _augment(self, images, key):
        apply = draw_apply(key, images.shape[0], self.factor)[:, None, None, None]
        return jnp.where(apply, self.value_range[1] - images, images)
