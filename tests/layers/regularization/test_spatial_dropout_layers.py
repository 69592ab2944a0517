import jax
import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_keras_parity,
    assert_same_config_keys,
    mask_of,
)

from lamina.layers import Dropout, Embedding
from lamina.layers.input_spec import InputCompatibilityError
from lamina.layers.regularization import SpatialDropout1D, SpatialDropout2D, SpatialDropout3D

CASES = [
    (SpatialDropout1D, {}, (6, 5, 8), (1,)),
    (SpatialDropout2D, {}, (6, 3, 4, 8), (1, 2)),
    (SpatialDropout2D, {"data_format": "channels_first"}, (6, 8, 3, 4), (2, 3)),
    (SpatialDropout3D, {}, (6, 2, 3, 2, 8), (1, 2, 3)),
    (SpatialDropout3D, {"data_format": "channels_first"}, (6, 8, 2, 3, 2), (2, 3, 4)),
]


@pytest.mark.parametrize(("cls", "kwargs", "shape", "shared"), CASES)
def test_spatial_dropout_drops_whole_channels(cls, kwargs, shape, shared):
    x = np.ones(shape, "float32")
    layer = cls(0.5, seed=3, **kwargs)
    out = np.asarray(layer(x, training=True))
    assert set(np.unique(out).tolist()) == {0.0, 2.0}
    first = out[tuple(slice(0, 1) if a in shared else slice(None) for a in range(len(shape)))]
    assert np.all(out == first)  # constant along the spatial axes
    np.testing.assert_array_equal(np.asarray(layer(x)), x)  # inference: identity
    assert_jit_matches_eager(layer, x, training=True)


def test_spatial_dropout_is_deterministic_per_seed_and_advances_under_jit():
    x = np.ones((4, 3, 16), "float32")
    a = np.asarray(SpatialDropout1D(0.5, seed=7)(x, training=True))
    b = np.asarray(SpatialDropout1D(0.5, seed=7)(x, training=True))
    np.testing.assert_array_equal(a, b)
    layer = SpatialDropout1D(0.5, seed=7)
    step = jax.jit(lambda f, x: layer.stateless_call([], f, x, training=True))
    frozen = [v.value for v in layer.non_trainable_variables]
    out1, frozen = step(frozen, x)
    out2, _ = step(frozen, x)
    np.testing.assert_array_equal(np.asarray(out1), a)
    assert not np.array_equal(np.asarray(out1), np.asarray(out2))


@pytest.mark.parametrize(("cls", "kwargs", "shape", "shared"), CASES)
def test_spatial_dropout_keras_config_and_inference_parity(cls, kwargs, shape, shared):
    keras = pytest.importorskip("keras")
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    layer = cls(0.3, seed=1, **kwargs)
    keras_layer = getattr(keras.layers, cls.__name__)(0.3, seed=1, **kwargs)
    layer(x), keras_layer(x)
    assert_keras_parity(layer, keras_layer, x)
    assert_same_config_keys(layer, keras_layer)
    assert_config_round_trip(layer)
    assert isinstance(layer, Dropout)


def test_spatial_dropout_masks_and_errors():
    out = SpatialDropout1D(0.5)(Embedding(3, 4, mask_zero=True)(np.array([[1, 0]])),
                                training=True)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), [[True, False]])
    with pytest.raises(InputCompatibilityError):
        SpatialDropout1D(0.5)(np.ones((2, 3)))
    with pytest.raises(ValueError, match="rate must be a float in"):
        SpatialDropout2D(1.5)
    with pytest.raises(TypeError):
        SpatialDropout1D(0.5, noise_shape=(1, 2, 3))  # not a Keras argument here
    assert np.all(np.asarray(SpatialDropout1D(1.0)(np.ones((2, 3, 4)), training=True)) == 0)
