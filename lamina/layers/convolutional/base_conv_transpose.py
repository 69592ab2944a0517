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

from lamina._registry import register_builtin
from lamina.layers.convolutional import conv_utils
from lamina.layers.convolutional.base_conv import BaseConv, forward_args
from lamina.layers.convolutional.fast_conv import conv_general_dilated


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
    _config_keys = ("filters", "kernel_size", "strides", "padding", "output_padding",
                    "data_format", "dilation_rate")

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid",
                 output_padding=None, data_format=None, dilation_rate=1, activation=None,
                 use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        arguments = forward_args(locals())
        del arguments["output_padding"]  # not a BaseConv argument: checked below
        super().__init__(groups=1, **arguments)
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

    def _build_kernels(self, channels):
        self.kernel = self._add_weight_for("kernel", (*self.kernel_size, self.filters, channels))

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

    def _output_spatial(self, spatial):
        extras = self.output_padding or (None,) * self.rank
        return tuple(
            conv_utils.transpose_output_length(n, k, s, d, self.padding, extra)
            for n, k, s, d, extra in zip(spatial, self.kernel_size, self.strides,
                                         self.dilation_rate, extras)
        )

    def _no_output_advice(self):
        return "; check kernel_size, strides and output_padding."
