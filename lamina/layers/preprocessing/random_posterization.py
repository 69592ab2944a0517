"""``RandomPosterization``: keep only the top bits of each 8-bit colour value.

>>> import numpy as np
>>> x = np.array([[[[255.0, 100.0, 7.0]]]])
>>> np.asarray(RandomPosterization((2, 2), seed=0)(x, training=True)).tolist()
[[[[192.0, 64.0, 0.0]]]]
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_color_layer import BaseColorLayer
from lamina.layers.preprocessing._color_ops import rescale_range


@register_builtin
class RandomPosterization(BaseColorLayer):
    """Maps the images to ``[0, 255]``, keeps the ``b`` highest bits of each 8-bit value
    (``b`` drawn per image) and maps back to ``value_range``.

    Args:
        factor: the number of bits to keep, a number ``f`` in ``[1, 8]`` (parsed to
            ``(1, f)``) or a pair ``(lower, upper)``. **As in Keras 3**, ``b`` is drawn
            as an integer in ``[lower, upper)`` (upper excluded) unless
            ``lower == upper``; ``8`` bits leave 8-bit images unchanged.
        value_range: ``(low, high)`` of the pixel values (default ``(0, 255)``), stored
            sorted as a list.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).
        seed: int seed of the layer's ``SeedGenerator``.

    Values are truncated to integers in ``[0, 255]`` before the bits are dropped.
    Identity (cast to float) unless called with ``training=True``.

    >>> RandomPosterization(4).get_config()["factor"]
    (1, 4)
    """

    _FACTOR_BOUNDS = (1, 8)

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(factor, value_range=value_range, seed=seed, data_format=data_format,
                         **kwargs)

    def _augment(self, images, key):
        batch = images.shape[0]
        low, high = int(self.factor[0]), int(self.factor[1])
        if low != high:
            bits = jax.random.randint(key, (batch,), low, high, dtype=jnp.int32)
        else:
            bits = jnp.full((batch,), low, jnp.int32)
        shift = (8 - bits).astype(jnp.uint8)[:, None, None, None]
        eight_bit = rescale_range(images, self.value_range, (0, 255))
        eight_bit = jnp.clip(eight_bit, 0, 255).astype(jnp.uint8)
        kept = jnp.left_shift(jnp.right_shift(eight_bit, shift), shift)
        return rescale_range(kept.astype(images.dtype), (0, 255), self.value_range)
