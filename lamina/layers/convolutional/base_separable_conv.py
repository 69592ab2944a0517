"""``BaseSeparableConv``: depthwise then pointwise (1x1) convolution, N-D.

>>> import numpy as np
>>> layer = BaseSeparableConv(2, depth_multiplier=2, filters=4, kernel_size=3)
>>> layer(np.ones((1, 5, 5, 3), "float32")).shape
(1, 3, 3, 4)
>>> [(w.name, tuple(w.shape)) for w in layer.weights]
[('depthwise_kernel', (3, 3, 3, 2)), ('pointwise_kernel', (1, 1, 6, 4)), ('bias', (4,))]
"""

from lamina._registry import register_builtin
from lamina.layers.convolutional import conv_utils
from lamina.layers.convolutional.base_conv import BaseConv
from lamina.layers.convolutional.base_depthwise_conv import depthwise_conv
from lamina.layers.convolutional.fast_conv import conv_general_dilated
from lamina.layers.layer import Layer


@register_builtin
class BaseSeparableConv(BaseConv):
    """N-D separable convolution: a depthwise convolution (``depth_multiplier`` filters
    per input channel, with the layer's strides/padding/dilation) followed by a pointwise
    ``1x1`` convolution to ``filters`` channels, then bias and activation.

    Args:
        rank, depth_multiplier, filters, kernel_size, strides, padding
            (``"valid"``/``"same"``), data_format, dilation_rate, activation, use_bias:
            as in ``BaseConv`` / ``BaseDepthwiseConv``.
        depthwise_*, pointwise_*, bias_*: initializer / regularizer / constraint of each
            weight: ``depthwise_kernel`` ``kernel_size + (in, depth_multiplier)``,
            ``pointwise_kernel`` ``(1,) * rank + (in * depth_multiplier, filters)``,
            ``bias`` ``(filters,)``.

    Masks are refused, as in Keras.

    >>> import numpy as np
    >>> BaseSeparableConv(1, 1, 4, 3, padding="same")(np.ones((1, 5, 2), "float32")).shape
    (1, 5, 4)
    """

    _supports_causal = False
    _config_keys = ("depth_multiplier", "filters", "kernel_size", "strides", "padding",
                    "data_format", "dilation_rate")
    _weight_args = ("depthwise", "pointwise")

    def __init__(self, rank, depth_multiplier, filters, kernel_size, strides=1,
                 padding="valid", data_format=None, dilation_rate=1, activation=None,
                 use_bias=True, depthwise_initializer="glorot_uniform",
                 pointwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, pointwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None,
                 pointwise_constraint=None, bias_constraint=None, **kwargs):
        Layer.__init__(self, activity_regularizer=activity_regularizer, **kwargs)
        self._check_positive(depth_multiplier=depth_multiplier, filters=filters)
        self.depth_multiplier = depth_multiplier
        self.filters = filters
        self.groups = None
        self._init_window(rank, kernel_size, strides, padding, data_format, dilation_rate)
        self._init_bias(activation, use_bias, bias_initializer, bias_regularizer,
                        bias_constraint)
        self._init_weight_args("depthwise", depthwise_initializer, depthwise_regularizer,
                               depthwise_constraint)
        self._init_weight_args("pointwise", pointwise_initializer, pointwise_regularizer,
                               pointwise_constraint)
        self.depthwise_kernel = None
        self.pointwise_kernel = None

    def _build_kernels(self, channels):
        self.depthwise_kernel = self._add_weight_for(
            "depthwise_kernel", (*self.kernel_size, channels, self.depth_multiplier),
            prefix="depthwise",
        )
        self.pointwise_kernel = self._add_weight_for(
            "pointwise_kernel",
            (*(1,) * self.rank, channels * self.depth_multiplier, self.filters),
            prefix="pointwise",
        )

    def call(self, inputs):
        depthwise = self.depthwise_kernel.value
        if inputs.dtype != depthwise.dtype:
            inputs = inputs.astype(depthwise.dtype)
        outputs = depthwise_conv(self, inputs, depthwise)
        outputs = conv_general_dilated(
            outputs, self.pointwise_kernel.value, (1,) * self.rank, "VALID",
            dimension_numbers=conv_utils.dimension_numbers(self.rank, self.data_format),
        )
        return self._finish(outputs)
