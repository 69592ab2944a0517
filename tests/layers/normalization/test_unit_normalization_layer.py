import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_keras_parity,
    assert_same_config_keys,
    assert_symbolic_matches_eager,
    mask_of,
    random_inputs,
)

from lamina.layers import Embedding
from lamina.layers.normalization import UnitNormalization


@pytest.mark.parametrize("axis", [-1, 1, [1, 2], (0, 2)])
def test_unit_normalization_keras_parity(axis):
    keras = pytest.importorskip("keras")
    x = random_inputs((2, 3, 4))
    layer, keras_layer = UnitNormalization(axis=axis), keras.layers.UnitNormalization(axis=axis)
    layer(x), keras_layer(x)
    assert_keras_parity(layer, keras_layer, x)
    assert_same_config_keys(layer, keras_layer)
    assert_config_round_trip(layer)
    assert_symbolic_matches_eager(lambda: UnitNormalization(axis=axis), x)


def test_unit_normalization_norms_zero_vectors_and_masks():
    x = random_inputs((3, 5))
    x[1] = 0.0
    out = np.asarray(UnitNormalization()(x))
    np.testing.assert_allclose(np.linalg.norm(out[[0, 2]], axis=-1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(out[1], 0.0)
    assert np.asarray(UnitNormalization()(np.array([[3, 4]]))).dtype == np.float32
    embedded = Embedding(3, 4, mask_zero=True)(np.array([[1, 0]]))
    np.testing.assert_array_equal(np.asarray(mask_of(UnitNormalization()(embedded))),
                                  [[True, False]])


def test_unit_normalization_errors():
    with pytest.raises(TypeError, match="axis must be an int or a non-empty list"):
        UnitNormalization(axis="features")
    with pytest.raises(ValueError, match="out of range"):
        UnitNormalization(axis=2)(np.ones((2, 3)))
