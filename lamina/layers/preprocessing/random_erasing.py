"""``RandomErasing``: overwrite a random rectangle of some images while training.

>>> import numpy as np
>>> layer = RandomErasing((1.0, 1.0), scale=(1.0, 1.0), fill_value=0.0, seed=0)
>>> float(np.asarray(layer(np.ones((1, 4, 4, 3)), training=True)).max())  # all erased
0.0
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_color_layer import BaseColorLayer, draw_apply, uniform
from lamina.layers.preprocessing._base_image_layer import _is_number, parse_factor
from lamina.layers.preprocessing._box_mask import box_mask, random_span
from lamina.layers.preprocessing._color_ops import channel_axis
from lamina.layers.preprocessing._image_ops import spatial_axes


@register_builtin
class RandomErasing(BaseColorLayer):
    """With a probability drawn per image in ``factor``, fills one random box of the
    image with ``fill_value``.

    Args:
        factor: a number ``f`` in ``[0, 1]`` (probability drawn in ``[0, f]``) or a pair
            ``(lower, upper)``; ``(1, 1)`` erases in every image.
        scale: a number or pair in ``[0, 1]`` (parsed like ``factor``): the box covers
            ``sqrt(s_w)`` of the width and ``sqrt(s_h)`` of the height, ``s_w`` and
            ``s_h`` drawn independently in ``scale``; its position is uniform.
        fill_value: ``None`` (default: Gaussian noise times ``value_range[1]``), a number,
            or one number per channel (a 3-tuple). Clipped to ``value_range``.
        value_range: ``(low, high)`` of the pixel values (default ``(0, 255)``), kept as
            given.
        seed: int seed of the layer's ``SeedGenerator``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).

    Identity (cast to float) unless called with ``training=True``.

    >>> RandomErasing(scale=0.3).get_config()["scale"]
    (0, 0.3)
    """

    _FACTOR_BOUNDS = (0, 1)
    _SORT_VALUE_RANGE = False

    def __init__(self, factor=1.0, scale=(0.02, 0.33), fill_value=None, value_range=(0, 255),
                 seed=None, data_format=None, **kwargs):
        super().__init__(factor, value_range=value_range, seed=seed, data_format=data_format,
                         **kwargs)
        owner = f"RandomErasing '{self.name}'"
        self.scale = parse_factor(owner, scale, (0, 1), arg="scale")
        if fill_value is not None and not _is_number(fill_value) and not (
                isinstance(fill_value, (tuple, list)) and len(fill_value) == 3):
            raise ValueError(
                f"{owner}: fill_value must be None (random noise), a number or one number "
                f"per RGB channel (3 values), received fill_value={fill_value!r}."
            )
        self.fill_value = fill_value

    def _fill(self, images, key):
        if self.fill_value is None:
            fill = jax.random.normal(key, images.shape, images.dtype) * self.value_range[1]
        elif _is_number(self.fill_value):
            fill = jnp.full(images.shape, self.fill_value, images.dtype)
        else:
            shape = [1] * images.ndim
            shape[channel_axis(self.data_format, images.ndim)] = 3
            fill = jnp.broadcast_to(
                jnp.asarray(self.fill_value, images.dtype).reshape(shape), images.shape)
        return self._clip(fill)

    def _augment(self, images, key):
        k_size, k_x, k_y, k_apply, k_fill = jax.random.split(key, 5)
        batch = images.shape[0]
        h_axis, w_axis = spatial_axes(self.data_format, images.ndim)
        sides = jnp.sqrt(uniform(k_size, (batch, 2), self.scale, images.dtype))
        x_bounds = random_span(k_x, batch, images.shape[w_axis], sides[:, 0])
        y_bounds = random_span(k_y, batch, images.shape[h_axis], sides[:, 1])
        inside = box_mask(images.shape, self.data_format, x_bounds, y_bounds)
        apply = draw_apply(k_apply, batch, self.factor)[:, None, None, None]
        return jnp.where(apply & inside, self._fill(images, k_fill), images)

    def get_config(self):
        config = super().get_config()
        value_range, seed = config.pop("value_range"), config.pop("seed")
        return {**config, "scale": self.scale, "fill_value": self.fill_value,
                "value_range": value_range, "seed": seed}
