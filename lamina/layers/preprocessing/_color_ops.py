"""Colour helpers of the colour augmentation layers (pure jax, jit-friendly).

* ``channel_axis``: where the channels live in a batch of images;
* ``rgb_to_grayscale``, ``rgb_to_hsv`` / ``hsv_to_rgb``: those of ``lamina.ops.image``
  (hue in ``[0, 1)``, saturation ``range / max``, value ``max``: scale free, so float
  images may be in any non-negative range);
* ``rescale_range``: map values linearly from one ``(low, high)`` range to another;
* ``depthwise_filter``: correlate every channel with one small 2-D kernel, zero
  padding, same output size.

>>> import jax.numpy as jnp
>>> rgb_to_grayscale(jnp.ones((1, 2, 2, 3))).shape
(1, 2, 2, 1)
>>> [round(float(v), 4) for v in rgb_to_hsv(jnp.array([[[[0.0, 1.0, 0.0]]]]))[0, 0, 0]]
[0.3333, 1.0, 1.0]
"""

import jax
import jax.numpy as jnp

from lamina.ops.image_color import hsv_to_rgb as hsv_to_rgb
from lamina.ops.image_color import rgb_to_grayscale as rgb_to_grayscale
from lamina.ops.image_color import rgb_to_hsv as rgb_to_hsv


def channel_axis(data_format: str, ndim: int = 4) -> int:
    return ndim - 1 if data_format == "channels_last" else ndim - 3


def check_channels(images, data_format: str, owner: str, allowed=(1, 3)) -> None:
    channels = images.shape[channel_axis(data_format, images.ndim)]
    if channels not in allowed:
        raise ValueError(
            f"{owner} expects images with {' or '.join(map(str, allowed))} channels "
            f"(RGB{' or grayscale' if 1 in allowed else ''}) on the channel axis of "
            f"data_format={data_format!r}, received shape {tuple(images.shape)}. Check "
            "data_format or convert the images to RGB."
        )


def rescale_range(images, source, target):
    """Map ``images`` linearly from the ``source`` range onto the ``target`` range."""
    if tuple(source) == tuple(target):
        return images
    unit = (images - source[0]) / (source[1] - source[0])
    return unit * (target[1] - target[0]) + target[0]


def depthwise_filter(images, kernel, data_format: str = "channels_last"):
    """Correlate each channel of a batch with the 2-D ``kernel`` (zero 'same' padding)."""
    kernel = jnp.asarray(kernel, images.dtype)
    if data_format == "channels_last":
        images = jnp.transpose(images, (0, 3, 1, 2))
    channels = images.shape[1]
    weights = jnp.broadcast_to(kernel, (channels, 1, *kernel.shape))
    outputs = jax.lax.conv_general_dilated(
        images, weights, window_strides=(1, 1), padding="SAME",
        dimension_numbers=("NCHW", "OIHW", "NCHW"), feature_group_count=channels,
    )
    if data_format == "channels_last":
        outputs = jnp.transpose(outputs, (0, 2, 3, 1))
    return outputs
