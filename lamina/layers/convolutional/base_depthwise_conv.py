"""``BaseDepthwiseConv``: per-channel N-D convolution behind ``DepthwiseConv1D``/``2D``.

Each input channel is convolved with its own ``depth_multiplier`` filters (a grouped
convolution with one group per channel); output channel ``c * depth_multiplier + m``
comes from input channel ``c`` and filter ``m``, as in Keras.

>>> import numpy as np
>>> layer = BaseDepthwiseConv(2, depth_multiplier=2, kernel_size=3)
>>> layer(np.ones((1, 5, 5, 3), "float32")).shape
(1, 3, 3, 6)
>>> [tuple(w.shape) for w in layer.weights]
[(3, 3, 3, 2), (6,)]
"""

from lamina._registry import register_builtin
from lamina.layers.convolutional import conv_utils
from lamina.layers.convolutional.base_conv import BaseConv
from lamina.layers.convolutional.fast_conv import conv_general_dilated
from lamina.layers.layer import Layer


def depthwise_conv(layer, inputs, kernel):
    """Depthwise convolution of ``inputs`` with a ``(spatial..., in, multiplier)`` kernel,
    using ``layer``'s window geometry (strides, padding, dilation, data format).

    >>> import numpy as np
    >>> layer = BaseDepthwiseConv(1, depth_multiplier=2, kernel_size=2)
    >>> depthwise_conv(layer, np.ones((1, 4, 3), "float32"), np.ones((2, 3, 2))).shape
    (1, 3, 6)
    """
    channels, multiplier = kernel.shape[-2], kernel.shape[-1]
    kernel = kernel.reshape(*kernel.shape[:-2], 1, channels * multiplier)
    return conv_general_dilated(
        inputs, kernel, layer.strides, layer.padding.upper(),
        rhs_dilation=layer.dilation_rate,
        dimension_numbers=conv_utils.dimension_numbers(layer.rank, layer.data_format),
        feature_group_count=channels,
    )


@register_builtin
class BaseDepthwiseConv(BaseConv):
    """N-D depthwise convolution.

    Args:
        rank: number of spatial axes.
        depth_multiplier: output channels per input channel.
        kernel_size, strides, padding (``"valid"``/``"same"``), data_format,
            dilation_rate, activation, use_bias: as in ``BaseConv``.
        depthwise_initializer, depthwise_regularizer, depthwise_constraint: for the
            ``kernel`` weight (shape ``kernel_size + (in_channels, depth_multiplier)``).
        bias_initializer, bias_regularizer, bias_constraint, activity_regularizer: for the
            bias (shape ``(in_channels * depth_multiplier,)``) and the outputs.

    Masks are refused, as in Keras.

    >>> import numpy as np
    >>> BaseDepthwiseConv(1, 3, kernel_size=2)(np.ones((1, 4, 2), "float32")).shape
    (1, 3, 6)
    """

    _supports_causal = False
    _config_keys = ("depth_multiplier", "kernel_size", "strides", "padding", "data_format",
                    "dilation_rate")
    _weight_args = ("depthwise",)

    def __init__(self, rank, depth_multiplier, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        Layer.__init__(self, activity_regularizer=activity_regularizer, **kwargs)
        self._check_positive(depth_multiplier=depth_multiplier)
        self.depth_multiplier = depth_multiplier
        self._init_window(rank, kernel_size, strides, padding, data_format, dilation_rate)
        self._init_bias(activation, use_bias, bias_initializer, bias_regularizer,
                        bias_constraint)
        self._init_weight_args("depthwise", depthwise_initializer, depthwise_regularizer,
                               depthwise_constraint)
        self.groups = None
        self.kernel = None

    def _build_kernels(self, channels):
        shape = (*self.kernel_size, channels, self.depth_multiplier)
        self.kernel = self._add_weight_for("kernel", shape, prefix="depthwise")

    def _bias_size(self, channels):
        return channels * self.depth_multiplier

    def convolution_op(self, inputs, kernel):
        return depthwise_conv(self, inputs, kernel)

    def _output_channels(self, input_shape):
        channels = tuple(input_shape)[conv_utils.channel_axis(self.data_format)]
        return None if channels is None else channels * self.depth_multiplier
