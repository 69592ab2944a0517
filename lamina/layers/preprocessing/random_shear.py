"""``RandomShear``: shear images along x and/or y by a random amount while training.

>>> import numpy as np
>>> layer = RandomShear(x_factor=0.3, seed=0)
>>> layer(np.ones((2, 5, 5, 3)), training=True).shape
(2, 5, 5, 3)
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_color_layer import uniform
from lamina.layers.preprocessing._base_image_layer import BaseAffineImageLayer, _is_number


def _parse_shear(owner, arg, factor):
    pair = isinstance(factor, (tuple, list))
    values = factor if pair else [factor]
    low = -1 if pair else 0  # a pair may be negative: the stored (-f, f) must reload
    if (pair and len(values) != 2) or not all(_is_number(v) and low <= v <= 1
                                              for v in values):
        raise ValueError(
            f"{owner}: {arg} must be a number in [0, 1] or a pair of numbers in [-1, 1], "
            f"received {arg}={factor!r}."
        )
    if pair:
        lower, upper = sorted(factor)
        return lower, upper
    return -abs(factor), abs(factor)


def shear_transform(shear_x, shear_y):
    """``(batch, 8)`` transforms: the output pixel ``(x, y)`` reads the input at
    ``(x + shear_x * y, y + shear_y * x)`` (about the top-left corner, as Keras 3)."""
    ones, zeros = jnp.ones_like(shear_x), jnp.zeros_like(shear_x)
    return jnp.stack([ones, shear_x, zeros, shear_y, ones, zeros, zeros, zeros], axis=1)


@register_builtin
class RandomShear(BaseAffineImageLayer):
    """Shears each image by ``s_x`` along x and ``s_y`` along y, drawn per image in
    ``x_factor`` and ``y_factor``; one fair coin per image flips the sign of both.

    Args:
        x_factor: a number ``f`` in ``[0, 1]`` (draws in ``[-f, f]``) or a pair
            ``(lower, upper)`` (stored sorted). ``0`` (default): no x shear. Pairs may
            hold values in ``[-1, 1]`` so that the stored ``(-f, f)`` reloads from the
            config (Keras 3 only takes ``[0, 1]``, so its own configs fail to reload).
        y_factor: the same along y.
        interpolation: ``"bilinear"`` (default) or ``"nearest"``.
        fill_mode: ``"reflect"`` (default), ``"wrap"``, ``"constant"`` or ``"nearest"``.
        fill_value: value used with ``fill_mode="constant"``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).
        seed: int seed of the layer's ``SeedGenerator``.

    Identity (cast to float) unless called with ``training=True``.

    >>> RandomShear(x_factor=0.2).get_config()["x_factor"]
    (-0.2, 0.2)
    """

    _config_keys = ("x_factor", "y_factor", "fill_mode", "interpolation", "seed",
                    "fill_value")

    def __init__(self, x_factor=0.0, y_factor=0.0, interpolation="bilinear",
                 fill_mode="reflect", fill_value=0.0, data_format=None, seed=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        owner = f"RandomShear '{self.name}'"
        self.x_factor = _parse_shear(owner, "x_factor", x_factor)
        self.y_factor = _parse_shear(owner, "y_factor", y_factor)
        self._set_fill(owner, fill_mode, interpolation, fill_value)

    def _transforms(self, key, batch, height, width):
        k_sign, k_y, k_x = jax.random.split(key, 3)
        sign = jnp.where(jax.random.uniform(k_sign, (batch,)) > 0.5, -1.0, 1.0)
        shear_y = uniform(k_y, (batch,), self.y_factor) * sign
        shear_x = uniform(k_x, (batch,), self.x_factor) * sign
        return shear_transform(shear_x, shear_y)
