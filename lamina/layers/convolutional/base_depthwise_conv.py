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

from lamina import activations, constraints, initializers, regularizers
from lamina._registry import register_builtin
from lamina.layers.convolutional import conv_utils
from lamina.layers.convolutional.base_conv import BaseConv
from lamina.layers.convolutional.fast_conv import conv_general_dilated
from lamina.layers.input_spec import InputSpec
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

    def __init__(self, rank, depth_multiplier, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        Layer.__init__(self, activity_regularizer=activity_regularizer, **kwargs)
        if (isinstance(depth_multiplier, bool) or not isinstance(depth_multiplier, int)
                or depth_multiplier <= 0):
            raise ValueError(
                f"{self._owner()}: depth_multiplier must be a positive integer, received "
                f"depth_multiplier={depth_multiplier!r}."
            )
        self.depth_multiplier = depth_multiplier
        self._init_window(rank, kernel_size, strides, padding, data_format, dilation_rate)
        self._init_bias(activation, use_bias, bias_initializer, bias_regularizer,
                        bias_constraint)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.groups = None
        self.kernel = None

    def build(self, input_shape):
        self._check_rank(input_shape)
        channels = self._input_channels(input_shape)
        self.compute_output_shape(input_shape)
        self.kernel = self.add_weight(
            name="kernel", shape=(*self.kernel_size, channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(channels * self.depth_multiplier,),
                initializer=self.bias_initializer, regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        axis = conv_utils.channel_axis(self.data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={axis: channels})
        self.built = True

    def convolution_op(self, inputs, kernel):
        return depthwise_conv(self, inputs, kernel)

    def _output_channels(self, input_shape):
        channels = tuple(input_shape)[conv_utils.channel_axis(self.data_format)]
        return None if channels is None else channels * self.depth_multiplier

    def get_config(self):
        return {
            **Layer.get_config(self),
            "depth_multiplier": self.depth_multiplier,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "depthwise_regularizer": regularizers.serialize(self.depthwise_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "depthwise_constraint": constraints.serialize(self.depthwise_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }
