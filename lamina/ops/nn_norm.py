"""Normalization and encoding ops of ``keras.ops.nn``: batch / layer / RMS normalization,
``normalize``, ``psnr``, ``multi_hot`` and ``polar``.

Layer and RMS normalization compute in at least float32 and return the input dtype, as
Keras does for half-precision training.

>>> import numpy as np
>>> [round(v, 4) for v in layer_normalization(np.arange(3.0, dtype="float32")).tolist()]
[-1.2247, 0.0, 1.2247]
"""

import jax
import jax.numpy as jnp

from lamina import config
from lamina.core.convert import convert_to_tensor, standardize_dtype
from lamina.ops.dispatch import symbolic_aware

__all__ = [
    "batch_normalization", "layer_normalization", "multi_hot", "normalize", "polar",
    "psnr", "rms_normalization",
]


def _float(x):
    x = convert_to_tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        x = x.astype(config.floatx())
    return x


def _axes(axis, ndim):
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    return tuple(sorted(a % ndim for a in axes))


def _along(v, ndim, axes, shape, dtype):
    """``v`` (shaped like the normalized axes, or broadcastable) reshaped to broadcast."""
    if v is None:
        return None
    v = convert_to_tensor(v).astype(dtype)
    if v.ndim != ndim and axes != (ndim - 1,):
        v = jnp.reshape(v, [shape[i] if i in axes else 1 for i in range(ndim)])
    return v


@symbolic_aware
def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    """``(x - mean) / sqrt(variance + epsilon) * scale + offset``, the vectors indexing
    ``axis`` of ``x``.

    >>> import numpy as np
    >>> batch_normalization(np.array([[1.0, 4.0]]), np.array([1.0, 2.0]),
    ...                     np.array([1.0, 4.0]), axis=-1, epsilon=0.0).tolist()
    [[0.0, 1.0]]
    """
    x = _float(x)
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]

    def vector(v):
        return None if v is None else jnp.reshape(convert_to_tensor(v).astype(x.dtype), shape)

    inv = jax.lax.rsqrt(vector(variance) + epsilon)
    if scale is not None:
        inv = inv * vector(scale)
    shift = -vector(mean) * inv
    if offset is not None:
        shift = shift + vector(offset)
    return x * inv + shift


@symbolic_aware
def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None):
    """Normalize each example over ``axis`` to zero mean and unit variance, then
    ``* gamma + beta`` (``epsilon`` defaults to ``config.epsilon()``).

    >>> import numpy as np
    >>> layer_normalization(np.array([1.0, 3.0]), epsilon=0.0).tolist()
    [-1.0, 1.0]
    """
    x = convert_to_tensor(x)
    dtype = x.dtype
    x = x.astype(jnp.promote_types(_float(x).dtype, jnp.float32))
    epsilon = config.epsilon() if epsilon is None else epsilon
    axes = _axes(axis, x.ndim)
    mean = jnp.mean(x, axis=axes, keepdims=True)
    variance = jnp.var(x, axis=axes, keepdims=True)
    inv = jax.lax.rsqrt(variance + epsilon)
    gamma = _along(gamma, x.ndim, axes, x.shape, x.dtype)
    beta = _along(beta, x.ndim, axes, x.shape, x.dtype)
    if gamma is not None:
        inv = inv * gamma
    out = x * inv - mean * inv
    if beta is not None:
        out = out + beta
    return out.astype(dtype if jnp.issubdtype(dtype, jnp.inexact) else out.dtype)


@symbolic_aware
def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """``x / sqrt(mean(x**2 over axis) + epsilon) * scale`` (Zhang & Sennrich, 2019).

    >>> import numpy as np
    >>> x = np.array([3.0, 4.0, 0.0, 0.0], "float32") * 2 ** 0.5
    >>> [round(v, 4) for v in rms_normalization(x, epsilon=0.0).tolist()]
    [1.2, 1.6, 0.0, 0.0]
    """
    x = convert_to_tensor(x)
    dtype = x.dtype
    x = x.astype(jnp.promote_types(_float(x).dtype, jnp.float32))
    if x.ndim == 0:
        x = x[None]
    epsilon = config.epsilon() if epsilon is None else epsilon
    axes = _axes(axis, x.ndim)
    out = x * jax.lax.rsqrt(jnp.mean(jnp.square(x), axis=axes, keepdims=True) + epsilon)
    if scale is not None:
        out = out * convert_to_tensor(scale).astype(x.dtype)
    return out.astype(dtype if jnp.issubdtype(dtype, jnp.inexact) else out.dtype)


@symbolic_aware
def normalize(x, axis=-1, order=2, epsilon=None):
    """``x / max(norm(x, order, axis), epsilon)`` (``epsilon``: ``config.epsilon()``).

    >>> import numpy as np
    >>> normalize(np.array([3.0, 4.0])).tolist()
    [0.6000000238418579, 0.800000011920929]
    """
    if isinstance(order, bool) or not isinstance(order, int) or order < 1:
        raise ValueError(f"ops.normalize: order must be an int >= 1, received order={order!r}.")
    x = _float(x)
    if x.ndim == 0:
        x = x[None]
    epsilon = config.epsilon() if epsilon is None else epsilon
    if order == 2:
        inv = jax.lax.rsqrt(jnp.sum(jnp.square(x), axis=axis, keepdims=True))
        return x * jnp.minimum(inv, 1.0 / epsilon)
    axes = axis if isinstance(axis, int) else tuple(axis)
    norm = jnp.linalg.norm(x, ord=order, axis=axes, keepdims=True)
    return x / jnp.maximum(norm, epsilon)


@symbolic_aware
def psnr(x1, x2, max_val):
    """Peak signal-to-noise ratio ``20 log10(max_val) - 10 log10(mse)`` over all entries.

    >>> import numpy as np
    >>> round(float(psnr(np.zeros(4), np.full(4, 0.1), 1.0)), 4)
    20.0
    """
    x1, x2 = _float(x1), _float(x2)
    if x1.shape != x2.shape:
        raise ValueError(
            f"ops.psnr: x1 and x2 must have the same shape, received {tuple(x1.shape)} and "
            f"{tuple(x2.shape)}."
        )
    mse = jnp.mean(jnp.square(x1 - x2))
    return 20 * jnp.log10(jnp.asarray(max_val, x2.dtype)) - 10 * jnp.log10(mse)


@symbolic_aware
def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    """Multi-hot encoding: 1 for every class present in a sample of integer labels.

    A 1-D input is one sample; for a batch the labels of each row are combined.
    ``num_tokens`` is accepted as an alias of ``num_classes``. ``sparse=True`` is not
    supported (lamina has no sparse tensors).

    >>> multi_hot([[0, 2], [1, 1]], num_classes=3).tolist()
    [[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """
    if num_classes is None:
        num_classes = kwargs.pop("num_tokens", None)
    if kwargs:
        raise TypeError(f"ops.multi_hot: unexpected arguments {sorted(kwargs)}.")
    if num_classes is None:
        raise ValueError("ops.multi_hot: num_classes is required (an int > 0).")
    if sparse:
        raise ValueError("ops.multi_hot: sparse=True is not supported; pass sparse=False.")
    x = convert_to_tensor(inputs).astype("int32")
    encoded = jax.nn.one_hot(x, num_classes, axis=axis, dtype=standardize_dtype(dtype))
    return jnp.max(encoded, axis=1 if x.ndim > 1 else 0)


@symbolic_aware
def polar(abs_, angle):
    """The complex numbers ``abs_ * (cos(angle) + i sin(angle))``.

    >>> polar([2.0], [0.0]).tolist()
    [(2+0j)]
    """
    abs_, angle = _float(abs_), _float(angle)
    return jax.lax.complex(abs_ * jnp.cos(angle), abs_ * jnp.sin(angle))
