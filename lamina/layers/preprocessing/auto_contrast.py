"""``AutoContrast``: stretch each image channel to span the whole value range.

>>> import numpy as np
>>> x = np.array([[[[10.0], [20.0]], [[30.0], [50.0]]]])
>>> np.asarray(AutoContrast()(x))[0, :, :, 0].round(2).tolist()
[[0.0, 63.75], [127.5, 255.0]]
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_color_layer import check_value_range
from lamina.layers.preprocessing._base_image_layer import BaseImageLayer
from lamina.layers.preprocessing._color_ops import rescale_range
from lamina.layers.preprocessing._image_ops import as_batch, spatial_axes


@register_builtin
class AutoContrast(BaseImageLayer):
    """Maps each channel of each image linearly so that its minimum becomes
    ``value_range[0]`` and its maximum ``value_range[1]``; a constant channel is left
    unchanged.

    Args:
        value_range: ``(low, high)`` of the pixel values (default ``(0, 255)``), stored
            sorted as a list.
        **kwargs: base layer arguments, ``data_format`` included.

    Deterministic and active at training and inference alike (as in Keras 3). The
    minimum and maximum are taken over height and width, per image and channel, in
    both data formats (Keras 3 reduces axes 1 and 2 whatever the format, which for
    ``channels_first`` mixes channels; lamina keeps them apart). The output has the
    layer's float dtype.

    >>> AutoContrast(value_range=(1, 0)).get_config()["value_range"]
    [0, 1]
    """

    def __init__(self, value_range=(0, 255), **kwargs):
        super().__init__(**kwargs)
        self.value_range = check_value_range(f"AutoContrast '{self.name}'", value_range,
                                             sort=True)

    def call(self, inputs):
        images = self._images(inputs).astype(self.compute_dtype)
        batch, added = as_batch(images)
        outputs = self._stretch(batch)
        return outputs[0] if added else outputs

    def _stretch(self, images):
        axes = spatial_axes(self.data_format, images.ndim)
        scaled = rescale_range(images, self.value_range, (0, 255))
        low = jnp.min(scaled, axis=axes, keepdims=True)
        high = jnp.max(scaled, axis=axes, keepdims=True)
        spread = jnp.where(high > low, high - low, 1.0)
        stretched = jnp.clip((scaled - low) * (255.0 / spread), 0.0, 255.0)
        stretched = rescale_range(stretched, (0, 255), self.value_range)
        return jnp.where(high > low, stretched, images)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "value_range": self.value_range}
