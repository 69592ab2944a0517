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


def forward_args(arguments):
    """The arguments of a public conv layer's ``__init__`` (its ``locals()``) as keywords
    for its base class: ``self`` and ``__class__`` dropped, ``kwargs`` merged in.

    >>> forward_args({"self": None, "filters": 2, "kwargs": {"name": "c"}})
    {'filters': 2, 'name': 'c'}
    """
    arguments = dict(arguments)
    kwargs = arguments.pop("kwargs", {})
    arguments.pop("self", None)
    arguments.pop("__class__", None)
    return {**arguments, **kwargs}


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
    # get_config: the keys before ``activation``, then the initializer / regularizer /
    # constraint of each weight argument prefix in ``_weight_args`` and of ``bias``.
    _config_keys = ("filters", "kernel_size", "strides", "padding", "data_format",
                    "dilation_rate", "groups")
    _weight_args = ("kernel",)

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None,
                 **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        owner = self._owner()
        reject_unsupported(type(self).__name__, self.name, lora_rank, lora_alpha)
        self._check_positive(filters=filters, groups=groups)
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
        self._init_weight_args("kernel", kernel_initializer, kernel_regularizer,
                               kernel_constraint)
        self.kernel = None

    def _check_positive(self, **values):
        for arg_name, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(
                    f"{self._owner()}: {arg_name} must be a positive integer, received "
                    f"{arg_name}={value!r}."
                )

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
        self._init_weight_args("bias", bias_initializer, bias_regularizer, bias_constraint)
        self.bias = None

    def _init_weight_args(self, prefix, initializer, regularizer, constraint):
        """Store ``{prefix}_initializer`` / ``_regularizer`` / ``_constraint``."""
        setattr(self, f"{prefix}_initializer", initializers.get(initializer))
        setattr(self, f"{prefix}_regularizer", regularizers.get(regularizer))
        setattr(self, f"{prefix}_constraint", constraints.get(constraint))

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
        if self.groups is not None and channels % self.groups:  # None: depthwise layers
            raise ValueError(
                f"{self._owner()}: the input's {channels} channels must be divisible by "
                f"groups={self.groups} (input_shape={tuple(input_shape)})."
            )
        self.compute_output_shape(input_shape)  # validates the spatial sizes
        self._build_kernels(channels)
        if self.use_bias:
            self.bias = self._add_weight_for("bias", (self._bias_size(channels),))
        axis = conv_utils.channel_axis(self.data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={axis: channels})
        self.built = True

    def _build_kernels(self, channels):
        """Create the kernel weight(s) for ``channels`` input channels."""
        shape = (*self.kernel_size, channels // self.groups, self.filters)
        self.kernel = self._add_weight_for("kernel", shape)

    def _bias_size(self, channels):
        return self.filters

    def _add_weight_for(self, name, shape, prefix=None):
        """Weight ``name`` with the layer's ``{prefix}_initializer`` / ``_regularizer`` /
        ``_constraint`` (``prefix`` defaults to ``name``)."""
        prefix = prefix or name
        return self.add_weight(
            name=name, shape=shape, initializer=getattr(self, f"{prefix}_initializer"),
            regularizer=getattr(self, f"{prefix}_regularizer"),
            constraint=getattr(self, f"{prefix}_constraint"),
        )

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
        out = self._output_spatial(conv_utils.spatial_dims(input_shape, self.data_format))
        if any(n is not None and n <= 0 for n in out):
            raise ValueError(
                f"{self._owner()}: the output would have no elements (spatial size {out}) for "
                f"input_shape={tuple(input_shape)}{self._no_output_advice()}"
            )
        return conv_utils.with_spatial(
            input_shape, self.data_format, out, self._output_channels(input_shape)
        )

    def _output_spatial(self, spatial):
        """The output's spatial sizes for the input's (``None`` stays ``None``)."""
        padding = "same" if self.padding == "causal" else self.padding
        return tuple(
            conv_utils.conv_output_length(n, k, padding, s, d)
            for n, k, s, d in zip(spatial, self.kernel_size, self.strides, self.dilation_rate)
        )

    def _no_output_advice(self):
        return (
            f", kernel_size={self.kernel_size}, strides={self.strides}, dilation_rate="
            f"{self.dilation_rate} and padding={self.padding!r}. Use larger inputs, a smaller "
            "kernel, or padding='same'."
        )

    def _output_channels(self, input_shape):
        return self.filters

    def get_config(self):
        config = {**super().get_config(), **{key: getattr(self, key) for key in self._config_keys}}
        config["activation"] = activations.serialize(self.activation)
        config["use_bias"] = self.use_bias
        prefixes = (*self._weight_args, "bias")
        for prefix in prefixes:
            config[f"{prefix}_initializer"] = initializers.serialize(
                getattr(self, f"{prefix}_initializer"))
        for prefix in (*prefixes, "activity"):
            config[f"{prefix}_regularizer"] = regularizers.serialize(
                getattr(self, f"{prefix}_regularizer"))
        for prefix in prefixes:
            config[f"{prefix}_constraint"] = constraints.serialize(
                getattr(self, f"{prefix}_constraint"))
        return config
