"""``DepthwiseConv2D``: 2-D depthwise convolution (Keras 3 ``DepthwiseConv2D``).

>>> import numpy as np
>>> DepthwiseConv2D(3, depth_multiplier=2)(np.ones((1, 5, 5, 2), "float32")).shape
(1, 3, 3, 4)
"""

from lamina._registry import register_builtin
from lamina.layers.convolutional.base_conv import forward_args
from lamina.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


@register_builtin
class DepthwiseConv2D(BaseDepthwiseConv):
    """2-D depthwise convolution: each input channel gets its own
    ``depth_multiplier`` filters; the kernel has shape
    ``kernel_size + (in_channels, depth_multiplier)``.

    Args: see :class:`~lamina.layers.convolutional.base_depthwise_conv.BaseDepthwiseConv`.

    >>> import numpy as np
    >>> layer = DepthwiseConv2D(3, depth_multiplier=2, padding="same",
    ...                          data_format="channels_first")
    >>> layer(np.ones((1, 2, 5, 5), "float32")).shape
    (1, 4, 5, 5)
    """

    def __init__(self, kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=(1, 1), activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(rank=2, **forward_args(locals()))
