"""``RandomGrayscale``: turn images grey with probability ``factor`` while training.

>>> import numpy as np
>>> x = np.array([[[[255.0, 0.0, 0.0]]]])
>>> np.asarray(RandomGrayscale(1.0, seed=0)(x, training=True), float).round(2).tolist()
[[[[76.22, 76.22, 76.22]]]]
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_image_layer import BaseRandomImageLayer, _is_number
from lamina.layers.preprocessing._color_ops import check_channels, rgb_to_grayscale


@register_builtin
class RandomGrayscale(BaseRandomImageLayer):
    """Replaces each image, with probability ``factor``, by its grayscale version
    (``0.2989 R + 0.5870 G + 0.1140 B``) repeated on the 3 channels.

    Args:
        factor: probability in ``[0, 1]`` (default ``0.5``).
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).
        seed: int seed of the layer's ``SeedGenerator``.

    Images have 3 (RGB) or 1 channel. Identity (cast to float) unless called with
    ``training=True``. The config also holds ``seed`` (Keras 3 leaves it out, so its
    saved configs lose the seed; lamina reads both).

    >>> RandomGrayscale().get_config()["factor"]
    0.5
    """

    def __init__(self, factor=0.5, data_format=None, seed=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        if not _is_number(factor) or not 0 <= factor <= 1:
            raise ValueError(
                f"RandomGrayscale '{self.name}': factor is a probability, a number in "
                f"[0, 1], received factor={factor!r}."
            )
        self.factor = factor

    def _augment(self, images, key):
        check_channels(images, self.data_format, f"RandomGrayscale '{self.name}'")
        apply = jax.random.uniform(key, (images.shape[0], 1, 1, 1)) < self.factor
        grey = rgb_to_grayscale(images, self.data_format)
        grey = jnp.broadcast_to(grey, images.shape)
        return jnp.where(apply, grey, images)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "seed": self.seed}
