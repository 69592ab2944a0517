"""``MaxPooling1D``: max pooling over 1 spatial axis (Keras 3 ``MaxPooling1D``).

>>> import numpy as np
>>> MaxPooling1D(2)(np.ones((1, 6, 2), "float32")).shape
(1, 3, 2)
"""

from lamina._registry import register_builtin
from lamina.layers.pooling.base_pooling import BasePooling


@register_builtin(names=("MaxPool1D",))
class MaxPooling1D(BasePooling):
    """Max pooling for 1-D data: the maximum of each ``pool_size`` window.

    Args: ``pool_size``, ``strides`` (default: ``pool_size``), ``padding``
    (``"valid"``/``"same"``) and ``data_format``, as in
    :class:`~lamina.layers.pooling.base_pooling.BasePooling`.

    >>> import numpy as np
    >>> MaxPooling1D(2, padding="same")(np.ones((1, 5, 2), "float32")).shape
    (1, 3, 2)
    """

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(
            pool_size, strides, pool_dimensions=1, pool_mode="max", padding=padding,
            data_format=data_format, name=name, **kwargs,
        )
