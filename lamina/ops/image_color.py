"""Colour-space image ops: RGB to grayscale, RGB <-> HSV (hue, saturation, value in [0, 1]).

>>> import numpy as np
>>> rgb = np.array([[[0.2, 0.4, 0.6]]], "float32")
>>> bool(np.allclose(hsv_to_rgb(rgb_to_hsv(rgb)), rgb))
True
"""

import jax.numpy as jnp

from lamina.core.convert import convert_to_tensor
from lamina.ops.dispatch import symbolic_aware
from lamina.ops.nn_conv import data_format_of

__all__ = ["hsv_to_rgb", "rgb_to_grayscale", "rgb_to_hsv"]

#: ITU-R BT.601 luma weights (those of ``tf.image.rgb_to_grayscale`` and Keras).
LUMA = (0.2989, 0.5870, 0.1140)


def _images(owner, images, data_format, float_only=False):
    images = convert_to_tensor(images)
    if images.ndim not in (3, 4):
        raise ValueError(
            f"ops.image.{owner}: expected one image (rank 3) or a batch (rank 4), received "
            f"shape {tuple(images.shape)}."
        )
    if float_only and not jnp.issubdtype(images.dtype, jnp.floating):
        raise ValueError(
            f"ops.image.{owner}: expected float images (values in [0, 1]), received dtype "
            f"{images.dtype}. Cast them first, e.g. ops.cast(images, 'float32') / 255."
        )
    channels_last = data_format_of(data_format, f"ops.image.{owner}") == "channels_last"
    return images, -1 if channels_last else -3


@symbolic_aware
def rgb_to_grayscale(images, data_format=None):
    """Weighted sum of the RGB channels (one output channel, same dtype); a single-channel
    input comes back unchanged.

    >>> import numpy as np
    >>> rgb_to_grayscale(np.ones((2, 2, 3), "float32")).shape
    (2, 2, 1)
    """
    images, axis = _images("rgb_to_grayscale", images, data_format)
    if images.shape[axis] not in (1, 3):
        raise ValueError(
            "ops.image.rgb_to_grayscale: expected 3 (RGB) or 1 channels on axis "
            f"{axis}, received shape {tuple(images.shape)}."
        )
    if images.shape[axis] == 1:
        return images
    compute = images.dtype if jnp.issubdtype(images.dtype, jnp.inexact) else jnp.float32
    weights = jnp.asarray(LUMA, compute)
    gray = jnp.tensordot(images.astype(compute), weights, axes=((axis,), (0,)))
    return jnp.expand_dims(gray, axis).astype(images.dtype)


@symbolic_aware
def rgb_to_hsv(images, data_format=None):
    """RGB (floats in [0, 1]) to HSV; hue in [0, 1), 0 for grays.

    >>> import numpy as np
    >>> rgb_to_hsv(np.array([[[1.0, 0.0, 0.0]]], "float32")).tolist()
    [[[0.0, 1.0, 1.0]]]
    """
    images, axis = _images("rgb_to_hsv", images, data_format, float_only=True)
    tiny = jnp.finfo(images.dtype).eps
    images = jnp.where(jnp.abs(images) < tiny, 0.0, images).astype(images.dtype)
    r, g, b = (jnp.take(images, i, axis=axis) for i in range(3))
    value = jnp.maximum(jnp.maximum(r, g), b)
    spread = value - jnp.minimum(jnp.minimum(r, g), b)
    saturation = jnp.where(value > 0, spread / jnp.where(value > 0, value, 1.0), 0.0)
    scale = 1.0 / (6.0 * jnp.where(spread > 0, spread, 1.0))
    hue = jnp.where(value == g, scale * (b - r) + 1 / 3, scale * (r - g) + 2 / 3)
    hue = jnp.where(value == r, scale * (g - b), hue)
    hue = jnp.where(spread > 0, hue, 0.0)
    hue = hue + (hue < 0).astype(hue.dtype)
    return jnp.stack([hue, saturation, value], axis=axis).astype(images.dtype)


@symbolic_aware
def hsv_to_rgb(images, data_format=None):
    """HSV (floats in [0, 1]) back to RGB.

    >>> import numpy as np
    >>> hsv_to_rgb(np.array([[[0.0, 1.0, 1.0]]], "float32")).tolist()
    [[[1.0, 0.0, 0.0]]]
    """
    images, axis = _images("hsv_to_rgb", images, data_format, float_only=True)
    hue, saturation, value = (jnp.take(images, i, axis=axis) for i in range(3))
    sector = jnp.mod(hue, 1.0) * 6.0
    red = jnp.clip(jnp.abs(sector - 3.0) - 1.0, 0.0, 1.0)
    green = jnp.clip(2.0 - jnp.abs(sector - 2.0), 0.0, 1.0)
    blue = jnp.clip(2.0 - jnp.abs(sector - 4.0), 0.0, 1.0)
    planes = [value * (1.0 - saturation + saturation * c) for c in (red, green, blue)]
    return jnp.stack(planes, axis=axis).astype(images.dtype)
