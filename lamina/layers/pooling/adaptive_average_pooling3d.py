"""``AdaptiveAveragePooling3D``: average pooling of 3-D data to a fixed output size.

>>> import numpy as np
>>> AdaptiveAveragePooling3D(2)(np.ones((2, 5, 6, 7, 3), "float32")).shape
(2, 2, 2, 2, 3)
"""

from lamina._registry import register_builtin
from lamina.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


@register_builtin
class AdaptiveAveragePooling3D(BaseAdaptivePooling):
    """The mean of each adaptive bin, so the output's (depth, height, width) is ``output_size``.

    Args: ``output_size`` (an int, or a tuple with one int per spatial axis) and
    ``data_format``, as in
    :class:`~lamina.layers.pooling.base_adaptive_pooling.BaseAdaptivePooling` (which
    also describes the bins).

    >>> import numpy as np
    >>> layer = AdaptiveAveragePooling3D(2, data_format="channels_first")
    >>> layer(np.ones((2, 5, 6, 7, 3), "float32")).shape[:2]
    (2, 5)
    """

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, 3, pool_mode="average", data_format=data_format,
                         **kwargs)
