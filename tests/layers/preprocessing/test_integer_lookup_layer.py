"""IntegerLookup parity: Keras's IntegerLookup needs TensorFlow, so expected outputs are the
ones Keras 3 asserts in keras/src/layers/preprocessing/integer_lookup_test.py."""

import json

import jax
import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_symbolic_matches_eager,
)

from lamina import Input, Model
from lamina.layers import Embedding, IntegerLookup

ADAPT = [1, 1, 1, 2, 2, 3]
KERAS_CONFIG_KEYS = {
    "name", "trainable", "dtype", "invert", "max_tokens", "num_oov_indices", "oov_token",
    "mask_token", "output_mode", "sparse", "pad_to_max_tokens", "vocabulary_dtype",
    "idf_weights", "vocabulary", "vocabulary_size", "oov_method", "salt",
}


def _adapted(**kwargs):
    layer = IntegerLookup(**kwargs)
    layer.adapt(ADAPT)
    return layer


def _eq(out, expected):
    np.testing.assert_allclose(np.asarray(out), np.asarray(expected), rtol=1e-5, atol=1e-6)


def test_integer_lookup_adapt_flow_matches_keras():
    _eq(_adapted()([1, 2, 4]), [1, 2, 0])
    _eq(_adapted()([[1, 2, 4], [2, 3, 5]]), [[1, 2, 0], [2, 3, 0]])
    _eq(_adapted(output_mode="one_hot")([1, 2, 4]),
        [[0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0]])
    _eq(_adapted(output_mode="multi_hot")([1, 2, 4]), [1, 1, 1, 0])
    _eq(_adapted(output_mode="tf_idf")([1, 2, 4]), [1.133732, 0.916291, 1.098612, 0.0])
    _eq(_adapted(output_mode="count")([1, 2, 3, 4, 1, 2, 1]), [1, 3, 2, 1])


def test_integer_lookup_fixed_vocabulary_cases_match_keras(tmp_path):
    _eq(IntegerLookup(vocabulary=[1, 2, 3, 4])([2, 3, 4, 5]), [2, 3, 4, 0])
    layer = IntegerLookup()
    layer.set_vocabulary([1, 2, 3, 4])
    _eq(layer([2, 3, 4, 5]), [2, 3, 4, 0])
    one_hot = IntegerLookup(vocabulary=[1, 2, 3], output_mode="one_hot")
    expected = [[[0, 1, 0, 0], [0, 0, 1, 0]], [[0, 0, 0, 1], [1, 0, 0, 0]]]
    _eq(one_hot(np.array([[1, 2], [3, 0]])), expected)
    _eq(one_hot(np.array([[[1, 2], [3, 0]]])), [expected])
    for mode in ("multi_hot", "count"):
        assert IntegerLookup(vocabulary=[1, 2, 3], output_mode=mode)(
            np.array([[1, 2], [3, 0]])).shape == (2, 4)
    tf_idf = IntegerLookup(vocabulary=[1, 2, 3], idf_weights=[1.0, 1.0, 1.0],
                           output_mode="tf_idf")
    assert tf_idf(np.array([[1, 2], [3, 0]])).shape == (2, 4)
    _eq(IntegerLookup(vocabulary=[1, 2, 3], mask_token=0)([0, 1, 2, 3]), [0, 2, 3, 4])
    _eq(IntegerLookup(vocabulary=[10, 20, 30], invert=True)([1, 2, 3, 0]), [10, 20, 30, -1])
    assert IntegerLookup(vocabulary=[1, 2], output_mode="multi_hot", max_tokens=5,
                         pad_to_max_tokens=True)([1, 2]).shape[-1] == 5
    _eq(IntegerLookup(vocabulary=[1, 2, 3], num_oov_indices=0)([1, 2, 3]), [0, 1, 2])
    path = tmp_path / "vocab.txt"
    path.write_text("10\n20\n30\n")
    _eq(IntegerLookup(vocabulary=str(path))([10, 20, 30, 999]), [1, 2, 3, 0])


def test_integer_lookup_oov_buckets_match_keras():
    out = np.asarray(IntegerLookup(vocabulary=[1, 2, 3], num_oov_indices=2)(
        [1, 2, 3, 999, 1000]))
    _eq(out, [2, 3, 4, 1, 0])  # floormod: 999 % 2, 1000 % 2
    farm = IntegerLookup(vocabulary=[10, 20, 30], num_oov_indices=4, oov_method="farmhash")
    _eq(farm([100, 200, 300, 400]), [3, 1, 3, 1])
    salted = IntegerLookup(vocabulary=[10, 20, 30], num_oov_indices=4, oov_method="farmhash",
                           salt=[137, 42])
    oov = np.array([100, 300, 700, 1100, 1700, 2000])
    assert not np.array_equal(np.asarray(farm(oov)), np.asarray(salted(oov)))
    np.testing.assert_array_equal(np.asarray(jax.jit(farm)(oov)), np.asarray(farm(oov)))
    single = [IntegerLookup(vocabulary=[1, 2, 3], oov_method=m)([99, 100]) for m in
              ("floormod", "farmhash")]
    np.testing.assert_array_equal(np.asarray(single[0]), np.asarray(single[1]))


def test_integer_lookup_vocabulary_accessors():
    layer = IntegerLookup(max_tokens=4)
    layer.adapt([1, 2, 3, 4, 5, 6, 1, 1, 2, 2])
    assert layer.get_vocabulary() == [-1, 2, 1, 6]  # by count, ties: higher value first
    layer = IntegerLookup()
    layer.adapt([5, 5, 5, 10, 10, 15])
    assert layer.get_vocabulary()[:2] == [-1, 5]
    assert layer.get_vocabulary(include_special_tokens=False) == [5, 10, 15]
    assert layer.vocabulary_size() == 4
    masked = IntegerLookup(vocabulary=[-1, 7, 8], mask_token=0, num_oov_indices=1)
    assert masked.get_vocabulary() == [0, -1, -1, 7, 8]
    stripped = IntegerLookup(vocabulary=[0, -1, 7, 8], mask_token=0)
    assert stripped.get_vocabulary() == [0, -1, 7, 8]


def test_integer_lookup_jit_symbolic_and_models():
    ids = np.array([[1, 3, 9], [5, 7, 0]], "int32")
    assert_jit_matches_eager(IntegerLookup(vocabulary=[1, 3, 5, 7], num_oov_indices=3), ids)
    assert_jit_matches_eager(IntegerLookup(vocabulary=[1, 3, 5], output_mode="tf_idf",
                                           idf_weights=[0.5, 1.0, 2.0]), ids)
    assert_jit_matches_eager(IntegerLookup(vocabulary=[1, 3], invert=True), ids)
    assert_symbolic_matches_eager(lambda: IntegerLookup(vocabulary=[1, 3], output_mode="count"),
                                  ids)
    inputs = Input((3,), dtype="int32")
    lookup = IntegerLookup(vocabulary=[1, 3, 5, 7])
    model = Model(inputs, Embedding(lookup.vocabulary_size(), 2)(lookup(inputs)))
    model.compile(optimizer="sgd", loss="mse")
    loss = model.train_on_batch(ids, np.zeros((2, 3, 2), "float32"))
    assert np.isfinite(loss)


def test_integer_lookup_config():
    layer = IntegerLookup(vocabulary=[1, 2, 3], oov_token=1, mask_token=0)
    assert set(layer.get_config()) == KERAS_CONFIG_KEYS
    assert layer.get_config()["vocabulary"] == [1, 2, 3]
    assert_config_round_trip(layer)
    adapted = _adapted(output_mode="tf_idf")
    config = json.loads(json.dumps(adapted.get_config()))
    assert config["vocabulary"] == [-1, 1, 2, 3]
    rebuilt = IntegerLookup.from_config(config)
    _eq(rebuilt([1, 2, 4]), adapted([1, 2, 4]))


def test_integer_lookup_errors():
    with pytest.raises(ValueError, match="max_tokens must be > 1"):
        IntegerLookup(max_tokens=1)
    with pytest.raises(ValueError, match="num_oov_indices must be >= 0"):
        IntegerLookup(num_oov_indices=-1)
    with pytest.raises(ValueError, match="vocabulary_dtype='int64'"):
        IntegerLookup(vocabulary_dtype="int32")
    with pytest.raises(ValueError, match="oov_method must be"):
        IntegerLookup(vocabulary=[1], num_oov_indices=2, oov_method="bad")
    with pytest.raises(ValueError, match="repeats terms"):
        IntegerLookup(vocabulary=[1, 1])
    with pytest.raises(ValueError, match="reserved mask token"):
        IntegerLookup(vocabulary=[1, 0], mask_token=0)
    with pytest.raises(ValueError, match="more than max_tokens"):
        IntegerLookup(vocabulary=[1, 2, 3], max_tokens=3)
    with pytest.raises(ValueError, match="out-of-vocabulary values"):
        IntegerLookup(vocabulary=[1, 2], num_oov_indices=0)([1, 5])
    with pytest.raises(RuntimeError, match="set the vocabulary before calling"):
        IntegerLookup(output_mode="multi_hot")([1, 2])
    with pytest.raises(ValueError, match="Cannot adapt"):
        IntegerLookup(vocabulary=[1]).adapt([1, 2])
    with pytest.raises(TypeError, match="takes numbers, received strings"):
        IntegerLookup(vocabulary=[1])(["a"])
    with pytest.raises(ValueError, match="idf_weights must be given"):
        IntegerLookup(vocabulary=[1], output_mode="tf_idf")
    layer = IntegerLookup(output_mode="count")
    layer.adapt([1, 2])
    with pytest.raises(RuntimeError, match="cannot change once set"):
        layer.adapt([1, 2, 3])
