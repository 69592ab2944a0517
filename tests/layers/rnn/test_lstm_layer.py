"""LSTM / LSTMCell: Keras 3 layout and gate order, masks, parity, config."""

import jax.numpy as jnp
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


def test_weights_have_keras_names_shapes_and_forget_bias():
    layer = layers.LSTM(5)
    layer(sequences(features=3))
    assert [w.name for w in layer.weights] == ["kernel", "recurrent_kernel", "bias"]
    assert [w.shape for w in layer.weights] == [(3, 20), (5, 20), (20,)]
    bias = layer.cell.bias.numpy()
    np.testing.assert_array_equal(bias, np.r_[np.zeros(5), np.ones(5), np.zeros(10)])


def test_gate_order_is_i_f_c_o():
    # Hand computation of one step with known weights.
    cell = layers.LSTMCell(1, kernel_initializer="zeros", recurrent_initializer="zeros",
                           unit_forget_bias=False)
    cell(np.zeros((1, 1), "float32"))
    cell.bias.assign(np.array([1.0, 2.0, 3.0, 4.0], "float32"))  # i, f, c, o
    c0 = np.array([[0.5]], "float32")
    h, (_, c) = cell(np.zeros((1, 1), "float32"), [np.zeros((1, 1), "float32"), c0])
    sig = lambda v: 1 / (1 + np.exp(-v))
    expected_c = sig(2.0) * 0.5 + sig(1.0) * np.tanh(3.0)
    np.testing.assert_allclose(np.asarray(c), [[expected_c]], rtol=1e-6)
    np.testing.assert_allclose(np.asarray(h), [[sig(4.0) * np.tanh(expected_c)]], rtol=1e-6)


@pytest.mark.parametrize(
    "kwargs, grads",
    [
        ({"return_sequences": True}, True),
        ({"return_state": True, "go_backwards": True}, True),
        ({"return_sequences": True, "go_backwards": True}, False),
        ({"unit_forget_bias": False, "use_bias": False, "activation": "relu"}, False),
    ],
)
def test_keras_parity_with_mask(kwargs, grads):
    keras = pytest.importorskip("keras")
    assert_masked_parity(layers.LSTM(4, **kwargs), keras.layers.LSTM(4, **kwargs),
                         sequences(), ragged_mask(), grads=grads)


def test_keras_parity_with_initial_state_and_pre_padding():
    keras = pytest.importorskip("keras")
    x = sequences()
    rng = np.random.default_rng(3)
    h0, c0 = (rng.standard_normal((3, 4)).astype("float32") for _ in range(2))
    ours, theirs = layers.LSTM(4, return_sequences=True), keras.layers.LSTM(
        4, return_sequences=True)
    ours(x), theirs(x)
    theirs.set_weights(ours.get_weights())
    mask = ragged_mask()
    a = ours(x, initial_state=[h0, c0], mask=mask)
    b = theirs(x, initial_state=[h0, c0], mask=mask)
    assert_close(a, b)
    # Leading masked steps of row 1 repeat the initial h (Keras' scan behaviour).
    np.testing.assert_allclose(np.asarray(a)[1, :2], np.stack([h0[1], h0[1]]), atol=1e-6)


def test_keras_parity_embedding_mask_zero():
    keras = pytest.importorskip("keras")
    ids = embedded_ids()
    ours, _ = embedding_model_parity(
        lamina, keras, lambda: layers.LSTM(3, return_sequences=True),
        lambda: keras.layers.LSTM(3, return_sequences=True), ids)
    out = ours(ids)
    np.testing.assert_array_equal(np.asarray(get_mask(out)), ids != 0)


def test_masked_steps_keep_previous_output_and_state():
    layer = layers.LSTM(3, return_sequences=True, return_state=True)
    x, mask = sequences(), ragged_mask()
    seq, h, c = layer(x, mask=mask)
    seq = np.asarray(seq)
    np.testing.assert_array_equal(seq[0, 4], seq[0, 3])  # post-padding repeats
    np.testing.assert_array_equal(seq[0, 5], seq[0, 3])
    np.testing.assert_array_equal(seq[1, :2], np.zeros((2, 3)))  # before the first step
    np.testing.assert_array_equal(seq[2, 3], seq[2, 2])  # a hole repeats
    np.testing.assert_array_equal(np.asarray(h)[0], seq[0, 3])
    # The final states are those of the last valid step: the same as the cut sequence.
    _, h_cut, c_cut = layer(x[:1, :4])
    assert_close([h[:1], c[:1]], [h_cut, c_cut])


def test_mask_ends_without_return_sequences_and_pairs_with_states():
    layer = layers.LSTM(2, return_state=True, return_sequences=True)
    x, mask = sequences(), ragged_mask()
    assert layers.LSTM(2).compute_mask(x, mask) is None
    masks = layer.compute_mask(x, mask)
    assert len(masks) == 3 and masks[1] is None and masks[2] is None
    np.testing.assert_array_equal(np.asarray(masks[0]), mask)
    backwards = layers.LSTM(2, return_sequences=True, go_backwards=True)
    np.testing.assert_array_equal(np.asarray(backwards.compute_mask(x, mask)), mask[:, ::-1])


def test_symbolic_functional_model_with_initial_state():
    x = lamina.Input((5, 3))
    h0, c0 = lamina.Input((4,)), lamina.Input((4,))
    out = layers.LSTM(4)(x, initial_state=[h0, c0])
    model = lamina.Model([x, h0, c0], out)
    data = [sequences(2, 5, 3), np.ones((2, 4), "float32"), np.zeros((2, 4), "float32")]
    direct = model.layers[-1](data[0], initial_state=data[1:])
    assert_close(model.predict(data, verbose=0), direct)


def test_initial_state_errors_name_the_layer():
    layer = layers.LSTM(4, name="encoder")
    with pytest.raises(ValueError, match="encoder.*2 tensor"):
        layer(sequences(), initial_state=[np.zeros((3, 4), "float32")])
    with pytest.raises(ValueError, match="encoder.*shape"):
        layer(sequences(), initial_state=[np.zeros((3, 5), "float32")] * 2)
    with pytest.raises(ValueError, match="mask must have shape"):
        layer(sequences(), mask=np.ones((3, 5), bool))


def test_use_cudnn_true_and_bad_rates_are_refused():
    with pytest.raises(ValueError, match="cuDNN"):
        layers.LSTM(3, use_cudnn=True)
    with pytest.raises(ValueError, match="dropout must be a float in"):
        layers.LSTM(3, dropout=1.5)
    with pytest.raises(ValueError, match="units must be a positive integer"):
        layers.LSTM(0)


def test_config_matches_keras_and_round_trips():
    keras = pytest.importorskip("keras")
    layer = layers.LSTM(3, return_sequences=True, dropout=0.1, seed=2)
    layer(sequences())
    assert_same_config_keys(layer, keras.layers.LSTM(3))
    assert_config_round_trip(layer)
    cell = layers.LSTMCell(3)
    assert_same_config_keys(cell, keras.layers.LSTMCell(3))
    rebuilt = layers.LSTM.from_config(keras.layers.LSTM(3, unit_forget_bias=False).get_config())
    assert rebuilt.unit_forget_bias is False


def test_unroll_gives_the_same_numbers():
    x, mask = sequences(), ragged_mask()
    rolled = layers.LSTM(3, return_sequences=True)
    unrolled = layers.LSTM.from_config({**rolled.get_config(), "unroll": True})
    rolled(x), unrolled(x)
    unrolled.set_weights(rolled.get_weights())
    assert_close(rolled(x, mask=mask), unrolled(x, mask=mask))


def test_cell_keras_parity_one_step():
    keras = pytest.importorskip("keras")
    x = sequences()[:, 0]
    states = [jnp.ones((3, 4)), jnp.zeros((3, 4))]
    ours, theirs = layers.LSTMCell(4), keras.layers.LSTMCell(4)
    ours(x, states), theirs(x, states)
    theirs.set_weights(ours.get_weights())
    assert_close(ours(x, states), theirs(x, states))
