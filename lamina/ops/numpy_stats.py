"""Statistics ops: weighted average, quantiles, histograms, counts, correlation.

>>> import numpy as np
>>> float(average(np.array([1.0, 3.0]), weights=np.array([3.0, 1.0])))
1.5
"""

import jax.numpy as jnp

from lamina import config
from lamina.core.convert import convert_to_tensor
from lamina.core.keras_tensor import KerasTensor
from lamina.ops.dispatch import symbolic_aware
from lamina.ops.numpy_spec import axis_arg, dtype_name, float_result_dtype, to_tensor, with_spec

__all__ = [
    "average",
    "quantile",
    "percentile",
    "nanquantile",
    "nanpercentile",
    "corrcoef",
    "trapezoid",
    "histogram",
    "bincount",
]


@symbolic_aware
def average(x, axis=None, weights=None):
    """Weighted mean over ``axis``; integer inputs give floatx.

    >>> average(jnp.array([[1, 2], [3, 4]]), axis=1).tolist()
    [1.5, 3.5]
    """
    x = convert_to_tensor(x)
    if weights is None:
        return jnp.average(x.astype(float_result_dtype(x.dtype)), axis=axis_arg(axis))
    weights = convert_to_tensor(weights)
    dtype = float_result_dtype(x.dtype, weights.dtype)
    return jnp.average(x.astype(dtype), axis=axis_arg(axis), weights=weights.astype(dtype))


def _quantile_family(jnp_fn, name, summary, example, int64_to_floatx=False):
    @symbolic_aware
    def fn(x, q, axis=None, method="linear", keepdims=False):
        x, q = to_tensor((x, q))
        if int64_to_floatx and dtype_name(x) == "int64":
            x = x.astype(config.floatx())
        return jnp_fn(x, q, axis=axis_arg(axis), method=method, keepdims=keepdims)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (
        f"{summary} of ``x`` over ``axis``; ``method`` picks the interpolation "
        "(linear, lower, higher, midpoint, nearest).\n\n"
        f"    >>> {example}\n"
    )
    return fn


_DATA = "jnp.array([1.0, 2.0, 3.0, 4.0])"
quantile = _quantile_family(
    jnp.quantile,
    "quantile",
    "The ``q``-th quantiles (q in [0, 1])",
    f"quantile({_DATA}, 0.5).tolist()\n    2.5",
    int64_to_floatx=True,
)
percentile = _quantile_family(
    jnp.percentile,
    "percentile",
    "The ``q``-th percentiles (q in [0, 100])",
    f"percentile({_DATA}, 50.0).tolist()\n    2.5",
)
nanquantile = _quantile_family(
    jnp.nanquantile,
    "nanquantile",
    "The ``q``-th quantiles ignoring NaN",
    "nanquantile(jnp.array([1.0, jnp.nan, 3.0]), 0.5).tolist()\n    2.0",
)
nanpercentile = _quantile_family(
    jnp.nanpercentile,
    "nanpercentile",
    "The ``q``-th percentiles ignoring NaN",
    "nanpercentile(jnp.array([1.0, jnp.nan, 3.0]), 50.0).tolist()\n    2.0",
)


@symbolic_aware
def corrcoef(x):
    """Pearson correlation matrix of the rows (variables) of ``x``.

    >>> corrcoef(jnp.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]])).round(3).tolist()
    [[1.0, -1.0], [-1.0, 1.0]]
    """
    return jnp.corrcoef(convert_to_tensor(x))


@symbolic_aware
def trapezoid(y, x=None, dx=1.0, axis=-1):
    """Integral of ``y`` along ``axis`` by the trapezoidal rule (sample points ``x`` or
    spacing ``dx``).

    >>> float(trapezoid(jnp.array([1.0, 2.0, 3.0])))
    4.0
    """
    y, x, dx = to_tensor((y, x, dx))
    return jnp.trapezoid(y, x, dx=dx, axis=axis)


def _check_histogram_args(bins, range):
    if not isinstance(bins, int) or isinstance(bins, bool):
        raise TypeError(
            f"histogram: `bins` must be a Python int (the number of bins). Received: bins={bins!r}."
        )
    if bins < 0:
        raise ValueError(f"histogram: `bins` must be >= 0. Received: bins={bins}.")
    if range:
        if not isinstance(range, tuple) or len(range) < 2:
            raise ValueError(
                f"histogram: `range` must be a tuple (lower, upper). Received: range={range!r}."
            )
        if range[1] < range[0]:
            raise ValueError(
                f"histogram: `range` must have upper >= lower. Received: range={range!r}."
            )


@symbolic_aware
def _histogram(x, bins=10, range=None):
    x = convert_to_tensor(x)
    if x.ndim > 1:
        raise ValueError(
            f"histogram takes a 1-D tensor. Received: input.shape={x.shape}. "
            "Fix: flatten it first with ops.ravel(x)."
        )
    return jnp.histogram(x, bins=bins, range=range)


_histogram.__name__ = "histogram"


def histogram(x, bins=10, range=None):
    """Counts of ``x`` in ``bins`` equal-width bins over ``range`` (the data's min/max when
    None); returns ``(counts, bin_edges)``.

    >>> counts, edges = histogram(jnp.array([0.0, 1.0, 1.0, 3.0]), bins=3)
    >>> counts.tolist(), edges.tolist()
    ([1.0, 2.0, 1.0], [0.0, 1.0, 2.0, 3.0])
    """
    _check_histogram_args(bins, range)
    return _histogram(x, bins=bins, range=range)


def _bincount_spec(x, weights=None, minlength=0, sparse=False):
    if weights is None:
        dtype = "int32"
    elif isinstance(weights, KerasTensor):
        dtype = weights.dtype
    else:
        dtype = dtype_name(convert_to_tensor(weights))
    return KerasTensor(tuple(x.shape[:-1]) + (None,), dtype)


@with_spec(_bincount_spec)
def bincount(x, weights=None, minlength=0, sparse=False):
    """How often each non-negative integer occurs in ``x`` (1-D, or 2-D counted row by
    row); with ``weights``, the sum of the weights at each value instead.

    The output length depends on the values (``max(x) + 1``, at least ``minlength``),
    so symbolic outputs have an unknown last dimension.

    >>> bincount(jnp.array([1, 2, 2, 3])).tolist()
    [0, 1, 2, 1]
    """
    if sparse:
        raise ValueError(
            "bincount: lamina arrays are dense, so `sparse=True` is not available. "
            "Fix: call bincount(x, ...) with sparse=False (the default)."
        )
    x = convert_to_tensor(x)
    weights = None if weights is None else convert_to_tensor(weights)
    if x.ndim == 2:
        length = max(int(jnp.max(x)) + 1 if x.size else 0, minlength)
        rows = [
            jnp.bincount(row, None if weights is None else weights[i], length=length)
            for i, row in enumerate(x)
        ]
        return jnp.stack(rows)
    return jnp.bincount(x, weights, minlength=minlength)
