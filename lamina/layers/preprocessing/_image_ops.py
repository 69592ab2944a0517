"""Image helpers shared by the image preprocessing layers (pure jax, jit-friendly).

* ``standardize_data_format`` / ``spatial_axes``: where height and width live;
* ``aspect_crop_box``: the largest centred window with the target aspect ratio (the
  arithmetic of Keras's ``crop_to_aspect_ratio`` and ``smart_resize``);
* ``resize_images``: ``jax.image.resize`` plus Keras's crop/pad-to-aspect-ratio options;
* ``affine_transform``: sample every output pixel at an affinely mapped input position
  with ``jax.scipy.ndimage.map_coordinates`` (Keras's transform convention).

>>> import jax.numpy as jnp
>>> resize_images(jnp.ones((1, 4, 6, 3)), 2, 3).shape
(1, 2, 3, 3)
>>> aspect_crop_box(4, 6, 2, 2)
(0, 1, 4, 4)
"""

import jax
import jax.numpy as jnp

from lamina import config

INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic")
AFFINE_INTERPOLATIONS = {"nearest": 0, "bilinear": 1}
FILL_MODES = ("reflect", "wrap", "constant", "nearest")


def standardize_data_format(data_format, owner: str) -> str:
    """``None`` -> ``config.image_data_format()``; anything else must be a known format."""
    if data_format is None:
        return config.image_data_format()
    value = str(data_format).lower()
    if value not in ("channels_last", "channels_first"):
        raise ValueError(
            f"{owner}: data_format must be 'channels_last' or 'channels_first' (or None for "
            f"the global setting), received data_format={data_format!r}."
        )
    return value


def check_choice(owner: str, arg: str, value, choices) -> None:
    if value not in choices:
        raise ValueError(
            f"{owner}: {arg} must be one of {tuple(choices)}, received {arg}={value!r}."
        )


def check_image_rank(images, owner: str) -> None:
    if images.ndim not in (3, 4):
        raise ValueError(
            f"{owner} expects images of rank 3 (height, width, channels) or 4 (batch, height, "
            f"width, channels) -- channels first when data_format='channels_first' -- but "
            f"received an input of shape {tuple(images.shape)}. Add or remove a batch axis."
        )


def check_size(owner: str, height, width) -> None:
    """An output size: ``height`` and ``width`` must be positive ints."""
    for arg, value in (("height", height), ("width", width)):
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"{owner}: {arg} must be a positive int, received {value!r}.")


def with_size(shape, data_format: str, height, width) -> tuple:
    """``shape`` (of an image or a batch) with its spatial axes set to ``(height, width)``."""
    shape = list(shape)
    h_axis, w_axis = spatial_axes(data_format, len(shape))
    shape[h_axis], shape[w_axis] = height, width
    return tuple(shape)


def spatial_axes(data_format: str, ndim: int) -> tuple:
    """(height_axis, width_axis) as non-negative axes for an image tensor of rank ``ndim``."""
    if data_format == "channels_last":
        return ndim - 3, ndim - 2
    return ndim - 2, ndim - 1


def aspect_crop_box(height: int, width: int, target_height: int, target_width: int) -> tuple:
    """``(h_start, w_start, crop_height, crop_width)`` of the largest centred window that
    has the target aspect ratio (Keras's integer arithmetic, so the same pixels)."""
    crop_height = int(float(width * target_height) / target_width)
    crop_height = max(min(height, crop_height), 1)
    crop_width = int(float(height * target_width) / target_height)
    crop_width = max(min(width, crop_width), 1)
    h_start = int(float(height - crop_height) / 2)
    w_start = int(float(width - crop_width) / 2)
    return h_start, w_start, crop_height, crop_width


def crop(images, data_format, h_start, w_start, crop_height, crop_width):
    """Static crop of the spatial axes."""
    h_axis, w_axis = spatial_axes(data_format, images.ndim)
    index = [slice(None)] * images.ndim
    index[h_axis] = slice(h_start, h_start + crop_height)
    index[w_axis] = slice(w_start, w_start + crop_width)
    return images[tuple(index)]


def _pad_to_aspect_ratio(images, data_format, target_height, target_width, fill_value):
    h_axis, w_axis = spatial_axes(data_format, images.ndim)
    height, width = images.shape[h_axis], images.shape[w_axis]
    pad_height = max(height, int(float(width * target_height) / target_width))
    pad_width = max(width, int(float(height * target_width) / target_height))
    top = int(float(pad_height - height) / 2)
    left = int(float(pad_width - width) / 2)
    pads = [(0, 0)] * images.ndim
    if top > 0:  # Keras pads one axis only, by the same amount on both sides
        pads[h_axis] = (top, top)
    elif left > 0:
        pads[w_axis] = (left, left)
    else:
        return images
    return jnp.pad(images, pads, constant_values=jnp.asarray(fill_value, images.dtype))


def resize_images(
    images,
    height,
    width,
    interpolation="bilinear",
    antialias=False,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    fill_value=0.0,
    data_format="channels_last",
):
    """Resize the spatial axes to ``(height, width)`` with ``jax.image.resize``.

    ``crop_to_aspect_ratio`` first takes the largest centred window with the target
    aspect ratio; ``pad_to_aspect_ratio`` first pads the short side with ``fill_value``.
    Integer images come back as float (the caller decides how to cast).
    """
    h_axis, w_axis = spatial_axes(data_format, images.ndim)
    if crop_to_aspect_ratio:
        box = aspect_crop_box(images.shape[h_axis], images.shape[w_axis], height, width)
        images = crop(images, data_format, *box)
    elif pad_to_aspect_ratio:
        images = _pad_to_aspect_ratio(images, data_format, height, width, fill_value)
    shape = with_size(images.shape, data_format, height, width)
    return jax.image.resize(images, shape, method=interpolation, antialias=antialias)


def saturate_cast(values, dtype):
    """Round-trip float values to an integer ``dtype`` without wrap-around."""
    info = jnp.iinfo(dtype)
    return jnp.clip(jnp.round(values), info.min, info.max).astype(dtype)


def affine_transform(
    images, transform, interpolation="bilinear", fill_mode="constant", fill_value=0.0,
    data_format="channels_last",
):
    """Apply one projective transform per image of a batch.

    ``transform`` has shape ``(batch, 8)``: ``[a0, a1, a2, b0, b1, b2, c0, c1]`` maps the
    output pixel ``(x, y)`` to the input position
    ``((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)`` with ``k = c0 x + c1 y + 1``.
    Positions outside the image are filled according to ``fill_mode``.
    """
    if data_format == "channels_first":
        images = jnp.transpose(images, (0, 2, 3, 1))
    _, height, width, _ = images.shape
    transform = jnp.asarray(transform, dtype=jnp.float32)
    ys, xs = jnp.meshgrid(
        jnp.arange(height, dtype=jnp.float32), jnp.arange(width, dtype=jnp.float32),
        indexing="ij",
    )
    a0, a1, a2, b0, b1, b2, c0, c1 = (transform[:, i, None, None] for i in range(8))
    k = c0 * xs + c1 * ys + 1.0
    x_in = (a0 * xs + a1 * ys + a2) / k
    y_in = (b0 * xs + b1 * ys + b2) / k
    order = AFFINE_INTERPOLATIONS[interpolation]

    def one_channel(channel, y, x):
        return jax.scipy.ndimage.map_coordinates(
            channel, [y, x], order=order, mode=fill_mode, cval=fill_value
        )

    per_channel = jax.vmap(one_channel, in_axes=(2, None, None), out_axes=2)
    outputs = jax.vmap(per_channel)(images, y_in, x_in)
    if data_format == "channels_first":
        outputs = jnp.transpose(outputs, (0, 3, 1, 2))
    return outputs.astype(images.dtype)


def as_batch(images):
    """(batched images, whether a batch axis was added)."""
    if images.ndim == 3:
        return images[None], True
    return images, False
