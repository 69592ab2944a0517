"""fit differentiates loss * loss_scale_factor; the optimizer divides the gradients back."""

import numpy as np
import pytest

import lamina
from lamina import layers


def _train(loss_scale_factor, epochs=2):
    lamina.utils.set_random_seed(3)
    model = lamina.Sequential([lamina.Input((4,)), layers.Dense(3), layers.Dense(1)])
    model.compile(
        optimizer=lamina.optimizers.SGD(0.1, loss_scale_factor=loss_scale_factor), loss="mse"
    )
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(20, 4)).astype("float32"), rng.normal(size=(20, 1)).astype("float32")
    history = model.fit(x, y, batch_size=8, epochs=epochs, verbose=0, shuffle=False)
    return model.get_weights(), history.history["loss"]


def test_scaled_training_equals_unscaled_training_and_logs_the_unscaled_loss():
    plain_weights, plain_loss = _train(None)
    scaled_weights, scaled_loss = _train(1024.0)
    np.testing.assert_allclose(scaled_loss, plain_loss, rtol=1e-5)
    for a, b in zip(scaled_weights, plain_weights):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_same_trajectory_as_keras_with_a_loss_scale_factor():
    keras = pytest.importorskip("keras")
    weights, losses = _train(8.0)
    lamina.utils.set_random_seed(3)
    initial = lamina.Sequential([lamina.Input((4,)), layers.Dense(3), layers.Dense(1)])
    reference = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(1)])
    reference.set_weights(initial.get_weights())
    reference.compile(optimizer=keras.optimizers.SGD(0.1, loss_scale_factor=8.0), loss="mse")
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(20, 4)).astype("float32"), rng.normal(size=(20, 1)).astype("float32")
    history = reference.fit(x, y, batch_size=8, epochs=2, verbose=0, shuffle=False)
    np.testing.assert_allclose(losses, history.history["loss"], rtol=1e-5)
    for a, b in zip(weights, reference.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
