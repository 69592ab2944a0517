"""``AveragePooling2D``: average pooling over 2 spatial axes (Keras 3 ``AveragePooling2D``).

>>> import numpy as np
>>> AveragePooling2D(2)(np.ones((1, 4, 6, 2), "float32")).shape
(1, 2, 3, 2)
"""

from lamina._registry import register_builtin
from lamina.layers.pooling.base_pooling import BasePooling


@register_builtin(names=("AvgPool2D",))
class AveragePooling2D(BasePooling):
    """Average pooling for 2-D data: the mean of each ``pool_size`` window.

    Args: ``pool_size``, ``strides`` (default: ``pool_size``), ``padding``
    (``"valid"``/``"same"``) and ``data_format``, as in
    :class:`~lamina.layers.pooling.base_pooling.BasePooling`.

    >>> import numpy as np
    >>> AveragePooling2D(2, padding="same")(np.ones((1, 5, 5, 2), "float32")).shape
    (1, 3, 3, 2)
    """

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(
            pool_size, strides, pool_dimensions=2, pool_mode="average", padding=padding,
            data_format=data_format, name=name, **kwargs,
        )
