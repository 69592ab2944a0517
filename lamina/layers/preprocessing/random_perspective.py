"""``RandomPerspective``: move the image corners randomly and warp while training.

>>> import numpy as np
>>> layer = RandomPerspective(scale=0.5, seed=0)
>>> layer(np.ones((2, 6, 6, 3)), training=True).shape
(2, 6, 6, 3)
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_color_layer import draw_apply
from lamina.layers.preprocessing._base_image_layer import (
    BaseRandomImageLayer,
    _is_number,
    parse_factor,
)
from lamina.layers.preprocessing._image_ops import (
    AFFINE_INTERPOLATIONS,
    affine_transform,
    check_choice,
    spatial_axes,
)


def homography(source, target):
    """``(batch, 8)`` projective transforms mapping each ``target`` corner onto its
    ``source`` corner (both ``(batch, 4, 2)`` as ``(x, y)``): the convention of
    ``affine_transform``, which reads output pixel positions in the input."""
    sx, sy = source[..., 0], source[..., 1]
    tx, ty = target[..., 0], target[..., 1]
    one, zero = jnp.ones_like(tx), jnp.zeros_like(tx)
    # x_s (c0 x_t + c1 y_t + 1) = a0 x_t + a1 y_t + a2, likewise for y_s with b0..b2
    rows_x = jnp.stack([tx, ty, one, zero, zero, zero, -sx * tx, -sx * ty], axis=-1)
    rows_y = jnp.stack([zero, zero, zero, tx, ty, one, -sy * tx, -sy * ty], axis=-1)
    system = jnp.concatenate([rows_x, rows_y], axis=1)
    rhs = jnp.concatenate([sx, sy], axis=1)
    return jnp.linalg.solve(system, rhs[..., None])[..., 0]


@register_builtin
class RandomPerspective(BaseRandomImageLayer):
    """With a probability drawn per image in ``factor``, moves each image corner
    ``(x, y)`` to ``(x (1 + d_x), y (1 + d_y))``, ``d`` drawn in
    ``[-scale / 2, scale / 2]``, and warps the image accordingly (constant fill).

    Args:
        factor: a number ``f`` in ``[0, 1]`` (probability drawn in ``[0, f]``) or a pair
            ``(lower, upper)``; ``(1, 1)`` warps every image.
        scale: strength of the corner moves, in ``[0, 1]`` (default ``1.0``).
        interpolation: ``"bilinear"`` (default) or ``"nearest"``.
        fill_value: value of the pixels that come from outside the image.
        seed: int seed of the layer's ``SeedGenerator``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).

    As in Keras 3 the corners are measured from the top-left pixel, so that corner
    stays in place. Identity (cast to float) unless called with ``training=True``.

    >>> RandomPerspective(0.5).get_config()["factor"]
    (0, 0.5)
    """

    def __init__(self, factor=1.0, scale=1.0, interpolation="bilinear", fill_value=0.0,
                 seed=None, data_format=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        owner = f"RandomPerspective '{self.name}'"
        self.factor = parse_factor(owner, factor, (0, 1))
        if not _is_number(scale) or not 0 <= scale <= 1:
            raise ValueError(f"{owner}: scale must be a number in [0, 1], received "
                             f"scale={scale!r}.")
        check_choice(owner, "interpolation", interpolation, tuple(AFFINE_INTERPOLATIONS))
        self.scale = scale
        self.interpolation = interpolation
        self.fill_value = fill_value

    def _augment(self, images, key):
        k_apply, k_move = jax.random.split(key)
        batch = images.shape[0]
        h_axis, w_axis = spatial_axes(self.data_format, images.ndim)
        right, bottom = images.shape[w_axis] - 1.0, images.shape[h_axis] - 1.0
        corners = jnp.array([[0.0, 0.0], [right, 0.0], [0.0, bottom], [right, bottom]])
        corners = jnp.broadcast_to(corners, (batch, 4, 2))
        moves = jax.random.uniform(k_move, (batch, 4, 2), minval=-0.5 * self.scale,
                                   maxval=0.5 * self.scale)
        transform = homography(corners, corners + corners * moves)
        warped = affine_transform(images, transform, self.interpolation, "constant",
                                  self.fill_value, self.data_format)
        apply = draw_apply(k_apply, batch, self.factor)[:, None, None, None]
        return jnp.where(apply, warped, images)

    def get_config(self):
        return {
            **super().get_config(),
            "factor": self.factor,
            "scale": self.scale,
            "interpolation": self.interpolation,
            "fill_value": self.fill_value,
            "seed": self.seed,
        }
