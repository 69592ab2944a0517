"""StringLookup parity: Keras's StringLookup needs TensorFlow, so expected outputs are the
ones Keras 3 asserts in keras/src/layers/preprocessing/string_lookup_test.py (and its
docstring examples)."""

import json

import jax
import numpy as np
import pytest
from layer_harness import assert_config_round_trip

from lamina import Input
from lamina.layers import StringLookup

KERAS_CONFIG_KEYS = {
    "name", "trainable", "dtype", "invert", "max_tokens", "num_oov_indices", "oov_token",
    "mask_token", "output_mode", "sparse", "pad_to_max_tokens", "idf_weights", "vocabulary",
    "vocabulary_size", "oov_method", "salt", "encoding",
}


def _eq(out, expected):
    np.testing.assert_allclose(np.asarray(out), np.asarray(expected), rtol=1e-5, atol=1e-6)


def test_string_lookup_matches_keras():
    layer = StringLookup()
    layer.adapt(["a", "a", "a", "b", "b", "c"])
    _eq(layer(["b", "c", "d"]), [2, 3, 0])
    _eq(StringLookup(vocabulary=["a", "b", "c"])(["b", "c", "d"]), [2, 3, 0])
    _eq(StringLookup(vocabulary=["a", "b", "c", "d"])([["a", "c", "d"], ["d", "z", "b"]]),
        [[1, 3, 4], [4, 0, 2]])
    layer = StringLookup()
    layer.set_vocabulary(["a", "b", "c"])
    _eq(layer(np.array(["b", "c", "d"])), [2, 3, 0])
    _eq(StringLookup(vocabulary=["a", "b"], output_mode="multi_hot")(["a", "b"]), [0, 1, 1])
    counts = StringLookup(vocabulary=["a", "b"], output_mode="count")(["a", "a", "a", "b", "b"])
    _eq(counts, [0, 3, 2])
    assert int(StringLookup(vocabulary=["a"], mask_token="[MASK]")(["[MASK]", "a"])[0]) == 0
    assert StringLookup(vocabulary=["a", "b", "c"]).get_vocabulary(
        include_special_tokens=False) == ["a", "b", "c"]
    layer = StringLookup(max_tokens=20, num_oov_indices=4, vocabulary=list("abcdefghi"),
                         output_mode="one_hot", pad_to_max_tokens=True)
    assert layer(np.array([[["a", "b"], ["c", "d"]]] * 2)).shape == (2, 2, 2, 20)


def test_string_lookup_keras_docstring_examples():
    vocab = ["a", "b", "c", "d"]
    data = [["a", "c", "d"], ["d", "z", "b"]]
    layer = StringLookup()
    layer.adapt(data)
    assert layer.get_vocabulary() == ["[UNK]", "d", "z", "c", "b", "a"]
    _eq(layer(data), [[5, 3, 1], [1, 2, 4]])
    _eq(StringLookup(vocabulary=vocab, num_oov_indices=2)([["a", "c", "d"], ["m", "z", "b"]]),
        [[2, 4, 5], [0, 1, 3]])
    _eq(StringLookup(vocabulary=vocab, output_mode="one_hot")(["a", "b", "c", "d", "z"]),
        np.eye(5)[[1, 2, 3, 4, 0]])
    data4 = [["a", "c", "d", "d"], ["d", "z", "b", "z"]]
    _eq(StringLookup(vocabulary=vocab, output_mode="multi_hot")(data4),
        [[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]])
    _eq(StringLookup(vocabulary=vocab, output_mode="count")(data4),
        [[0, 1, 0, 1, 2], [2, 0, 1, 0, 1]])
    tf_idf = StringLookup(output_mode="tf_idf")
    tf_idf.set_vocabulary(vocab, idf_weights=[0.25, 0.75, 0.6, 0.4])
    _eq(tf_idf(data4), [[0.0, 0.25, 0.0, 0.6, 0.8], [1.0, 0.0, 0.75, 0.0, 0.4]])
    tf_idf = StringLookup(output_mode="tf_idf")
    tf_idf.set_vocabulary(["[UNK]", *vocab], idf_weights=[0.9, 0.25, 0.75, 0.6, 0.4])
    _eq(tf_idf(data4), [[0.0, 0.25, 0.0, 0.6, 0.8], [1.8, 0.0, 0.75, 0.0, 0.4]])
    inverse = StringLookup(vocabulary=vocab, invert=True)
    expected = [["a", "c", "d"], ["d", "[UNK]", "b"]]
    assert inverse([[1, 3, 4], [4, 0, 2]]).tolist() == expected
    assert inverse(StringLookup(vocabulary=vocab)(data)).tolist() == expected
    masked = StringLookup(vocabulary=vocab, mask_token="")
    _eq(masked([["a", "c", ""], ["d", "z", "b"]]), [[2, 4, 0], [5, 1, 3]])


def test_string_lookup_oov_hash_buckets_and_salt():
    vocab = ["a", "b", "c"]
    oov = ["x", "y", "z", "w", "v", "u"]
    farm = np.asarray(StringLookup(vocabulary=vocab, num_oov_indices=4)(oov))
    sip = np.asarray(StringLookup(vocabulary=vocab, num_oov_indices=4, salt=[137, 42])(oov))
    assert not np.array_equal(farm, sip)
    assert ((farm >= 0) & (farm < 4)).all() and ((sip >= 0) & (sip < 4)).all()


def test_string_lookup_inputs_bytes_scalars_and_files(tmp_path):
    layer = StringLookup(vocabulary=["a", "b", "é"])
    _eq(layer([b"b", "\u00e9".encode()]), [2, 3])
    _eq(layer(np.array([b"a", b"q"])), [1, 0])
    assert int(layer("b")) == 2
    path = tmp_path / "vocab.txt"
    path.write_text("a\nb\nc\n")
    from_file = StringLookup(vocabulary=str(path), oov_token="[OOV]", mask_token="[MASK]")
    assert from_file.get_vocabulary() == ["[MASK]", "[OOV]", "a", "b", "c"]
    path.unlink()
    rebuilt = StringLookup.from_config(json.loads(json.dumps(from_file.get_config())))
    assert rebuilt.get_vocabulary() == ["[MASK]", "[OOV]", "a", "b", "c"]


def test_string_lookup_adapt_from_generator_and_config():
    def batches():
        yield ["cat", "dog"]
        yield ["bird", "cat"]
        while True:
            yield ["never"]

    layer = StringLookup(output_mode="tf_idf")
    layer.adapt(batches(), steps=2)
    assert layer.get_vocabulary() == ["[UNK]", "cat", "dog", "bird"]
    config = json.loads(json.dumps(layer.get_config()))
    assert set(config) == KERAS_CONFIG_KEYS
    rebuilt = StringLookup.from_config(config)
    _eq(rebuilt([["cat", "fish"]]), layer([["cat", "fish"]]))
    fixed = StringLookup(vocabulary=["a", "b", "c"], oov_token="[OOV]", mask_token="[MASK]")
    assert fixed.get_config()["vocabulary"] == ["a", "b", "c"]
    assert_config_round_trip(fixed)


def test_string_lookup_is_eager_only():
    layer = StringLookup(vocabulary=["a"])
    with pytest.raises(TypeError, match="data pipeline before fit"):
        layer(Input((1,), dtype="int32"))
    with pytest.raises(TypeError, match="inside jax.jit"):
        jax.jit(lambda x: layer.call(x))(np.array([1]))
    with pytest.raises(TypeError, match="expected strings"):
        layer([1, 2])
    with pytest.raises(ValueError, match="ragged"):
        layer([["a", "b"], ["a"]])
    with pytest.raises(ValueError, match="invert=True needs output_mode='int'"):
        StringLookup(vocabulary=["a"], invert=True, output_mode="count")
    with pytest.raises(ValueError, match="sparse=True is not supported"):
        StringLookup(sparse=True)
