"""``Conv3D``: 3-D convolution layer (Keras 3 ``Conv3D``).

>>> import numpy as np
>>> Conv3D(3, 3)(np.ones((1, 4, 4, 4, 2), "float32")).shape
(1, 2, 2, 2, 3)
"""

from lamina._registry import register_builtin
from lamina.layers.convolutional.base_conv import BaseConv, forward_args


@register_builtin(names=("Convolution3D",))
class Conv3D(BaseConv):
    """3-D convolution: a kernel of shape ``kernel_size + (in_channels // groups, filters)``
    slides over the 3 spatial axes of the input (cross-correlation), then bias and
    activation are applied.

    Args: see :class:`~lamina.layers.convolutional.base_conv.BaseConv`. ``padding`` is
    ``"valid"`` or ``"same"``.

    >>> import numpy as np
    >>> layer = Conv3D(2, 3, padding="same", data_format="channels_first", use_bias=False)
    >>> layer(np.ones((1, 2, 4, 4, 4), "float32")).shape
    (1, 2, 4, 4, 4)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1, 1), groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(rank=3, **forward_args(locals()))
