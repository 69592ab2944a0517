"""Argument checks and shape arithmetic shared by the convolution and pooling layers.

>>> standardize_tuple(3, 2, "kernel_size", "Conv2D 'c'")
(3, 3)
>>> conv_output_length(10, 3, "valid", 2, 1)
4
>>> dimension_numbers(2, "channels_first")
('NCHW', 'HWIO', 'NCHW')
"""

from lamina import config
from lamina.ops.nn_conv import transpose_padding as transpose_padding

_SPATIAL_LETTERS = {1: "W", 2: "HW", 3: "DHW"}


def standardize_tuple(value, n, arg_name, owner, allow_zero=False):
    """``value`` (an int or ``n`` ints) as a tuple of ``n`` ints, validated.

    >>> standardize_tuple([1, 2], 2, "strides", "MaxPooling2D 'p'")
    (1, 2)
    """
    if isinstance(value, int) and not isinstance(value, bool):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            values = None
        if values is None or len(values) != n or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in values
        ):
            raise ValueError(
                f"{owner}: {arg_name} must be an int or a tuple/list of {n} ints, received "
                f"{arg_name}={value!r}."
            )
    lowest = 0 if allow_zero else 1
    if any(v < lowest for v in values):
        bound = "non-negative" if allow_zero else "positive"
        raise ValueError(
            f"{owner}: every value of {arg_name} must be {bound}, received "
            f"{arg_name}={value!r}."
        )
    return tuple(int(v) for v in values)


def standardize_padding(value, owner, allow_causal=False):
    """Lower-cased ``"valid"`` / ``"same"`` (/ ``"causal"``), or a clear error.

    >>> standardize_padding("SAME", "Conv2D 'c'")
    'same'
    """
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    if not isinstance(value, str) or value.lower() not in allowed:
        raise ValueError(
            f"{owner}: padding must be one of {list(allowed)}, received padding={value!r}."
        )
    return value.lower()


def standardize_data_format(value, owner):
    """``data_format`` or, when None, ``lamina.config.image_data_format()``.

    >>> standardize_data_format(None, "Conv2D 'c'") in ("channels_last", "channels_first")
    True
    """
    if value is None:
        return config.image_data_format()
    if not isinstance(value, str) or value.lower() not in ("channels_last", "channels_first"):
        raise ValueError(
            f"{owner}: data_format must be 'channels_last' or 'channels_first', received "
            f"data_format={value!r}."
        )
    return value.lower()


def dimension_numbers(rank, data_format, transposed_kernel=False):
    """``lax.conv_general_dilated`` dimension numbers for Keras layouts.

    The kernel is ``(spatial..., in, out)``; with ``transposed_kernel`` it is
    ``(spatial..., out, in)`` (the layout of Keras' transposed convolutions).

    >>> dimension_numbers(1, "channels_last", transposed_kernel=True)
    ('NWC', 'WOI', 'NWC')
    """
    spatial = _SPATIAL_LETTERS[rank]
    data = f"N{spatial}C" if data_format == "channels_last" else f"NC{spatial}"
    kernel = f"{spatial}OI" if transposed_kernel else f"{spatial}IO"
    return data, kernel, data


def channel_axis(data_format):
    """Index of the channel axis of a batch for ``data_format``.

    >>> channel_axis("channels_last"), channel_axis("channels_first")
    (-1, 1)
    """
    return -1 if data_format == "channels_last" else 1


def spatial_dims(shape, data_format):
    """The spatial sizes of a batch shape.

    >>> spatial_dims((None, 3, 8, 9), "channels_first")
    (8, 9)
    """
    shape = tuple(shape)
    return shape[1:-1] if data_format == "channels_last" else shape[2:]


def with_spatial(shape, data_format, spatial, channels):
    """A batch shape with new spatial sizes and channel count.

    >>> with_spatial((None, 8, 9, 3), "channels_last", (4, 5), 16)
    (None, 4, 5, 16)
    """
    if data_format == "channels_last":
        return (shape[0], *spatial, channels)
    return (shape[0], channels, *spatial)


def conv_output_length(length, kernel_size, padding, stride, dilation):
    """Output length along one axis of a convolution or pooling window (None stays None).

    >>> conv_output_length(7, 3, "same", 2, 1), conv_output_length(None, 3, "valid", 1, 1)
    (4, None)
    """
    if length is None:
        return None
    window = (kernel_size - 1) * dilation + 1
    if padding == "valid":
        return (length - window) // stride + 1
    return (length - 1) // stride + 1


def same_padding(length, window, stride):
    """``(low, high)`` padding of a ``"same"`` window (extra on the high side, as XLA/TF).

    >>> same_padding(5, 3, 2)
    (1, 1)
    """
    out = (length - 1) // stride + 1
    total = max((out - 1) * stride + window - length, 0)
    return total // 2, total - total // 2


def transpose_output_length(length, kernel_size, stride, dilation, padding, output_padding):
    """Output length along one axis of a transposed convolution (None stays None).

    >>> transpose_output_length(4, 3, 2, 1, "same", None)
    8
    """
    if length is None:
        return None
    low, high = transpose_padding(kernel_size, stride, dilation, padding, output_padding)
    window = (kernel_size - 1) * dilation + 1
    dilated = (length - 1) * stride + 1
    return dilated + low + high - window + 1
