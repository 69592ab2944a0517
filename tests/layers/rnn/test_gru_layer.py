"""GRU / GRUCell: Keras 3 layout (z, r, h; reset_after), masks, parity, config."""

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


@pytest.mark.parametrize("reset_after, bias_shape", [(True, (2, 15)), (False, (15,))])
def test_weights_follow_keras_layout(reset_after, bias_shape):
    layer = layers.GRU(5, reset_after=reset_after)
    layer(sequences(features=3))
    assert [w.name for w in layer.weights] == ["kernel", "recurrent_kernel", "bias"]
    assert [w.shape for w in layer.weights] == [(3, 15), (5, 15), bias_shape]


def test_gate_order_is_z_r_h():
    cell = layers.GRUCell(1, kernel_initializer="zeros", recurrent_initializer="zeros",
                          reset_after=False)
    cell(np.zeros((1, 1), "float32"))
    cell.bias.assign(np.array([1.0, 2.0, 3.0], "float32"))  # z, r, h
    h0 = np.array([[0.5]], "float32")
    h, _ = cell(np.zeros((1, 1), "float32"), [h0])
    z = 1 / (1 + np.exp(-1.0))
    np.testing.assert_allclose(np.asarray(h), [[z * 0.5 + (1 - z) * np.tanh(3.0)]], rtol=1e-6)


@pytest.mark.parametrize(
    "kwargs, grads",
    [
        ({"return_sequences": True}, True),
        ({"reset_after": False, "return_state": True}, True),
        ({"return_sequences": True, "go_backwards": True, "use_bias": False}, False),
    ],
)
def test_keras_parity_with_mask(kwargs, grads):
    keras = pytest.importorskip("keras")
    assert_masked_parity(layers.GRU(4, **kwargs), keras.layers.GRU(4, **kwargs),
                         sequences(), ragged_mask(), grads=grads)


def test_keras_parity_embedding_mask_zero():
    keras = pytest.importorskip("keras")
    embedding_model_parity(lamina, keras, lambda: layers.GRU(3),
                           lambda: keras.layers.GRU(3), embedded_ids())


def test_single_state_is_returned_alone():
    out, h = layers.GRU(2, return_state=True)(sequences())
    assert out.shape == h.shape == (3, 2)
    assert_close(out, h)


def test_config_matches_keras_and_round_trips():
    keras = pytest.importorskip("keras")
    layer = layers.GRU(3, reset_after=False, recurrent_dropout=0.2)
    layer(sequences())
    assert_same_config_keys(layer, keras.layers.GRU(3))
    assert_same_config_keys(layers.GRUCell(3), keras.layers.GRUCell(3))
    assert_config_round_trip(layer)
    assert layers.GRU.from_config(keras.layers.GRU(3, reset_after=False).get_config()).reset_after \
        is False


def test_cell_keras_parity_with_recurrent_dropout_off_in_inference():
    keras = pytest.importorskip("keras")
    kwargs = {"dropout": 0.3, "recurrent_dropout": 0.3, "reset_after": False}
    assert_masked_parity(layers.GRU(3, **kwargs), keras.layers.GRU(3, **kwargs),
                         sequences(), ragged_mask(), grads=False)
