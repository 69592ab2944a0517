"""Colour helpers of the colour augmentation layers (pure jax, jit-friendly).

* ``channel_axis``: where the channels live in a batch of images;
* ``rgb_to_grayscale``: ITU-R 601 luma, one channel kept (as ``tf.image``);
* ``rgb_to_hsv`` / ``hsv_to_rgb``: hue in ``[0, 1)``, saturation ``range / max``, value
  ``max`` -- scale free, so the images may be in any non-negative range;
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

GRAYSCALE_WEIGHTS = (0.2989, 0.5870, 0.1140)


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


def rgb_to_grayscale(images, data_format: str = "channels_last"):
    """Weighted sum of R, G, B with the channel axis kept (size 1); 1-channel passes."""
    axis = channel_axis(data_format, images.ndim)
    if images.shape[axis] == 1:
        return images
    weights = jnp.asarray(GRAYSCALE_WEIGHTS, images.dtype)
    moved = jnp.moveaxis(images, axis, -1)
    return jnp.expand_dims(moved @ weights, axis)


def _split(images, data_format):
    axis = channel_axis(data_format, images.ndim)
    return [jnp.take(images, i, axis=axis) for i in range(3)], axis


def rgb_to_hsv(images, data_format: str = "channels_last"):
    """RGB -> HSV for float images (the channel axis holds R, G, B)."""
    tiny = jnp.finfo(images.dtype).eps
    images = jnp.where(jnp.abs(images) < tiny, 0.0, images)
    (red, green, blue), axis = _split(images, data_format)
    value = jnp.max(jnp.stack([red, green, blue]), axis=0)
    spread = value - jnp.min(jnp.stack([red, green, blue]), axis=0)
    saturation = jnp.where(value > 0, spread / jnp.where(value > 0, value, 1.0), 0.0)
    scale = 1.0 / (6.0 * jnp.where(spread > 0, spread, 1.0))
    # the sector is picked by which channel is the maximum (red first, then green)
    hue = jnp.where(
        value == red, scale * (green - blue),
        jnp.where(value == green, scale * (blue - red) + 2.0 / 6.0,
                  scale * (red - green) + 4.0 / 6.0),
    )
    hue = jnp.where(hue < 0.0, hue + 1.0, hue)
    hue = jnp.where(spread > 0, hue, 0.0)
    return jnp.stack([hue, saturation, value], axis=axis)


def hsv_to_rgb(images, data_format: str = "channels_last"):
    """HSV -> RGB: channel ``n`` is ``v - v s clip(min(k, 4 - k), 0, 1)`` with
    ``k = (n + 6 h) mod 6`` and ``n = 5, 3, 1`` for R, G, B."""
    (hue, saturation, value), axis = _split(images, data_format)
    sector = jnp.mod(hue, 1.0) * 6.0

    def plane(n):
        k = jnp.mod(n + sector, 6.0)
        return value - value * saturation * jnp.clip(jnp.minimum(k, 4.0 - k), 0.0, 1.0)

    return jnp.stack([plane(5.0), plane(3.0), plane(1.0)], axis=axis)


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
