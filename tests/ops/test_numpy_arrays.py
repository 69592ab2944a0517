"""Non-elementwise extra NumPy ops (arrays, matrices, creation, reductions, statistics,
search) against Keras 3: same inputs, equal values, dtypes, shapes and structure."""

import numpy as np
import pytest
from numpy_cases import CASES, assert_same, f32, run_both

from lamina import ops

keras = pytest.importorskip("keras")

ARBITRARY_VALUES = {"empty_like"}


@pytest.mark.parametrize(
    "name, args, kwargs", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_matches_keras(name, args, kwargs):
    ours, theirs = run_both(keras, ops, name, args, kwargs)
    assert theirs is not None, f"keras.ops.{name} refused a case meant to be valid"
    assert_same(ours, theirs, values=name not in ARBITRARY_VALUES)


@pytest.mark.parametrize(
    "name, args, kwargs",
    [
        ("empty", ((2, 3),), {}),
        ("empty", ((4,),), {"dtype": "int32"}),
        ("identity", (3,), {}),
        ("identity", (2,), {"dtype": "int8"}),
        ("tri", (3,), {}),
        ("tri", (2, 4), {"k": 1, "dtype": "int32"}),
        ("bartlett", (5,), {}),
        ("blackman", (6,), {}),
        ("hamming", (4,), {}),
        ("hanning", (7,), {}),
        ("kaiser", (6, 4.0), {}),
    ],
)
def test_creation_matches_keras(name, args, kwargs):
    ours, theirs = run_both(keras, ops, name, args, kwargs)
    assert_same(ours, theirs, values=name != "empty")


def test_vectorize_matches_keras():
    def clip_to_one(a):
        return np.minimum(a, 1.0) if isinstance(a, float) else ops.minimum(a, 1.0)

    x = f32(3, 4)
    ours = ops.vectorize(lambda a: a * 2 + 1)(x)
    theirs = keras.ops.vectorize(lambda a: a * 2 + 1)(x)
    assert_same(ours, theirs)
    pair = ops.vectorize(lambda a, b: a @ b, signature="(n),(n)->()")
    x2 = f32(3, 4)
    theirs = keras.ops.vectorize(lambda a, b: a @ b, signature="(n),(n)->()")(x2, x2)
    assert_same(pair(x2, x2), theirs)
    assert_same(ops.vectorize(clip_to_one)(x), keras.ops.vectorize(clip_to_one)(x))


def test_namespace_paths():
    import lamina

    assert lamina.ops.numpy.median is lamina.ops.median
    assert lamina.ops.numpy.bitwise_not is lamina.ops.bitwise_not
    keras_names = {n for n in dir(keras.ops.numpy) if not n.startswith("_")}
    assert not keras_names - set(dir(lamina.ops.numpy))
