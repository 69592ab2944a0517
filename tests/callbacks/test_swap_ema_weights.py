"""SwapEMAWeights against Keras 3: same model, weights and data; the same validation
losses (computed with EMA weights), training losses, and final weights."""

import numpy as np
import pytest

import lamina

RNG = np.random.default_rng(1)
X = RNG.normal(size=(16, 3)).astype("float32")
Y = (X @ np.array([[1.0], [-2.0], [0.5]], "float32") + 0.3).astype("float32")
XV = RNG.normal(size=(8, 3)).astype("float32")
YV = (XV @ np.array([[1.0], [-2.0], [0.5]], "float32") + 0.3).astype("float32")


def _build(lib, weights=None):
    inputs = lib.Input(shape=(3,))
    hidden = lib.layers.Dense(4, activation="tanh")(inputs)
    model = lib.Model(inputs, lib.layers.Dense(1)(hidden))
    if weights is not None:
        model.set_weights(weights)
    model.compile(optimizer=lib.optimizers.SGD(0.1, use_ema=True, ema_momentum=0.8), loss="mse")
    return model


def _ema_values(model):
    optimizer = getattr(model.optimizer, "inner_optimizer", model.optimizer)
    return [np.asarray(v.value) for v in optimizer._model_variables_moving_average]


@pytest.mark.parametrize("swap_on_epoch", [False, True])
def test_fit_and_evaluate_match_keras(swap_on_epoch):
    keras = pytest.importorskip("keras")
    model = _build(lamina)
    kmodel = _build(keras, model.get_weights())
    kwargs = dict(epochs=3, batch_size=4, shuffle=False, verbose=0, validation_data=(XV, YV))
    history = model.fit(X, Y, callbacks=[lamina.callbacks.SwapEMAWeights(swap_on_epoch)], **kwargs)
    khistory = kmodel.fit(X, Y, callbacks=[keras.callbacks.SwapEMAWeights(swap_on_epoch)], **kwargs)
    for key in ("loss", "val_loss"):
        np.testing.assert_allclose(history.history[key], khistory.history[key], rtol=1e-4)
    for ours, theirs in zip(model.get_weights(), kmodel.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-6)
    for ours, theirs in zip(_ema_values(model), _ema_values(kmodel)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-6)


def test_validation_uses_ema_weights_and_training_continues_from_raw_ones():
    model = _build(lamina)
    plain = _build(lamina, model.get_weights())
    kwargs = dict(epochs=3, batch_size=4, shuffle=False, verbose=0, validation_data=(XV, YV))
    swapped = model.fit(X, Y, callbacks=[lamina.callbacks.SwapEMAWeights()], **kwargs)
    reference = plain.fit(X, Y, **kwargs)
    # Training itself is unchanged by the swaps...
    np.testing.assert_allclose(swapped.history["loss"], reference.history["loss"], rtol=1e-6)
    # ...but validation ran on different (EMA) weights.
    assert not np.allclose(swapped.history["val_loss"], reference.history["val_loss"])


def test_evaluate_and_predict_swap_and_restore():
    model = _build(lamina)
    model.fit(X, Y, epochs=2, batch_size=4, shuffle=False, verbose=0)
    optimizer = model.optimizer
    # Make the averages differ from the weights, so the swap is visible.
    for variable, average in zip(
        optimizer._trainable_variables, optimizer._model_variables_moving_average
    ):
        average.assign(np.asarray(variable.value) * 0.5)
    before = model.get_weights()
    averages = _ema_values(model)
    callback = lamina.callbacks.SwapEMAWeights()
    loss_ema = model.evaluate(XV, YV, verbose=0, callbacks=[callback])
    for ours, original in zip(model.get_weights(), before):
        np.testing.assert_array_equal(ours, original)
    reference = _build(lamina, averages)
    np.testing.assert_allclose(loss_ema, reference.evaluate(XV, YV, verbose=0), rtol=1e-6)
    np.testing.assert_allclose(
        model.predict(XV, verbose=0, callbacks=[callback]),
        reference.predict(XV, verbose=0),
        rtol=1e-6,
    )
    for ours, original in zip(_ema_values(model), averages):
        np.testing.assert_array_equal(ours, original)


def test_needs_an_ema_optimizer():
    model = lamina.Sequential([lamina.Input(shape=(3,)), lamina.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="use_ema=True"):
        model.evaluate(X, Y, verbose=0, callbacks=[lamina.callbacks.SwapEMAWeights()])
    model.compile(optimizer=lamina.optimizers.SGD(use_ema=True), loss="mse")
    with pytest.raises(ValueError, match="not built"):
        model.evaluate(X, Y, verbose=0, callbacks=[lamina.callbacks.SwapEMAWeights()])


def test_fit_ends_with_the_moving_averages_as_keras():
    keras = pytest.importorskip("keras")
    model = _build(lamina)
    kmodel = _build(keras, model.get_weights())
    model.fit(X, Y, epochs=2, batch_size=4, shuffle=False, verbose=0)
    kmodel.fit(X, Y, epochs=2, batch_size=4, shuffle=False, verbose=0)
    for ours, theirs, average in zip(model.get_weights(), kmodel.get_weights(), _ema_values(model)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-6)
        np.testing.assert_array_equal(ours, average)
