"""``MixUp``: blend each image with another image of the batch while training.

>>> import numpy as np
>>> x = np.stack([np.zeros((2, 2, 1)), np.ones((2, 2, 1))])
>>> out = np.asarray(MixUp(seed=0)(x, training=True))
>>> bool(((out >= 0) & (out <= 1)).all())
True
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_image_layer import BaseRandomImageLayer, _is_number


@register_builtin
class MixUp(BaseRandomImageLayer):
    """Per image ``w * x + (1 - w) * x[perm]``: ``perm`` a random permutation of the
    batch, ``w`` drawn per image from ``Beta(alpha, alpha)``.

    Args:
        alpha: positive concentration of the Beta distribution (default ``0.2``: most
            weights near 0 or 1).
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).
        seed: int seed of the layer's ``SeedGenerator``.

    lamina's image layers take images only, so the labels are not mixed here (Keras's
    ``{"images", "labels"}`` dict input is not supported). Identity (cast to float)
    unless called with ``training=True``.

    >>> MixUp(alpha=0.4).get_config()["alpha"]
    0.4
    """

    def __init__(self, alpha=0.2, data_format=None, seed=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        if not _is_number(alpha) or alpha <= 0:
            raise ValueError(f"MixUp '{self.name}': alpha must be a positive number, "
                             f"received alpha={alpha!r}.")
        self.alpha = alpha

    def _augment(self, images, key):
        k_perm, k_weight = jax.random.split(key)
        batch = images.shape[0]
        order = jax.random.permutation(k_perm, batch)
        weight = jax.random.beta(k_weight, self.alpha, self.alpha, (batch,), images.dtype)
        weight = weight[:, None, None, None]
        return weight * images + (1.0 - weight) * jnp.take(images, order, axis=0)

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha, "seed": self.seed}
