"""TimeDistributed: per-timestep application, masks passed through, Keras parity, config."""

import numpy as np
import pytest
from layer_harness import assert_config_round_trip, assert_same_config_keys
from rnn_parity_helpers import assert_close, assert_masked_parity, ragged_mask, sequences

import lamina
from lamina import layers
from lamina.core.masking import get_mask
from lamina.ops.operation import MaskNotSupportedError


def test_same_as_applying_the_layer_to_each_step():
    dense = layers.Dense(3)
    layer = layers.TimeDistributed(dense)
    x = sequences()
    out = layer(x)
    for t in range(x.shape[1]):
        assert_close(out[:, t], dense(x[:, t]))
    assert layer.weights == dense.weights


def test_keras_parity_and_mask_pass_through():
    keras = pytest.importorskip("keras")
    x, mask = sequences(), ragged_mask()
    out = assert_masked_parity(layers.TimeDistributed(layers.Dense(2)),
                               keras.layers.TimeDistributed(keras.layers.Dense(2)), x, mask)
    layer = layers.TimeDistributed(layers.Dense(2))
    np.testing.assert_array_equal(np.asarray(get_mask(layer(x, mask=mask))), mask)
    assert out.shape == (3, 6, 2)


def test_symbolic_mask_reaches_a_following_rnn():
    ids = lamina.Input((None,), dtype="int32")
    h = layers.Embedding(10, 4, mask_zero=True)(ids)
    h = layers.TimeDistributed(layers.Dense(3))(h)
    assert h._keras_mask is not None
    out = layers.LSTM(2)(h)
    model = lamina.Model(ids, out)
    x = np.array([[1, 2, 3, 0, 0, 0]], "int32")
    assert_close(model.predict(x, verbose=0), model.predict(x[:, :3], verbose=0))


def test_higher_rank_steps_and_errors():
    layer = layers.TimeDistributed(layers.Dense(2))
    assert layer(np.ones((2, 3, 4, 5), "float32")).shape == (2, 3, 4, 2)
    with pytest.raises(ValueError, match="at least 3 axes"):
        layers.TimeDistributed(layers.Dense(2))(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="Layer instance"):
        layers.TimeDistributed("dense")


def test_config_matches_keras_and_round_trips():
    keras = pytest.importorskip("keras")
    layer = layers.TimeDistributed(layers.Dense(2))
    layer(sequences())
    assert_same_config_keys(layer, keras.layers.TimeDistributed(keras.layers.Dense(2)))
    assert_config_round_trip(layer)


def test_mask_made_by_the_wrapped_layer_is_kept():
    ids = np.array([[[1, 2, 0], [3, 0, 0]], [[4, 4, 4], [0, 0, 0]]], "int32")
    out = layers.TimeDistributed(layers.Embedding(6, 2, mask_zero=True))(ids)
    np.testing.assert_array_equal(np.asarray(get_mask(out)), ids != 0)


def test_wrapped_mask_is_combined_with_the_input_mask():
    ids = np.array([[[1, 2, 0], [3, 1, 0]]], "int32")
    time_mask = np.array([[True, False]])
    out = layers.TimeDistributed(layers.Embedding(6, 2, mask_zero=True))(ids, mask=time_mask)
    expected = (ids != 0) & time_mask[:, :, None]
    np.testing.assert_array_equal(np.asarray(get_mask(out)), expected)


def test_hierarchical_words_then_sentences_model():
    """(batch, sentences, words) ids: the word mask reaches a wrapped LSTM, padding words
    change nothing, and the sentence-level LSTM sees the time-level mask."""
    ids = lamina.Input((None, None), dtype="int32")
    words = layers.TimeDistributed(layers.Embedding(20, 4, mask_zero=True))(ids)
    assert tuple(words._keras_mask.shape) == (None, None, None)
    sentences = layers.TimeDistributed(layers.LSTM(3))(words)
    out = layers.LSTM(2)(sentences)
    model = lamina.Model(ids, out)
    x = np.array([[[1, 2, 0, 0], [3, 4, 5, 0]]], "int32")
    assert_close(model.predict(x, verbose=0), model.predict(x[:, :, :3], verbose=0))


def test_inner_mask_reaching_a_layer_that_cannot_carry_it_is_refused():
    ids = np.array([[[1, 2, 0], [3, 0, 0]]], "int32")
    words = layers.TimeDistributed(layers.Embedding(6, 2, mask_zero=True))(ids)
    with pytest.raises(MaskNotSupportedError, match="flatten"):
        layers.TimeDistributed(layers.Flatten())(words)
