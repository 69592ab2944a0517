"""``RandomCrop``: a random ``(height, width)`` window while training, a centred one after.

>>> import numpy as np
>>> layer = RandomCrop(2, 3, seed=0)
>>> layer(np.ones((4, 5, 6, 1)), training=True).shape
(4, 2, 3, 1)
>>> layer(np.ones((4, 5, 6, 1))).shape  # inference: centred window, resized
(4, 2, 3, 1)
"""

import jax

from lamina._registry import register_builtin
from lamina.core.random import make_default_seed
from lamina.layers.preprocessing._base_image_layer import BaseRandomImageLayer
from lamina.layers.preprocessing._image_ops import (
    check_size,
    resize_images,
    spatial_axes,
    with_size,
)


@register_builtin
class RandomCrop(BaseRandomImageLayer):
    """Crops images to ``(height, width)``; the output always has that size.

    * Training, image at least as large as the target: one random window position per
      call, shared by the whole batch (as Keras).
    * Inference, or an image smaller than the target: the largest centred window with
      the target aspect ratio, resized (bilinear) to ``(height, width)`` -- the
      behaviour Keras 3 documents. (Keras 3.15's code returns the uncropped image at
      inference, contradicting its own output shape; lamina follows the documentation
      so a model's inference output has the declared shape.)

    Args:
        height, width: output size.
        seed: int seed; ``None`` draws one now, so the config always records a seed.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).

    >>> RandomCrop(4, 4, seed=3).get_config()["seed"]
    3
    """

    def __init__(self, height, width, seed=None, data_format=None, name=None, **kwargs):
        seed = make_default_seed() if seed is None else seed
        super().__init__(seed=seed, data_format=data_format, name=name, **kwargs)
        check_size(f"RandomCrop '{self.name}'", height, width)
        self.height = height
        self.width = width

    def _inference(self, images):
        h_axis, w_axis = spatial_axes(self.data_format, images.ndim)
        height, width = images.shape[h_axis], images.shape[w_axis]
        if (height, width) == (self.height, self.width):
            return images
        return resize_images(images, self.height, self.width, crop_to_aspect_ratio=True,
                             data_format=self.data_format)

    def _augment(self, images, key):
        h_axis, w_axis = spatial_axes(self.data_format, images.ndim)
        height, width = images.shape[h_axis], images.shape[w_axis]
        if height < self.height or width < self.width:
            return self._inference(images)
        h_key, w_key = jax.random.split(key)
        h_start = jax.random.randint(h_key, (), 0, height - self.height + 1)
        w_start = jax.random.randint(w_key, (), 0, width - self.width + 1)
        starts = [0] * images.ndim
        sizes = list(images.shape)
        starts[h_axis], starts[w_axis] = h_start, w_start
        sizes[h_axis], sizes[w_axis] = self.height, self.width
        return jax.lax.dynamic_slice(images, starts, sizes)

    def compute_output_shape(self, input_shape):
        return with_size(input_shape, self.data_format, self.height, self.width)

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width,
                "seed": self.seed}
