"""``Conv2D``: 2-D convolution layer (Keras 3 ``Conv2D``).

>>> import numpy as np
>>> Conv2D(3, 3)(np.ones((1, 5, 5, 2), "float32")).shape
(1, 3, 3, 3)
"""

from lamina._registry import register_builtin
from lamina.layers.convolutional.base_conv import BaseConv, forward_args


@register_builtin(names=("Convolution2D",))
class Conv2D(BaseConv):
    """2-D convolution: a kernel of shape ``kernel_size + (in_channels // groups, filters)``
    slides over the 2 spatial axes of the input (cross-correlation), then bias and
    activation are applied.

    Args: see :class:`~lamina.layers.convolutional.base_conv.BaseConv`. ``padding`` is
    ``"valid"`` or ``"same"``.

    >>> import numpy as np
    >>> layer = Conv2D(2, 3, padding="same", data_format="channels_first", use_bias=False)
    >>> layer(np.ones((1, 2, 5, 5), "float32")).shape
    (1, 2, 5, 5)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(rank=2, **forward_args(locals()))
