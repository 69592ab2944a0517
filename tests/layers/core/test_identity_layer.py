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

from lamina.layers import Embedding, Identity, Input


def test_identity_shapes_jit_config():
    x = random_inputs((3, 4))
    eager, _ = assert_symbolic_matches_eager(Identity, x)
    np.testing.assert_array_equal(np.asarray(eager), x)
    assert_jit_matches_eager(Identity(), x)
    assert_config_round_trip(Identity(name="noop"))


def test_identity_on_int_inputs_keeps_dtype():
    _, symbolic = assert_symbolic_matches_eager(Identity, np.array([[1, 2]], dtype="int32"))
    assert symbolic.dtype == "int32"


def test_identity_keeps_mask():
    out = Identity()(Embedding(4, 2, mask_zero=True)(np.array([[1, 0]])))
    np.testing.assert_array_equal(np.asarray(mask_of(out)), [[True, False]])
    symbolic = Identity()(Embedding(4, 2, mask_zero=True)(Input((2,), dtype="int32")))
    assert mask_of(symbolic).shape == (None, 2)


def test_identity_keras_parity():
    keras = pytest.importorskip("keras")
    layer, keras_layer = Identity(), keras.layers.Identity()
    assert_same_config_keys(layer, keras_layer)
    assert_keras_parity(layer, keras_layer, random_inputs((2, 3)))
