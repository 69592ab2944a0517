"""Convolution ops of ``keras.ops.nn``: conv, depthwise, separable and transposed.

Layouts follow Keras 3: inputs ``(batch, *spatial, channels)`` (``channels_last``) or
``(batch, channels, *spatial)``; kernels ``(*spatial, in_channels, out_channels)``
(``in_channels // groups`` for grouped convs), depthwise kernels
``(*spatial, in_channels, multiplier)``, transposed kernels
``(*spatial, out_channels, in_channels)``. ``data_format=None`` reads
``config.image_data_format()``.

>>> import numpy as np
>>> conv(np.ones((1, 5, 5, 2)), np.ones((3, 3, 2, 4)), padding="same").shape
(1, 5, 5, 4)
"""

import jax
import jax.numpy as jnp

from lamina import config
from lamina.core.convert import convert_to_tensor
from lamina.ops.dispatch import symbolic_aware

__all__ = ["conv", "conv_transpose", "depthwise_conv", "separable_conv"]


def data_format_of(data_format, owner):
    """``data_format`` checked, or the global ``image_data_format()`` when None.

    >>> data_format_of("channels_first", "ops.conv")
    'channels_first'
    """
    if data_format is None:
        return config.image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            f"{owner}: data_format must be 'channels_last', 'channels_first' or None, "
            f"received data_format={data_format!r}."
        )
    return data_format


def spatial_tuple(value, n, name, owner):
    """An int or a sequence of ``n`` positive ints as a tuple of ``n`` ints.

    >>> spatial_tuple(2, 3, "strides", "ops.conv")
    (2, 2, 2)
    """
    values = (value,) * n if isinstance(value, int) else tuple(value)
    if len(values) != n or not all(isinstance(v, int) and v > 0 for v in values):
        raise ValueError(
            f"{owner}: {name} must be a positive int or a tuple of {n} positive ints (one "
            f"per spatial axis), received {name}={value!r}."
        )
    return values


def padding_of(padding, owner):
    if not isinstance(padding, str) or padding.lower() not in ("valid", "same"):
        raise ValueError(
            f"{owner}: padding must be 'valid' or 'same', received padding={padding!r}."
        )
    return padding.upper()


def _dimension_numbers(rank, data_format):
    spatial = "DHW"[3 - rank:] if rank <= 3 else None
    if spatial is None:
        raise ValueError(f"Convolutions support 1 to 3 spatial axes, received {rank}.")
    data = f"N{spatial}C" if data_format == "channels_last" else f"NC{spatial}"
    return data, f"{spatial}IO", data


def _channels(inputs, data_format):
    return inputs.shape[-1] if data_format == "channels_last" else inputs.shape[1]


def _prepare(owner, inputs, kernel, strides, padding, data_format, dilation_rate):
    kernel = convert_to_tensor(kernel)
    inputs = convert_to_tensor(inputs, dtype=kernel.dtype)
    rank = inputs.ndim - 2
    if rank < 1 or kernel.ndim != rank + 2:
        raise ValueError(
            f"{owner}: inputs of shape {tuple(inputs.shape)} need a kernel of rank "
            f"{inputs.ndim} (spatial..., in, out) and at least one spatial axis; received "
            f"a kernel of shape {tuple(kernel.shape)}."
        )
    data_format = data_format_of(data_format, owner)
    return (
        inputs, kernel, data_format,
        spatial_tuple(strides, rank, "strides", owner),
        padding_of(padding, owner),
        spatial_tuple(dilation_rate, rank, "dilation_rate", owner),
    )


def _convolve(owner, inputs, kernel, strides, padding, data_format, dilation, groups):
    out = jax.lax.conv_general_dilated(
        inputs, kernel, strides, padding, rhs_dilation=dilation,
        dimension_numbers=_dimension_numbers(inputs.ndim - 2, data_format),
        feature_group_count=groups,
    )
    if out.size == 0 and inputs.size != 0:
        raise ValueError(
            f"{owner}: the output is empty (shape {tuple(out.shape)}): the input of shape "
            f"{tuple(inputs.shape)} is smaller than the (dilated) kernel of shape "
            f"{tuple(kernel.shape)}. Use padding='same', a smaller kernel or stride."
        )
    return out


@symbolic_aware
def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """N-D convolution (1 to 3 spatial axes); grouped when the kernel's ``in`` axis is a
    divisor of the input channels.

    >>> import numpy as np
    >>> conv(np.ones((1, 4, 1)), np.ones((2, 1, 1))).tolist()
    [[[2.0], [2.0], [2.0]]]
    """
    owner = "ops.conv"
    inputs, kernel, data_format, strides, padding, dilation = _prepare(
        owner, inputs, kernel, strides, padding, data_format, dilation_rate
    )
    channels, kernel_in = _channels(inputs, data_format), kernel.shape[-2]
    if channels % kernel_in:
        raise ValueError(
            f"{owner}: the input has {channels} channels, which is not a multiple of the "
            f"kernel's in_channels {kernel_in} (kernel shape {tuple(kernel.shape)}). Expected "
            "kernel.shape[-2] == channels, or a divisor of it for a grouped convolution."
        )
    return _convolve(owner, inputs, kernel, strides, padding, data_format, dilation,
                     channels // kernel_in)


def _check_depthwise(owner, inputs, kernel, data_format):
    channels = _channels(inputs, data_format)
    if kernel.shape[-2] != channels:
        raise ValueError(
            f"{owner}: the depthwise kernel of shape {tuple(kernel.shape)} has "
            f"in_channels {kernel.shape[-2]} but the input has {channels} channels; "
            "expected a kernel of shape (*kernel_size, channels, depth_multiplier)."
        )
    return channels


@symbolic_aware
def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None,
                   dilation_rate=1):
    """Convolve each input channel with its own ``depth_multiplier`` filters.

    ``kernel``: ``(*kernel_size, channels, depth_multiplier)``; output channels are
    ``channels * depth_multiplier``.

    >>> import numpy as np
    >>> depthwise_conv(np.ones((1, 4, 4, 3)), np.ones((2, 2, 3, 2))).shape
    (1, 3, 3, 6)
    """
    owner = "ops.depthwise_conv"
    inputs, kernel, data_format, strides, padding, dilation = _prepare(
        owner, inputs, kernel, strides, padding, data_format, dilation_rate
    )
    channels = _check_depthwise(owner, inputs, kernel, data_format)
    kernel = jnp.reshape(kernel, kernel.shape[:-2] + (1, channels * kernel.shape[-1]))
    return _convolve(owner, inputs, kernel, strides, padding, data_format, dilation, channels)


@symbolic_aware
def separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1, padding="valid",
                   data_format=None, dilation_rate=1):
    """Depthwise convolution followed by a 1x1 (pointwise) convolution.

    >>> import numpy as np
    >>> separable_conv(np.ones((1, 4, 4, 3)), np.ones((2, 2, 3, 2)),
    ...                np.ones((1, 1, 6, 5))).shape
    (1, 3, 3, 5)
    """
    depthwise = depthwise_conv.eager(
        inputs, depthwise_kernel, strides, padding, data_format, dilation_rate
    )
    return conv.eager(depthwise, pointwise_kernel, 1, "valid", data_format, 1)


def transpose_padding(kernel_size, stride, dilation, padding, output_padding):
    """Keras' ``(low, high)`` padding of the stride-dilated input of a transposed conv.

    ``"valid"`` gives ``(n - 1) * s + max(k, s)`` outputs (plus ``output_padding`` when
    given); ``"same"`` gives ``n * s``, or ``(n - 1) * s + k % 2 + output_padding``.

    >>> transpose_padding(3, 2, 1, "valid", None), transpose_padding(3, 2, 1, "same", None)
    ((2, 2), (2, 1))
    """
    window = (kernel_size - 1) * dilation + 1
    if padding == "valid":
        extra = max(window, stride) - window if output_padding is None else output_padding
        return window - 1, window - 1 + extra
    if output_padding is None:
        total = stride + window - 2
    else:
        total = window + window % 2 - 2 + output_padding
    low = min(total // 2 + total % 2, window - 1)
    return low, total - low


@symbolic_aware
def conv_transpose(inputs, kernel, strides=1, padding="valid", output_padding=None,
                   data_format=None, dilation_rate=1):
    """Transposed convolution (the gradient of ``conv`` with respect to its input).

    ``kernel``: ``(*kernel_size, out_channels, in_channels)``, as Keras'
    ``Conv*Transpose`` layers store it.

    >>> import numpy as np
    >>> conv_transpose(np.ones((1, 3, 3, 2)), np.ones((3, 3, 4, 2)), strides=2,
    ...                padding="same").shape
    (1, 6, 6, 4)
    """
    owner = "ops.conv_transpose"
    inputs, kernel, data_format, strides, padding, dilation = _prepare(
        owner, inputs, kernel, strides, padding, data_format, dilation_rate
    )
    rank = inputs.ndim - 2
    channels = _channels(inputs, data_format)
    if kernel.shape[-1] != channels:
        raise ValueError(
            f"{owner}: the kernel of shape {tuple(kernel.shape)} takes {kernel.shape[-1]} "
            f"input channels (its last axis) but the input has {channels}; expected "
            "(*kernel_size, out_channels, in_channels)."
        )
    if output_padding is None or isinstance(output_padding, int):
        output_padding = (output_padding,) * rank
    pads = [
        transpose_padding(k, s, d, padding.lower(), p)
        for k, s, d, p in zip(kernel.shape[:rank], strides, dilation, output_padding)
    ]
    flipped = jnp.swapaxes(jnp.flip(kernel, axis=tuple(range(rank))), -1, -2)
    return jax.lax.conv_general_dilated(
        inputs, flipped, (1,) * rank, pads, lhs_dilation=strides, rhs_dilation=dilation,
        dimension_numbers=_dimension_numbers(rank, data_format),
    )
