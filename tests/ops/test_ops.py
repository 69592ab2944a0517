import numpy as np
import pytest

from lamina import Input, ops
from lamina.ops.operation import MaskNotSupportedError


@pytest.mark.parametrize(
    "fn",
    [
        lambda x: ops.add(x, 1.0),
        lambda x: ops.matmul(x, np.ones((4, 2), "float32")),
        lambda x: ops.reshape(x, (-1, 2, 2)),
        lambda x: ops.transpose(x, (1, 0)),
        lambda x: ops.concatenate([x, x], axis=-1),
        lambda x: ops.stack([x, x], axis=1),
        lambda x: ops.where(x > 0, x, 0.0),
        lambda x: ops.mean(x, axis=-1),
        lambda x: ops.sum(x, axis=0, keepdims=True),
        lambda x: ops.max(x, axis=-1),
        lambda x: ops.softmax(x),
        lambda x: ops.log_softmax(x),
        lambda x: ops.relu(x),
        lambda x: ops.sigmoid(x),
        lambda x: ops.tanh(x),
        lambda x: ops.one_hot(ops.argmax(x, axis=-1), 4),
        lambda x: x[:, 1:3] * 2 - 1,
    ],
)
def test_symbolic_shape_matches_eager(fn):
    x = np.random.default_rng(0).normal(size=(3, 4)).astype("float32")
    eager = fn(x)
    symbolic = fn(Input(shape=(4,), batch_size=3))
    assert tuple(symbolic.shape) == tuple(eager.shape)


def test_ops_record_nodes_and_run_in_a_function():
    x = Input(shape=(3,))
    y = ops.relu(x * 2.0 + 1.0)
    function = ops.Function(x, y)
    out = function(np.array([[-1.0, 0.0, 1.0]], "float32"))
    np.testing.assert_allclose(np.asarray(out), [[0.0, 1.0, 3.0]])


def test_masked_tensor_into_a_reduction_op_is_an_error():
    from lamina.layers import Embedding

    ids = Input(shape=(5,), dtype="int32")
    h = Embedding(10, 4, mask_zero=True)(ids)
    assert ops.multiply(h, 2.0)._keras_mask is not None  # elementwise keeps it
    with pytest.raises(MaskNotSupportedError, match="embedding"):
        ops.mean(h, axis=1)
