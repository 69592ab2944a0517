"""Image helpers shared by the image preprocessing layers (pure jax, jit-friendly).

* ``standardize_data_format``, ``check_*``: argument checks with layer-style errors;
* ``spatial_axes``, ``aspect_crop_box``, ``resize_images`` (``jax.image.resize`` plus
  Keras's crop/pad-to-aspect-ratio options) and ``affine_transform`` (one projective
  transform per image, Keras's convention) are the pure functions of
  ``lamina.ops.image_geometry``, re-exported here for the layers.

>>> import jax.numpy as jnp
>>> resize_images(jnp.ones((1, 4, 6, 3)), 2, 3).shape
(1, 2, 3, 3)
>>> aspect_crop_box(4, 6, 2, 2)
(0, 1, 4, 4)
"""

import jax.numpy as jnp

from lamina import config
from lamina.ops.image_geometry import AFFINE_INTERPOLATIONS as AFFINE_INTERPOLATIONS
from lamina.ops.image_geometry import FILL_MODES as FILL_MODES
from lamina.ops.image_geometry import INTERPOLATIONS as INTERPOLATIONS
from lamina.ops.image_geometry import aspect_crop_box as aspect_crop_box
from lamina.ops.image_geometry import crop as crop
from lamina.ops.image_geometry import resize_images as resize_images
from lamina.ops.image_geometry import spatial_axes as spatial_axes
from lamina.ops.image_geometry import transform_images as affine_transform  # noqa: F401
from lamina.ops.image_geometry import with_size as with_size


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


def saturate_cast(values, dtype):
    """Round-trip float values to an integer ``dtype`` without wrap-around."""
    info = jnp.iinfo(dtype)
    return jnp.clip(jnp.round(values), info.min, info.max).astype(dtype)


def as_batch(images):
    """(batched images, whether a batch axis was added)."""
    if images.ndim == 3:
        return images[None], True
    return images, False
