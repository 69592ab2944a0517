"""Rearranging ops of ``keras.ops.nn``: ``depth_to_space`` / ``space_to_depth`` (pixel
shuffle) and ``unfold`` / ``fold`` (im2col / col2im on ``(N, C, H, W)`` images).

>>> import numpy as np
>>> x = np.arange(8.0).reshape(1, 1, 2, 4)
>>> bool((depth_to_space(space_to_depth(x, 2, "channels_first"), 2, "channels_first")
...       == x).all())
True
"""

import jax
import jax.numpy as jnp

from lamina.core.convert import convert_to_tensor
from lamina.ops.dispatch import symbolic_aware
from lamina.ops.nn_conv import data_format_of

__all__ = ["depth_to_space", "fold", "space_to_depth", "unfold"]


def _check_rank4(owner, x):
    if x.ndim != 4:
        raise ValueError(
            f"ops.{owner}: expected a 4-D batch of images, received shape {tuple(x.shape)}."
        )


@symbolic_aware
def depth_to_space(x, block_size, data_format="channels_last"):
    """Move channels into ``block_size x block_size`` spatial blocks: ``(N, H, W, C)`` to
    ``(N, H * b, W * b, C / b**2)``.

    Channel order follows Keras: block-major for ``channels_last`` (as TensorFlow),
    channel-major for ``channels_first`` (as PyTorch's ``pixel_shuffle``).

    >>> import numpy as np
    >>> depth_to_space(np.arange(4.0).reshape(1, 1, 1, 4), 2)[0, ..., 0].tolist()
    [[0.0, 1.0], [2.0, 3.0]]
    """
    x = convert_to_tensor(x)
    _check_rank4("depth_to_space", x)
    b = block_size
    if data_format_of(data_format, "ops.depth_to_space") == "channels_last":
        n, h, w, c = x.shape
        _check_channels(c, b)
        x = x.reshape(n, h, w, b, b, c // b**2).transpose(0, 1, 3, 2, 4, 5)
        return x.reshape(n, h * b, w * b, c // b**2)
    n, c, h, w = x.shape
    _check_channels(c, b)
    x = x.reshape(n, c // b**2, b, b, h, w).transpose(0, 1, 4, 2, 5, 3)
    return x.reshape(n, c // b**2, h * b, w * b)


def _check_channels(channels, b):
    if channels % (b * b):
        raise ValueError(
            f"ops.depth_to_space: the channel count {channels} must be divisible by "
            f"block_size**2 = {b * b}."
        )


@symbolic_aware
def space_to_depth(x, block_size, data_format="channels_last"):
    """Inverse of ``depth_to_space``: ``(N, H, W, C)`` to ``(N, H / b, W / b, C * b**2)``.

    >>> import numpy as np
    >>> space_to_depth(np.arange(4.0).reshape(1, 2, 2, 1), 2)[0, 0, 0].tolist()
    [0.0, 1.0, 2.0, 3.0]
    """
    x = convert_to_tensor(x)
    _check_rank4("space_to_depth", x)
    b = block_size
    channels_last = data_format_of(data_format, "ops.space_to_depth") == "channels_last"
    n, h, w, c = x.shape if channels_last else (x.shape[0], *x.shape[2:], x.shape[1])
    if h % b or w % b:
        raise ValueError(
            f"ops.space_to_depth: height {h} and width {w} must be divisible by "
            f"block_size={b}."
        )
    if channels_last:
        x = x.reshape(n, h // b, b, w // b, b, c).transpose(0, 1, 3, 2, 4, 5)
        return x.reshape(n, h // b, w // b, c * b * b)
    x = x.reshape(n, c, h // b, b, w // b, b).transpose(0, 1, 3, 5, 2, 4)
    return x.reshape(n, c * b * b, h // b, w // b)


def _pair(value):
    return (value, value) if isinstance(value, int) else tuple(value)


def _unfold(x, kernel_size, dilation, padding, stride):
    p = _pair(padding)
    x = jnp.pad(x, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])))
    patches = jax.lax.conv_general_dilated_patches(
        x, _pair(kernel_size), _pair(stride), "VALID", rhs_dilation=_pair(dilation),
        dimension_numbers=("NCHW", "OIHW", "NCHW"),
    )
    return patches.reshape(patches.shape[0], patches.shape[1], -1)


@symbolic_aware
def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    """Sliding blocks of an ``(N, C, H, W)`` batch as columns: ``(N, C * kH * kW, L)``,
    ``L`` the number of block positions (PyTorch's ``nn.Unfold``).

    >>> import numpy as np
    >>> unfold(np.arange(9.0).reshape(1, 1, 3, 3), 2)[0].tolist()
    [[0.0, 1.0, 3.0, 4.0], [1.0, 2.0, 4.0, 5.0], [3.0, 4.0, 6.0, 7.0], [4.0, 5.0, 7.0, 8.0]]
    """
    x = convert_to_tensor(x)
    _check_rank4("unfold", x)
    return _unfold(x, kernel_size, dilation, padding, stride)


@symbolic_aware
def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Sum columns of sliding blocks ``(N, C * kH * kW, L)`` back into an
    ``(N, C, *output_size)`` image: the adjoint of ``unfold`` (PyTorch's ``nn.Fold``).

    >>> import numpy as np
    >>> image = np.ones((1, 1, 3, 3), "float32")
    >>> fold(unfold(image, 2), (3, 3), 2)[0, 0].tolist()
    [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]
    """
    x = convert_to_tensor(x)
    if x.ndim != 3:
        raise ValueError(f"ops.fold: expected (N, C*kH*kW, L), received {tuple(x.shape)}.")
    kh, kw = _pair(kernel_size)
    if x.shape[1] % (kh * kw):
        raise ValueError(
            f"ops.fold: axis 1 of the input ({x.shape[1]}) must be a multiple of "
            f"kH * kW = {kh * kw}."
        )
    image = jax.ShapeDtypeStruct(
        (x.shape[0], x.shape[1] // (kh * kw), *_pair(output_size)), x.dtype
    )
    blocks = jax.eval_shape(
        lambda v: _unfold(v, kernel_size, dilation, padding, stride), image
    ).shape[-1]
    if x.shape[2] != blocks:
        raise ValueError(
            f"ops.fold: an output of size {tuple(image.shape[2:])} with these kernel_size, "
            f"dilation, padding and stride holds {blocks} blocks, but the input has "
            f"{x.shape[2]} (axis 2 of shape {tuple(x.shape)})."
        )
    transpose = jax.linear_transpose(
        lambda v: _unfold(v, kernel_size, dilation, padding, stride), image
    )
    return transpose(x)[0]
