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

from lamina.layers import Embedding, Input
from lamina.layers.activations import Softmax

X = random_inputs((2, 3, 4))


@pytest.mark.parametrize("axis", [-1, 1, [1, 2], (1,)])
def test_softmax_keras_parity(axis):
    keras = pytest.importorskip("keras")
    layer, keras_layer = Softmax(axis=axis), keras.layers.Softmax(axis=axis)
    layer(X), keras_layer(X)
    assert_keras_parity(layer, keras_layer, X)
    assert_same_config_keys(layer, keras_layer)
    assert_config_round_trip(layer)


@pytest.mark.parametrize(("mask_shape", "axis"), [
    ((2, 3, 4), -1),  # same rank
    ((2, 1, 4), -1),  # broadcast on the trailing axes
    ((4,), -1),  # lower rank, trailing (Keras semantics)
    ((3, 4), [1, 2]),
])
def test_softmax_mask_keras_parity(mask_shape, axis):
    keras = pytest.importorskip("keras")
    mask = np.random.default_rng(1).uniform(size=mask_shape) > 0.3
    layer, keras_layer = Softmax(axis=axis), keras.layers.Softmax(axis=axis)
    layer(X), keras_layer(X)
    assert_keras_parity(layer, keras_layer, X, mask=mask)
    # Numeric masks: > 0.5 keeps, as in Keras.
    numeric = mask.astype("float32")
    np.testing.assert_allclose(np.asarray(layer(X, mask=numeric)),
                               np.asarray(keras_layer(X, mask=numeric)), rtol=1e-6, atol=1e-7)


def test_softmax_fully_masked_rows_are_zero_and_finite():
    x = np.array([[[1.0, np.nan, 2.0], [np.inf, 3.0, -np.inf]]], "float32")
    mask = np.array([[[True, False, True], [False, False, False]]])
    out = np.asarray(Softmax()(x, mask=mask))
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out[0, 0], [1 / (1 + np.e), 0.0, np.e / (1 + np.e)], rtol=1e-6)
    np.testing.assert_array_equal(out[0, 1], [0.0, 0.0, 0.0])


def test_softmax_time_mask_from_an_embedding():
    ids = np.array([[1, 2, 0], [3, 0, 0]])
    embedded = Embedding(4, 5, mask_zero=True)(ids)
    out = Softmax()(embedded)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), ids != 0)
    values = np.asarray(out)
    np.testing.assert_allclose(values[ids != 0].sum(-1), 1.0, rtol=1e-6)
    assert np.all(values[ids == 0] == 0)
    # Along the (masked) time axis: padded steps get no probability.
    over_time = np.asarray(Softmax(axis=1)(embedded))
    np.testing.assert_allclose(over_time.sum(1), 1.0, rtol=1e-6)
    assert np.all(over_time[ids == 0] == 0)
    symbolic = Softmax()(Embedding(4, 5, mask_zero=True)(Input((3,), dtype="int32")))
    assert mask_of(symbolic) is not None
    assert_symbolic_matches_eager(Softmax, X)


def test_softmax_errors():
    with pytest.raises(ValueError, match="axis must be an int or a non-empty list"):
        Softmax(axis="last")
    with pytest.raises(ValueError, match="out of range"):
        Softmax(axis=3)(X)
    with pytest.raises(ValueError, match="must cover the leading axes .* or broadcast"):
        Softmax()(X, mask=np.ones((2, 4), bool))
    with pytest.raises(ValueError, match="more axes than the inputs"):
        Softmax()(X, mask=np.ones((1, 2, 3, 4), bool))
