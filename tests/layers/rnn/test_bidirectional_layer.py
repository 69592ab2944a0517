"""Bidirectional: merge modes, reversed masks, states, weight order, Keras parity, config."""

import numpy as np
import pytest
from layer_harness import assert_config_round_trip, assert_same_config_keys
from rnn_parity_helpers import (
    assert_close,
    assert_masked_parity,
    embedded_ids,
    embedding_model_parity,
    ragged_mask,
    sequences,
)

import lamina
from lamina import layers
from lamina.core.masking import get_mask


@pytest.mark.parametrize("merge_mode, return_sequences", [("concat", True), (None, False)])
def test_keras_parity(merge_mode, return_sequences):
    keras = pytest.importorskip("keras")
    ours = layers.Bidirectional(layers.GRU(3, return_sequences=return_sequences),
                                merge_mode=merge_mode)
    theirs = keras.layers.Bidirectional(keras.layers.GRU(3, return_sequences=return_sequences),
                                        merge_mode=merge_mode)
    assert_masked_parity(ours, theirs, sequences(), ragged_mask(), grads=merge_mode is not None)


@pytest.mark.parametrize("return_sequences", [False, True])
def test_every_merge_mode_merges_the_two_directions(return_sequences):
    x, mask = sequences(), ragged_mask()
    pair = layers.Bidirectional(layers.LSTM(2, return_sequences=return_sequences),
                                merge_mode=None)
    forward, backward = (np.asarray(y) for y in pair(x, mask=mask))
    expected = {
        "concat": np.concatenate([forward, backward], axis=-1),
        "sum": forward + backward,
        "mul": forward * backward,
        "ave": (forward + backward) / 2,
    }
    for mode, value in expected.items():
        pair.merge_mode = mode  # same directions (and compiled loops), another merge
        assert_close(pair(x, mask=mask), value)


def test_keras_parity_with_states_and_embedding_mask():
    keras = pytest.importorskip("keras")
    ours = layers.Bidirectional(layers.LSTM(2, return_sequences=True, return_state=True))
    theirs = keras.layers.Bidirectional(keras.layers.LSTM(2, return_sequences=True,
                                                          return_state=True))
    out = assert_masked_parity(ours, theirs, sequences(), ragged_mask(), grads=False)
    assert len(out) == 5  # merged output, forward h, c, backward h, c
    embedding_model_parity(
        lamina, keras, lambda: layers.Bidirectional(layers.LSTM(3, return_sequences=True)),
        lambda: keras.layers.Bidirectional(keras.layers.LSTM(3, return_sequences=True)),
        embedded_ids())


def test_backward_direction_reads_the_valid_steps_reversed():
    layer = layers.Bidirectional(layers.SimpleRNN(2), merge_mode=None)
    x, mask = sequences(), ragged_mask()
    forward, backward = layer(x, mask=mask)
    # Row 0 has 4 valid steps: the backward pass equals a forward pass on them reversed.
    direct = layers.SimpleRNN(2)
    direct(x)
    direct.set_weights(layer.backward_layer.get_weights())
    assert_close(backward[0], direct(x[:1, 3::-1])[0])
    direct.set_weights(layer.forward_layer.get_weights())
    assert_close(forward[0], direct(x[:1, :4])[0])


def test_weights_order_names_and_masks():
    layer = layers.Bidirectional(layers.LSTM(2, return_sequences=True), name="bi")
    x, mask = sequences(), ragged_mask()
    out = layer(x, mask=mask)
    assert layer.forward_layer.name.startswith("forward_")
    assert layer.backward_layer.name.startswith("backward_")
    assert layer.backward_layer.go_backwards and not layer.forward_layer.go_backwards
    assert layer.weights[:3] == layer.forward_layer.weights
    assert layer.weights[3:] == layer.backward_layer.weights
    np.testing.assert_array_equal(np.asarray(get_mask(out)), mask)
    np.testing.assert_array_equal(np.asarray(out)[~mask], 0.0)  # zero_output_for_mask
    pair = layers.Bidirectional(layers.LSTM(2, return_sequences=True), merge_mode=None)
    assert len(pair.compute_mask(x, mask)) == 2
    assert layers.Bidirectional(layers.LSTM(2)).compute_mask(x, mask) is None


def test_initial_state_forward_then_backward():
    layer = layers.Bidirectional(layers.GRU(2), merge_mode=None)
    x = sequences()
    h_f, h_b = np.ones((3, 2), "float32"), -np.ones((3, 2), "float32")
    forward, backward = layer(x, initial_state=[h_f, h_b])
    assert_close(forward, layer.forward_layer(x, initial_state=[h_f]))
    assert_close(backward, layer.backward_layer(x, initial_state=[h_b]))
    with pytest.raises(ValueError, match="even count"):
        layer(x, initial_state=[h_f])


def test_custom_backward_layer_and_validation():
    keras = pytest.importorskip("keras")
    backward = layers.GRU(2, go_backwards=True)
    layer = layers.Bidirectional(layers.LSTM(2), backward_layer=backward)
    assert layer.backward_layer is backward
    layer(sequences())
    assert_config_round_trip(layer)
    assert_same_config_keys(layer, keras.layers.Bidirectional(keras.layers.LSTM(2)))
    with pytest.raises(ValueError, match="opposite go_backwards"):
        layers.Bidirectional(layers.LSTM(2), backward_layer=layers.LSTM(2))
    with pytest.raises(ValueError, match="return_sequences"):
        layers.Bidirectional(layers.LSTM(2), backward_layer=layers.LSTM(
            2, go_backwards=True, return_sequences=True))
    with pytest.raises(ValueError, match="merge_mode"):
        layers.Bidirectional(layers.LSTM(2), merge_mode="max")


def test_keras_config_loads():
    keras = pytest.importorskip("keras")
    config = keras.layers.Bidirectional(keras.layers.LSTM(3), merge_mode="sum").get_config()
    layer = layers.Bidirectional.from_config(config)
    assert layer.merge_mode == "sum" and layer.backward_layer.go_backwards
    assert layer(sequences()).shape == (3, 3)


def test_stateful_reset():
    layer = layers.Bidirectional(layers.SimpleRNN(2, stateful=True))
    layer(sequences(2, 3, 2))
    assert len(layer.states) == 2
    layer.reset_states()
    assert all(np.all(s.numpy() == 0) for s in layer.states)
    with pytest.raises(AttributeError, match="stateful"):
        layers.Bidirectional(layers.SimpleRNN(2)).reset_state()
