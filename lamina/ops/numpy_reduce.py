"""Reductions and cumulative ops, including the NaN-ignoring family (``nansum``...).

Each op works on arrays and records a graph node on KerasTensors (its output spec
traced with ``jax.eval_shape``). Reductions cannot carry a mask: a masked symbolic
input raises ``MaskNotSupportedError``.

>>> import numpy as np
>>> float(nansum(np.array([1.0, np.nan, 2.0])))
3.0
"""

import jax.numpy as jnp

from lamina import config
from lamina.core.convert import convert_to_tensor, standardize_dtype
from lamina.ops.dispatch import symbolic_aware
from lamina.ops.numpy_spec import axis_arg, dtype_name

__all__ = [
    "nanargmax",
    "nanargmin",
    "nanmax",
    "nanmin",
    "nanmean",
    "nanmedian",
    "nanprod",
    "nanstd",
    "nansum",
    "nanvar",
    "ptp",
    "median",
    "count_nonzero",
    "cumprod",
    "nancumprod",
    "nancumsum",
]


def _reduction(jnp_fn, name, summary, example):
    @symbolic_aware
    def fn(x, axis=None, keepdims=False):
        return jnp_fn(convert_to_tensor(x), axis=axis_arg(axis), keepdims=keepdims)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"{summary} over ``axis`` (all axes when None).\n\n    >>> {example}\n"
    return fn


_NAN = "jnp.array([1.0, jnp.nan, 3.0])"
nanargmax = _reduction(
    jnp.nanargmax,
    "nanargmax",
    "Index of the maximum, ignoring NaN",
    f"int(nanargmax({_NAN}))\n    2",
)
nanargmin = _reduction(
    jnp.nanargmin,
    "nanargmin",
    "Index of the minimum, ignoring NaN",
    f"int(nanargmin({_NAN}))\n    0",
)
nanmax = _reduction(jnp.nanmax, "nanmax", "Maximum ignoring NaN", f"float(nanmax({_NAN}))\n    3.0")
nanmin = _reduction(jnp.nanmin, "nanmin", "Minimum ignoring NaN", f"float(nanmin({_NAN}))\n    1.0")
nanmean = _reduction(
    jnp.nanmean, "nanmean", "Mean ignoring NaN", f"float(nanmean({_NAN}))\n    2.0"
)
nanmedian = _reduction(
    jnp.nanmedian, "nanmedian", "Median ignoring NaN", f"float(nanmedian({_NAN}))\n    2.0"
)
nanprod = _reduction(
    jnp.nanprod, "nanprod", "Product treating NaN as 1", f"float(nanprod({_NAN}))\n    3.0"
)
nanstd = _reduction(
    jnp.nanstd, "nanstd", "Standard deviation ignoring NaN", f"float(nanstd({_NAN}))\n    1.0"
)
nansum = _reduction(
    jnp.nansum, "nansum", "Sum treating NaN as 0", f"float(nansum({_NAN}))\n    4.0"
)
nanvar = _reduction(
    jnp.nanvar, "nanvar", "Variance ignoring NaN", f"float(nanvar({_NAN}))\n    1.0"
)
ptp = _reduction(
    jnp.ptp,
    "ptp",
    "Range (maximum minus minimum)",
    "ptp(jnp.array([[1, 5], [2, 3]]), axis=1).tolist()\n    [4, 1]",
)


@symbolic_aware
def median(x, axis=None, keepdims=False):
    """Median over ``axis`` (all axes when None); integer inputs give floats.

    >>> float(median(jnp.array([3, 1, 2, 10])))
    2.5
    """
    x = convert_to_tensor(x)
    if dtype_name(x) == "int64":
        x = x.astype(config.floatx())
    return jnp.median(x, axis=axis_arg(axis), keepdims=keepdims)


@symbolic_aware
def count_nonzero(x, axis=None):
    """Number of non-zero entries over ``axis`` (int32).

    >>> count_nonzero(jnp.array([[0, 1], [2, 3]]), axis=0).tolist()
    [1, 2]
    """
    return jnp.count_nonzero(convert_to_tensor(x), axis=axis_arg(axis)).astype("int32")


def _cumulative(jnp_fn, name, summary, example):
    @symbolic_aware
    def fn(x, axis=None, dtype=None):
        dtype = None if dtype is None else standardize_dtype(dtype)
        return jnp_fn(convert_to_tensor(x), axis=axis, dtype=dtype)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (
        f"{summary} along ``axis`` (over the flattened array when None), "
        f"optionally in ``dtype``.\n\n    >>> {example}\n"
    )
    return fn


cumprod = _cumulative(
    jnp.cumprod,
    "cumprod",
    "Cumulative product",
    "cumprod(jnp.array([1, 2, 3])).tolist()\n    [1, 2, 6]",
)
nancumprod = _cumulative(
    jnp.nancumprod,
    "nancumprod",
    "Cumulative product treating NaN as 1",
    f"nancumprod({_NAN}).tolist()\n    [1.0, 1.0, 3.0]",
)
nancumsum = _cumulative(
    jnp.nancumsum,
    "nancumsum",
    "Cumulative sum treating NaN as 0",
    f"nancumsum({_NAN}).tolist()\n    [1.0, 1.0, 4.0]",
)
