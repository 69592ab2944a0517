"""Hashing parity: Keras's Hashing needs TensorFlow, so the expected buckets below are the
ones Keras 3 asserts in keras/src/layers/preprocessing/hashing_test.py (computed by
TensorFlow's to_hash_bucket_fast / to_hash_bucket_strong)."""

import jax
import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_symbolic_matches_eager,
)

from lamina import Input
from lamina.layers import Hashing

NAMES = [["omar"], ["stringer"], ["marlo"], ["wire"], ["skywalker"]]
LETTERS = [["A"], ["B"], ["C"], ["D"], ["E"]]
KERAS_CONFIG_KEYS = {"name", "trainable", "dtype", "num_bins", "salt", "mask_value",
                     "output_mode", "sparse"}


@pytest.mark.parametrize("layer_kwargs, inputs, expected", [
    ({"num_bins": 3}, LETTERS, [1, 0, 1, 1, 2]),
    ({"num_bins": 3, "mask_value": ""}, [["A"], ["B"], [""], ["C"], ["D"]], [1, 1, 0, 2, 2]),
    ({"num_bins": 3, "salt": [133, 137]}, LETTERS, [1, 2, 1, 0, 2]),
    ({"num_bins": 3, "salt": 133}, LETTERS, [0, 0, 2, 1, 0]),
    ({"num_bins": 1}, LETTERS, [0, 0, 0, 0, 0]),
    ({"num_bins": 2}, NAMES, [0, 0, 1, 0, 0]),
    ({"num_bins": 3, "mask_value": ""}, NAMES, [1, 1, 2, 1, 1]),
    ({"num_bins": 3, "mask_value": "omar"}, NAMES, [0, 1, 2, 1, 1]),
    ({"num_bins": 2, "salt": [133, 137]}, NAMES, [0, 1, 0, 1, 0]),
    ({"num_bins": 2, "salt": [211, 137]}, NAMES, [1, 0, 1, 0, 1]),
    ({"num_bins": 3}, np.array([[0], [1], [2], [3], [4]]), [1, 0, 1, 0, 2]),
    ({"num_bins": 3, "salt": [133, 137]}, np.array([[0], [1], [2], [3], [4]]),
     [1, 1, 2, 0, 1]),
])
def test_hashing_matches_keras_buckets(layer_kwargs, inputs, expected):
    out = Hashing(**layer_kwargs)(inputs)
    np.testing.assert_array_equal(np.asarray(out).reshape(-1), expected)
    assert np.asarray(out).shape == np.asarray(inputs).shape


def test_hashing_flat_inputs_and_encodings_match_keras():
    out = Hashing(num_bins=2)(["omar", "stringer", "marlo", "wire", "skywalker"])
    np.testing.assert_array_equal(np.asarray(out), [0, 0, 1, 0, 0])
    one_hot = Hashing(num_bins=3, output_mode="one_hot")(np.array([0, 1, 2, 3, 4]))
    np.testing.assert_array_equal(np.asarray(one_hot),
                                  np.eye(3)[[1, 0, 1, 0, 2]])
    multi = Hashing(num_bins=3, output_mode="multi_hot")(np.array([[0, 1, 2, 3, 4]]))
    np.testing.assert_array_equal(np.asarray(multi), [[1.0, 1.0, 1.0]])
    count = Hashing(num_bins=3, output_mode="count")(np.array([[0, 1, 2, 3, 4]]))
    np.testing.assert_array_equal(np.asarray(count), [[2.0, 2.0, 1.0]])
    for data, expected in (([[1], [2], [3]], [[1], [1], [1]]),
                           ([[[1], [2]], [[2], [3]], [[3], [4]]],
                            [[[1], [1]], [[1], [1]], [[1], [1]]])):
        np.testing.assert_array_equal(np.asarray(Hashing(num_bins=2)(data)), expected)


def test_hashing_is_deterministic_and_works_in_jit_and_graphs():
    ids = np.array([[5, 123, 99999], [7, 7, 0]], "int32")
    layer = Hashing(num_bins=11, mask_value=0)
    first = np.asarray(layer(ids))
    np.testing.assert_array_equal(first, np.asarray(Hashing(num_bins=11, mask_value=0)(ids)))
    assert first[1, 2] == 0 and (first[first != 0] >= 1).all()
    np.testing.assert_array_equal(np.asarray(jax.jit(layer)(ids)), first)
    assert_jit_matches_eager(Hashing(num_bins=4, output_mode="count"), ids)
    assert_symbolic_matches_eager(lambda: Hashing(num_bins=4, output_mode="one_hot"), ids)
    assert str(layer(ids).dtype) == str(jax.dtypes.canonicalize_dtype("int64"))


def test_hashing_config_and_errors():
    layer = Hashing(num_bins=3, salt=7, mask_value="x", output_mode="multi_hot")
    assert set(layer.get_config()) == KERAS_CONFIG_KEYS
    assert_config_round_trip(layer)
    with pytest.raises(ValueError, match="num_bins must be a positive int"):
        Hashing(num_bins=0)
    with pytest.raises(ValueError, match="salt must be an int or a pair"):
        Hashing(num_bins=2, salt="s")
    with pytest.raises(ValueError, match="dtype must be 'int32' or 'int64'"):
        Hashing(num_bins=2, dtype="float32")
    with pytest.raises(ValueError, match="mask_value='x' is a string"):
        Hashing(num_bins=2, mask_value="x")(np.array([1, 2]))


def test_hashing_in_a_functional_model():
    import lamina

    inputs = Input((3,), dtype="int32")
    model = lamina.Model(inputs, Hashing(num_bins=5)(inputs))
    ids = np.array([[1, 2, 3], [40, 50, 60]], "int32")
    np.testing.assert_array_equal(model.predict(ids, verbose=0), np.asarray(Hashing(5)(ids)))
