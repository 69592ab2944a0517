"""``GlobalAveragePooling2D``: mean over the 2 spatial axes.

>>> import numpy as np
>>> GlobalAveragePooling2D()(np.ones((2, 4, 5, 3))).shape
(2, 3)
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.pooling.base_global_pooling import BaseGlobalPooling


@register_builtin(names=("GlobalAvgPool2D",))
class GlobalAveragePooling2D(BaseGlobalPooling):
    """Mean over the spatial axes of ``(batch, rows, cols, channels)``
    (``channels_first``: ``(batch, channels, rows, cols)``), giving ``(batch, channels)``.

    Args:
        data_format: ``"channels_last"`` / ``"channels_first"`` (default from
            ``lamina.config.image_data_format()``).
        keepdims: keep the spatial axes with size 1.

    Masks: refused (a mask reaching this layer raises ``MaskNotSupportedError``): a
    ``(batch, time)`` mask has no meaning for 2 spatial axes.

    >>> import numpy as np
    >>> GlobalAveragePooling2D(keepdims=True)(np.ones((2, 4, 5, 3))).shape
    (2, 1, 1, 3)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(2, data_format=data_format, keepdims=keepdims, **kwargs)

    def call(self, inputs):
        return jnp.mean(inputs, axis=self.spatial_axes, keepdims=self.keepdims)


GlobalAvgPool2D = GlobalAveragePooling2D
