"""``SeparableConv2D``: 2-D separable convolution (Keras 3 ``SeparableConv2D``).

>>> import numpy as np
>>> SeparableConv2D(5, 3)(np.ones((1, 5, 5, 2), "float32")).shape
(1, 3, 3, 5)
"""

from lamina._registry import register_builtin
from lamina.layers.convolutional.base_conv import forward_args
from lamina.layers.convolutional.base_separable_conv import BaseSeparableConv


@register_builtin(names=("SeparableConvolution2D",))
class SeparableConv2D(BaseSeparableConv):
    """2-D separable convolution: a depthwise convolution then a pointwise one
    (weights ``depthwise_kernel``, ``pointwise_kernel``, ``bias``).

    Args: see :class:`~lamina.layers.convolutional.base_separable_conv.BaseSeparableConv`.

    >>> import numpy as np
    >>> layer = SeparableConv2D(4, 3, padding="same", data_format="channels_first")
    >>> layer(np.ones((1, 2, 5, 5), "float32")).shape
    (1, 4, 5, 5)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(rank=2, **forward_args(locals()))
