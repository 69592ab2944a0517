"""``CutMix``: paste a random box from another image of the batch while training.

>>> import numpy as np
>>> x = np.stack([np.zeros((4, 4, 1)), np.ones((4, 4, 1))])
>>> out = np.asarray(CutMix(seed=0)(x, training=True))
>>> sorted(set(out.ravel().tolist())) in ([0.0], [1.0], [0.0, 1.0])
True
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_color_layer import uniform
from lamina.layers.preprocessing._base_image_layer import BaseRandomImageLayer, parse_factor
from lamina.layers.preprocessing._box_mask import box_mask, random_span
from lamina.layers.preprocessing._image_ops import spatial_axes


@register_builtin
class CutMix(BaseRandomImageLayer):
    """Replaces one random box of each image by the same box of ``x[perm]`` (``perm`` a
    random permutation of the batch). The box covers ``sqrt(1 - w)`` of each side, with
    ``w ~ Beta(a, a)`` per image and ``a`` drawn once per batch in ``factor``
    (plus ``1e-6``).

    Args:
        factor: a number ``f`` in ``[0, 1]`` (``a`` drawn in ``[0, f]``) or a pair
            ``(lower, upper)``.
        seed: int seed of the layer's ``SeedGenerator``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).

    A single image (rank 3) passes unchanged, as in Keras 3. Labels are not mixed
    (lamina's image layers take images only). Identity (cast to float) unless called
    with ``training=True``.

    >>> CutMix().get_config()["factor"]
    (0, 1.0)
    """

    def __init__(self, factor=1.0, seed=None, data_format=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = parse_factor(f"CutMix '{self.name}'", factor, (0, 1))

    def call(self, inputs, training=None):
        if training and getattr(inputs, "ndim", None) == 3:
            training = False  # one image: nothing to mix with
        return super().call(inputs, training=training)

    def _augment(self, images, key):
        k_alpha, k_weight, k_x, k_y, k_perm = jax.random.split(key, 5)
        batch = images.shape[0]
        h_axis, w_axis = spatial_axes(self.data_format, images.ndim)
        alpha = uniform(k_alpha, (), self.factor, images.dtype) + 1e-6
        weight = jax.random.beta(k_weight, alpha, alpha, (batch,), images.dtype)
        side = jnp.sqrt(1.0 - weight)
        x_bounds = random_span(k_x, batch, images.shape[w_axis], side)
        y_bounds = random_span(k_y, batch, images.shape[h_axis], side)
        inside = box_mask(images.shape, self.data_format, x_bounds, y_bounds)
        order = jax.random.permutation(k_perm, batch)
        return jnp.where(inside, jnp.take(images, order, axis=0), images)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "seed": self.seed}
