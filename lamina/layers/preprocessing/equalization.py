"""``Equalization``: histogram equalisation of each image channel.

>>> import numpy as np
>>> x = np.array([[[[0.0], [0.0]], [[0.0], [100.0]]]])
>>> np.asarray(Equalization()(x))[0, :, :, 0].tolist()
[[0.0, 0.0], [0.0, 255.0]]
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_color_layer import check_value_range
from lamina.layers.preprocessing._base_image_layer import BaseImageLayer
from lamina.layers.preprocessing._color_ops import channel_axis
from lamina.layers.preprocessing._image_ops import as_batch


@register_builtin
class Equalization(BaseImageLayer):
    """Spreads the intensities of every channel of every image so that their cumulative
    histogram becomes close to linear.

    Args:
        value_range: ``(low, high)`` of the pixel values (default ``(0, 255)``), stored
            sorted as a list.
        bins: number of histogram bins over ``[0, 255]`` (default ``256``).
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).

    Values are mapped to ``[0, 255]``, binned, sent through the rounded, rescaled
    cumulative histogram (a channel with a single occupied bin is left unchanged) and
    mapped back to ``value_range``. Deterministic and active at training and inference
    alike, as Keras 3 documents it (Keras 3's code skips it when ``training=False``).
    **Difference from Keras 3**: the histogram is taken per image; Keras 3 pools all the
    images of the batch into one histogram per channel, so its output for an image
    depends on the rest of the batch. Both agree for a single image.

    >>> Equalization(bins=128).get_config()["bins"]
    128
    """

    def __init__(self, value_range=(0, 255), bins=256, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if isinstance(bins, bool) or not isinstance(bins, int) or bins < 2:
            raise ValueError(
                f"Equalization '{self.name}': bins must be an int >= 2, received "
                f"bins={bins!r}."
            )
        self.bins = bins
        self.value_range = check_value_range(f"Equalization '{self.name}'", value_range,
                                             sort=True)

    def call(self, inputs):
        images = self._images(inputs).astype(self.compute_dtype)
        batch, added = as_batch(images)
        axis = channel_axis(self.data_format, batch.ndim)
        planes = jnp.moveaxis(batch, axis, 1)  # (batch, channels, height, width)
        equalized = jax.vmap(jax.vmap(self._equalize_plane))(planes)
        outputs = jnp.moveaxis(equalized, 1, axis).astype(self.compute_dtype)
        return outputs[0] if added else outputs

    def _equalize_plane(self, plane):
        low, high = self.value_range
        bins = self.bins
        scale = 255.0 / (high - low)
        plane = plane * scale + (0.0 - low * scale)
        counted = (plane * (bins - 1) / 255.0).astype(jnp.int32)
        histogram = jnp.bincount(jnp.clip(counted, 0, bins - 1).ravel(), length=bins)
        cumulative = jnp.cumsum(histogram)
        first = cumulative[jnp.argmax(cumulative > 0)]
        total = cumulative[-1] - first
        total = jnp.where(total == 0, 1, total)
        table = jnp.clip(jnp.round((cumulative - first) * 255 / total), 0, 255)
        index = jnp.clip(plane / 255.0 * (bins - 1), 0, bins - 1).astype(jnp.int32)
        equalized = jnp.where(jnp.count_nonzero(histogram) <= 1, plane, table[index])
        back = (high - low) / 255.0
        return equalized * back + (low - 0.0 * back)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "bins": self.bins, "value_range": self.value_range}
