"""Extra NumPy ops on KerasTensors: each records a graph node whose output spec matches
the eager result (shape and dtype), unknown batch sizes stay unknown, graphs run, and
wrong arguments raise errors that say what to fix."""

import numpy as np
import pytest
from numpy_cases import CASES, leaves

from lamina import Input, ops
from lamina.core.keras_tensor import KerasTensor
from lamina.ops.function import Function

# Output lengths that depend on the values: unknown (None) in the symbolic spec.
VALUE_DEPENDENT = {"nonzero", "unique", "bincount"}
NOT_SYMBOLIC = {"ndim", "size"}  # Python ints for known shapes (tested below)


def _symbolic(args):
    first = np.asarray(args[0])
    return (KerasTensor(first.shape, first.dtype.name), *args[1:])


SYMBOLIC_CASES = [c for c in CASES if isinstance(c[1][0], np.ndarray) and c[0] not in NOT_SYMBOLIC]


@pytest.mark.parametrize(
    "name, args, kwargs",
    SYMBOLIC_CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(SYMBOLIC_CASES)],
)
def test_symbolic_spec_matches_eager(name, args, kwargs):
    eager = leaves(getattr(ops, name)(*args, **kwargs))
    symbolic = leaves(getattr(ops, name)(*_symbolic(args), **kwargs))
    assert len(symbolic) == len(eager)
    for s, e in zip(symbolic, eager):
        assert isinstance(s, KerasTensor)
        assert s.dtype == np.dtype(e.dtype).name
        assert len(s.shape) == e.ndim
        for ds, de in zip(s.shape, e.shape):
            assert ds == de or (ds is None and name in VALUE_DEPENDENT), (s.shape, e.shape)
        assert s._keras_history is not None


@pytest.mark.parametrize(
    "fn, expected",
    [
        (lambda x: ops.vsplit(x, 2), [(None, 4), (None, 4)]),
        (lambda x: ops.vsplit(x, [1]), [(1, 4), (None, 4)]),
        (lambda x: ops.hsplit(x, [1, 3]), [(None, 1), (None, 2), (None, 1)]),
        (lambda x: ops.array_split(x, 3, axis=1), [(None, 2), (None, 1), (None, 1)]),
        (lambda x: ops.median(x, axis=1), (None,)),
        (lambda x: ops.nansum(x, axis=0), (4,)),
        (lambda x: ops.quantile(x, np.array([0.2, 0.8], "float32"), axis=1), (2, None)),
        (lambda x: ops.cumprod(x, axis=1), (None, 4)),
        (lambda x: ops.diff(x, axis=0), (None, 4)),
        (lambda x: ops.rot90(x), (4, None)),
        (lambda x: ops.trace(x), ()),
        (lambda x: ops.cross(ops.get_item(x, (slice(None), slice(0, 3))), x[:, 1:]), (None, 3)),
        (lambda x: ops.average(x, axis=1, weights=np.ones(4, "float32")), (None,)),
        (lambda x: ops.nonzero(x), [(None,), (None,)]),
        (lambda x: ops.unique(x, size=3), (3,)),
        (lambda x: ops.vstack([x, x]), (None, 4)),
        (lambda x: ops.kron(x, np.ones((1, 2), "float32")), (None, 8)),
        (lambda x: ops.select([x > 0], [x]), (None, 4)),
        (lambda x: ops.vectorize(lambda a: a + 1)(x), (None, 4)),
    ],
)
def test_unknown_batch_size_stays_unknown(fn, expected):
    out = fn(Input(shape=(4,)))
    shapes = [tuple(t.shape) for t in out] if isinstance(expected, list) else tuple(out.shape)
    assert shapes == expected


def test_a_graph_of_new_ops_runs_on_arrays():
    x = Input(shape=(4,))
    y = ops.nansum(ops.fmax(ops.divide_no_nan(x, ops.cbrt(x)), 0.0), axis=1)
    z = ops.hstack([ops.expand_dims(y, 1), ops.median(x, axis=1, keepdims=True)])
    graph = Function(x, z)
    data = np.array([[8.0, 0.0, -1.0, np.nan], [1.0, 27.0, 2.0, 3.0]], "float32")
    expected = np.stack(
        [
            np.nansum(
                np.fmax(np.where(data == 0, 0, data / np.cbrt(np.where(data == 0, 1, data))), 0), 1
            ),
            np.median(data, axis=1),
        ],
        axis=1,
    )
    np.testing.assert_allclose(np.asarray(graph(data)), expected, rtol=1e-5)


def test_value_dependent_ops_run_in_a_graph():
    x = Input(shape=(5,), dtype="int32", batch_size=2)
    counts = ops.bincount(x, minlength=6)
    assert tuple(counts.shape) == (2, None)
    graph = Function(x, counts)
    data = np.array([[0, 1, 1, 5, 2], [3, 3, 3, 0, 0]], "int32")
    np.testing.assert_array_equal(np.asarray(graph(data)), [[1, 2, 1, 0, 0, 1], [2, 0, 0, 3, 0, 0]])


def test_ndim_and_size_on_keras_tensors():
    x = Input(shape=(3, 4))
    assert ops.ndim(x) == 3
    size = ops.size(x)
    assert isinstance(size, KerasTensor) and size.shape == () and size.dtype == "int32"
    assert ops.size(KerasTensor((2, 3))) == 6
    graph = Function(x, ops.size(x))
    assert int(graph(np.zeros((5, 3, 4), "float32"))) == 60


@pytest.mark.parametrize("name", ["bartlett", "blackman", "hamming", "hanning"])
def test_window_functions_refuse_symbolic_lengths(name):
    with pytest.raises(TypeError, match="Python int"):
        getattr(ops, name)(Input(shape=()))


def test_masked_input_into_a_reduction_raises():
    from lamina.layers import Masking
    from lamina.ops.operation import MaskNotSupportedError

    masked = Masking()(Input(shape=(3, 2)))
    with pytest.raises(MaskNotSupportedError):
        ops.nanmean(masked, axis=1)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: ops.array_split(np.ones(4), 0), ValueError, "positive integer"),
        (lambda: ops.array_split(np.ones(4), [1, 2]), TypeError, "Python int"),
        (lambda: ops.vsplit(Input(shape=(5,), batch_size=4), 3), ValueError, "equal"),
        (lambda: ops.dsplit(Input(shape=(4,)), 2), ValueError, "at least 3 dimensions"),
        (lambda: ops.histogram(np.ones((2, 2)), bins=3), ValueError, "1-D"),
        (lambda: ops.histogram(np.ones(3), bins=2.5), TypeError, "bins"),
        (lambda: ops.histogram(np.ones(3), range=(2.0, 1.0)), ValueError, "upper >= lower"),
        (lambda: ops.rot90(np.ones(3)), ValueError, "at least 2 dimensions"),
        (lambda: ops.rot90(np.ones((2, 2)), axes=(1, 1)), ValueError, "two different axes"),
        (lambda: ops.diagonal(np.ones((2, 2)), axis1=1, axis2=-1), ValueError, "different"),
        (lambda: ops.searchsorted(np.ones((2, 2)), 1.0), ValueError, "1-D"),
        (lambda: ops.select(np.ones(2) > 0, [np.ones(2)]), ValueError, "must be lists"),
        (lambda: ops.select([], []), ValueError, "not be empty"),
        (lambda: ops.vander(np.ones((2, 2))), ValueError, "1-D"),
        (lambda: ops.vander(np.ones(2), N=-1), ValueError, "non-negative"),
        (lambda: ops.vectorize(3), ValueError, "callable"),
        (lambda: ops.bincount(np.array([1, 2]), sparse=True), ValueError, "dense"),
        (lambda: ops.digitize(np.ones(3), np.ones((2, 2))), ValueError, "1-D"),
    ],
)
def test_errors_name_the_argument_and_the_fix(call, error, match):
    with pytest.raises(error, match=match):
        call()
