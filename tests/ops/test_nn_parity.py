"""``lamina.ops.nn`` against ``keras.ops.nn``: values, shapes, dtypes, and symbolic shapes.

Every case runs the op eagerly in both libraries on the same inputs, and once more in
lamina with its first argument a KerasTensor (the graph node's output spec must match
the eager result's shape and dtype).
"""

import numpy as np
import pytest

from lamina import ops
from lamina.core.keras_tensor import KerasTensor

keras = pytest.importorskip("keras")

RNG = np.random.default_rng(0)


def f32(*shape, low=-3.0, high=3.0):
    return RNG.uniform(low, high, size=shape).astype("float32")


X = f32(2, 5, 6)
IMG = f32(2, 7, 6, 3)
IMG_CF = f32(2, 3, 7, 6)
SEQ = f32(2, 9, 4)
VOL = f32(1, 5, 6, 4, 2)
PROBS = RNG.dirichlet(np.ones(5), size=(3,)).astype("float32")
ONEHOT = np.eye(5, dtype="float32")[[0, 3, 4]]
LABELS = np.array([0, 3, 4], "int32")
BINARY = (RNG.uniform(size=(3, 4)) > 0.5).astype("float32")
Q = f32(2, 4, 6, 8)
KV = f32(2, 5, 2, 8)

# (name, positional args, keyword args)
CASES = [
    *[(name, (X,), {}) for name in (
        "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "sparse_sigmoid",
        "sparse_plus", "tanh_shrink", "celu", "squareplus", "soft_shrink", "hard_shrink",
    )],
    ("celu", (X,), {"alpha": 2.0}),
    ("squareplus", (X,), {"b": 2}),
    ("soft_shrink", (X,), {"threshold": 1.0}),
    ("hard_shrink", (X,), {"threshold": 1.5}),
    ("threshold", (X, 0.5, -2.0), {}),
    ("glu", (X,), {}),
    ("glu", (f32(2, 4, 3),), {"axis": 1}),
    ("sparsemax", (np.array([[0.0, 5.0, 1.0], [2.0, -1.0, 7.0]], "float32"),), {}),
    ("conv", (IMG, f32(3, 3, 3, 4)), {}),
    ("conv", (IMG, f32(3, 2, 3, 4)), {"strides": 2, "padding": "same"}),
    ("conv", (IMG, f32(2, 2, 1, 6)), {"dilation_rate": (2, 1)}),  # grouped
    ("conv", (IMG_CF, f32(3, 3, 3, 4)), {"data_format": "channels_first"}),
    ("conv", (SEQ, f32(3, 4, 5)), {"padding": "same", "strides": 2}),
    ("conv", (VOL, f32(2, 3, 2, 2, 3)), {}),
    ("depthwise_conv", (IMG, f32(3, 3, 3, 2)), {"padding": "same"}),
    ("depthwise_conv", (IMG_CF, f32(2, 2, 3, 1)), {"data_format": "channels_first",
                                                   "strides": (2, 1)}),
    ("depthwise_conv", (SEQ, f32(3, 4, 2)), {"dilation_rate": 2}),
    ("separable_conv", (IMG, f32(3, 3, 3, 2), f32(1, 1, 6, 5)), {"padding": "same"}),
    ("separable_conv", (SEQ, f32(2, 4, 1), f32(1, 4, 3)), {"strides": 2}),
    ("conv_transpose", (IMG, f32(3, 3, 5, 3)), {}),
    ("conv_transpose", (IMG, f32(3, 3, 5, 3)), {"strides": 2, "padding": "same"}),
    ("conv_transpose", (IMG, f32(3, 2, 5, 3)), {"strides": 2, "output_padding": 1}),
    ("conv_transpose", (IMG_CF, f32(2, 2, 4, 3)), {"strides": (2, 3),
                                                   "data_format": "channels_first"}),
    ("conv_transpose", (SEQ, f32(4, 2, 4)), {"strides": 3, "padding": "same",
                                             "dilation_rate": 1}),
    ("conv_transpose", (SEQ, f32(3, 2, 4)), {"dilation_rate": 2}),
    ("max_pool", (IMG, 2), {}),
    ("max_pool", (IMG, (3, 2)), {"strides": 1, "padding": "same"}),
    ("max_pool", (SEQ, 3), {"strides": 2, "padding": "same"}),
    ("max_pool", (IMG_CF, 2), {"data_format": "channels_first"}),
    ("average_pool", (IMG, 2), {}),
    ("average_pool", (IMG, 3), {"strides": 2, "padding": "same"}),
    ("average_pool", (VOL, 2), {"padding": "same"}),
    ("average_pool", (IMG_CF, (2, 3)), {"data_format": "channels_first"}),
    ("adaptive_average_pool", (IMG, (3, 4)), {}),
    ("adaptive_average_pool", (SEQ, 4), {}),
    ("adaptive_average_pool", (IMG_CF, 5), {"data_format": "channels_first"}),
    ("adaptive_average_pool", (VOL, (2, 4, 3)), {}),
    ("adaptive_max_pool", (IMG, (3, 4)), {}),
    ("adaptive_max_pool", (SEQ, 4), {}),
    ("adaptive_max_pool", (IMG_CF, (4, 5)), {"data_format": "channels_first"}),
    ("adaptive_max_pool", (VOL, (3, 2, 3)), {}),
    ("binary_crossentropy", (BINARY, f32(3, 4, low=0.01, high=0.99)), {}),
    ("binary_crossentropy", (BINARY, f32(3, 4)), {"from_logits": True}),
    ("categorical_crossentropy", (ONEHOT, PROBS), {}),
    ("categorical_crossentropy", (ONEHOT, f32(3, 5)), {"from_logits": True}),
    ("categorical_crossentropy", (ONEHOT.T, PROBS.T), {"axis": 0}),
    ("sparse_categorical_crossentropy", (LABELS, PROBS), {}),
    ("sparse_categorical_crossentropy", (LABELS[:, None], f32(3, 5)), {"from_logits": True}),
    ("batch_normalization", (IMG, f32(3), f32(3, low=0.5), -1),
     {"offset": f32(3), "scale": f32(3), "epsilon": 1e-2}),
    ("batch_normalization", (IMG_CF, f32(3), f32(3, low=0.5), 1), {}),
    ("layer_normalization", (X,), {}),
    ("layer_normalization", (X, f32(6), f32(6)), {"epsilon": 1e-2}),
    ("layer_normalization", (X, f32(5, 6), f32(5, 6)), {"axis": (1, 2)}),
    ("layer_normalization", (X, f32(5), None), {"axis": 1}),
    ("rms_normalization", (X,), {}),
    ("rms_normalization", (X, f32(6)), {"epsilon": 1e-3}),
    ("rms_normalization", (X, f32(5, 6)), {"axis": (1, 2)}),
    ("normalize", (X,), {}),
    ("normalize", (X,), {"axis": 1, "order": 1}),
    ("normalize", (X,), {"order": 3, "epsilon": 1e-3}),
    ("psnr", (f32(2, 4, 4, 3, low=0, high=1), f32(2, 4, 4, 3, low=0, high=1), 1.0), {}),
    ("multi_hot", (np.array([[0, 2, 2], [4, 1, 0]]),), {"num_classes": 5}),
    ("multi_hot", (np.array([1, 3]),), {"num_classes": 4}),
    ("multi_hot", (np.array([[0, 2], [1, 1]]),), {"num_classes": 3, "dtype": "int32"}),
    ("polar", (f32(3, 4, low=0.0), f32(3, 4)), {}),
    ("depth_to_space", (f32(2, 3, 4, 8), 2), {}),
    ("depth_to_space", (f32(2, 8, 3, 4), 2), {"data_format": "channels_first"}),
    ("space_to_depth", (f32(2, 4, 6, 3), 2), {}),
    ("space_to_depth", (f32(2, 3, 6, 4), 2), {"data_format": "channels_first"}),
    ("unfold", (IMG_CF, 2), {}),
    ("unfold", (IMG_CF, (3, 2)), {"dilation": (1, 2), "padding": 1, "stride": 2}),
    ("fold", (f32(2, 12, 30), (7, 6), 2), {}),
    ("fold", (f32(1, 18, 12), (7, 6), (3, 2)), {"dilation": (1, 2), "padding": 1,
                                               "stride": 2}),
    ("dot_product_attention", (Q, Q, Q), {}),
    ("dot_product_attention", (Q, KV, KV), {"is_causal": True}),
    ("dot_product_attention", (Q, KV, KV), {"bias": f32(2, 6, 4, 5), "scale": 0.3}),
    ("dot_product_attention", (Q, KV, KV),
     {"mask": RNG.uniform(size=(2, 1, 4, 5)) > 0.3}),
    ("ctc_loss", (np.array([[1, 2, 2], [3, 1, 0]]), f32(2, 8, 5),
                  np.array([3, 2]), np.array([8, 6])), {}),
    ("ctc_loss", (np.array([[1, 2], [2, 2]]), f32(2, 6, 4), np.array([2, 2]),
                  np.array([6, 6])), {"mask_index": 3}),
    ("ctc_decode", (f32(3, 10, 4), np.array([10, 7, 3])), {}),
    ("ctc_decode", (f32(3, 10, 4), np.array([10, 7, 3])),
     {"merge_repeated": False, "mask_index": 2}),
]


def _ids():
    return [f"{i}-{name}" for i, (name, _, _) in enumerate(CASES)]


def _assert_same(ours, theirs):
    ours_flat = ours if isinstance(ours, (tuple, list)) else (ours,)
    theirs_flat = theirs if isinstance(theirs, (tuple, list)) else (theirs,)
    assert len(ours_flat) == len(theirs_flat)
    for a, b in zip(ours_flat, theirs_flat):
        a, b = np.asarray(a), np.asarray(b)
        assert a.shape == b.shape
        assert a.dtype == b.dtype
        np.testing.assert_allclose(a, b, rtol=2e-4, atol=2e-4)


@pytest.mark.parametrize("name,args,kwargs", CASES, ids=_ids())
def test_matches_keras(name, args, kwargs):
    ours = getattr(ops.nn, name)(*args, **kwargs)
    if name in ("max_pool", "average_pool") and "strides" not in kwargs:
        # Keras 3.15 breaks on strides=None (it expands pool_size twice): pass the default.
        kwargs = {**kwargs, "strides": args[1]}
    theirs = getattr(keras.ops.nn, name)(*args, **kwargs)
    _assert_same(ours, theirs)


@pytest.mark.parametrize("name,args,kwargs", CASES, ids=_ids())
def test_symbolic_output_spec(name, args, kwargs):
    eager = getattr(ops, name)(*args, **kwargs)
    first = np.asarray(args[0])
    symbolic = getattr(ops, name)(KerasTensor(first.shape, str(first.dtype)), *args[1:],
                                  **kwargs)
    eager_flat = eager if isinstance(eager, tuple) else (eager,)
    symbolic_flat = symbolic if isinstance(symbolic, tuple) else (symbolic,)
    for e, s in zip(eager_flat, symbolic_flat, strict=True):
        assert isinstance(s, KerasTensor)
        assert tuple(s.shape) == tuple(e.shape)
        assert s.dtype == str(e.dtype)


def test_symbolic_batch_dim_stays_unknown():
    x = KerasTensor((None, 7, 6, 3))
    assert ops.conv(x, f32(3, 3, 3, 4), padding="same").shape == (None, 7, 6, 4)
    assert ops.max_pool(x, 2).shape == (None, 3, 3, 3)
    assert ops.adaptive_average_pool(x, (2, 2)).shape == (None, 2, 2, 3)


def test_sparsemax_sums_to_one_where_keras_does_not():
    logits = np.array([[0.5, 1.0, 0.9]], "float32")
    ours = np.asarray(ops.sparsemax(logits))
    np.testing.assert_allclose(ours.sum(), 1.0, rtol=1e-6)
    np.testing.assert_allclose(ours, [[1 / 30, 16 / 30, 13 / 30]], atol=1e-6)
    assert float(np.asarray(keras.ops.sparsemax(logits)).sum()) != pytest.approx(1.0)


def test_fold_is_the_adjoint_of_unfold():
    image, columns = f32(1, 2, 5, 4), f32(1, 2 * 3 * 2, 6)
    unfolded = np.asarray(ops.unfold(image, (3, 2), stride=(1, 2)))
    folded = np.asarray(ops.fold(columns, (5, 4), (3, 2), stride=(1, 2)))
    np.testing.assert_allclose((unfolded * columns).sum(), (image * folded).sum(), rtol=1e-4)


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: ops.conv(IMG, f32(3, 3, 2, 4)), "not a multiple"),
        (lambda: ops.conv(f32(1, 2, 2, 3), f32(3, 3, 3, 4)), "empty"),
        (lambda: ops.conv(IMG, f32(3, 3, 3, 4), padding="full"), "padding"),
        (lambda: ops.depthwise_conv(IMG, f32(3, 3, 2, 1)), "in_channels"),
        (lambda: ops.conv_transpose(IMG, f32(3, 3, 3, 4)), "input channels"),
        (lambda: ops.max_pool(IMG, (2, 2, 2)), "pool_size"),
        (lambda: ops.glu(f32(2, 5)), "odd"),
        (lambda: ops.binary_crossentropy(f32(2, 3), f32(3, 2)), "same shape"),
        (lambda: ops.normalize(X, order=0), "order"),
        (lambda: ops.ctc_decode(f32(1, 3, 3), [3], strategy="beam_search"), "greedy"),
        (lambda: ops.fold(f32(1, 4, 5), (3, 3), 2), "blocks"),
        (lambda: ops.space_to_depth(f32(1, 3, 4, 1), 2), "divisible"),
        (lambda: ops.dot_product_attention(Q, f32(2, 5, 4, 8), f32(2, 5, 4, 8)),
         "multiple"),
    ],
)
def test_errors_name_the_op_and_the_fix(call, match):
    with pytest.raises(ValueError, match=match):
        call()
