"""Array creation: empty arrays, identity/triangle matrices, spaced ranges and windows.

``linspace``/``logspace``/``geomspace`` also take KerasTensor end points (then they
record a graph node). The window functions (``hamming``...) take the window length as a
value, so they refuse symbolic inputs.

>>> linspace(0.0, 1.0, num=3).tolist()
[0.0, 0.5, 1.0]
"""

import jax.numpy as jnp

from lamina import config
from lamina.core.convert import convert_to_tensor, standardize_dtype
from lamina.ops.dispatch import symbolic_aware
from lamina.ops.numpy_spec import refuse_symbolic, to_tensor

__all__ = [
    "empty",
    "empty_like",
    "identity",
    "tri",
    "linspace",
    "logspace",
    "geomspace",
    "bartlett",
    "blackman",
    "hamming",
    "hanning",
    "kaiser",
]


def _dtype_or_floatx(dtype):
    return standardize_dtype(dtype or config.floatx())


def _optional_dtype(dtype):
    return None if dtype is None else standardize_dtype(dtype)


def empty(shape, dtype=None):
    """An array of ``shape`` (``dtype`` defaults to floatx); its values are unspecified
    (zeros under JAX).

    >>> empty((2, 3)).shape
    (2, 3)
    """
    return jnp.empty(shape, dtype=_dtype_or_floatx(dtype))


@symbolic_aware
def empty_like(x, dtype=None):
    """An array shaped like ``x`` (its dtype unless ``dtype`` is given); values unspecified.

    >>> empty_like(jnp.ones((2, 2), "int32")).dtype.name
    'int32'
    """
    return jnp.empty_like(convert_to_tensor(x), dtype=_optional_dtype(dtype))


def identity(n, dtype=None):
    """The ``n`` x ``n`` identity matrix (``dtype`` defaults to floatx).

    >>> identity(2).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    return jnp.identity(n, dtype=_dtype_or_floatx(dtype))


def tri(N, M=None, k=0, dtype=None):
    """An ``N`` x ``M`` matrix with ones at and below the ``k``-th diagonal.

    >>> tri(2, 3).tolist()
    [[1.0, 0.0, 0.0], [1.0, 1.0, 0.0]]
    """
    return jnp.tri(N, M=M, k=k, dtype=_dtype_or_floatx(dtype))


@symbolic_aware
def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """``num`` evenly spaced values from ``start`` to ``stop`` (included when
    ``endpoint``); with ``retstep`` also returns the spacing.

    >>> values, step = linspace(0.0, 1.0, num=4, endpoint=False, retstep=True)
    >>> values.tolist(), float(step)
    ([0.0, 0.25, 0.5, 0.75], 0.25)
    """
    start, stop = to_tensor((start, stop))
    return jnp.linspace(
        start,
        stop,
        num=num,
        endpoint=endpoint,
        retstep=retstep,
        dtype=_optional_dtype(dtype),
        axis=axis,
    )


@symbolic_aware
def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    """``num`` values evenly spaced on a log scale, from ``base**start`` to
    ``base**stop``.

    >>> logspace(0.0, 2.0, num=3).tolist()
    [1.0, 10.0, 100.0]
    """
    start, stop = to_tensor((start, stop))
    return jnp.logspace(
        start, stop, num=num, endpoint=endpoint, base=base, dtype=_optional_dtype(dtype), axis=axis
    )


@symbolic_aware
def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """``num`` values in geometric progression from ``start`` to ``stop``.

    >>> [round(v, 3) for v in geomspace(1.0, 100.0, num=3).tolist()]
    [1.0, 10.0, 100.0]
    """
    start, stop = to_tensor((start, stop))
    return jnp.geomspace(
        start, stop, num=num, endpoint=endpoint, dtype=_optional_dtype(dtype), axis=axis
    )


def _window(jnp_fn, name, summary):
    def fn(x):
        refuse_symbolic(name, (x,))
        return jnp_fn(convert_to_tensor(x)).astype(config.floatx())

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (
        f"The {summary} window of length ``x`` (a Python int), in floatx.\n\n"
        f"    >>> {name}(3).shape\n    (3,)\n"
    )
    return fn


bartlett = _window(jnp.bartlett, "bartlett", "Bartlett (triangular)")
blackman = _window(jnp.blackman, "blackman", "Blackman")
hamming = _window(jnp.hamming, "hamming", "Hamming")
hanning = _window(jnp.hanning, "hanning", "Hann")


def kaiser(x, beta):
    """The Kaiser window of length ``x`` (a Python int) and shape parameter ``beta``.

    >>> kaiser(4, beta=5.0).shape
    (4,)
    """
    refuse_symbolic("kaiser", (x,))
    return jnp.kaiser(convert_to_tensor(x), beta).astype(config.floatx())
