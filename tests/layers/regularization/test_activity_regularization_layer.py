import jax
import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_keras_parity,
    assert_same_config_keys,
    mask_of,
    random_inputs,
)

import lamina
from lamina.layers import Embedding
from lamina.layers.regularization import ActivityRegularization


@pytest.mark.parametrize("kwargs", [{"l1": 0.1}, {"l2": 0.2}, {"l1": 0.01, "l2": 0.03}, {}])
def test_activity_regularization_keras_parity(kwargs):
    keras = pytest.importorskip("keras")
    x = random_inputs((4, 3))
    layer, keras_layer = ActivityRegularization(**kwargs), keras.layers.ActivityRegularization(
        **kwargs)
    layer(x), keras_layer(x)
    assert_keras_parity(layer, keras_layer, x)
    np.testing.assert_allclose([float(v) for v in layer.losses],
                               [float(v) for v in keras_layer.losses], rtol=1e-6)
    assert_same_config_keys(layer, keras_layer)
    assert_config_round_trip(layer)


def test_activity_regularization_loss_in_stateless_call_and_fit():
    layer = ActivityRegularization(l2=0.5)
    x = np.array([[1.0, 2.0], [3.0, 4.0]], "float32")
    _, _, losses = jax.jit(lambda x: layer.stateless_call([], [], x, return_losses=True))(x)
    np.testing.assert_allclose(float(losses[0]), 0.5 * 30 / 2, rtol=1e-6)
    inputs = lamina.Input((2,))
    model = lamina.Model(inputs, ActivityRegularization(l1=1.0)(lamina.layers.Dense(
        2, kernel_initializer="ones")(inputs)))
    model.compile(optimizer="sgd", loss="mse")
    loss = model.train_on_batch(x, np.zeros((2, 2), "float32"))
    assert np.isfinite(loss) and loss > 10  # the penalty is part of the loss


def test_activity_regularization_masks_and_errors():
    out = ActivityRegularization(l1=0.1)(Embedding(3, 2, mask_zero=True)(np.array([[1, 0]])))
    np.testing.assert_array_equal(np.asarray(mask_of(out)), [[True, False]])
    with pytest.raises(ValueError):
        ActivityRegularization(l1=-1.0)
    with pytest.raises(TypeError, match="set by l1= and l2="):
        ActivityRegularization(activity_regularizer="l2")
