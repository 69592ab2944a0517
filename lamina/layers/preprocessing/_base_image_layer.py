"""Private base classes of the image preprocessing layers.

``BaseImageLayer`` holds ``data_format`` and checks that inputs are images (rank 3 or
4). ``BaseRandomImageLayer`` adds the augmentation contract shared by ``RandomFlip``,
``RandomRotation``, ``RandomZoom``, ``RandomTranslation``, ``RandomContrast`` and
``RandomCrop``:

* the layer is active only when called with ``training=True`` (``fit`` passes it);
  with ``training`` False or None it returns the images unchanged (cast to the
  layer's float dtype). **Difference from Keras 3**, whose image augmentation layers
  default to ``training=True`` when called directly: in lamina a direct call
  ``layer(images)`` is inference; pass ``training=True`` to augment outside ``fit``.
* randomness comes from ``self.generator``, a ``SeedGenerator`` whose state is a
  non-trainable variable: inside a jitted train step (``stateless_call``) the advanced
  state is returned with the other non-trainable values, so each step draws new
  transformations, and a fixed ``seed`` makes a run reproducible.

``BaseAffineImageLayer`` adds the resampling shared by ``RandomRotation``,
``RandomTranslation`` and ``RandomZoom``.

Keras's dict inputs (``{"images", "labels", "bounding_boxes", ...}``) and
``bounding_box_format`` are not supported.

>>> import numpy as np
>>> from lamina.layers.preprocessing.random_flip import RandomFlip
>>> RandomFlip(seed=1)(np.ones((2, 4, 4, 3))).shape
(2, 4, 4, 3)
"""

import jax.numpy as jnp

from lamina.core.random import SeedGenerator
from lamina.layers.layer import Layer
from lamina.layers.preprocessing._image_ops import (
    AFFINE_INTERPOLATIONS,
    FILL_MODES,
    affine_transform,
    as_batch,
    check_choice,
    check_image_rank,
    spatial_axes,
    standardize_data_format,
)


class BaseImageLayer(Layer):
    """Image layers: ``data_format`` plus the rank-3/4 input check. No weights."""

    def __init__(self, data_format=None, bounding_box_format=None, **kwargs):
        super().__init__(**kwargs)
        if bounding_box_format is not None:
            raise NotImplementedError(
                f"{type(self).__name__} '{self.name}': bounding boxes are not supported by "
                "lamina's image layers (received bounding_box_format="
                f"{bounding_box_format!r}). Transform images only."
            )
        self.data_format = standardize_data_format(data_format, type(self).__name__)
        self.built = True

    def _images(self, inputs):
        if isinstance(inputs, dict):
            raise NotImplementedError(
                f"{type(self).__name__} '{self.name}' received a dict input; lamina's image "
                "layers take an image tensor only (no labels / bounding boxes / masks dict)."
            )
        images = jnp.asarray(inputs)
        check_image_rank(images, f"{type(self).__name__} '{self.name}'")
        return images

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}


class BaseRandomImageLayer(BaseImageLayer):
    """Augmentation layers: transform only when ``training`` is True (see module doc)."""

    def __init__(self, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def call(self, inputs, training=None):
        images = self._images(inputs).astype(self.compute_dtype)
        if not training:
            return self._inference(images)
        batch, added = as_batch(images)
        outputs = self._augment(batch, self.generator.next())
        return outputs[0] if added else outputs

    def _inference(self, images):
        return images

    def _augment(self, images, key):
        """Transform a batch ``(batch, ...)`` of float images with PRNG ``key``."""
        raise NotImplementedError

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)


class BaseAffineImageLayer(BaseRandomImageLayer):
    """Augmentations that resample each image through a random affine transform.

    Subclasses check their factors, then call ``_set_fill``; they implement
    ``_transforms(key, batch, height, width)`` (a ``(batch, 8)`` array, see
    ``affine_transform``) and list their ``get_config`` keys, in order, in ``_config_keys``.
    """

    _config_keys = ()

    def _set_fill(self, owner, fill_mode, interpolation, fill_value):
        check_choice(owner, "fill_mode", fill_mode, FILL_MODES)
        check_choice(owner, "interpolation", interpolation, tuple(AFFINE_INTERPOLATIONS))
        self.fill_mode = fill_mode
        self.interpolation = interpolation
        self.fill_value = fill_value

    def _transforms(self, key, batch, height, width):
        raise NotImplementedError

    def _augment(self, images, key):
        h_axis, w_axis = spatial_axes(self.data_format, images.ndim)
        transform = self._transforms(key, images.shape[0], images.shape[h_axis],
                                     images.shape[w_axis])
        return affine_transform(images, transform, self.interpolation, self.fill_mode,
                                self.fill_value, self.data_format)

    def get_config(self):
        return {**super().get_config(), **{key: getattr(self, key) for key in self._config_keys}}


def parse_factor(owner: str, factor, bounds: tuple, arg: str = "factor") -> tuple:
    """Keras's ``factor`` rule: a number ``f`` gives ``(max(-|f|, low), |f|)``; a pair is
    sorted. Values must lie in ``bounds``. ``arg`` names the argument in errors."""
    low, high = bounds
    message = (
        f"{owner}: {arg} must be a number or a pair of numbers in [{low}, {high}], "
        f"received {arg}={factor!r}."
    )
    if isinstance(factor, (tuple, list)):
        if len(factor) != 2 or not all(_is_number(f) for f in factor):
            raise ValueError(message)
        if factor[0] > high or factor[1] < low:
            raise ValueError(message)
        lower, upper = sorted(factor)
        return lower, upper
    if not _is_number(factor) or not low <= factor <= high:
        raise ValueError(message)
    factor = abs(factor)
    return max(-factor, low), factor


def parse_signed_factor(owner: str, arg: str, factor, lower_open: bool) -> tuple:
    """RandomZoom / RandomTranslation rule: a number ``f`` gives ``(-|f|, |f|)``; a pair is
    sorted; every value in ``(-1, 1]`` (zoom, ``lower_open``) or ``[-1, 1]``."""
    interval = "(-1, 1]" if lower_open else "[-1, 1]"
    message = (
        f"{owner}: {arg} must be a number or a pair of numbers in {interval}, received "
        f"{arg}={factor!r}."
    )

    def check(value):
        if not _is_number(value) or value > 1 or value < -1 or (lower_open and value == -1):
            raise ValueError(message)

    if isinstance(factor, (tuple, list)):
        if len(factor) != 2:
            raise ValueError(message)
        check(factor[0])
        check(factor[1])
        lower, upper = sorted(factor)
        return lower, upper
    check(factor)
    factor = abs(factor)
    return -factor, factor


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
