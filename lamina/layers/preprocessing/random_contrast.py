"""``RandomContrast``: scale each image's deviation from its mean while training.

>>> import numpy as np
>>> x = np.array([[[[0.0], [100.0]]]])
>>> layer = RandomContrast((0.5, 0.5), value_range=(-1000, 1000), seed=0)
>>> out = np.asarray(layer(x, training=True))
>>> round(float(out.mean()), 4)  # the mean is kept, the spread is scaled
50.0
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_image_layer import BaseRandomImageLayer, parse_factor
from lamina.layers.preprocessing._image_ops import spatial_axes


@register_builtin
class RandomContrast(BaseRandomImageLayer):
    """Per image and channel: ``(x - mean) * c + mean``, then clipped to ``value_range``.

    Args:
        factor: a number or a pair ``(lower, upper)`` in ``[0, 1]``; the contrast ``c``
            is drawn in ``[1 - lower, 1 + upper]``. **As in Keras 3's implementation**, a
            single number ``f`` is stored as ``(0, f)`` (so ``c`` is in ``[1, 1 + f]``:
            contrast only increases); pass ``(f, f)`` for ``[1 - f, 1 + f]``.
        value_range: ``(low, high)`` range of the pixel values, used for clipping
            (default ``(0, 255)``).
        seed: int seed of the layer's ``SeedGenerator``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).

    The mean is taken over height and width, per image and channel. Identity (cast to
    float) unless called with ``training=True`` (Keras keeps an integer input's dtype
    at inference; lamina always returns the layer's float dtype).

    >>> RandomContrast(0.3).get_config()["factor"]
    (0, 0.3)
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, data_format=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        owner = f"RandomContrast '{self.name}'"
        self.factor = parse_factor(owner, factor, (0, 1))
        if (not isinstance(value_range, (tuple, list)) or len(value_range) != 2
                or value_range[0] > value_range[1]):
            raise ValueError(
                f"{owner}: value_range must be a pair (low, high) with low <= high, received "
                f"value_range={value_range!r}."
            )
        self.value_range = value_range

    def _augment(self, images, key):
        contrast = jax.random.uniform(
            key, (images.shape[0], 1, 1, 1), minval=1.0 - self.factor[0],
            maxval=1.0 + self.factor[1], dtype=images.dtype,
        )
        h_axis, w_axis = spatial_axes(self.data_format, images.ndim)
        mean = jnp.mean(images, axis=(h_axis, w_axis), keepdims=True)
        outputs = (images - mean) * contrast + mean
        return jnp.clip(outputs, self.value_range[0], self.value_range[1])

    def get_config(self):
        return {
            **super().get_config(),
            "factor": self.factor,
            "value_range": self.value_range,
            "seed": self.seed,
        }
