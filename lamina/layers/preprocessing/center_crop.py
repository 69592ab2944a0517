"""``CenterCrop``: the central ``(height, width)`` window of each image.

>>> import numpy as np
>>> x = np.arange(16.0).reshape(1, 4, 4, 1)
>>> CenterCrop(2, 2)(x)[0, :, :, 0].tolist()
[[5.0, 6.0], [9.0, 10.0]]
"""

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_image_layer import BaseImageLayer
from lamina.layers.preprocessing._image_ops import (
    check_size,
    crop,
    resize_images,
    spatial_axes,
    with_size,
)


@register_builtin
class CenterCrop(BaseImageLayer):
    """Crops the centre ``(height, width)`` of a batch ``(B, H, W, C)`` or an image.

    When the image is smaller than the target on some axis, the largest centred window
    with the target aspect ratio is taken and resized (bilinear) to ``(height, width)``,
    as Keras does (``smart_resize``). Applied in and out of training. The output has
    the layer's float dtype.

    Args:
        height, width: output size.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).

    >>> CenterCrop(3, 5).get_config()["width"]
    5
    """

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        check_size(f"CenterCrop '{self.name}'", height, width)
        self.height = height
        self.width = width

    def call(self, inputs):
        images = self._images(inputs).astype(self.compute_dtype)
        h_axis, w_axis = spatial_axes(self.data_format, images.ndim)
        height, width = images.shape[h_axis], images.shape[w_axis]
        if height >= self.height and width >= self.width:
            h_start = (height - self.height) // 2
            w_start = (width - self.width) // 2
            return crop(images, self.data_format, h_start, w_start, self.height, self.width)
        return resize_images(images, self.height, self.width, crop_to_aspect_ratio=True,
                             data_format=self.data_format)

    def compute_output_shape(self, input_shape):
        return with_size(input_shape, self.data_format, self.height, self.width)

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width}
