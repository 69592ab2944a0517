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

from lamina.layers import Embedding
from lamina.layers.input_spec import InputCompatibilityError
from lamina.layers.normalization import GroupNormalization

CASES = [
    ({"groups": 2}, (2, 3, 4)),
    ({"groups": 1}, (2, 3, 4)),
    ({"groups": -1}, (2, 3, 4)),  # instance normalization
    ({"groups": 2, "axis": 1}, (2, 4, 3, 2)),  # channels-first images
    ({"groups": 3, "axis": 2}, (2, 2, 6, 3)),
    ({"groups": 3, "axis": -2}, (2, 2, 6, 3)),
    ({"groups": 2, "center": False}, (2, 5, 4)),
    ({"groups": 2, "scale": False, "epsilon": 1e-5}, (2, 5, 4)),
    ({"groups": 4, "center": False, "scale": False}, (3, 4)),
]


def _randomize(layer):
    rng = np.random.default_rng(2)
    layer.set_weights([rng.standard_normal(w.shape).astype("float32") for w in layer.weights])


@pytest.mark.parametrize(("kwargs", "shape"), CASES)
def test_group_normalization_keras_parity(kwargs, shape):
    keras = pytest.importorskip("keras")
    x = random_inputs(shape) * 3 + 1
    layer, keras_layer = GroupNormalization(**kwargs), keras.layers.GroupNormalization(**kwargs)
    layer(x), keras_layer(x)
    _randomize(layer)
    assert_keras_parity(layer, keras_layer, x)
    assert_same_config_keys(layer, keras_layer)


@pytest.mark.parametrize(("kwargs", "shape"), CASES[:4])
def test_group_normalization_harness(kwargs, shape):
    x = random_inputs(shape)
    assert_symbolic_matches_eager(lambda: GroupNormalization(**kwargs), x)
    layer = GroupNormalization(gamma_regularizer="l2", beta_constraint="non_neg", **kwargs)
    layer(x)
    assert_jit_matches_eager(layer, x)
    rebuilt = assert_config_round_trip(layer)
    assert rebuilt.groups == kwargs["groups"]  # -1 stays -1 in the config


def test_group_normalization_statistics_per_group():
    x = random_inputs((2, 5, 6)) * 4 + 2
    out = np.asarray(GroupNormalization(groups=3, epsilon=0.0)(x)).reshape(2, 5, 3, 2)
    np.testing.assert_allclose(out.mean(axis=(1, 3)), 0.0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=(1, 3)), 1.0, atol=1e-4)


def test_group_normalization_masks_and_errors():
    embedded = Embedding(3, 4, mask_zero=True)(np.array([[1, 0]]))
    out = GroupNormalization(groups=2)(embedded)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), [[True, False]])
    with pytest.raises(ValueError, match="groups must be a positive int"):
        GroupNormalization(groups=0)
    with pytest.raises(ValueError, match=r"groups=3 must divide the number of channels \(4"):
        GroupNormalization(groups=3)(np.ones((2, 4)))
    with pytest.raises(ValueError, match="groups=8 must divide"):
        GroupNormalization(groups=8)(np.ones((2, 4)))
    with pytest.raises(ValueError, match="axis 0 is the batch"):
        GroupNormalization(groups=1, axis=0)(np.ones((2, 4)))
    with pytest.raises(TypeError, match="axis must be an int"):
        GroupNormalization(axis=[1, 2])
    layer = GroupNormalization(groups=2)
    layer(np.ones((2, 4)))
    with pytest.raises(InputCompatibilityError):
        layer(np.ones((2, 6)))
