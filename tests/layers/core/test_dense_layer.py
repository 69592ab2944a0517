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

from lamina.layers import Dense, Embedding, Input
from lamina.layers.input_spec import InputCompatibilityError


@pytest.mark.parametrize("shape", [(4, 3), (2, 5, 3)])
def test_dense_shapes_jit_and_config(shape):
    x = random_inputs(shape)
    eager, symbolic = assert_symbolic_matches_eager(lambda: Dense(6, activation="relu"), x)
    assert eager.shape == (*shape[:-1], 6)
    layer = Dense(6, activation="tanh", kernel_regularizer="l2")
    assert_jit_matches_eager(layer, x)
    rebuilt = assert_config_round_trip(layer)
    assert rebuilt.units == 6 and rebuilt.kernel_regularizer is not None


def test_dense_weights_and_names():
    layer = Dense(4, use_bias=False)
    layer(np.ones((2, 3)))
    assert [w.name for w in layer.weights] == ["kernel"]
    assert layer.bias is None
    assert layer.kernel.shape == (3, 4)


def test_dense_input_spec_before_and_after_build():
    layer = Dense(2, name="head")
    with pytest.raises(InputCompatibilityError, match="'head'.*min_ndim=2"):
        layer(np.ones((3,)))
    layer(np.ones((1, 3)))
    with pytest.raises(InputCompatibilityError, match=r"'head'.*axis -1.*value 3.*\(1, 4\)"):
        layer(np.ones((1, 4)))
    with pytest.raises(InputCompatibilityError, match="'head'"):
        layer(Input(shape=(4,)))


def test_dense_invalid_arguments():
    with pytest.raises(ValueError, match="units must be a positive integer"):
        Dense(0)
    with pytest.raises(NotImplementedError, match="LoRA"):
        Dense(3, lora_rank=2)
    with pytest.raises(NotImplementedError, match="quantization"):
        Dense(3, quantization_config={"mode": "int8"})


def test_dense_passes_masks_through():
    tokens = np.array([[1, 2, 0]])
    emb = Embedding(4, 3, mask_zero=True)(tokens)
    out = Dense(2)(emb)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), tokens != 0)
    symbolic = Dense(2)(Embedding(4, 3, mask_zero=True)(Input(shape=(3,), dtype="int32")))
    assert mask_of(symbolic).shape == (None, 3)


def test_dense_keras_parity():
    keras = pytest.importorskip("keras")
    x = random_inputs((4, 2, 3))
    layer = Dense(5, activation="sigmoid")
    keras_layer = keras.layers.Dense(5, activation="sigmoid")
    layer(x)
    keras_layer(x)
    assert_same_config_keys(layer, keras_layer)
    assert_keras_parity(layer, keras_layer, x)
