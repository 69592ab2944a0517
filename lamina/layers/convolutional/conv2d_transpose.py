"""``Conv2DTranspose``: 2-D transposed convolution (Keras 3 ``Conv2DTranspose``).

>>> import numpy as np
>>> Conv2DTranspose(3, 2, strides=2)(np.ones((1, 4, 4, 2), "float32")).shape
(1, 8, 8, 3)
"""

from lamina._registry import register_builtin
from lamina.layers.convolutional.base_conv import forward_args
from lamina.layers.convolutional.base_conv_transpose import BaseConvTranspose


@register_builtin(names=("Convolution2DTranspose",))
class Conv2DTranspose(BaseConvTranspose):
    """2-D transposed convolution: upsamples by ``strides`` with a learned kernel of
    shape ``kernel_size + (filters, in_channels)``.

    Args: see :class:`~lamina.layers.convolutional.base_conv_transpose.BaseConvTranspose`.

    >>> import numpy as np
    >>> layer = Conv2DTranspose(3, 3, strides=2, data_format="channels_first")
    >>> layer(np.ones((1, 2, 4, 4), "float32")).shape
    (1, 3, 9, 9)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 output_padding=None, data_format=None,
                 dilation_rate=(1, 1), activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(rank=2, **forward_args(locals()))
