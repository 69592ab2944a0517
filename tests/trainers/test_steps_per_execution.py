import numpy as np
import pytest

import lamina
from lamina import Input, Model, callbacks, layers


def _fit(steps_per_execution, run_eagerly=False, cb=None):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(44, 3)).astype("float32")  # 5 full batches of 8 + a ragged one
    y = x @ np.array([[1.0], [2.0], [-1.0]], "float32")
    inputs = Input(shape=(3,))
    model = Model(inputs, layers.Dense(1)(inputs))
    model.set_weights([np.ones((3, 1), "float32"), np.zeros(1, "float32")])
    model.compile(
        optimizer=lamina.optimizers.Adam(0.01),
        loss="mse",
        metrics=["mae"],
        steps_per_execution=steps_per_execution,
        run_eagerly=run_eagerly,
    )
    history = model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0, callbacks=cb or [])
    return model, history


@pytest.mark.parametrize("eager", [False, True])
def test_same_result_as_one_step_per_call(eager):
    reference, ref_history = _fit(1)
    model, history = _fit(4, run_eagerly=eager)
    for a, b in zip(reference.get_weights(), model.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ref_history.history["loss"], history.history["loss"], rtol=1e-5)
    np.testing.assert_allclose(ref_history.history["mae"], history.history["mae"], rtol=1e-5)


def test_batch_callbacks_see_every_nth_batch():
    seen = []
    recorder = callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(batch))
    _fit(4, cb=[recorder])
    # 6 batches per epoch: one device call for batches 0-3, then batches 4 and 5 one by one.
    assert seen == [3, 4, 5, 3, 4, 5]


def test_invalid_value_is_refused():
    inputs = Input(shape=(3,))
    model = Model(inputs, layers.Dense(1)(inputs))
    with pytest.raises(ValueError, match="steps_per_execution"):
        model.compile(optimizer="sgd", loss="mse", steps_per_execution=0)
