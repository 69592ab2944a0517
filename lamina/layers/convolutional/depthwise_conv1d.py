"""``DepthwiseConv1D``: 1-D depthwise convolution (Keras 3 ``DepthwiseConv1D``).

>>> import numpy as np
>>> DepthwiseConv1D(3, depth_multiplier=2)(np.ones((1, 6, 2), "float32")).shape
(1, 4, 4)
"""

from lamina._registry import register_builtin
from lamina.layers.convolutional.base_conv import forward_args
from lamina.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


@register_builtin
class DepthwiseConv1D(BaseDepthwiseConv):
    """1-D depthwise convolution: each input channel gets its own
    ``depth_multiplier`` filters; the kernel has shape
    ``kernel_size + (in_channels, depth_multiplier)``.

    Args: see :class:`~lamina.layers.convolutional.base_depthwise_conv.BaseDepthwiseConv`.

    >>> import numpy as np
    >>> layer = DepthwiseConv1D(3, depth_multiplier=2, padding="same",
    ...                          data_format="channels_first")
    >>> layer(np.ones((1, 2, 6), "float32")).shape
    (1, 4, 6)
    """

    def __init__(self, kernel_size, strides=1, padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(rank=1, **forward_args(locals()))
