"""``BaseSeparableConv``: depthwise then pointwise (1x1) convolution, N-D.

>>> import numpy as np
>>> layer = BaseSeparableConv(2, depth_multiplier=2, filters=4, kernel_size=3)
>>> layer(np.ones((1, 5, 5, 3), "float32")).shape
(1, 3, 3, 4)
>>> [(w.name, tuple(w.shape)) for w in layer.weights]
[('depthwise_kernel', (3, 3, 3, 2)), ('pointwise_kernel', (1, 1, 6, 4)), ('bias', (4,))]
"""

from lamina import activations, constraints, initializers, regularizers
from lamina._registry import register_builtin
from lamina.layers.convolutional import conv_utils
from lamina.layers.convolutional.base_conv import BaseConv
from lamina.layers.convolutional.base_depthwise_conv import depthwise_conv
from lamina.layers.convolutional.fast_conv import conv_general_dilated
from lamina.layers.input_spec import InputSpec
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

    def __init__(self, rank, depth_multiplier, filters, kernel_size, strides=1,
                 padding="valid", data_format=None, dilation_rate=1, activation=None,
                 use_bias=True, depthwise_initializer="glorot_uniform",
                 pointwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, pointwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None,
                 pointwise_constraint=None, bias_constraint=None, **kwargs):
        Layer.__init__(self, activity_regularizer=activity_regularizer, **kwargs)
        for arg_name, value in (("depth_multiplier", depth_multiplier), ("filters", filters)):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(
                    f"{self._owner()}: {arg_name} must be a positive integer, received "
                    f"{arg_name}={value!r}."
                )
        self.depth_multiplier = depth_multiplier
        self.filters = filters
        self.groups = None
        self._init_window(rank, kernel_size, strides, padding, data_format, dilation_rate)
        self._init_bias(activation, use_bias, bias_initializer, bias_regularizer,
                        bias_constraint)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_constraint = constraints.get(pointwise_constraint)
        self.depthwise_kernel = None
        self.pointwise_kernel = None

    def build(self, input_shape):
        self._check_rank(input_shape)
        channels = self._input_channels(input_shape)
        self.compute_output_shape(input_shape)
        self.depthwise_kernel = self.add_weight(
            name="depthwise_kernel", shape=(*self.kernel_size, channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        self.pointwise_kernel = self.add_weight(
            name="pointwise_kernel",
            shape=(*(1,) * self.rank, channels * self.depth_multiplier, self.filters),
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(self.filters,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            )
        axis = conv_utils.channel_axis(self.data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={axis: channels})
        self.built = True

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

    def get_config(self):
        return {
            **Layer.get_config(self),
            "depth_multiplier": self.depth_multiplier,
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
            "pointwise_initializer": initializers.serialize(self.pointwise_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "depthwise_regularizer": regularizers.serialize(self.depthwise_regularizer),
            "pointwise_regularizer": regularizers.serialize(self.pointwise_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "depthwise_constraint": constraints.serialize(self.depthwise_constraint),
            "pointwise_constraint": constraints.serialize(self.pointwise_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }
