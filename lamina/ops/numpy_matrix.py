"""Matrix and vector products and diagonals: diag, trace, cross, kron, slogdet...

>>> import numpy as np
>>> trace(np.eye(3)).tolist()
3.0
"""

import jax.numpy as jnp

from lamina.core.convert import convert_to_tensor
from lamina.ops.dispatch import symbolic_aware
from lamina.ops.numpy_spec import to_tensor

__all__ = [
    "diag",
    "diagflat",
    "diagonal",
    "trace",
    "cross",
    "inner",
    "kron",
    "vdot",
    "correlate",
    "slogdet",
    "vander",
]


@symbolic_aware
def diag(x, k=0):
    """The ``k``-th diagonal of a 2-D ``x``, or a 2-D array with 1-D ``x`` on that
    diagonal.

    >>> diag(jnp.array([1, 2])).tolist()
    [[1, 0], [0, 2]]
    """
    x = convert_to_tensor(x)
    if x.ndim not in (1, 2):
        raise ValueError(
            f"diag takes a 1-D or 2-D array. Received: x.shape={x.shape}. "
            "Fix: use ops.diagonal for the diagonals of higher-rank arrays."
        )
    return jnp.diag(x, k=k)


@symbolic_aware
def diagflat(x, k=0):
    """A 2-D array with the flattened ``x`` on its ``k``-th diagonal.

    >>> diagflat(jnp.array([[1, 2]])).tolist()
    [[1, 0], [0, 2]]
    """
    return jnp.diagflat(convert_to_tensor(x), k=k)


@symbolic_aware
def diagonal(x, offset=0, axis1=0, axis2=1):
    """The diagonal at ``offset`` of the planes spanned by ``axis1`` and ``axis2`` (placed
    last in the output).

    >>> diagonal(jnp.array([[1, 2], [3, 4]])).tolist()
    [1, 4]
    """
    x = convert_to_tensor(x)
    if x.ndim < 2 or axis1 % x.ndim == axis2 % x.ndim:
        raise ValueError(
            "diagonal needs an array of at least 2 dimensions and two different axes. "
            f"Received: x.shape={x.shape}, axis1={axis1}, axis2={axis2}."
        )
    return jnp.diagonal(x, offset=offset, axis1=axis1, axis2=axis2)


@symbolic_aware
def trace(x, offset=0, axis1=0, axis2=1):
    """Sum along the diagonal at ``offset`` of the planes of ``axis1`` and ``axis2``.

    >>> trace(jnp.array([[1, 2], [3, 4]])).tolist()
    5
    """
    return jnp.trace(convert_to_tensor(x), offset=offset, axis1=axis1, axis2=axis2)


@symbolic_aware
def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """Cross product of 3-vectors (or 2-vectors) held along ``axisa``/``axisb``; ``axis``
    overrides all three axes.

    >>> cross(jnp.array([1.0, 0.0, 0.0]), jnp.array([0.0, 1.0, 0.0])).tolist()
    [0.0, 0.0, 1.0]
    """
    x1, x2 = to_tensor((x1, x2))
    return jnp.cross(x1, x2, axisa=axisa, axisb=axisb, axisc=axisc, axis=axis)


@symbolic_aware
def inner(x1, x2):
    """Inner product over the last axes of ``x1`` and ``x2``.

    >>> inner(jnp.array([1, 2]), jnp.array([3, 4])).tolist()
    11
    """
    return jnp.inner(*to_tensor((x1, x2)))


@symbolic_aware
def kron(x1, x2):
    """Kronecker product: ``x2`` scaled by each entry of ``x1``, tiled in blocks.

    >>> kron(jnp.array([1, 10]), jnp.array([1, 2])).tolist()
    [1, 2, 10, 20]
    """
    return jnp.kron(*to_tensor((x1, x2)))


@symbolic_aware
def vdot(x1, x2):
    """Dot product of the flattened inputs (conjugating ``x1`` when complex).

    >>> vdot(jnp.array([[1, 2]]), jnp.array([3, 4])).tolist()
    11
    """
    return jnp.vdot(*to_tensor((x1, x2)))


@symbolic_aware
def correlate(x1, x2, mode="valid"):
    """Cross-correlation of two 1-D arrays; ``mode`` is ``"valid"``, ``"same"`` or
    ``"full"``.

    >>> correlate(jnp.array([1.0, 2.0, 3.0]), jnp.array([0.0, 1.0])).tolist()
    [2.0, 3.0]
    """
    x1, x2 = to_tensor((x1, x2))
    if x1.ndim != 1 or x2.ndim != 1:
        raise ValueError(
            f"correlate takes two 1-D arrays. Received: x1.shape={x1.shape}, x2.shape={x2.shape}."
        )
    return jnp.correlate(x1, x2, mode=mode)


@symbolic_aware
def slogdet(x):
    """``(sign, log|det|)`` of square matrices ``x`` (batched over leading axes).

    >>> sign, logdet = slogdet(jnp.array([[2.0, 0.0], [0.0, 3.0]]))
    >>> float(sign), round(float(logdet), 4)
    (1.0, 1.7918)
    """
    return tuple(jnp.linalg.slogdet(convert_to_tensor(x)))


@symbolic_aware
def _vander(x, N=None, increasing=False):
    return jnp.vander(convert_to_tensor(x), N=N, increasing=increasing)


_vander.__name__ = "vander"


def vander(x, N=None, increasing=False):
    """Vandermonde matrix: columns are powers of the 1-D ``x`` (``N`` columns, highest
    power first unless ``increasing``).

    >>> vander(jnp.array([1, 2, 3]), N=3).tolist()
    [[1, 1, 1], [4, 2, 1], [9, 3, 1]]
    """
    if not hasattr(x, "shape"):
        x = convert_to_tensor(x)
    if len(x.shape) != 1:
        raise ValueError(f"vander takes a 1-D tensor. Received: input.shape={x.shape}.")
    if N is not None:
        if not isinstance(N, int):
            raise TypeError(f"vander: `N` must be a Python int. Received: N={N!r}.")
        if N < 0:
            raise ValueError(f"vander: `N` must be non-negative. Received: N={N}.")
    if not isinstance(increasing, bool):
        raise TypeError(
            f"vander: `increasing` must be a bool. Received: increasing={increasing!r}."
        )
    return _vander(x, N=N, increasing=increasing)
