"""``BaseConv``: the N-D convolution layer behind ``Conv1D``, ``Conv2D`` and ``Conv3D``.

The forward pass is ``jax.lax.conv_general_dilated`` (the numbers Keras 3 computes on its
JAX backend); the derivatives come from :mod:`lamina.layers.convolutional.fast_conv`,
whose filter gradient is a sum of matmuls where that is faster (XLA's CPU backend).

>>> import numpy as np
>>> layer = BaseConv(2, filters=4, kernel_size=3, padding="same")
>>> layer(np.ones((1, 5, 5, 2), "float32")).shape
(1, 5, 5, 4)
>>> [tuple(w.shape) for w in layer.weights]
[(3, 3, 2, 4), (4,)]
"""

from lamina import activations, constraints, initializers, regularizers
from lamina._registry import register_builtin
from lamina.layers.convolutional import conv_utils
from lamina.layers.convolutional.fast_conv import conv_general_dilated
from lamina.layers.core.dense import reject_unsupported
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer


@register_builtin
class BaseConv(Layer):
    """N-D convolution (cross-correlation) of the inputs with a kernel, plus bias/activation.

    Args:
        rank: number of spatial axes (1, 2 or 3).
        filters: number of output channels.
        kernel_size: int or tuple of ``rank`` ints, the window size.
        strides: int or tuple, the window step (``strides > 1`` excludes
            ``dilation_rate > 1``, as in Keras).
        padding: ``"valid"`` (no padding), ``"same"`` (output length
            ``ceil(input / stride)``, the extra padding on the high side) or, for 1-D only,
            ``"causal"`` (left padding so ``output[t]`` sees only ``input[:t + 1]``).
        data_format: ``"channels_last"`` (``(batch, spatial..., channels)``) or
            ``"channels_first"``; default ``lamina.config.image_data_format()``.
        dilation_rate: int or tuple, spacing of the kernel taps.
        groups: split the input channels into this many groups, each convolved with
            ``filters // groups`` filters (both counts must divide evenly).
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
            bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint: as
            in ``Dense``.
        lora_rank, lora_alpha: accepted for Keras compatibility; anything but None raises.

    Weights: ``kernel`` of shape ``kernel_size + (in_channels // groups, filters)`` and
    ``bias`` of shape ``(filters,)``. Masks are refused (Keras conv layers do not support
    masking): a mask reaching the layer raises ``MaskNotSupportedError``.

    >>> import numpy as np
    >>> BaseConv(1, filters=2, kernel_size=3, padding="causal")(np.ones((1, 5, 1))).shape
    (1, 5, 2)
    """

    _supports_causal = True  # "causal" padding (1-D only)

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None,
                 **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        owner = self._owner()
        reject_unsupported(type(self).__name__, self.name, lora_rank, lora_alpha)
        if isinstance(filters, bool) or not isinstance(filters, int) or filters <= 0:
            raise ValueError(
                f"{owner}: filters must be a positive integer, received filters={filters!r}."
            )
        if isinstance(groups, bool) or not isinstance(groups, int) or groups <= 0:
            raise ValueError(
                f"{owner}: groups must be a positive integer, received groups={groups!r}."
            )
        if filters % groups:
            raise ValueError(
                f"{owner}: filters must be divisible by groups, received filters={filters} "
                f"and groups={groups}. Choose a number of filters that is a multiple of groups."
            )
        self.filters = filters
        self.groups = groups
        self._init_window(rank, kernel_size, strides, padding, data_format, dilation_rate)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                f"{owner}: strides > 1 cannot be combined with dilation_rate > 1, received "
                f"strides={self.strides} and dilation_rate={self.dilation_rate}. Use one or "
                "the other."
            )
        self._init_bias(activation, use_bias, bias_initializer, bias_regularizer,
                        bias_constraint)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.kernel = None

    def _init_window(self, rank, kernel_size, strides, padding, data_format, dilation_rate):
        """Validate and store the window geometry (shared by every conv layer)."""
        owner = self._owner()
        self.rank = rank
        self.kernel_size = conv_utils.standardize_tuple(kernel_size, rank, "kernel_size", owner)
        self.strides = conv_utils.standardize_tuple(strides, rank, "strides", owner)
        self.dilation_rate = conv_utils.standardize_tuple(
            dilation_rate, rank, "dilation_rate", owner
        )
        self.padding = conv_utils.standardize_padding(
            padding, owner, allow_causal=rank == 1 and self._supports_causal
        )
        self.data_format = conv_utils.standardize_data_format(data_format, owner)
        self.input_spec = InputSpec(ndim=rank + 2)

    def _init_bias(self, activation, use_bias, bias_initializer, bias_regularizer,
                   bias_constraint):
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.bias_initializer = initializers.get(bias_initializer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.bias_constraint = constraints.get(bias_constraint)
        self.bias = None

    def _owner(self):
        return f"{type(self).__name__} '{self.name}'"

    def _input_channels(self, input_shape):
        channels = tuple(input_shape)[conv_utils.channel_axis(self.data_format)]
        if channels is None:
            raise ValueError(
                f"{self._owner()}: the channel axis of the input must be known to create the "
                f"kernel, received input_shape={tuple(input_shape)} "
                f"(data_format={self.data_format!r})."
            )
        return channels

    def _check_rank(self, input_shape):
        if len(tuple(input_shape)) != self.rank + 2:
            raise ValueError(
                f"{self._owner()}: expected inputs of rank {self.rank + 2} (batch, "
                f"{self.rank} spatial axes and channels), received input_shape="
                f"{tuple(input_shape)}."
            )

    def build(self, input_shape):
        self._check_rank(input_shape)
        channels = self._input_channels(input_shape)
        if channels % self.groups:
            raise ValueError(
                f"{self._owner()}: the input's {channels} channels must be divisible by "
                f"groups={self.groups} (input_shape={tuple(input_shape)})."
            )
        self.compute_output_shape(input_shape)  # validates the spatial sizes
        self.kernel = self.add_weight(
            name="kernel", shape=(*self.kernel_size, channels // self.groups, self.filters),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(self.filters,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            )
        axis = conv_utils.channel_axis(self.data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={axis: channels})
        self.built = True

    def _conv_padding(self):
        if self.padding == "causal":
            return [((self.kernel_size[0] - 1) * self.dilation_rate[0], 0)]
        return self.padding.upper()

    def convolution_op(self, inputs, kernel):
        """The convolution of ``inputs`` with ``kernel`` (override to change it)."""
        return conv_general_dilated(
            inputs, kernel, self.strides, self._conv_padding(),
            rhs_dilation=self.dilation_rate,
            dimension_numbers=conv_utils.dimension_numbers(self.rank, self.data_format),
            feature_group_count=self.groups,
        )

    def call(self, inputs):
        kernel = self.kernel.value
        if inputs.dtype != kernel.dtype:
            inputs = inputs.astype(kernel.dtype)
        outputs = self.convolution_op(inputs, kernel)
        return self._finish(outputs)

    def _finish(self, outputs):
        """Add the bias (on the channel axis) and apply the activation."""
        if self.bias is not None:
            bias = self.bias.value
            if self.data_format == "channels_first":
                bias = bias.reshape((-1,) + (1,) * self.rank)
            outputs = outputs + bias
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        self._check_rank(input_shape)
        spatial = conv_utils.spatial_dims(input_shape, self.data_format)
        padding = "same" if self.padding == "causal" else self.padding
        out = tuple(
            conv_utils.conv_output_length(n, k, padding, s, d)
            for n, k, s, d in zip(spatial, self.kernel_size, self.strides, self.dilation_rate)
        )
        if any(n is not None and n <= 0 for n in out):
            raise ValueError(
                f"{self._owner()}: the output would have no elements (spatial size {out}) for "
                f"input_shape={tuple(input_shape)}, kernel_size={self.kernel_size}, "
                f"strides={self.strides}, dilation_rate={self.dilation_rate} and "
                f"padding={self.padding!r}. Use larger inputs, a smaller kernel, or "
                "padding='same'."
            )
        return conv_utils.with_spatial(
            input_shape, self.data_format, out, self._output_channels(input_shape)
        )

    def _output_channels(self, input_shape):
        return self.filters

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "groups": self.groups,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }
