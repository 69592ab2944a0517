"""Private base of the colour augmentation layers (``RandomBrightness``,
``RandomHue``, ``RandomSharpness``...): ``factor`` / ``value_range`` / ``seed`` handling
with Keras 3's parsing rules and config keys, plus two sampling helpers.

>>> check_value_range("demo", (255, 0), sort=True)
[0, 255]
>>> import jax
>>> draw_apply(jax.random.key(0), 3, (1.0, 1.0)).tolist()  # probability 1: every image
[True, True, True]
"""

import jax

from lamina.layers.preprocessing._base_image_layer import BaseRandomImageLayer, parse_factor


def check_value_range(owner: str, value_range, sort: bool):
    """``value_range`` must be a pair of numbers; ``sort`` stores it as a sorted list
    (as the Keras layers that sort it do), otherwise it is kept as given."""
    if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
        raise ValueError(
            f"{owner}: value_range must be a pair (low, high) such as (0, 255) or (0, 1), "
            f"received value_range={value_range!r}."
        )
    return sorted(value_range) if sort else value_range


def uniform(key, shape, bounds, dtype="float32"):
    """Uniform draws in ``[bounds[0], bounds[1])`` (``bounds[0]`` when they are equal)."""
    return jax.random.uniform(key, shape, dtype=dtype, minval=bounds[0], maxval=bounds[1])


def draw_apply(key, batch: int, factor):
    """Keras's per-image coin: a probability ``p`` drawn in ``factor``, then
    ``uniform(0, 1) < p``. A ``factor`` of ``(1, 1)`` applies to every image, ``(0, 0)``
    to none."""
    k_prob, k_coin = jax.random.split(key)
    return jax.random.uniform(k_coin, (batch,)) < uniform(k_prob, (batch,), factor)


class BaseColorLayer(BaseRandomImageLayer):
    """``factor`` parsed in ``_FACTOR_BOUNDS`` (Keras's rule), ``value_range`` checked
    (sorted into a list when ``_SORT_VALUE_RANGE``), config ``factor``, ``value_range``,
    ``seed`` after the base keys, as Keras."""

    _FACTOR_BOUNDS = (-1, 1)
    _SORT_VALUE_RANGE = True

    def __init__(self, factor, value_range=(0, 255), seed=None, data_format=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        owner = f"{type(self).__name__} '{self.name}'"
        self.factor = parse_factor(owner, factor, self._FACTOR_BOUNDS)
        self.value_range = check_value_range(owner, value_range, self._SORT_VALUE_RANGE)

    def _clip(self, images):
        return images.clip(self.value_range[0], self.value_range[1])

    def get_config(self):
        return {
            **super().get_config(),
            "factor": self.factor,
            "value_range": self.value_range,
            "seed": self.seed,
        }
