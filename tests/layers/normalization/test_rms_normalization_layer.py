import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_keras_parity,
    assert_same_config_keys,
)

from lamina.core.masking import get_mask
from lamina.layers import RMSNormalization

RNG = np.random.default_rng(0)
X = RNG.normal(size=(2, 3, 4)).astype("float32")


@pytest.mark.parametrize("kwargs", [{}, {"axis": [1, 2], "epsilon": 1e-3}, {"axis": -1}])
def test_keras_parity(kwargs):
    keras = pytest.importorskip("keras")
    layer = RMSNormalization(**kwargs)
    keras_layer = keras.layers.RMSNormalization(**kwargs)
    layer(X)
    keras_layer.build(X.shape)
    layer.set_weights([RNG.normal(size=w.shape).astype("float32") for w in layer.weights])
    assert_keras_parity(layer, keras_layer, X)
    assert_same_config_keys(layer, keras_layer)


def test_math_scale_and_non_trailing_axis():
    out = np.asarray(RMSNormalization(epsilon=0.0)(X))
    expected = X / np.sqrt(np.mean(X**2, axis=-1, keepdims=True))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
    layer = RMSNormalization(axis=1)  # scale lines up with the normalized axis
    layer(X)
    scale = np.array([1.0, 2.0, 3.0], "float32")
    layer.set_weights([scale])
    expected = X / np.sqrt(np.mean(X**2, axis=1, keepdims=True) + 1e-6) * scale[:, None]
    np.testing.assert_allclose(layer(X), expected, rtol=1e-5, atol=1e-6)


def test_masks_pass_config_jit_and_half_precision():
    layer = RMSNormalization()
    mask = np.array([[True, True, False]] * 2)
    np.testing.assert_array_equal(get_mask(layer(X, mask=mask)), mask)
    assert_jit_matches_eager(RMSNormalization(), X)
    assert_config_round_trip(layer)
    half = RMSNormalization(dtype="mixed_float16")
    assert half(X.astype("float16")).dtype == np.float16
    assert half.scale.dtype == "float32"


@pytest.mark.parametrize("axis, error", [(3, ValueError), ("x", TypeError), ([1, 1], ValueError)])
def test_bad_axis(axis, error):
    with pytest.raises(error, match="RMSNormalization"):
        RMSNormalization(axis=axis)(X)
