"""``Conv3DTranspose``: 3-D transposed convolution (Keras 3 ``Conv3DTranspose``).

>>> import numpy as np
>>> Conv3DTranspose(3, 2, strides=2)(np.ones((1, 2, 2, 2, 2), "float32")).shape
(1, 4, 4, 4, 3)
"""

from lamina._registry import register_builtin
from lamina.layers.convolutional.base_conv import forward_args
from lamina.layers.convolutional.base_conv_transpose import BaseConvTranspose


@register_builtin(names=("Convolution3DTranspose",))
class Conv3DTranspose(BaseConvTranspose):
    """3-D transposed convolution: upsamples by ``strides`` with a learned kernel of
    shape ``kernel_size + (filters, in_channels)``.

    Args: see :class:`~lamina.layers.convolutional.base_conv_transpose.BaseConvTranspose`.

    >>> import numpy as np
    >>> layer = Conv3DTranspose(3, 3, strides=2, data_format="channels_first")
    >>> layer(np.ones((1, 2, 2, 2, 2), "float32")).shape
    (1, 3, 5, 5, 5)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid",
                 data_format=None, output_padding=None,
                 dilation_rate=(1, 1, 1), activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(rank=3, **forward_args(locals()))
