"""2-epoch fit from identical weights: lamina and Keras 3 give the same history and weights."""

import numpy as np
import pytest

import lamina

keras = pytest.importorskip("keras")


def _build(lib, with_bn=False):
    inputs = lib.Input(shape=(6,))
    x = lib.layers.Dense(8, activation="relu")(inputs)
    if with_bn:
        x = lib.layers.BatchNormalization()(x)
    x = lib.layers.Dense(4, activation="tanh")(x)
    return lib.Model(inputs, lib.layers.Dense(3)(x))


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
@pytest.mark.parametrize("with_bn", [False, True])
def test_fit_matches_keras(optimizer, with_bn):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 6)).astype("float32")  # 50 = 3 full batches of 16 + a ragged one
    y = rng.integers(0, 3, size=(50,))
    models = []
    for lib in (keras, lamina):
        model = _build(lib, with_bn)
        opt = (
            lib.optimizers.SGD(0.05, momentum=0.9)
            if optimizer == "sgd"
            else lib.optimizers.Adam(0.01)
        )
        model.compile(
            optimizer=opt,
            loss=lib.losses.SparseCategoricalCrossentropy(from_logits=True),
            metrics=["accuracy"],
        )
        models.append(model)
    keras_model, lamina_model = models
    lamina_model.set_weights(keras_model.get_weights())
    histories = [
        m.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0).history for m in models
    ]
    for key in ("loss", "accuracy"):
        np.testing.assert_allclose(histories[1][key], histories[0][key], rtol=1e-5, atol=1e-6)
    for k_weight, l_weight in zip(keras_model.get_weights(), lamina_model.get_weights()):
        np.testing.assert_allclose(l_weight, k_weight, rtol=1e-5, atol=1e-6)
