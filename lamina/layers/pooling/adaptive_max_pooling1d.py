"""``AdaptiveMaxPooling1D``: max pooling of 1-D data to a fixed output size.

>>> import numpy as np
>>> AdaptiveMaxPooling1D(4)(np.ones((2, 10, 3), "float32")).shape
(2, 4, 3)
"""

from lamina._registry import register_builtin
from lamina.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


@register_builtin
class AdaptiveMaxPooling1D(BaseAdaptivePooling):
    """The maximum of each adaptive bin, so the output's steps is ``output_size``.

    Args: ``output_size`` (an int, or a tuple with one int per spatial axis) and
    ``data_format``, as in
    :class:`~lamina.layers.pooling.base_adaptive_pooling.BaseAdaptivePooling` (which
    also describes the bins).

    >>> import numpy as np
    >>> layer = AdaptiveMaxPooling1D(4, data_format="channels_first")
    >>> layer(np.ones((2, 10, 3), "float32")).shape[:2]
    (2, 10)
    """

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, 1, pool_mode="max", data_format=data_format,
                         **kwargs)
