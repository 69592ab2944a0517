import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_keras_parity,
    assert_same_config_keys,
    assert_symbolic_matches_eager,
    mask_of,
    random_inputs,
)

from lamina import activations
from lamina.layers import Activation, Embedding, Input


def test_activation_shapes_jit_config():
    x = random_inputs((3, 4))
    assert_symbolic_matches_eager(lambda: Activation("softmax"), x)
    layer = Activation("gelu")
    assert_jit_matches_eager(layer, x)
    rebuilt = assert_config_round_trip(layer)
    assert rebuilt.activation is activations.gelu
    assert Activation(activations.relu).get_config()["activation"] == "relu"


def test_activation_keeps_mask():
    tokens = np.array([[3, 0]])
    out = Activation("relu")(Embedding(4, 2, mask_zero=True)(tokens))
    np.testing.assert_array_equal(np.asarray(mask_of(out)), [[True, False]])
    symbolic = Activation("relu")(Embedding(4, 2, mask_zero=True)(Input((2,), dtype="int32")))
    assert mask_of(symbolic) is not None


def test_activation_keras_parity():
    keras = pytest.importorskip("keras")
    x = random_inputs((2, 5))
    layer, keras_layer = Activation("swish"), keras.layers.Activation("swish")
    assert_same_config_keys(layer, keras_layer)
    assert_keras_parity(layer, keras_layer, x)
