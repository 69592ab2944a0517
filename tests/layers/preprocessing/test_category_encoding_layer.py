import jax
import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_same_config_keys,
    assert_symbolic_matches_eager,
)

from lamina.layers import CategoryEncoding

INPUTS = [
    np.array([3, 2, 0, 1]),
    np.array([[0, 1], [0, 0], [1, 2], [3, 1]]),
    np.array([[1], [0], [3]]),
    np.array(2),
    np.array([[[0, 1], [2, 2]], [[3, 3], [1, 0]]]),
]


@pytest.mark.parametrize("mode", ["one_hot", "multi_hot", "count"])
def test_category_encoding_keras_parity(mode):
    keras = pytest.importorskip("keras")
    for ids in INPUTS:
        ours = CategoryEncoding(4, output_mode=mode)
        theirs = keras.layers.CategoryEncoding(4, output_mode=mode)
        np.testing.assert_array_equal(np.asarray(ours(ids)), np.asarray(theirs(ids)))
    assert_same_config_keys(ours, theirs)


def test_category_encoding_count_weights_keras_parity():
    keras = pytest.importorskip("keras")
    ids = np.array([[0, 1], [0, 0], [1, 2], [3, 1]])
    weights = np.array([[0.1, 0.2], [0.1, 0.1], [0.2, 0.3], [0.4, 0.2]], "float32")
    ours = CategoryEncoding(4, output_mode="count")(ids, count_weights=weights)
    theirs = keras.layers.CategoryEncoding(4, output_mode="count")(ids, count_weights=weights)
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-6)


def test_category_encoding_lists_symbolic_and_jit():
    assert CategoryEncoding(4, "one_hot")([3, 2, 0, 1]).shape == (4, 4)
    ids = np.array([[0, 1, 3], [2, 2, 2]], "int32")
    eager, symbolic = assert_symbolic_matches_eager(lambda: CategoryEncoding(5), ids)
    assert symbolic.shape == (None, 5)
    assert_jit_matches_eager(CategoryEncoding(5, output_mode="count"), ids)
    assert CategoryEncoding(5, "one_hot").compute_output_shape((None, 1)) == (None, 5)
    assert CategoryEncoding(5, "one_hot").compute_output_shape((None, 3)) == (None, 3, 5)
    assert_config_round_trip(CategoryEncoding(5, output_mode="binary"))


def test_category_encoding_errors():
    with pytest.raises(ValueError, match=r"input values must be in \[0, 3\)"):
        CategoryEncoding(3)(np.array([[0, 3]]))
    with pytest.raises(ValueError, match="num_tokens must be an int"):
        CategoryEncoding()
    with pytest.raises(ValueError, match="output_mode must be one of"):
        CategoryEncoding(3, output_mode="tf_idf")
    with pytest.raises(ValueError, match="sparse=True is not supported"):
        CategoryEncoding(3, sparse=True)
    with pytest.raises(ValueError, match="count_weights is only used"):
        CategoryEncoding(3, "one_hot")(np.array([1]), count_weights=np.array([1.0]))
    # inside jit ids cannot be checked: out-of-range ids encode as zeros (Keras's behaviour)
    out = jax.jit(lambda x: CategoryEncoding(3, "one_hot")(x))(np.array([5]))
    np.testing.assert_array_equal(np.asarray(out), [[0, 0, 0]])
