"""``lamina.ops.image``: image ops with the names and arguments of ``keras.ops.image``.

Geometry (resize, warps, crop / pad) lives in ``image_geometry``, colour spaces in
``image_color``, filters and patches in ``image_filters``; this module is the namespace.

>>> import numpy as np
>>> rgb_to_grayscale(np.ones((2, 4, 4, 3), "float32")).shape
(2, 4, 4, 1)
"""

from lamina.ops.image_color import hsv_to_rgb, rgb_to_grayscale, rgb_to_hsv
from lamina.ops.image_filters import (
    extract_patches,
    extract_patches_3d,
    gaussian_blur,
    sobel_edges,
    ssim,
)
from lamina.ops.image_geometry import (
    affine_transform,
    crop_images,
    elastic_transform,
    map_coordinates,
    pad_images,
    perspective_transform,
    resize,
    scale_and_translate,
)

__all__ = [
    "affine_transform", "crop_images", "elastic_transform", "extract_patches",
    "extract_patches_3d", "gaussian_blur", "hsv_to_rgb", "map_coordinates", "pad_images",
    "perspective_transform", "resize", "rgb_to_grayscale", "rgb_to_hsv",
    "scale_and_translate", "sobel_edges", "ssim",
]
