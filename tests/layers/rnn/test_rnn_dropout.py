"""dropout / recurrent_dropout: masks drawn once per sequence, training only, seeded, jit-safe."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from rnn_parity_helpers import assert_close, sequences

import lamina
from lamina import layers


def _pure(layer, x, training=True):
    layer(x)
    trainable = [v.value for v in layer.trainable_variables]
    frozen = [v.value for v in layer.non_trainable_variables]

    @jax.jit
    def run(frozen_values):
        return layer.stateless_call(trainable, frozen_values, x, training=training)

    return run, frozen


@pytest.mark.parametrize("make", [
    lambda: layers.LSTM(3, dropout=0.5, recurrent_dropout=0.5, seed=1),
    lambda: layers.LSTM(3, dropout=0.5, seed=1),
    lambda: layers.GRU(3, dropout=0.5, recurrent_dropout=0.5, reset_after=False, seed=1),
    lambda: layers.GRU(3, recurrent_dropout=0.5, seed=1),
    lambda: layers.SimpleRNN(3, dropout=0.5, recurrent_dropout=0.5, seed=1),
])
def test_deterministic_under_a_seed_and_advancing_inside_jit(make):
    layer = make()
    x = jnp.asarray(sequences())
    run, frozen = _pure(layer, x)
    out1, frozen1 = run(frozen)
    out_again, _ = run(frozen)
    out2, _ = run(frozen1)
    assert_close(out1, out_again)  # same seed state, same masks
    assert not np.allclose(np.asarray(out1), np.asarray(out2))  # next step, new masks
    inference, _ = _pure(layer, x, training=False)[0](frozen)
    assert_close(inference, layer(x))  # no dropout outside training
    cell = layer.cell
    assert cell._dropout_mask is None and cell._recurrent_dropout_mask is None


def test_same_mask_at_every_timestep():
    # Linear cell without recurrence: output_t = (x_t * mask) @ kernel, x_t constant.
    layer = layers.SimpleRNN(4, activation=None, recurrent_initializer="zeros",
                             use_bias=False, dropout=0.5, seed=3, return_sequences=True)
    x = np.ones((2, 5, 6), "float32")
    out = np.asarray(layer(x, training=True))
    for t in range(1, 5):
        np.testing.assert_array_equal(out[:, t], out[:, 0])
    assert not np.allclose(out[:, 0], layer(x)[:, 0])  # something was dropped


def test_eager_training_calls_draw_new_masks():
    layer = layers.GRU(3, dropout=0.5, seed=0)
    x = sequences()
    assert not np.allclose(layer(x, training=True), layer(x, training=True))


def test_rate_one_drops_every_input():
    layer = layers.SimpleRNN(2, dropout=1.0, use_bias=False, recurrent_initializer="zeros")
    out = layer(sequences(), training=True)
    np.testing.assert_array_equal(np.asarray(out), 0.0)


def test_fit_with_dropout_and_a_mask():
    ids = lamina.Input((6,), dtype="int32")
    h = layers.Embedding(10, 4, mask_zero=True)(ids)
    h = layers.LSTM(3, dropout=0.2, recurrent_dropout=0.2, seed=0)(h)
    model = lamina.Model(ids, layers.Dense(1)(h))
    model.compile(optimizer="adam", loss="mse")
    x = np.random.default_rng(0).integers(0, 10, (8, 6)).astype("int32")
    history = model.fit(x, np.ones((8, 1), "float32"), epochs=2, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
