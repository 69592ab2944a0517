"""``BaseConvTranspose``: the N-D transposed convolution behind ``Conv1DTranspose``..3D.

A transposed convolution maps each input position to a ``kernel_size`` window of the
output (the gradient of a convolution with respect to its input). It is computed like
``jax.lax.conv_transpose(..., transpose_kernel=True)``: a convolution of the input
dilated by ``strides`` with the spatially flipped kernel, padded as Keras 3 does.

>>> import numpy as np
>>> layer = BaseConvTranspose(2, filters=3, kernel_size=3, strides=2, padding="same")
>>> layer(np.ones((1, 4, 4, 2), "float32")).shape
(1, 8, 8, 3)
>>> [tuple(w.shape) for w in layer.weights]
[(3, 3, 3, 2), (3,)]
"""

import jax.numpy as jnp

from lamina import activations, constraints, initializers, regularizers
from lamina._registry import register_builtin
from lamina.layers.convolutional import conv_utils
from lamina.layers.convolutional.base_conv import BaseConv
from lamina.layers.convolutional.fast_conv import conv_general_dilated
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer


@register_builtin
class BaseConvTranspose(BaseConv):
    """N-D transposed convolution (sometimes called deconvolution).

    Args:
        rank, filters, kernel_size, strides, data_format, dilation_rate, activation,
            use_bias, initializers, regularizers, constraints: as in ``BaseConv``.
        padding: ``"valid"`` or ``"same"``. Without ``output_padding``, ``"valid"``
            gives ``(n - 1) * stride + max(kernel, stride)`` outputs per axis and
            ``"same"`` gives ``n * stride``.
        output_padding: None, or an int / tuple of ``rank`` ints (each smaller than its
            stride): the output then has ``(n - 1) * stride + kernel - 2 * pad +
            output_padding`` positions, ``pad`` being 0 for ``"valid"`` and
            ``kernel // 2`` for ``"same"`` (odd kernels), as in Keras 3.

    Weights: ``kernel`` of shape ``kernel_size + (filters, in_channels)`` (note the order,
    Keras' layout for transposed convolutions) and ``bias`` of shape ``(filters,)``.

    >>> import numpy as np
    >>> BaseConvTranspose(1, filters=2, kernel_size=3)(np.ones((1, 4, 1), "float32")).shape
    (1, 6, 2)
    """

    _supports_causal = False

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid",
                 output_padding=None, data_format=None, dilation_rate=1, activation=None,
                 use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(
            rank=rank, filters=filters, kernel_size=kernel_size, strides=strides,
            padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, groups=1, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )
        owner = self._owner()
        if output_padding is None:
            self.output_padding = None
        else:
            self.output_padding = conv_utils.standardize_tuple(
                output_padding, rank, "output_padding", owner, allow_zero=True
            )
            for axis, (extra, stride) in enumerate(zip(self.output_padding, self.strides)):
                if extra >= stride:
                    raise ValueError(
                        f"{owner}: output_padding must be smaller than strides on every axis; "
                        f"on axis {axis} output_padding is {extra} and strides is {stride} "
                        f"(output_padding={self.output_padding}, strides={self.strides})."
                    )

    def build(self, input_shape):
        self._check_rank(input_shape)
        channels = self._input_channels(input_shape)
        self.compute_output_shape(input_shape)
        self.kernel = self.add_weight(
            name="kernel", shape=(*self.kernel_size, self.filters, channels),
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

    def _output_paddings(self):
        extras = self.output_padding or (None,) * self.rank
        return [
            conv_utils.transpose_padding(k, s, d, self.padding, extra)
            for k, s, d, extra in zip(self.kernel_size, self.strides, self.dilation_rate, extras)
        ]

    def convolution_op(self, inputs, kernel):
        """Transposed convolution of ``inputs`` with a ``(spatial..., out, in)`` kernel."""
        # Flip the window and swap to (spatial..., in, out): a plain convolution kernel.
        kernel = jnp.swapaxes(jnp.flip(kernel, axis=tuple(range(self.rank))), -1, -2)
        return conv_general_dilated(
            inputs, kernel, (1,) * self.rank, self._output_paddings(),
            lhs_dilation=self.strides, rhs_dilation=self.dilation_rate,
            dimension_numbers=conv_utils.dimension_numbers(self.rank, self.data_format),
        )

    def compute_output_shape(self, input_shape):
        self._check_rank(input_shape)
        spatial = conv_utils.spatial_dims(input_shape, self.data_format)
        extras = self.output_padding or (None,) * self.rank
        out = tuple(
            conv_utils.transpose_output_length(n, k, s, d, self.padding, extra)
            for n, k, s, d, extra in zip(spatial, self.kernel_size, self.strides,
                                         self.dilation_rate, extras)
        )
        if any(n is not None and n <= 0 for n in out):
            raise ValueError(
                f"{self._owner()}: the output would have no elements (spatial size {out}) for "
                f"input_shape={tuple(input_shape)}; check kernel_size, strides and "
                "output_padding."
            )
        return conv_utils.with_spatial(input_shape, self.data_format, out, self.filters)

    def get_config(self):
        config = Layer.get_config(self)
        return {
            **config,
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "output_padding": self.output_padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
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
