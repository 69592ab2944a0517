"""``MaxPooling3D``: max pooling over 3 spatial axes (Keras 3 ``MaxPooling3D``).

>>> import numpy as np
>>> MaxPooling3D(2)(np.ones((1, 4, 4, 2, 3), "float32")).shape
(1, 2, 2, 1, 3)
"""

from lamina._registry import register_builtin
from lamina.layers.pooling.base_pooling import BasePooling


@register_builtin(names=("MaxPool3D",))
class MaxPooling3D(BasePooling):
    """Max pooling for 3-D data: the maximum of each ``pool_size`` window.

    Args: ``pool_size``, ``strides`` (default: ``pool_size``), ``padding``
    (``"valid"``/``"same"``) and ``data_format``, as in
    :class:`~lamina.layers.pooling.base_pooling.BasePooling`.

    >>> import numpy as np
    >>> MaxPooling3D(2, padding="same")(np.ones((1, 3, 3, 3, 1), "float32")).shape
    (1, 2, 2, 2, 1)
    """

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(
            pool_size, strides, pool_dimensions=3, pool_mode="max", padding=padding,
            data_format=data_format, name=name, **kwargs,
        )
