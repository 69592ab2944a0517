"""Geometric image ops: resize, affine / perspective / elastic warps, sampling, crop, pad.

Images are ``(height, width, channels)`` or ``(batch, height, width, channels)``
(channels first with ``data_format="channels_first"``; ``None`` reads
``config.image_data_format()``). The shared helpers here (``resize_images``,
``transform_images``...) also serve the image preprocessing layers.

>>> import numpy as np
>>> resize(np.ones((4, 6, 3)), (2, 3)).shape
(2, 3, 3)
"""

import jax
import jax.numpy as jnp

from lamina.core.convert import convert_to_tensor
from lamina.core.random import draw_key
from lamina.ops.dispatch import symbolic_aware
from lamina.ops.nn_conv import data_format_of

__all__ = [
    "affine_transform", "crop_images", "elastic_transform", "map_coordinates",
    "pad_images", "perspective_transform", "resize", "scale_and_translate",
]

INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic")
AFFINE_INTERPOLATIONS = {"nearest": 0, "bilinear": 1}
FILL_MODES = ("reflect", "wrap", "constant", "nearest")
MAP_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


def spatial_axes(data_format: str, ndim: int) -> tuple:
    """(height_axis, width_axis) as non-negative axes for an image tensor of rank ``ndim``.

    >>> spatial_axes("channels_first", 4)
    (2, 3)
    """
    if data_format == "channels_last":
        return ndim - 3, ndim - 2
    return ndim - 2, ndim - 1


def with_size(shape, data_format: str, height, width) -> tuple:
    """``shape`` (of an image or a batch) with its spatial axes set to ``(height, width)``.

    >>> with_size((2, 8, 8, 3), "channels_last", 4, 5)
    (2, 4, 5, 3)
    """
    shape = list(shape)
    h_axis, w_axis = spatial_axes(data_format, len(shape))
    shape[h_axis], shape[w_axis] = height, width
    return tuple(shape)


def aspect_crop_box(height: int, width: int, target_height: int, target_width: int) -> tuple:
    """``(h_start, w_start, crop_height, crop_width)`` of the largest centred window that
    has the target aspect ratio (Keras's integer arithmetic, so the same pixels).

    >>> aspect_crop_box(4, 6, 2, 2)
    (0, 1, 4, 4)
    """
    crop_height = int(float(width * target_height) / target_width)
    crop_height = max(min(height, crop_height), 1)
    crop_width = int(float(height * target_width) / target_height)
    crop_width = max(min(width, crop_width), 1)
    h_start = int(float(height - crop_height) / 2)
    w_start = int(float(width - crop_width) / 2)
    return h_start, w_start, crop_height, crop_width


def crop(images, data_format, h_start, w_start, crop_height, crop_width):
    """Static crop of the spatial axes.

    >>> crop(jnp.ones((5, 5, 1)), "channels_last", 1, 2, 3, 2).shape
    (3, 2, 1)
    """
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


def resize_images(images, height, width, interpolation="bilinear", antialias=False,
                  crop_to_aspect_ratio=False, pad_to_aspect_ratio=False, fill_value=0.0,
                  data_format="channels_last"):
    """Resize the spatial axes to ``(height, width)`` with ``jax.image.resize``.

    ``crop_to_aspect_ratio`` first takes the largest centred window with the target
    aspect ratio; ``pad_to_aspect_ratio`` first pads the short side with ``fill_value``.
    Integer images come back as float (the caller decides how to cast).

    >>> resize_images(jnp.ones((1, 4, 6, 3)), 2, 3).shape
    (1, 2, 3, 3)
    """
    h_axis, w_axis = spatial_axes(data_format, images.ndim)
    if crop_to_aspect_ratio:
        box = aspect_crop_box(images.shape[h_axis], images.shape[w_axis], height, width)
        images = crop(images, data_format, *box)
    elif pad_to_aspect_ratio:
        images = _pad_to_aspect_ratio(images, data_format, height, width, fill_value)
    shape = with_size(images.shape, data_format, height, width)
    return jax.image.resize(images, shape, method=interpolation, antialias=antialias)


def transform_images(images, transform, interpolation="bilinear", fill_mode="constant",
                     fill_value=0.0, data_format="channels_last"):
    """Apply one projective transform per image of a batch (no argument checks).

    ``transform`` has shape ``(batch, 8)``: ``[a0, a1, a2, b0, b1, b2, c0, c1]`` maps the
    output pixel ``(x, y)`` to the input position
    ``((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)`` with ``k = c0 x + c1 y + 1``.
    Positions outside the image are filled according to ``fill_mode``.

    >>> shift = jnp.array([[1.0, 0, 1, 0, 1, 0, 0, 0]])
    >>> transform_images(jnp.arange(3.0).reshape(1, 1, 3, 1), shift)[0, 0, :, 0].tolist()
    [1.0, 2.0, 0.0]
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


def _images(owner, images):
    images = convert_to_tensor(images)
    if images.ndim not in (3, 4):
        raise ValueError(
            f"ops.image.{owner}: expected one image (rank 3) or a batch (rank 4), received "
            f"shape {tuple(images.shape)}."
        )
    return images


def _choice(owner, arg, value, choices):
    if value not in choices:
        raise ValueError(
            f"ops.image.{owner}: {arg} must be one of {tuple(choices)}, received "
            f"{arg}={value!r}."
        )


@symbolic_aware
def resize(images, size, interpolation="bilinear", antialias=False,
           crop_to_aspect_ratio=False, pad_to_aspect_ratio=False, fill_mode="constant",
           fill_value=0.0, data_format=None):
    """Resize images to ``size = (height, width)``, optionally cropping or padding to the
    target aspect ratio first (``fill_mode`` must be ``"constant"``).

    >>> import numpy as np
    >>> resize(np.ones((1, 4, 4, 1)), (2, 2), interpolation="nearest")[0, ..., 0].tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    images = _images("resize", images)
    data_format = data_format_of(data_format, "ops.image.resize")
    _choice("resize", "interpolation", interpolation, INTERPOLATIONS)
    _choice("resize", "fill_mode", fill_mode, ("constant",))
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            "ops.image.resize: crop_to_aspect_ratio and pad_to_aspect_ratio cannot both be "
            "True; pick one."
        )
    if len(tuple(size)) != 2:
        raise ValueError(f"ops.image.resize: size must be (height, width), received {size!r}.")
    height, width = size
    return resize_images(images, height, width, interpolation, antialias,
                         crop_to_aspect_ratio, pad_to_aspect_ratio, fill_value, data_format)


def _batched(images, transform):
    single = images.ndim == 3
    images = images[None] if single else images
    transform = convert_to_tensor(transform)
    return images, transform[None] if transform.ndim == 1 else transform, single


@symbolic_aware
def affine_transform(images, transform, interpolation="bilinear", fill_mode="constant",
                     fill_value=0, data_format=None):
    """Warp images with projective transforms ``[a0, a1, a2, b0, b1, b2, c0, c1]`` (one,
    or one per image) mapping each output pixel ``(x, y)`` to the input point
    ``((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)``, ``k = c0 x + c1 y + 1``.

    Keras 3.15's JAX backend ignores ``c0, c1`` (its docstring describes the projective
    map); lamina applies them, as its docstring says.

    >>> import numpy as np
    >>> flip = [-1.0, 0.0, 2.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    >>> affine_transform(np.arange(3.0).reshape(1, 3, 1), flip)[0, :, 0].tolist()
    [2.0, 1.0, 0.0]
    """
    images = _images("affine_transform", images)
    data_format = data_format_of(data_format, "ops.image.affine_transform")
    _choice("affine_transform", "interpolation", interpolation, AFFINE_INTERPOLATIONS)
    _choice("affine_transform", "fill_mode", fill_mode, MAP_FILL_MODES)
    images, transform, single = _batched(images, transform)
    if transform.ndim != 2 or transform.shape[-1] != 8:
        raise ValueError(
            "ops.image.affine_transform: transform must have shape (8,) or (batch, 8), "
            f"received {tuple(transform.shape)}."
        )
    out = transform_images(images, transform, interpolation, fill_mode, fill_value,
                           data_format)
    return out[0] if single else out


def homography(start_points, end_points):
    """``(batch, 8)`` projective transforms sending each ``end_points`` corner (output
    image, ``(x, y)``) to its ``start_points`` corner (input image): the 8 unknowns of
    the 4 point correspondences, solved as a linear system.

    >>> corners = jnp.array([[[0.0, 0.0], [1, 0], [1, 1], [0, 1]]])
    >>> [round(v, 4) for v in homography(corners, corners)[0].tolist()]
    [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    """
    sx, sy = start_points[..., 0], start_points[..., 1]
    ex, ey = end_points[..., 0], end_points[..., 1]
    one, zero = jnp.ones_like(ex), jnp.zeros_like(ex)
    x_rows = jnp.stack([ex, ey, one, zero, zero, zero, -sx * ex, -sx * ey], axis=-1)
    y_rows = jnp.stack([zero, zero, zero, ex, ey, one, -sy * ex, -sy * ey], axis=-1)
    system = jnp.concatenate([x_rows, y_rows], axis=1)
    targets = jnp.concatenate([sx, sy], axis=-1)
    return jnp.linalg.solve(system, targets[..., None])[..., 0]


@symbolic_aware
def perspective_transform(images, start_points, end_points, interpolation="bilinear",
                          fill_value=0, data_format=None):
    """Warp images so that the four ``start_points`` (``(4, 2)`` or ``(batch, 4, 2)``,
    ``(x, y)`` corners) land on ``end_points``; outside pixels get ``fill_value``.

    >>> import numpy as np
    >>> corners = np.array([[0, 0], [3, 0], [3, 3], [0, 3]], "float32")
    >>> image = np.arange(16.0).reshape(4, 4, 1)
    >>> bool((perspective_transform(image, corners, corners) == image).all())
    True
    """
    images = _images("perspective_transform", images)
    data_format = data_format_of(data_format, "ops.image.perspective_transform")
    _choice("perspective_transform", "interpolation", interpolation, AFFINE_INTERPOLATIONS)
    start = jnp.asarray(convert_to_tensor(start_points), jnp.float32)
    end = jnp.asarray(convert_to_tensor(end_points), jnp.float32)
    if start.shape != end.shape or start.shape[-2:] != (4, 2) or start.ndim not in (2, 3):
        raise ValueError(
            "ops.image.perspective_transform: start_points and end_points must both have "
            f"shape (4, 2) or (batch, 4, 2); received {tuple(start.shape)} and "
            f"{tuple(end.shape)}."
        )
    images, _, single = _batched(images, jnp.zeros(8))
    if start.ndim == 2:
        start, end = start[None], end[None]
    transform = jnp.broadcast_to(homography(start, end), (images.shape[0], 8))
    out = transform_images(images, transform, interpolation, "constant", fill_value,
                           data_format)
    return out[0] if single else out


@symbolic_aware
def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    """Sample ``inputs`` at ``coordinates`` (shape ``(inputs.ndim, ...)``) with nearest
    (``order=0``) or linear (``order=1``) interpolation, as
    ``scipy.ndimage.map_coordinates``.

    >>> import numpy as np
    >>> map_coordinates(np.arange(4.0), np.array([[0.5, 2.0]]), order=1).tolist()
    [0.5, 2.0]
    """
    inputs, coordinates = convert_to_tensor(inputs), convert_to_tensor(coordinates)
    if coordinates.ndim < 2 or coordinates.shape[0] != inputs.ndim:
        raise ValueError(
            "ops.image.map_coordinates: coordinates must have shape (inputs.ndim, ...) "
            f"with rank >= 2; received {tuple(coordinates.shape)} for inputs of shape "
            f"{tuple(inputs.shape)}."
        )
    _choice("map_coordinates", "fill_mode", fill_mode, MAP_FILL_MODES)
    _choice("map_coordinates", "order", order, (0, 1))
    return jax.scipy.ndimage.map_coordinates(inputs, list(coordinates), order, fill_mode,
                                             fill_value)


def _blur_1d(values, sigma, axis):
    size = int(6 * sigma) | 1
    taps = jnp.arange(size, dtype=values.dtype) - (size - 1) / 2
    kernel = jnp.exp(-0.5 * (taps / sigma) ** 2)
    kernel = kernel / kernel.sum()
    pad = [(0, 0)] * values.ndim
    pad[axis] = ((size - 1) // 2, size // 2)
    padded = jnp.moveaxis(jnp.pad(values, pad), axis, -1)
    windows = jax.vmap(lambda i: jax.lax.dynamic_slice_in_dim(padded, i, size, -1),
                       out_axes=-2)(jnp.arange(values.shape[axis]))
    return jnp.moveaxis(windows @ kernel, -1, axis)


@symbolic_aware
def elastic_transform(images, alpha=20.0, sigma=5.0, interpolation="bilinear",
                      fill_mode="reflect", fill_value=0.0, seed=None, data_format=None):
    """Random elastic deformation: every pixel moves by ``alpha`` times a Gaussian noise
    field smoothed with a Gaussian blur of width ``sigma`` (one field per image, shared
    by its channels). Random draws follow ``lamina.random`` seeding, so values differ
    from Keras for the same integer seed.

    >>> import numpy as np
    >>> image = np.arange(16.0).reshape(4, 4, 1)
    >>> bool((elastic_transform(image, alpha=0.0, seed=1) == image).all())
    True
    """
    images = _images("elastic_transform", images)
    data_format = data_format_of(data_format, "ops.image.elastic_transform")
    _choice("elastic_transform", "interpolation", interpolation, AFFINE_INTERPOLATIONS)
    _choice("elastic_transform", "fill_mode", fill_mode, MAP_FILL_MODES)
    images, _, single = _batched(images, jnp.zeros(8))
    if data_format == "channels_first":
        images = jnp.transpose(images, (0, 2, 3, 1))
    batch, height, width, _ = images.shape
    dtype = images.dtype if jnp.issubdtype(images.dtype, jnp.floating) else jnp.float32
    noise = jax.random.normal(draw_key(seed), (2, batch, height, width), dtype) * sigma
    noise = _blur_1d(_blur_1d(noise, sigma, 2), sigma, 3)
    ys, xs = jnp.meshgrid(jnp.arange(height, dtype=dtype), jnp.arange(width, dtype=dtype),
                          indexing="ij")
    y_in, x_in = ys + alpha * noise[0], xs + alpha * noise[1]
    order = AFFINE_INTERPOLATIONS[interpolation]

    def one_channel(channel, y, x):
        return jax.scipy.ndimage.map_coordinates(channel, [y, x], order=order,
                                                 mode=fill_mode, cval=fill_value)

    per_channel = jax.vmap(one_channel, in_axes=(2, None, None), out_axes=2)
    out = jax.vmap(per_channel)(images, y_in, x_in).astype(images.dtype)
    if data_format == "channels_first":
        out = jnp.transpose(out, (0, 3, 1, 2))
    return out[0] if single else out


@symbolic_aware
def scale_and_translate(images, output_shape, scale, translation, spatial_dims, method,
                        antialias=True):
    """Resample ``images`` to ``output_shape`` with a per-axis ``scale`` and
    ``translation`` of the ``spatial_dims`` (``jax.image.scale_and_translate``).

    >>> import numpy as np
    >>> scale_and_translate(np.ones((4, 4)), (8, 8), np.array([2.0, 2.0]),
    ...                     np.zeros(2), (0, 1), "linear").shape
    (8, 8)
    """
    _choice("scale_and_translate", "method", method, (
        "linear", "bilinear", "trilinear", "cubic", "bicubic", "tricubic", "lanczos3",
        "lanczos5"))
    return jax.image.scale_and_translate(
        convert_to_tensor(images), tuple(output_shape), tuple(spatial_dims),
        convert_to_tensor(scale), convert_to_tensor(translation), method, antialias,
    )


def _margins(owner, size, low, high, target, crop_mode):
    names = ("top", "bottom", "height") if owner.endswith("h") else ("left", "right", "width")
    kind = "cropping" if crop_mode else "padding"
    if [low, high, target].count(None) != 1:
        raise ValueError(
            f"ops.image.{kind}: give exactly two of {names[0]}_{kind}, {names[1]}_{kind} "
            f"and target_{names[2]}; received {low}, {high}, {target}."
        )
    for name, value in zip((f"{names[0]}_{kind}", f"{names[1]}_{kind}",
                            f"target_{names[2]}"), (low, high, target)):
        if value is not None and value < 0:
            raise ValueError(f"ops.image.{kind}: {name} must be >= 0, received {value}.")
    sign = -1 if crop_mode else 1
    low = low if low is not None else sign * (target - size) - high
    high = high if high is not None else sign * (target - size) - low
    if low < 0 or high < 0:
        raise ValueError(
            f"ops.image.{kind}: target_{names[2]}={target} is incompatible with an image "
            f"{names[2]} of {size} and the given {kind}."
        )
    return low, high


@symbolic_aware
def pad_images(images, top_padding=None, left_padding=None, bottom_padding=None,
               right_padding=None, target_height=None, target_width=None, data_format=None):
    """Zero-pad images; per axis give two of the two paddings and the target size.

    >>> import numpy as np
    >>> pad_images(np.ones((2, 2, 1)), 1, 0, target_height=4, target_width=3)[..., 0].tolist()
    [[0.0, 0.0, 0.0], [1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 0.0]]
    """
    images = _images("pad_images", images)
    data_format = data_format_of(data_format, "ops.image.pad_images")
    h_axis, w_axis = spatial_axes(data_format, images.ndim)
    pads = [(0, 0)] * images.ndim
    pads[h_axis] = _margins("h", images.shape[h_axis], top_padding, bottom_padding,
                            target_height, False)
    pads[w_axis] = _margins("w", images.shape[w_axis], left_padding, right_padding,
                            target_width, False)
    return jnp.pad(images, pads)


@symbolic_aware
def crop_images(images, top_cropping=None, left_cropping=None, bottom_cropping=None,
                right_cropping=None, target_height=None, target_width=None, data_format=None):
    """Crop images; per axis give two of the two croppings and the target size.

    >>> import numpy as np
    >>> crop_images(np.arange(16.0).reshape(4, 4, 1), 1, 1, target_height=2,
    ...             target_width=2)[..., 0].tolist()
    [[5.0, 6.0], [9.0, 10.0]]
    """
    images = _images("crop_images", images)
    data_format = data_format_of(data_format, "ops.image.crop_images")
    h_axis, w_axis = spatial_axes(data_format, images.ndim)
    height, width = images.shape[h_axis], images.shape[w_axis]
    top, bottom = _margins("h", height, top_cropping, bottom_cropping, target_height, True)
    left, right = _margins("w", width, left_cropping, right_cropping, target_width, True)
    return crop(images, data_format, top, left, height - top - bottom, width - left - right)
