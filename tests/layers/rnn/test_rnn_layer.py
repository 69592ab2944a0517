"""RNN base layer: custom and stacked cells, masks, go_backwards, stateful, config."""

import jax.numpy as jnp
import numpy as np
import pytest
from layer_harness import assert_config_round_trip, assert_same_config_keys
from rnn_parity_helpers import assert_close, assert_masked_parity, ragged_mask, sequences

import lamina
from lamina import layers


class MinimalRNNCell(layers.Layer):
    """The Keras documentation's example cell: ``h' = x W + h U``."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units),
                                                name="recurrent_kernel")

    def call(self, inputs, states):
        output = inputs @ self.kernel.value + states[0] @ self.recurrent_kernel.value
        return output, [output]


def test_custom_cell_runs_and_respects_the_mask():
    layer = layers.RNN(MinimalRNNCell(3), return_sequences=True)
    x, mask = sequences(), ragged_mask()
    out = np.asarray(layer(x, mask=mask))
    assert out.shape == (3, 6, 3)
    np.testing.assert_array_equal(out[0, 5], out[0, 3])
    np.testing.assert_array_equal(out[1, 0], np.zeros(3))


def test_stacked_cells_keras_parity():
    keras = pytest.importorskip("keras")
    ours = layers.RNN([layers.LSTMCell(3), layers.GRUCell(4)], return_sequences=True,
                      return_state=True)
    theirs = keras.layers.RNN([keras.layers.LSTMCell(3), keras.layers.GRUCell(4)],
                              return_sequences=True, return_state=True)
    out = assert_masked_parity(ours, theirs, sequences(), ragged_mask(), grads=False)
    # [output, [h1, c1], [h2]]: one entry per cell, as Keras.
    assert len(out) == 3 and len(out[1]) == 2


def test_stacked_cells_config():
    keras = pytest.importorskip("keras")
    stacked = layers.StackedRNNCells([layers.LSTMCell(2), layers.SimpleRNNCell(3)])
    assert stacked.state_size == [[2, 2], 3] and stacked.output_size == 3
    assert_same_config_keys(stacked, keras.layers.StackedRNNCells([keras.layers.LSTMCell(2)]))
    layer = layers.RNN(stacked)
    layer(sequences())
    assert_config_round_trip(layer)
    assert_same_config_keys(layer, keras.layers.RNN(keras.layers.LSTMCell(2)))


def test_go_backwards_returns_outputs_in_processing_order():
    x = sequences(1, 4, 2)
    forward = layers.SimpleRNN(2, return_sequences=True)
    backward = layers.SimpleRNN.from_config({**forward.get_config(), "go_backwards": True})
    forward(x), backward(x)
    backward.set_weights(forward.get_weights())
    assert_close(backward(x), forward(x[:, ::-1]))


def test_zero_output_for_mask():
    layer = layers.RNN(layers.SimpleRNNCell(2), return_sequences=True, zero_output_for_mask=True)
    x, mask = sequences(), ragged_mask()
    out = np.asarray(layer(x, mask=mask))
    np.testing.assert_array_equal(out[~mask], 0.0)
    last = layers.RNN(layer.cell)(x, mask=mask)  # the last valid output, not a zero
    assert_close(last[0], out[0, 3])


def test_masked_inputs_never_reach_outputs_or_gradients():
    import jax

    layer = layers.LSTM(3, return_sequences=True)
    x, mask = sequences(), ragged_mask()
    x_nan = np.where(mask[..., None], x, np.nan).astype("float32")
    layer(x)
    clean = layer(x, mask=mask)
    assert_close(layer(x_nan, mask=mask), clean)

    frozen = [v.value for v in layer.non_trainable_variables]

    def loss(inputs, weights):
        out, _ = layer.stateless_call(weights, frozen, inputs, mask=mask)
        return jnp.sum(jnp.where(mask[..., None], out, 0.0))

    weights = [v.value for v in layer.trainable_variables]
    grads = jax.grad(loss, argnums=(0, 1))(jnp.asarray(x_nan), weights)
    assert all(bool(jnp.all(jnp.isfinite(g))) for g in jax.tree_util.tree_leaves(grads))
    assert_close(grads[1], jax.grad(loss, argnums=1)(jnp.asarray(x), weights))


def test_cell_without_state_size_is_refused():
    class NoState(layers.Layer):
        def call(self, inputs, states):
            return inputs, states

    with pytest.raises(ValueError, match="state_size"):
        layers.RNN(NoState())
    with pytest.raises(ValueError, match="call"):
        layers.RNN(object())


def test_stateful_states_are_variables_not_weights():
    layer = layers.SimpleRNN(2, stateful=True)
    x = sequences(2, 3, 2)
    first = layer(x)
    assert [w.name for w in layer.weights] == ["kernel", "recurrent_kernel", "bias"]
    assert "simple_rnn_state" not in [w.name for w in layer.weights]
    assert any(v is layer.states[0] for v in layer.non_trainable_variables)
    assert_close(layer.states[0].value, first)
    second = layer(x)  # starts from the stored state
    fresh = layers.SimpleRNN(2)
    fresh(x)
    fresh.set_weights(layer.get_weights())
    assert_close(second, fresh(x, initial_state=[first]))
    layer.reset_state()
    np.testing.assert_array_equal(layer.states[0].numpy(), 0.0)
    layer.reset_states([np.ones((2, 2), "float32")])
    np.testing.assert_array_equal(layer.states[0].numpy(), 1.0)
    with pytest.raises(ValueError, match="batch size 2"):
        layer(sequences(3, 3, 2))


def test_stateful_needs_a_fixed_batch_size():
    with pytest.raises(ValueError, match="batch size must be fixed"):
        layers.LSTM(2, stateful=True)(lamina.Input((3, 2)))


def test_stateful_states_travel_through_fit():
    inputs = lamina.Input(batch_shape=(2, 3, 2))
    rnn = layers.GRU(2, stateful=True)
    model = lamina.Model(inputs, layers.Dense(1)(rnn(inputs)))
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.ones((4, 3, 2), "float32"), np.ones((4, 1), "float32"), batch_size=2,
              shuffle=False, verbose=0)
    assert not np.allclose(rnn.states[0].numpy(), 0.0)


def test_symbolic_shapes_and_masks():
    x = lamina.Input((5, 3))
    out, h, c = layers.LSTM(4, return_sequences=True, return_state=True)(x)
    assert out.shape == (None, 5, 4) and h.shape == c.shape == (None, 4)
    ids = lamina.Input((5,), dtype="int32")
    seq = layers.GRU(2, return_sequences=True)(layers.Embedding(9, 3, mask_zero=True)(ids))
    assert seq._keras_mask is not None
    assert layers.GRU(2)(seq)._keras_mask is None
