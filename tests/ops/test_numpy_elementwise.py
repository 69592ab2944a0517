"""Elementwise extra NumPy ops (``numpy_math``, ``numpy_bitwise``) against Keras 3.

Each op runs eagerly in Keras and lamina on the same inputs over several input dtypes:
values, dtypes and shapes must agree (or both must refuse the input).
"""

import numpy as np
import pytest
from numpy_cases import assert_same, run_both

from lamina import Input, ops

keras = pytest.importorskip("keras")

RNG = np.random.default_rng(1)
DTYPES = ["float32", "float16", "int32", "int8", "uint8", "bool"]


def sample(dtype, low=-3.0, high=3.0, shape=(2, 5)):
    values = RNG.uniform(low, high, size=shape)
    if dtype == "bool":
        return values > 0
    if "int" in dtype:
        values = np.round(values)
    return values.astype(dtype)


# name -> value range of its inputs
UNARY = {
    "angle": (-3, 3),
    "arccosh": (1, 4),
    "arcsinh": (-3, 3),
    "arctanh": (-0.9, 0.9),
    "cbrt": (-8, 8),
    "conj": (-3, 3),
    "conjugate": (-3, 3),
    "deg2rad": (-180, 180),
    "rad2deg": (-3, 3),
    "exp2": (-3, 3),
    "fabs": (-3, 3),
    "i0": (-3, 3),
    "imag": (-3, 3),
    "isneginf": (-3, 3),
    "isposinf": (-3, 3),
    "isreal": (-3, 3),
    "signbit": (-3, 3),
    "sinc": (-3, 3),
    "trunc": (-3, 3),
    "bitwise_not": (0, 100),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_matches_keras(name, dtype):
    low, high = UNARY[name]
    if "uint" in dtype:
        low = max(low, 0)
    x = sample(dtype, low, high)
    ours, theirs = run_both(keras, ops, name, (x,), {})
    if theirs is not None:
        assert_same(ours, theirs)


def test_special_values_of_unary_ops():
    x = np.array([-np.inf, -1.5, -0.0, 0.0, 2.5, np.inf, np.nan], "float32")
    for name in ("isneginf", "isposinf", "signbit", "trunc", "sinc", "exp2", "fabs"):
        assert_same(getattr(ops, name)(x), getattr(keras.ops, name)(x))


def test_complex_inputs():
    z = np.array([1 + 2j, -3 - 1j, 2 + 0j], "complex64")
    for name in ("angle", "conj", "conjugate", "imag", "isreal"):
        assert_same(getattr(ops, name)(z), getattr(keras.ops, name)(z))


PAIRS = [
    ("float32", "float32"),
    ("int32", "int32"),
    ("int32", "float32"),
    ("float16", "float32"),
    ("int8", "int8"),
    ("uint8", "int32"),
]
BINARY = {
    "fmax": (-3, 3),
    "fmin": (-3, 3),
    "fmod": (1, 9),
    "gcd": (1, 30),
    "lcm": (1, 12),
    "heaviside": (-2, 2),
    "hypot": (-5, 5),
    "nextafter": (-3, 3),
    "logaddexp2": (-3, 3),
    "divide_no_nan": (-2, 2),
    "isclose": (-1, 1),
    "allclose": (-1, 1),
}


@pytest.mark.parametrize("dtypes", PAIRS, ids="-".join)
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_matches_keras(name, dtypes):
    low, high = BINARY[name]
    x1 = sample(dtypes[0], max(low, 0) if "uint" in dtypes[0] else low, high)
    x2 = sample(dtypes[1], low, high)
    ours, theirs = run_both(keras, ops, name, (x1, x2), {})
    if theirs is not None:
        assert_same(ours, theirs)


@pytest.mark.parametrize("name", ["fmax", "hypot", "fmod", "heaviside", "divide_no_nan"])
def test_binary_with_a_python_scalar(name):
    x = sample("float32", 1, 3)
    assert_same(getattr(ops, name)(x, 2.0), getattr(keras.ops, name)(x, 2.0))
    ints = sample("int32", 1, 9)
    assert_same(getattr(ops, name)(ints, 2), getattr(keras.ops, name)(ints, 2))


def test_divide_no_nan_gives_zero_where_the_divisor_is_zero():
    x1 = np.array([1.0, -2.0, 0.0, 4.0], "float32")
    x2 = np.array([0.0, 0.0, 0.0, 2.0], "float32")
    assert ops.divide_no_nan(x1, x2).tolist() == [0.0, 0.0, 0.0, 2.0]
    assert_same(ops.divide_no_nan(x1, x2), keras.ops.divide_no_nan(x1, x2))


@pytest.mark.parametrize("kwargs", [{}, {"rtol": 0.1}, {"atol": 0.5}, {"equal_nan": True}])
def test_isclose_and_allclose_options(kwargs):
    x1 = np.array([1.0, np.nan, 2.0, 10.0], "float32")
    x2 = np.array([1.05, np.nan, 2.4, 10.5], "float32")
    for name in ("isclose", "allclose"):
        ours, theirs = (
            getattr(ops, name)(x1, x2, **kwargs),
            getattr(keras.ops, name)(x1, x2, **kwargs),
        )
        assert_same(ours, theirs)


@pytest.mark.parametrize("dtype", ["float32", "float16", "int32"])
def test_ldexp(dtype):
    x1 = sample(dtype, -3, 3)
    x2 = sample("int32", -2, 4)
    assert_same(ops.ldexp(x1, x2), keras.ops.ldexp(x1, x2))


def test_ldexp_refuses_a_float_exponent():
    with pytest.raises(TypeError, match="integer exponent"):
        ops.ldexp(np.ones(2, "float32"), np.ones(2, "float32"))


def test_fabs_refuses_complex_inputs():
    with pytest.raises(TypeError, match="ops.abs"):
        ops.fabs(np.array([1 + 1j], "complex64"))


@pytest.mark.parametrize("dtype", ["int32", "int8", "uint8", "int16"])
@pytest.mark.parametrize(
    "name", ["bitwise_left_shift", "bitwise_right_shift", "left_shift", "right_shift"]
)
def test_shifts_match_keras(name, dtype):
    x = sample(dtype, 0, 60)
    shifts = sample(dtype, 0, 3)
    assert_same(getattr(ops, name)(x, shifts), getattr(keras.ops, name)(x, shifts))
    assert_same(getattr(ops, name)(x, 2), getattr(keras.ops, name)(x, 2))


@pytest.mark.parametrize("bins", [[0.0, 1.0, 2.5], [-1.0, 0.0]])
def test_digitize(bins):
    x = sample("float32", -2, 3)
    bins = np.array(bins, "float32")
    assert_same(ops.digitize(x, bins), keras.ops.digitize(x, bins))
    assert_same(ops.digitize(x.astype("int32"), bins), keras.ops.digitize(x.astype("int32"), bins))


def test_float_ops_follow_floatx():
    lamina = pytest.importorskip("lamina")
    lamina.config.set_floatx("float16")
    keras.config.set_floatx("float16")
    try:
        x = sample("int32", 1, 3)
        for name in ("arcsinh", "exp2", "sinc", "i0"):
            assert_same(getattr(ops, name)(x), getattr(keras.ops, name)(x), values=False)
    finally:
        lamina.config.set_floatx("float32")
        keras.config.set_floatx("float32")


@pytest.mark.parametrize(
    "fn",
    [
        lambda x: ops.arcsinh(x),
        lambda x: ops.exp2(x),
        lambda x: ops.fmax(x, 0.5),
        lambda x: ops.hypot(x, x),
        lambda x: ops.isclose(x, 0.0),
        lambda x: ops.divide_no_nan(x, x),
        lambda x: ops.digitize(x, np.array([0.0, 1.0], "float32")),
        lambda x: ops.trunc(x),
        lambda x: ops.logaddexp2(x, 1.0),
    ],
)
def test_elementwise_ops_keep_masks_in_a_graph(fn):
    from lamina.layers import Masking

    x = Input(shape=(3, 2))
    masked = Masking()(x)
    y = fn(masked)
    assert y._keras_mask is not None
    assert tuple(y.shape) == (None, 3, 2)


def test_shift_ops_on_symbolic_int_inputs():
    x = Input(shape=(4,), dtype="int32")
    for name in ("bitwise_left_shift", "right_shift", "bitwise_not"):
        args = (x,) if name == "bitwise_not" else (x, 1)
        y = getattr(ops, name)(*args)
        assert (tuple(y.shape), y.dtype) == ((None, 4), "int32")
