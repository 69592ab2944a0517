"""``Solarization``: invert the pixels above a random threshold while training.

>>> import numpy as np
>>> x = np.array([[[[10.0], [200.0]]]])
>>> layer = Solarization(seed=0)  # default threshold 0: every pixel is inverted
>>> np.asarray(layer(x, training=True))[0, 0, :, 0].tolist()
[245.0, 55.0]
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_color_layer import check_value_range, uniform
from lamina.layers.preprocessing._base_image_layer import BaseRandomImageLayer, _is_number
from lamina.layers.preprocessing._color_ops import rescale_range


def _parse_unit_factor(owner, arg, factor):
    message = (
        f"{owner}: {arg} must be a number or a pair of numbers in [0, 1], received "
        f"{arg}={factor!r}."
    )
    pair = isinstance(factor, (tuple, list))
    values = factor if pair else [factor]
    if (pair and len(values) != 2) or not all(_is_number(v) and 0 <= v <= 1 for v in values):
        raise ValueError(message)
    if pair:
        lower, upper = sorted(factor)
        return lower, upper
    return 0, factor


@register_builtin
class Solarization(BaseRandomImageLayer):
    """On the ``[0, 255]`` scale: adds ``a`` to every pixel (clipped to ``[0, 255]``),
    then replaces each value ``v >= t`` by ``255 - v``; ``a`` and ``t`` are drawn per
    image, and the result is mapped back to ``value_range``.

    Args:
        addition_factor: a number ``f`` in ``[0, 1]`` (read as ``(0, f)``) or a pair
            ``(lower, upper)``; ``a`` is drawn in ``[lower, upper * 255]``.
        threshold_factor: same form; ``t`` is drawn in ``[lower, upper * 255]``.
            **As in Keras 3** only the upper bounds are scaled by 255, and the defaults
            ``0`` give ``t = 0``: every pixel is inverted.
        value_range: ``(low, high)`` of the pixel values (default ``(0, 255)``), stored
            sorted as a list.
        seed: int seed of the layer's ``SeedGenerator``.
        **kwargs: base layer arguments, ``data_format`` included.

    Identity (cast to float) unless called with ``training=True``.

    >>> Solarization(addition_factor=0.2).get_config()["addition_factor"]
    (0, 0.2)
    """

    def __init__(self, addition_factor=0.0, threshold_factor=0.0, value_range=(0, 255),
                 seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        owner = f"Solarization '{self.name}'"
        self.addition_factor = _parse_unit_factor(owner, "addition_factor", addition_factor)
        self.threshold_factor = _parse_unit_factor(owner, "threshold_factor",
                                                   threshold_factor)
        self.value_range = check_value_range(owner, value_range, sort=True)

    def _augment(self, images, key):
        k_add, k_threshold = jax.random.split(key)
        shape = (images.shape[0], 1, 1, 1)
        add = self.addition_factor
        threshold = self.threshold_factor
        additions = uniform(k_add, shape, (add[0], add[1] * 255), images.dtype)
        thresholds = uniform(k_threshold, shape, (threshold[0], threshold[1] * 255),
                             images.dtype)
        scaled = rescale_range(images, self.value_range, (0, 255))
        shifted = jnp.clip(scaled + additions, 0, 255)
        solarized = jnp.where(shifted < thresholds, shifted, 255 - shifted)
        return rescale_range(solarized, (0, 255), self.value_range)

    def get_config(self):
        return {
            **super().get_config(),
            "value_range": self.value_range,
            "addition_factor": self.addition_factor,
            "threshold_factor": self.threshold_factor,
            "seed": self.seed,
        }
