import numpy as np
import pytest

import lamina
from lamina import Input, Model, Sequential, callbacks, layers, ops


def _regression_data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]], "float32") + 0.3).astype("float32")
    return x, y


def _linear_model():
    x = Input(shape=(3,))
    return Model(x, layers.Dense(1)(x))


def test_fit_reduces_the_loss_and_returns_history():
    x, y = _regression_data()
    model = _linear_model()
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    history = model.fit(x, y, batch_size=16, epochs=5, verbose=0)
    assert set(history.history) == {"loss", "mae"}
    assert len(history.history["loss"]) == 5
    assert history.history["loss"][-1] < history.history["loss"][0] / 4
    assert model.history is history


def test_validation_split_and_validation_data():
    x, y = _regression_data(50)
    model = _linear_model()
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(x, y, epochs=2, batch_size=8, validation_split=0.2, verbose=0)
    assert set(history.history) == {"loss", "val_loss"}
    history = model.fit(x, y, epochs=1, batch_size=8, validation_data=(x[:10], y[:10]), verbose=0)
    expected = model.evaluate(x[:10], y[:10], verbose=0)
    assert history.history["val_loss"][0] == pytest.approx(expected, rel=1e-5)


def test_evaluate_equals_mean_loss_with_a_ragged_last_batch():
    x, y = _regression_data(10)
    model = _linear_model()
    model.compile(optimizer="sgd", loss="mse")
    pred = model.predict(x, verbose=0)
    expected = float(np.mean((pred - y) ** 2))
    assert model.evaluate(x, y, batch_size=4, verbose=0) == pytest.approx(expected, rel=1e-5)


def test_sample_weight_zero_ignores_samples():
    x, y = _regression_data(8)
    model = _linear_model()
    model.compile(optimizer="sgd", loss="mse")
    weights = np.array([1, 1, 1, 1, 0, 0, 0, 0], "float32")
    y_bad = y.copy()
    y_bad[4:] = 1e6
    loss = model.evaluate(x, y_bad, sample_weight=weights, batch_size=8, verbose=0)
    pred = model.predict(x, verbose=0)
    assert loss == pytest.approx(float(np.sum((pred[:4] - y[:4]) ** 2) / 8), rel=1e-5)


class TraceCounter(layers.Layer):
    traces = 0

    def call(self, x):
        TraceCounter.traces += 1
        return x


def test_execution_functions_are_lazy_cached_and_reset_by_compile():
    x, y = _regression_data(10)
    inputs = Input(shape=(3,))
    model = Model(inputs, layers.Dense(1)(TraceCounter()(inputs)))
    model.compile(optimizer="sgd", loss="mse")
    assert model.train_function is None and model.test_function is None
    TraceCounter.traces = 0
    model.fit(x, y, batch_size=4, epochs=3, verbose=0)  # 3 batches/epoch, last one ragged
    assert TraceCounter.traces == 1, "one compile for every batch, ragged last batch included"
    assert model.train_function is not None and model.test_function is None
    model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    assert TraceCounter.traces == 1
    model.evaluate(x, y, batch_size=4, verbose=0)
    assert TraceCounter.traces == 2
    model.compile(optimizer="sgd", loss="mse")
    assert model.train_function is None
    model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    assert TraceCounter.traces == 3


def test_frozen_layers_are_not_updated_by_fit():
    x, y = _regression_data()
    inputs = Input(shape=(3,))
    frozen = layers.Dense(4, name="frozen")
    model = Model(inputs, layers.Dense(1)(frozen(inputs)))
    frozen.trainable = False
    before = [w.copy() for w in frozen.get_weights()]
    head_before = model.layers[-1].get_weights()[0].copy()
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, epochs=2, verbose=0)
    for a, b in zip(before, frozen.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(head_before, model.layers[-1].get_weights()[0])


def test_batch_normalization_moving_statistics_update_in_fit():
    x, y = _regression_data()
    x = x * 3 + 5
    model = Sequential([Input(shape=(3,)), layers.BatchNormalization(), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, y, epochs=3, batch_size=16, verbose=0)
    moving_mean = model.layers[0].moving_mean.numpy()
    assert np.all(moving_mean > 0.5), moving_mean


def test_on_batch_methods():
    x, y = _regression_data(16)
    model = _linear_model()
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    first = model.train_on_batch(x, y)
    assert isinstance(first, list) and len(first) == 2
    for _ in range(20):
        logs = model.train_on_batch(x, y, return_dict=True)
    assert logs["loss"] < first[0]
    model.reset_metrics()
    test_logs = model.test_on_batch(x, y, return_dict=True)
    assert set(test_logs) == {"loss", "mae"}
    assert model.predict_on_batch(x).shape == (16, 1)


def test_dict_inputs_by_input_name():
    a, b = Input(shape=(2,), name="a"), Input(shape=(1,), name="b")
    model = Model([a, b], layers.Dense(1)(layers.Concatenate()([a, b])))
    model.compile(optimizer="sgd", loss="mse")
    data = {"a": np.ones((8, 2), "float32"), "b": np.ones((8, 1), "float32")}
    history = model.fit(data, np.ones((8, 1), "float32"), epochs=1, verbose=0)
    assert "loss" in history.history


def test_endpoint_pattern_trains_on_add_loss_only():
    class LogisticEndpoint(layers.Layer):
        def call(self, targets, logits):
            loss = lamina.losses.binary_crossentropy(targets, logits, from_logits=True)
            self.add_loss(ops.mean(loss))
            return ops.sigmoid(logits)

    inputs = Input(shape=(3,), name="inputs")
    targets = Input(shape=(1,), name="targets")
    logits = layers.Dense(1)(inputs)
    predictions = LogisticEndpoint()(targets, logits)
    model = Model([inputs, targets], predictions)
    model.compile(optimizer=lamina.optimizers.Adam(0.05))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 3)).astype("float32")
    t = (x[:, :1] > 0).astype("float32")
    history = model.fit({"inputs": x, "targets": t}, epochs=10, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_callbacks_see_synced_weights_and_can_change_learning_rate():
    x, y = _regression_data(32)
    model = _linear_model()
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse")
    seen = []

    class Probe(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.append(self.model.get_weights()[0].copy())
            self.model.optimizer.learning_rate = 0.0

    model.fit(x, y, epochs=3, batch_size=8, callbacks=[Probe()], verbose=0)
    assert not np.array_equal(seen[0], np.zeros_like(seen[0]))
    np.testing.assert_allclose(seen[1], seen[2])  # learning rate 0 after the first epoch
    np.testing.assert_allclose(seen[2], model.get_weights()[0])


def test_dynamic_layer_model_trains_eagerly():
    class SignFlip(layers.Layer):
        def __init__(self):
            super().__init__(dynamic=True)

        def call(self, x):
            return x if float(ops.sum(x)) >= -1e9 else -x

        def compute_output_shape(self, shape):
            return shape

    x, y = _regression_data(16)
    inputs = Input(shape=(3,))
    model = Model(inputs, layers.Dense(1)(SignFlip()(inputs)))
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse")
    assert model.run_eagerly
    history = model.fit(x, y, epochs=3, batch_size=8, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_run_eagerly_matches_jit():
    x, y = _regression_data(16)
    results = []
    for eager in (False, True):
        lamina.utils.set_random_seed(1)
        model = _linear_model()
        model.compile(optimizer="adam", loss="mse", run_eagerly=eager)
        results.append(
            model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0).history["loss"]
        )
    np.testing.assert_allclose(results[0], results[1], rtol=1e-5)


def test_multi_output_losses_weights_and_names():
    inputs = Input(shape=(3,))
    a = layers.Dense(1, name="a")(inputs)
    b = layers.Dense(2, name="b")(inputs)
    model = Model(inputs, [a, b])
    model.compile(
        optimizer="sgd",
        loss={"a": "mse", "b": "mae"},
        loss_weights={"a": 1.0, "b": 0.5},
        metrics={"a": ["mae"]},
    )
    x = np.ones((8, 3), "float32")
    logs = model.evaluate(x, [np.zeros((8, 1)), np.zeros((8, 2))], verbose=0, return_dict=True)
    assert set(logs) == {"loss", "a_loss", "b_loss", "a_mae"}
    assert logs["loss"] == pytest.approx(logs["a_loss"] + 0.5 * logs["b_loss"], rel=1e-5)


def test_accuracy_string_resolves_from_the_loss():
    inputs = Input(shape=(4,))
    model = Model(inputs, layers.Dense(3)(inputs))
    model.compile(
        optimizer="adam",
        loss=lamina.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    x = np.random.default_rng(0).normal(size=(30, 4)).astype("float32")
    y = np.arange(30) % 3
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    pred = model.predict(x, verbose=0).argmax(-1)
    assert logs["accuracy"] == pytest.approx(np.mean(pred == y), abs=1e-6)


def test_progress_bar_writes_one_line_per_epoch_when_not_a_terminal(capsys):
    x, y = _regression_data(16)
    model = _linear_model()
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, y, epochs=2, batch_size=8, verbose=1)
    out = capsys.readouterr().out
    assert "\r" not in out
    assert out.count("loss:") == 2 and "Epoch 1/2" in out


def test_evaluate_list_follows_metrics_names_order():
    x, y = _regression_data(16)
    model = _linear_model()
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    loss, mae = model.evaluate(x, y, verbose=0)
    assert model.metrics_names == ["loss", "mae"]
    pred = model.predict(x, verbose=0)
    assert loss == pytest.approx(float(np.mean((pred - y) ** 2)), rel=1e-5)
    assert mae == pytest.approx(float(np.mean(np.abs(pred - y))), rel=1e-5)


def test_value_dependent_control_flow_under_jit_says_to_mark_dynamic():
    class Branchy(layers.Layer):
        def call(self, x):
            return x if float(ops.sum(x)) > 0 else -x

    class Net(Model):
        def __init__(self):
            super().__init__()
            self.branch = Branchy(name="branchy")
            self.head = layers.Dense(1)

        def call(self, x):
            return self.head(self.branch(x))

    x, y = _regression_data(8)
    model = Net()
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(TypeError, match="branchy.*dynamic=True"):
        model.fit(x, y, epochs=1, verbose=0)
