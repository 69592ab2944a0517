"""fit under "mixed_float16": compile wraps the optimizer in a LossScaleOptimizer, the
dynamic scale is read from the train state inside the jitted step, and the trajectory,
the saved state and the h5 optimizer layout match Keras 3."""

import numpy as np
import pytest

import lamina


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4)).astype("float32")
    return x, x @ np.array([[1.0], [-2.0], [0.5], [0.0]], "float32")


def _model(lib, policy="mixed_float16"):
    lib.mixed_precision.set_global_policy(policy)
    try:
        return lib.Sequential([lib.Input((4,)), lib.layers.Dense(8, activation="relu"),
                               lib.layers.Dense(1)])
    finally:
        lib.mixed_precision.set_global_policy("float32")


def test_compile_wraps_the_optimizer_only_for_mixed_float16():
    model = _model(lamina)
    model.compile(optimizer=lamina.optimizers.SGD(0.01), loss="mse")
    assert isinstance(model.optimizer, lamina.mixed_precision.LossScaleOptimizer)
    assert isinstance(model.optimizer.inner_optimizer, lamina.optimizers.SGD)
    plain = _model(lamina)
    plain.compile(optimizer="sgd", loss="mse", auto_scale_loss=False)
    assert isinstance(plain.optimizer, lamina.optimizers.SGD)
    bf16 = _model(lamina, "mixed_bfloat16")
    bf16.compile(optimizer="sgd", loss="mse")
    assert isinstance(bf16.optimizer, lamina.optimizers.SGD)


def test_fit_matches_keras_and_the_scale_grows_inside_the_jitted_step():
    keras = pytest.importorskip("keras")
    x, y = _data()
    ours, theirs = _model(lamina), _model(keras)
    theirs.set_weights(ours.get_weights())
    for model, lib in ((ours, lamina), (theirs, keras)):
        model.compile(optimizer=lib.optimizers.LossScaleOptimizer(
            lib.optimizers.SGD(0.01), dynamic_growth_steps=3), loss="mse")
    h_ours = ours.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    h_theirs = theirs.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(h_ours.history["loss"], h_theirs.history["loss"], rtol=2e-3)
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, rtol=2e-3, atol=2e-4)
    # The first scaled losses overflow float16 (the scale halves), later steps grow it.
    assert float(ours.optimizer.dynamic_scale.numpy()) == float(
        np.asarray(theirs.optimizer.dynamic_scale))
    assert int(ours.optimizer.step_counter.numpy()) == int(
        np.asarray(theirs.optimizer.step_counter))


def test_saved_model_resumes_with_its_loss_scale(tmp_path):
    x, y = _data()
    model = _model(lamina)
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, batch_size=16, epochs=1, verbose=0)
    path = tmp_path / "mixed.keras"
    model.save(path)
    loaded = lamina.saving.load_model(path)
    assert isinstance(loaded.optimizer, lamina.mixed_precision.LossScaleOptimizer)
    for a, b in zip(model.optimizer.variables, loaded.optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    model.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0)
    loaded.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0)
    for a, b in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_h5_optimizer_groups_match_keras(tmp_path):
    keras = pytest.importorskip("keras")
    pytest.importorskip("h5py")
    import warnings

    x, y = _data()
    ours, theirs = _model(lamina), _model(keras)
    for model in (ours, theirs):
        model.compile(optimizer="adam", loss="mse")
        model.fit(x, y, batch_size=32, epochs=1, verbose=0)
    path = tmp_path / "lamina.weights.h5"
    lamina.saving.save_weights(ours, path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        theirs.load_weights(path)
    for a, b in zip(ours.optimizer.variables, theirs.optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), np.asarray(b))
