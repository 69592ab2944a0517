"""Shared by the ``test_numpy_*`` tests (not a test module): the comparison helpers and
the table of non-elementwise cases (op name, positional args, keyword args)."""

import numpy as np


def leaves(out):
    if isinstance(out, (tuple, list)):
        return [leaf for item in out for leaf in leaves(item)]
    return [out]


def dtype_of(value):
    if isinstance(value, (bool, int, float)):
        return type(value).__name__
    return np.dtype(value.dtype).name if str(value.dtype) != "bfloat16" else "bfloat16"


def _comparable(value):
    value = np.asarray(value)
    return value.astype("complex128" if np.iscomplexobj(value) else "float64")


def assert_same(ours, theirs, values=True):
    """Same structure, shapes, dtypes and (unless ``values=False``) values."""
    assert type(ours) is type(theirs) or not isinstance(theirs, (tuple, list)), (
        type(ours),
        type(theirs),
    )
    ours, theirs = leaves(ours), leaves(theirs)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert dtype_of(a) == dtype_of(b), (dtype_of(a), dtype_of(b))
        assert np.shape(a) == np.shape(b), (np.shape(a), np.shape(b))
        if values:
            np.testing.assert_allclose(
                _comparable(a),
                _comparable(b),
                rtol=1e-6,
                atol=1e-6,
                equal_nan=True,
            )


def run_both(keras, lamina_ops, name, args, kwargs):
    """Results of ``keras.ops.name`` and ``lamina.ops.name``; both must raise or neither."""
    try:
        theirs = getattr(keras.ops, name)(*args, **kwargs)
    except Exception as error:  # noqa: BLE001  (Keras refusing is part of the contract)
        theirs = error
    if isinstance(theirs, Exception):
        try:
            getattr(lamina_ops, name)(*args, **kwargs)
        except Exception:  # noqa: BLE001
            return None, None
        raise AssertionError(f"keras.ops.{name} raised {theirs!r} but lamina returned a value")
    return getattr(lamina_ops, name)(*args, **kwargs), theirs


RNG = np.random.default_rng(2)


def f32(*shape):
    return RNG.uniform(-3, 3, size=shape).astype("float32")


def i32(*shape, high=5):
    return RNG.integers(0, high, size=shape).astype("int32")


X = f32(3, 4)
X3 = f32(2, 3, 4)
XI = i32(3, 4)
NANS = np.where(RNG.uniform(size=(3, 4)) > 0.7, np.nan, X).astype("float32")
SQ = f32(3, 3)
V3 = f32(4, 3)

# (name, positional args, keyword args)
CASES = [
    ("append", (X, f32(2, 4)), {}),
    ("append", (X, f32(2, 4)), {"axis": 0}),
    ("append", (XI, X), {"axis": 0}),
    ("array_split", (f32(7, 2), 3), {}),
    ("array_split", (X, 3), {"axis": 1}),
    ("dsplit", (X3, 2), {}),
    ("dsplit", (X3, [1, 3]), {}),
    ("hsplit", (X, 2), {}),
    ("hsplit", (f32(6), 3), {}),
    ("vsplit", (f32(4, 3), [1, 3]), {}),
    ("dstack", ([X, X],), {}),
    ("hstack", ([X, XI],), {}),
    ("vstack", ([f32(4), f32(4)],), {}),
    ("fliplr", (X,), {}),
    ("flipud", (X3,), {}),
    ("rot90", (X,), {}),
    ("rot90", (X3,), {"k": 3, "axes": (1, 2)}),
    ("rot90", (X3,), {"k": -1, "axes": (2, 0)}),
    ("ravel", (X3,), {}),
    ("diff", (X,), {}),
    ("diff", (XI,), {"n": 2, "axis": 0}),
    ("get_item", (X3, (slice(None), 1)), {}),
    ("get_item", (X3, 1), {}),
    ("get_item", (X3, (Ellipsis, None, slice(1, 3))), {}),
    ("meshgrid", (f32(3), f32(2)), {}),
    ("meshgrid", (f32(3), f32(2), f32(4)), {"indexing": "ij"}),
    ("ndim", (X3,), {}),
    ("size", (X3,), {}),
    ("view", (X, "int32"), {}),
    ("view", (XI, "float32"), {}),
    ("view", (X, "int16"), {}),
    ("view", (np.arange(8, dtype="int8").reshape(2, 4), "int32"), {}),
    ("diag", (f32(3),), {"k": 1}),
    ("diag", (X,), {}),
    ("diag", (X,), {"k": -1}),
    ("diagflat", (f32(2, 2),), {"k": -1}),
    ("diagonal", (X3,), {"offset": 1, "axis1": 1, "axis2": 2}),
    ("diagonal", (X,), {}),
    ("trace", (X,), {}),
    ("trace", (XI,), {"offset": 1}),
    ("trace", (X3,), {"axis1": 1, "axis2": 2}),
    ("cross", (V3, f32(4, 3)), {}),
    ("cross", (f32(3, 2), f32(3, 2)), {}),
    ("cross", (f32(3, 5), f32(3, 5)), {"axis": 0}),
    ("inner", (X, f32(2, 4)), {}),
    ("inner", (XI, XI), {}),
    ("kron", (f32(2, 2), f32(3, 1)), {}),
    ("vdot", (X, X), {}),
    ("vdot", (XI, X), {}),
    ("correlate", (f32(6), f32(3)), {}),
    ("correlate", (f32(6), f32(3)), {"mode": "same"}),
    ("correlate", (f32(6), f32(3)), {"mode": "full"}),
    ("correlate", (i32(5), i32(2)), {}),
    ("slogdet", (SQ,), {}),
    ("slogdet", (f32(2, 3, 3),), {}),
    ("vander", (f32(4),), {}),
    ("vander", (i32(3),), {"N": 4, "increasing": True}),
    ("empty_like", (X,), {}),
    ("empty_like", (X,), {"dtype": "int32"}),
    ("linspace", (0.0, 1.0), {}),
    ("linspace", (0, 10), {"num": 5, "endpoint": False, "retstep": True}),
    ("linspace", (np.zeros(2, "float32"), np.ones(2, "float32")), {"num": 3, "axis": 1}),
    ("linspace", (0, 10), {"num": 4, "dtype": "int32"}),
    ("logspace", (0.0, 2.0), {"num": 5}),
    ("logspace", (0.0, 3.0), {"num": 4, "base": 2, "endpoint": False}),
    ("geomspace", (1.0, 1000.0), {"num": 4}),
    ("geomspace", (np.ones(2, "float32"), np.full(2, 8.0, "float32")), {"num": 4, "axis": -1}),
    ("nanargmax", (NANS,), {"axis": 1}),
    ("nanargmin", (NANS,), {}),
    ("nanmax", (NANS,), {"axis": 0, "keepdims": True}),
    ("nanmin", (NANS,), {"axis": (0, 1)}),
    ("nanmean", (NANS,), {"axis": 1}),
    ("nanmedian", (NANS,), {"axis": 0}),
    ("nanprod", (NANS,), {}),
    ("nanstd", (NANS,), {"axis": 1, "keepdims": True}),
    ("nansum", (NANS,), {"axis": -1}),
    ("nansum", (XI,), {}),
    ("nanvar", (NANS,), {}),
    ("ptp", (X,), {"axis": 1}),
    ("ptp", (XI,), {"keepdims": True}),
    ("median", (X,), {}),
    ("median", (XI,), {"axis": 1, "keepdims": True}),
    ("median", (X3,), {"axis": [0, 2]}),
    ("median", (X,), {"keepdims": True}),
    ("count_nonzero", (XI,), {}),
    ("count_nonzero", (XI,), {"axis": 0}),
    ("count_nonzero", (X3 > 0,), {"axis": (0, 2)}),
    ("cumprod", (X,), {}),
    ("cumprod", (XI,), {"axis": 1}),
    ("cumprod", (XI,), {"axis": 0, "dtype": "float32"}),
    ("nancumprod", (NANS,), {"axis": 1}),
    ("nancumsum", (NANS,), {}),
    ("nancumsum", (XI,), {"axis": 0, "dtype": "float32"}),
    ("average", (X,), {}),
    ("average", (XI,), {"axis": 1}),
    ("average", (X,), {"axis": 1, "weights": f32(4) ** 2}),
    ("average", (XI,), {"axis": 0, "weights": i32(3) + 1}),
    ("quantile", (X, 0.3), {}),
    ("quantile", (X, np.array([0.1, 0.9], "float32")), {"axis": 1, "keepdims": True}),
    ("quantile", (XI, 0.5), {"axis": 0, "method": "lower"}),
    ("percentile", (X, 40.0), {"axis": 1, "method": "midpoint"}),
    ("percentile", (X, np.array([10.0, 50.0], "float32")), {}),
    ("nanquantile", (NANS, 0.5), {"axis": 1}),
    ("nanpercentile", (NANS, np.array([25.0, 75.0], "float32")), {"method": "nearest"}),
    ("corrcoef", (X,), {}),
    ("trapezoid", (X,), {}),
    ("trapezoid", (X,), {"dx": 0.5, "axis": 0}),
    ("trapezoid", (X,), {"x": np.array([0.0, 1.0, 3.0, 6.0], "float32")}),
    ("histogram", (f32(20),), {}),
    ("histogram", (f32(20),), {"bins": 4, "range": (-1.0, 1.0)}),
    ("bincount", (i32(8),), {}),
    ("bincount", (i32(8),), {"minlength": 9}),
    ("bincount", (i32(6),), {"weights": f32(6)}),
    ("bincount", (i32(3, 5),), {"minlength": 5}),
    ("argpartition", (X, 2), {}),
    ("argpartition", (X, 1), {"axis": 0}),
    ("argpartition", (X, 5), {"axis": None}),
    ("searchsorted", (np.sort(f32(6)), X), {}),
    (
        "searchsorted",
        (np.array([1, 2, 2, 3], "int32"), np.array([2, 3], "int32")),
        {"side": "right"},
    ),
    ("select", ([X > 1, X < -1], [X, -X]), {}),
    ("select", ([XI > 2], [XI]), {"default": -1}),
    ("isin", (XI, np.array([1, 3], "int32")), {}),
    ("isin", (XI, np.array([1, 3], "int32")), {"invert": True}),
    ("nonzero", (XI,), {}),
    ("unique", (XI,), {}),
    ("unique", (XI,), {"return_index": True, "return_inverse": True, "return_counts": True}),
    ("unique", (XI,), {"axis": 0, "return_counts": True}),
    ("unique", (XI,), {"size": 8, "fill_value": -1}),
    ("unravel_index", (np.array([0, 5, 11], "int32"), (3, 4)), {}),
]
