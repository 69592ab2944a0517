"""``lamina.ops.linalg`` against ``keras.ops.linalg``, eager and symbolic."""

import numpy as np
import pytest

from lamina import ops
from lamina.core.keras_tensor import KerasTensor

keras = pytest.importorskip("keras")

RNG = np.random.default_rng(1)


def f32(*shape):
    return RNG.normal(size=shape).astype("float32")


def spd(*batch, n=4):
    a = f32(*batch, n, n)
    return (a @ np.swapaxes(a, -1, -2) + n * np.eye(n)).astype("float32")


SQUARE = f32(3, 4, 4)
LOWER = np.tril(f32(4, 4)) + 4 * np.eye(4, dtype="float32")
TALL = f32(6, 3)

CASES = [
    ("cholesky", (spd(2),), {}),
    ("cholesky", (spd(),), {"upper": True}),
    ("cholesky_inverse", (np.linalg.cholesky(spd()).astype("float32"),), {}),
    ("cholesky_inverse", (np.linalg.cholesky(spd()).T.copy(),), {"upper": True}),
    ("det", (SQUARE,), {}),
    ("eigh", (spd(2),), {}),
    ("inv", (SQUARE,), {}),
    ("lu_factor", (f32(4, 4),), {}),
    ("lu_factor", (f32(2, 3, 4, 4),), {}),
    ("norm", (f32(3, 4),), {}),
    ("norm", (f32(3, 4),), {"ord": 1, "axis": 1}),
    ("norm", (f32(2, 3, 4),), {"ord": "fro", "axis": (1, 2), "keepdims": True}),
    ("norm", (f32(3, 4),), {"ord": "nuc"}),
    ("norm", (np.arange(6).reshape(2, 3),), {"ord": np.inf, "axis": -1}),
    ("qr", (TALL,), {}),
    ("qr", (TALL,), {"mode": "complete"}),
    ("solve", (SQUARE, f32(3, 4, 2)), {}),
    ("solve", (SQUARE[0], f32(4)), {}),
    ("solve_triangular", (LOWER, f32(4, 3)), {"lower": True}),
    ("solve_triangular", (LOWER.T.copy(), f32(4)), {}),
    ("svd", (TALL,), {"full_matrices": False}),
    ("svd", (f32(2, 3, 5),), {"compute_uv": False}),
    ("lstsq", (TALL, f32(6)), {}),
    ("lstsq", (TALL, f32(6, 2)), {"rcond": 1e-3}),
    ("matrix_rank", (np.array([[1.0, 2.0], [2.0, 4.0]], "float32"),), {}),
    ("matrix_rank", (f32(3, 4, 5),), {}),
    ("pinv", (TALL,), {}),
    ("pinv", (f32(2, 3, 4),), {"rcond": 1e-2}),
]


def _ids():
    return [f"{i}-{name}" for i, (name, _, _) in enumerate(CASES)]


def _flat(x):
    return list(x) if isinstance(x, (tuple, list)) else [x]


def _canonical(name, outputs):
    """Sign conventions of eigen/singular vectors are not unique: compare |values|."""
    if name in ("eigh", "svd", "qr"):
        return [np.abs(np.asarray(o)) for o in outputs]
    return [np.asarray(o) for o in outputs]


@pytest.mark.parametrize("name,args,kwargs", CASES, ids=_ids())
def test_matches_keras(name, args, kwargs):
    ours = _canonical(name, _flat(getattr(ops.linalg, name)(*args, **kwargs)))
    theirs = _canonical(name, _flat(getattr(keras.ops.linalg, name)(*args, **kwargs)))
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert a.shape == b.shape and a.dtype == b.dtype
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("name,args,kwargs", CASES, ids=_ids())
def test_symbolic_output_spec(name, args, kwargs):
    eager = _flat(getattr(ops, name)(*args, **kwargs))
    first = np.asarray(args[0])
    symbolic = _flat(getattr(ops, name)(KerasTensor(first.shape, str(first.dtype)),
                                        *args[1:], **kwargs))
    for e, s in zip(eager, symbolic, strict=True):
        assert isinstance(s, KerasTensor)
        assert tuple(s.shape) == tuple(e.shape) and s.dtype == str(e.dtype)


def test_eig_reconstructs_the_matrix():
    a = f32(4, 4)
    values, vectors = ops.eig(a)
    np.testing.assert_allclose(np.asarray(vectors) @ np.diag(np.asarray(values)),
                               a @ np.asarray(vectors), atol=1e-4)
    ks = ops.eig(KerasTensor((4, 4)))
    assert [t.shape for t in ks] == [(4,), (4, 4)] and ks[0].dtype == "complex64"


def test_matrix_rank_tol_is_absolute():
    a = np.diag([10.0, 1.0, 0.05]).astype("float32")
    assert int(ops.matrix_rank(a, tol=0.5)) == 2
    assert int(ops.matrix_rank(a, tol=0.01)) == 3


def test_jvp_matches_keras_and_is_differentiable_forward():
    def fun(x, y):
        return x * y + x ** 2

    primals, tangents = (np.float32(2.0), np.float32(3.0)), (np.float32(1.0), np.float32(0.0))
    ours = ops.jvp(fun, primals, tangents)
    theirs = keras.ops.jvp(fun, primals, tangents)
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs))
    out, tangent, aux = ops.jvp(lambda x: (x ** 3, x + 1), (np.float32(2.0),),
                                (np.float32(1.0),), has_aux=True)
    assert (float(out), float(tangent), float(aux)) == (8.0, 12.0, 3.0)


def test_symbolic_jvp():
    x = KerasTensor((None, 3))
    out, tangent = ops.jvp(lambda v: v * 2.0, (x,), (x,))
    assert out.shape == tangent.shape == (None, 3)


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: ops.det(f32(3, 4)), "square"),
        (lambda: ops.inv(f32(4)), "rank >= 2"),
        (lambda: ops.cholesky(-spd()), "positive definite"),
        (lambda: ops.solve(SQUARE, f32(3, 5)), "b must have shape"),
        (lambda: ops.qr(TALL, mode="r"), "mode"),
    ],
)
def test_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
