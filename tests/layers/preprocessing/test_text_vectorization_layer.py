"""TextVectorization parity: Keras's layer needs TensorFlow, so expected outputs are the ones
Keras 3 asserts in keras/src/layers/preprocessing/text_vectorization_test.py and its
docstring."""

import json

import numpy as np
import pytest

from lamina import Input
from lamina.layers import TextVectorization

KERAS_CONFIG_KEYS = {
    "name", "trainable", "dtype", "max_tokens", "standardize", "split", "ngrams",
    "output_mode", "output_sequence_length", "pad_to_max_tokens", "sparse", "ragged",
    "vocabulary", "idf_weights", "encoding", "vocabulary_size",
}
SENTENCE = ["Hello, World!. This is just a nice test!"]


def _eq(out, expected):
    np.testing.assert_allclose(np.asarray(out), np.asarray(expected), rtol=1e-5, atol=1e-6)


def test_text_vectorization_adapt_flow_matches_keras():
    layer = TextVectorization(max_tokens=5000, output_mode="int", output_sequence_length=4)
    layer.adapt(["foo bar", "bar baz", "baz bada boom"])
    _eq(layer([["foo qux bar"], ["qux baz"]]), [[4, 1, 3, 0], [1, 2, 0, 0]])
    assert "foo" in layer.get_vocabulary()
    fixed = TextVectorization(max_tokens=5000, output_sequence_length=4,
                              vocabulary=["earth", "wind", "and", "fire"])
    assert fixed.get_vocabulary() == ["", "[UNK]", "earth", "wind", "and", "fire"]


def test_text_vectorization_output_modes_match_keras():
    vocab = ["foo", "bar", "baz"]
    _eq(TextVectorization(output_mode="multi_hot", vocabulary=vocab)(
        [["foo bar"], ["baz foo foo"]]), [[0, 1, 1, 0], [0, 1, 0, 1]])
    _eq(TextVectorization(output_mode="count", vocabulary=vocab)(["foo bar", "baz foo foo"]),
        [[0, 1, 1, 0], [0, 2, 0, 1]])
    tf_idf = TextVectorization(output_mode="tf_idf", vocabulary=vocab,
                               idf_weights=[0.3, 0.5, 0.2])
    _eq(tf_idf(["foo bar", "baz foo foo"]), [[0.0, 0.3, 0.5, 0.0], [0.0, 0.6, 0.0, 0.2]])
    padded = TextVectorization(output_mode="multi_hot", vocabulary=["foo", "bar"],
                               max_tokens=8, pad_to_max_tokens=True)
    assert padded(["foo bar"]).shape == (1, 8)
    assert TextVectorization(output_mode="one_hot", vocabulary=vocab)(["foo bar"]).shape[-1] == 4
    for split, data in (("whitespace", [["foo qux bar"], ["qux baz"]]), (None, [["foo"], ["baz"]])):
        layer = TextVectorization(output_sequence_length=4, split=split,
                                  vocabulary=["baz", "bar", "foo"])
        assert layer(data).shape == (2, 4)
    rows = TextVectorization(vocabulary=["baz", "bar", "foo"])
    _eq(rows([["foo qux bar"], ["qux baz"], ["foo"]]), [[4, 1, 3], [1, 2, 0], [4, 0, 0]])


def test_text_vectorization_standardize_and_split_match_keras():
    vocab = ["hello", "world", "this", "is", "nice", "test"]
    _eq(TextVectorization(vocabulary=vocab)(SENTENCE), [[2, 3, 4, 5, 1, 1, 6, 7]])
    lower = TextVectorization(standardize="lower", vocabulary=["hello,", *vocab])
    _eq(lower(SENTENCE), [[2, 1, 5, 6, 1, 1, 7, 1]])
    _eq(TextVectorization(split="character", vocabulary=list("abcde"))(["abcf"]), [[2, 3, 4, 1]])
    custom = TextVectorization(split=lambda t: [s.split("|") for s in t],
                               vocabulary=["foo", "bar", "foobar"])
    _eq(custom(["foo|bar"]), [[4]])  # "|" is punctuation, stripped before the split
    strip = TextVectorization(standardize="strip_punctuation", vocabulary=["Hello", "World",
                                                                          "Test"])
    _eq(strip(["Hello, World! Test."]), [[2, 3, 4]])
    _eq(TextVectorization(standardize=None, vocabulary=["Hello", "world"])(["Hello hello"]),
        [[2, 1]])
    dash = TextVectorization(standardize=lambda t: np.char.replace(t, "-", " "),
                             vocabulary=["foo", "bar"])
    _eq(dash(["foo-bar"]), [[2, 3]])
    _eq(TextVectorization(split=None, vocabulary=["foo", "bar", "baz"])(
        [["foo"], ["bar"], ["unknown"]]), [[2], [3], [1]])
    seen = []

    def np_standardize(text):
        seen.append((type(text).__name__, text.dtype.kind))
        return np.char.replace(np.char.lower(text), ",", "")

    layer = TextVectorization(standardize=np_standardize)
    layer.adapt(["Hello, world."])
    assert set(seen) == {("ndarray", "U")}
    assert "hello" in layer.get_vocabulary() and "world." in layer.get_vocabulary()


def test_text_vectorization_ngrams_and_vocabulary():
    layer = TextVectorization(ngrams=2)
    layer.adapt(["foo bar baz"])
    assert {"foo bar", "bar baz"} <= set(layer.get_vocabulary())
    layer = TextVectorization(ngrams=(1, 3))
    layer.adapt(["foo bar baz"])
    vocab = layer.get_vocabulary()
    assert "foo" in vocab and "foo bar baz" in vocab and "foo bar" not in vocab
    layer = TextVectorization(max_tokens=5)
    layer.adapt(["a b c d e f g h i j"])
    assert len(layer.get_vocabulary()) == 5
    fixed = TextVectorization(vocabulary=["foo", "bar", "baz"])
    assert fixed.get_vocabulary()[:2] == ["", "[UNK]"]
    assert fixed.get_vocabulary(include_special_tokens=False) == ["foo", "bar", "baz"]
    assert fixed.vocabulary_size() == 5


def test_text_vectorization_files_generators_and_config(tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_text("foo\nbar\nbaz\n")
    _eq(TextVectorization(vocabulary=str(path))(["foo bar baz unknown"]), [[2, 3, 4, 1]])

    def batches():
        yield ["The cat sat", "the dog"]
        yield np.array(["a cat"])

    layer = TextVectorization(output_mode="tf_idf", ngrams=(1, 2))
    layer.adapt(batches())
    config = json.loads(json.dumps(layer.get_config()))
    assert set(config) == KERAS_CONFIG_KEYS
    rebuilt = TextVectorization.from_config(config)
    texts = ["the cat", "a dog sat sat"]
    _eq(rebuilt(texts), layer(texts))
    assert rebuilt.get_vocabulary() == layer.get_vocabulary()
    fixed = TextVectorization(vocabulary=["one", "two"], output_sequence_length=5)
    again = TextVectorization.from_config(fixed.get_config())
    assert again.get_config() == fixed.get_config()


def test_text_vectorization_errors():
    with pytest.raises(ValueError, match="output_sequence_length only applies"):
        TextVectorization(output_mode="count", output_sequence_length=3)
    with pytest.raises(ValueError, match="ngrams must be None"):
        TextVectorization(ngrams="two")
    with pytest.raises(ValueError, match="ragged=True needs TensorFlow"):
        TextVectorization(ragged=True)
    with pytest.raises(ValueError, match="standardize must be one of"):
        TextVectorization(standardize="upper")
    with pytest.raises(ValueError, match="last axis of size 1"):
        TextVectorization(vocabulary=["a"])([["a b", "c"]])
    with pytest.raises(TypeError, match="data pipeline before fit"):
        TextVectorization(vocabulary=["a"])(Input((1,), dtype="int32"))
