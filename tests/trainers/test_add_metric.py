"""The talk's add_metric: metric-logging layers and the endpoint-layer pattern."""

import numpy as np
import pytest

import lamina
from lamina import Input, Model, layers, ops


class MetricLogger(layers.Layer):
    def call(self, x):
        self.add_metric(ops.mean(x), name="activation_mean")
        self.add_metric(ops.sum(ops.ones_like(x[:, 0])), name="seen", aggregation="sum")
        return x


def _data(n=32):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 3)).astype("float32")
    return x, (x[:, :1] > 0).astype("float32")


def test_metric_logging_layer_reports_in_logs_and_resets_each_epoch():
    x, y = _data()
    inputs = Input(shape=(3,))
    model = Model(inputs, layers.Dense(1)(MetricLogger()(inputs)))
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, y, batch_size=8, epochs=2, verbose=0)
    assert history.history["activation_mean"][0] == pytest.approx(float(x.mean()), rel=1e-5)
    # "sum" aggregation counts this epoch's rows only: it is reset at each epoch (padding rows
    # of a ragged batch would count too, so 32 = 4 full batches of 8 here).
    assert history.history["seen"] == [32.0, 32.0]
    logs = model.evaluate(x, y, batch_size=8, verbose=0, return_dict=True)
    assert set(logs) == {"loss", "activation_mean", "seen"}


def test_same_metric_name_twice_in_one_pass_is_an_error():
    class Twice(layers.Layer):
        def call(self, x):
            self.add_metric(ops.mean(x), name="m")
            self.add_metric(ops.mean(x), name="m")
            return x

    with pytest.raises(ValueError, match="already used"):
        Twice()(np.ones((2, 2), "float32"))


def test_eager_add_metric_keeps_a_tracker_per_name():
    layer = MetricLogger()
    layer(np.ones((2, 3), "float32"))
    layer(np.zeros((2, 3), "float32"))
    by_name = {m.name: float(m.result()) for m in layer.metrics}
    assert by_name == {"activation_mean": 0.5, "seen": 4.0}


class LogisticEndpoint(layers.Layer):
    def call(self, targets, logits, training=None):
        loss = lamina.losses.binary_crossentropy(targets, logits, from_logits=True)
        self.add_loss(ops.mean(loss))
        predictions = ops.sigmoid(logits)
        accuracy = ops.mean(ops.cast(ops.equal(targets, ops.round(predictions)), "float32"))
        self.add_metric(accuracy, name="endpoint_accuracy")
        return predictions


def test_endpoint_layer_trains_with_only_an_optimizer_and_serves_predict_rewired():
    x, t = _data(64)
    inputs = Input(shape=(3,), name="inputs")
    targets = Input(shape=(1,), name="targets")
    dense = layers.Dense(1)
    endpoint = LogisticEndpoint()
    model = Model([inputs, targets], endpoint(targets, dense(inputs)))
    model.compile(optimizer=lamina.optimizers.Adam(0.05))
    history = model.fit({"inputs": x, "targets": t}, epochs=15, batch_size=16, verbose=0)
    assert set(history.history) == {"loss", "endpoint_accuracy"}
    assert history.history["endpoint_accuracy"][-1] > 0.8
    assert history.history["loss"][-1] < history.history["loss"][0]
    # Rewired for inference: the same trained layers, no targets input.
    inference = Model(inputs, layers.Activation("sigmoid")(dense(inputs)))
    predictions = inference.predict(x, verbose=0)
    assert np.mean((predictions > 0.5) == (t > 0.5)) > 0.8
