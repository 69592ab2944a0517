"""``RandomFlip``: flip images horizontally and/or vertically while training.

>>> import numpy as np
>>> x = np.arange(4.0).reshape(1, 2, 2, 1)
>>> RandomFlip("horizontal", seed=0)(x).tolist() == x.tolist()  # not training: identity
True
>>> out = np.asarray(RandomFlip("horizontal", seed=0)(x, training=True))
>>> out[0, :, :, 0].tolist() in ([[0.0, 1.0], [2.0, 3.0]], [[1.0, 0.0], [3.0, 2.0]])
True
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_image_layer import BaseRandomImageLayer
from lamina.layers.preprocessing._image_ops import check_choice, spatial_axes

HORIZONTAL = "horizontal"
VERTICAL = "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"


@register_builtin
class RandomFlip(BaseRandomImageLayer):
    """Flips each image of the batch with probability 1/2 (training only).

    Args:
        mode: ``"horizontal"`` (left-right), ``"vertical"`` (up-down) or
            ``"horizontal_and_vertical"``. As in Keras 3, the last mode draws one coin
            per image and, on heads, flips both ways (a 180 degree rotation).
        seed: int seed of the layer's ``SeedGenerator``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).

    Identity (cast to the layer's float dtype) unless called with ``training=True``; see
    ``_base_image_layer`` for how this differs from Keras's direct-call default.

    >>> RandomFlip().get_config()["mode"]
    'horizontal_and_vertical'
    """

    def __init__(self, mode=HORIZONTAL_AND_VERTICAL, seed=None, data_format=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        check_choice(f"RandomFlip '{self.name}'", "mode", mode,
                     (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL))
        self.mode = mode

    def _augment(self, images, key):
        flips = jax.random.uniform(key, (images.shape[0], 1, 1, 1)) <= 0.5
        h_axis, w_axis = spatial_axes(self.data_format, images.ndim)
        outputs = images
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            outputs = jnp.where(flips, jnp.flip(outputs, axis=w_axis), outputs)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            outputs = jnp.where(flips, jnp.flip(outputs, axis=h_axis), outputs)
        return outputs

    def get_config(self):
        return {**super().get_config(), "seed": self.seed, "mode": self.mode}
