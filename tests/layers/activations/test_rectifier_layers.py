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
from lamina.layers.activations import ELU, LeakyReLU, PReLU, ReLU

# Inputs spread over [-3, 3] so thresholds and caps are crossed.
X = (random_inputs((3, 4, 5)) * 1.5).astype("float32")

RELU_KWARGS = [
    {},
    {"max_value": 1.0},
    {"negative_slope": 0.2},
    {"threshold": 0.5},
    {"max_value": 2.0, "negative_slope": 0.1, "threshold": 0.3},
    {"negative_slope": 0.3, "threshold": 0.5},
    {"max_value": 0.0},
]


@pytest.mark.parametrize("kwargs", RELU_KWARGS)
def test_relu_keras_parity(kwargs):
    keras = pytest.importorskip("keras")
    layer, keras_layer = ReLU(**kwargs), keras.layers.ReLU(**kwargs)
    layer(X), keras_layer(X)
    assert_keras_parity(layer, keras_layer, X)
    assert_same_config_keys(layer, keras_layer)
    assert_config_round_trip(layer)


@pytest.mark.parametrize("kwargs", [{}, {"negative_slope": 0.05}, {"negative_slope": 0.0}])
def test_leaky_relu_keras_parity(kwargs):
    keras = pytest.importorskip("keras")
    layer, keras_layer = LeakyReLU(**kwargs), keras.layers.LeakyReLU(**kwargs)
    layer(X), keras_layer(X)
    assert_keras_parity(layer, keras_layer, X)
    assert_same_config_keys(layer, keras_layer)
    assert_config_round_trip(layer)


@pytest.mark.parametrize("alpha", [1.0, 0.3])
def test_elu_keras_parity(alpha):
    keras = pytest.importorskip("keras")
    layer, keras_layer = ELU(alpha=alpha), keras.layers.ELU(alpha=alpha)
    layer(X), keras_layer(X)
    assert_keras_parity(layer, keras_layer, X)
    assert_same_config_keys(layer, keras_layer)
    assert ELU.from_config(keras_layer.get_config()).alpha == alpha
    assert assert_config_round_trip(layer).alpha == alpha


@pytest.mark.parametrize("kwargs", [
    {}, {"shared_axes": [1]}, {"shared_axes": [1, 2]}, {"shared_axes": 2},
    {"alpha_initializer": "ones", "alpha_regularizer": "l2", "alpha_constraint": "non_neg"},
])
def test_prelu_keras_parity(kwargs):
    keras = pytest.importorskip("keras")
    layer, keras_layer = PReLU(**kwargs), keras.layers.PReLU(**kwargs)
    layer(X), keras_layer(X)
    rng = np.random.default_rng(3)
    layer.set_weights([rng.uniform(0, 1, w.shape).astype("float32") for w in layer.weights])
    assert_keras_parity(layer, keras_layer, X)
    assert_same_config_keys(layer, keras_layer)
    assert_config_round_trip(layer)
    assert [w.shape for w in layer.weights] == [tuple(w.shape) for w in keras_layer.weights]


def test_prelu_alpha_is_trained_and_errors():
    layer = PReLU(alpha_regularizer="l2")
    layer(X)
    assert [w.name for w in layer.trainable_weights] == ["alpha"]
    assert len(layer.losses) == 1
    with pytest.raises(ValueError, match="shared_axes must be ints >= 1"):
        PReLU(shared_axes=[0])
    with pytest.raises(ValueError, match="names axis 3"):
        PReLU(shared_axes=[3])(np.ones((2, 3, 4)))
    with pytest.raises(ValueError, match="share the unknown axes"):
        PReLU().build((None, None, 4))


def test_rectifier_errors_and_masks():
    with pytest.raises(ValueError, match="max_value must be a non-negative number or None"):
        ReLU(max_value=-1.0)
    with pytest.raises(ValueError, match="negative_slope must be a non-negative number"):
        ReLU(negative_slope=None)
    with pytest.raises(ValueError, match="threshold"):
        ReLU(threshold=-0.5)
    with pytest.raises(ValueError, match="negative_slope must be a non-negative float"):
        LeakyReLU(-0.1)
    with pytest.warns(UserWarning, match="alpha is deprecated"):
        assert LeakyReLU(alpha=0.1).negative_slope == 0.1
    embedded = Embedding(3, 4, mask_zero=True)(np.array([[1, 0]]))
    for layer in (ReLU(), LeakyReLU(), ELU(), PReLU()):
        np.testing.assert_array_equal(np.asarray(mask_of(layer(embedded))), [[True, False]])
    assert_symbolic_matches_eager(lambda: PReLU(shared_axes=[1]), X)
    assert_symbolic_matches_eager(ReLU, X.astype("int32"))
