import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_keras_parity,
    assert_same_config_keys,
    mask_of,
)

import lamina
from lamina.layers import Dense, GlobalAveragePooling1D, Input, Masking

X = np.array([[[1.0, 2.0], [0.0, 0.0], [3.0, 0.0], [0.0, 0.0]],
              [[5.0, 5.0], [5.0, 6.0], [0.0, 1.0], [5.0, 5.0]]], "float32")


@pytest.mark.parametrize("mask_value", [0.0, 5.0])
def test_keras_parity_outputs_and_mask(mask_value):
    keras = pytest.importorskip("keras")
    layer, keras_layer = Masking(mask_value), keras.layers.Masking(mask_value)
    assert_same_config_keys(layer, keras_layer)
    out = assert_keras_parity(layer, keras_layer, X)
    np.testing.assert_array_equal(np.asarray(mask_of(out)),
                                  np.asarray(keras_layer.compute_mask(X)))
    assert_config_round_trip(layer)
    assert_jit_matches_eager(layer, X)


def test_mask_and_zeroed_steps():
    out = Masking()(X)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), [[1, 0, 1, 0], [1, 1, 1, 1]])
    out = Masking(5.0)(X)
    np.testing.assert_array_equal(np.asarray(out)[0, 0], [1.0, 2.0])
    np.testing.assert_array_equal(np.asarray(out)[1, [0, 3]], 0.0)


def test_incoming_mask_is_combined_not_dropped():
    incoming = np.array([[True, True, False, True], [False, True, True, True]])
    out = Masking()(X, mask=incoming)
    np.testing.assert_array_equal(np.asarray(mask_of(out)),
                                  incoming & np.array([[1, 0, 1, 0], [1, 1, 1, 1]], bool))


def test_nan_padding_needs_a_nan_mask_value():
    x = X.copy()
    x[0, 1:] = np.nan
    # IEEE: x != 0.0 is True for NaN, so the default mask_value does not mask NaN padding.
    assert np.all(np.asarray(Masking().compute_mask(x))[0, 1:])
    layer = Masking(mask_value=float("nan"))
    np.testing.assert_array_equal(np.asarray(layer.compute_mask(x)),
                                  [[1, 0, 0, 0], [1, 1, 1, 1]])
    out = layer(x)
    assert np.all(np.isfinite(out))
    pooled = GlobalAveragePooling1D()(out)
    np.testing.assert_allclose(np.asarray(pooled)[0], [1.0, 2.0])
    config = layer.get_config()
    assert np.isnan(Masking.from_config(config).mask_value)


def test_functional_model_propagates_the_mask():
    inputs = Input((None, 2))
    masked = Masking()(inputs)
    assert mask_of(masked).shape == (None, None)
    model = lamina.Model(inputs, Dense(1)(GlobalAveragePooling1D()(Dense(3)(masked))))
    model.compile(optimizer="sgd", loss="mse")
    assert np.isfinite(model.train_on_batch(X, np.zeros((2, 1))))


def test_errors():
    with pytest.raises(TypeError, match="mask_value must be a number"):
        Masking(mask_value="pad")
    with pytest.raises(TypeError, match="config dict"):
        Masking(mask_value={"class_name": "x", "config": {}})
