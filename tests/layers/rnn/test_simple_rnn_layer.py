"""SimpleRNN / SimpleRNNCell: masks, parity with Keras 3, config."""

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


def test_recurrence_by_hand():
    layer = layers.SimpleRNN(1, activation=None, kernel_initializer="ones",
                             recurrent_initializer="ones", return_sequences=True)
    out = layer(np.ones((1, 3, 1), "float32"))
    np.testing.assert_allclose(np.asarray(out)[0, :, 0], [1.0, 2.0, 3.0])
    masked = layer(np.ones((1, 3, 1), "float32"), mask=np.array([[True, False, True]]))
    np.testing.assert_allclose(np.asarray(masked)[0, :, 0], [1.0, 1.0, 2.0])


@pytest.mark.parametrize(
    "kwargs, grads",
    [({"return_sequences": True, "go_backwards": True}, True), ({"return_state": True}, False)],
)
def test_keras_parity_with_mask(kwargs, grads):
    keras = pytest.importorskip("keras")
    assert_masked_parity(layers.SimpleRNN(4, **kwargs), keras.layers.SimpleRNN(4, **kwargs),
                         sequences(), ragged_mask(), grads=grads)


def test_keras_parity_embedding_mask_zero():
    keras = pytest.importorskip("keras")
    embedding_model_parity(lamina, keras, lambda: layers.SimpleRNN(3, return_sequences=True),
                           lambda: keras.layers.SimpleRNN(3, return_sequences=True),
                           embedded_ids())


def test_config_matches_keras_and_round_trips():
    keras = pytest.importorskip("keras")
    layer = layers.SimpleRNN(3, activation="relu", go_backwards=True)
    layer(sequences())
    # Keras' SimpleRNN config forgets the dropout seed; lamina keeps it (Keras accepts it).
    assert set(layer.get_config()) == set(keras.layers.SimpleRNN(3).get_config()) | {"seed"}
    assert keras.layers.SimpleRNN.from_config(layer.get_config()).cell.seed is None
    assert layers.SimpleRNN.from_config(keras.layers.SimpleRNN(3).get_config()).units == 3
    assert_same_config_keys(layers.SimpleRNNCell(3), keras.layers.SimpleRNNCell(3))
    assert_config_round_trip(layer)


def test_cell_without_states_starts_from_zeros():
    cell = layers.SimpleRNNCell(2)
    x = sequences()[:, 0]
    out, state = cell(x)
    assert_close(out, cell(x, [np.zeros((3, 2), "float32")])[0])
    assert_close(out, state)
