"""``Resizing``: resize images to ``(height, width)``, in and out of training.

>>> import numpy as np
>>> Resizing(2, 3)(np.ones((1, 4, 6, 3))).shape
(1, 2, 3, 3)
>>> Resizing(2, 2, crop_to_aspect_ratio=True)(np.ones((4, 6, 1))).shape
(2, 2, 1)
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_image_layer import BaseImageLayer
from lamina.layers.preprocessing._image_ops import (
    INTERPOLATIONS,
    check_choice,
    check_size,
    resize_images,
    saturate_cast,
    with_size,
)


@register_builtin
class Resizing(BaseImageLayer):
    """Resizes a batch ``(B, H, W, C)`` or one image ``(H, W, C)`` to ``(height, width)``.

    Args:
        height, width: output size.
        interpolation: ``"bilinear"`` (default), ``"nearest"``, ``"bicubic"``,
            ``"lanczos3"`` or ``"lanczos5"`` (``jax.image.resize`` methods, as Keras's
            JAX backend uses).
        crop_to_aspect_ratio: first take the largest centred window with the target
            aspect ratio, so the image is not distorted.
        pad_to_aspect_ratio: first pad the short side evenly with ``fill_value``.
        fill_mode: only ``"constant"``.
        fill_value: padding value for ``pad_to_aspect_ratio``.
        antialias: low-pass filter when downsampling.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).

    Integer images keep their dtype (values rounded and clipped, as Keras); float images
    come out in the layer's dtype.

    >>> Resizing(8, 8).get_config()["interpolation"]
    'bilinear'
    """

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False,
                 pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0,
                 antialias=False, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        owner = f"Resizing '{self.name}'"
        check_size(owner, height, width)
        check_choice(owner, "interpolation", interpolation, INTERPOLATIONS)
        check_choice(owner, "fill_mode", fill_mode, ("constant",))
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError(
                f"{owner}: only one of crop_to_aspect_ratio and pad_to_aspect_ratio can be "
                "True."
            )
        self.height = height
        self.width = width
        self.interpolation = interpolation
        self.crop_to_aspect_ratio = bool(crop_to_aspect_ratio)
        self.pad_to_aspect_ratio = bool(pad_to_aspect_ratio)
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.antialias = bool(antialias)

    def call(self, inputs):
        images = self._images(inputs)
        resized = resize_images(
            images, self.height, self.width, interpolation=self.interpolation,
            antialias=self.antialias, crop_to_aspect_ratio=self.crop_to_aspect_ratio,
            pad_to_aspect_ratio=self.pad_to_aspect_ratio, fill_value=self.fill_value,
            data_format=self.data_format,
        )
        if jnp.issubdtype(images.dtype, jnp.integer):
            return saturate_cast(resized, images.dtype)
        return resized.astype(self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return with_size(input_shape, self.data_format, self.height, self.width)

    def get_config(self):
        return {
            **super().get_config(),
            "height": self.height,
            "width": self.width,
            "interpolation": self.interpolation,
            "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
            "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "antialias": self.antialias,
        }
