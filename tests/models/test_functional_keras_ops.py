"""Functional configs written by Keras 3 with plain ops (``keras.ops.add``, ``x[:, 0]``,
``ops.sum(x, axis=1)``) rebuild in lamina through public lamina.ops functions only."""

import numpy as np
import pytest

import lamina
from lamina._registry import SerializationError


def _keras_model(keras):
    inputs = keras.Input((3,), name="x")
    h = keras.layers.Dense(4)(inputs)
    out = keras.ops.tanh(keras.ops.add(h, 1.0)) * 2
    out = keras.ops.sum(out, axis=1, keepdims=True) + keras.ops.mean(h, axis=-1, keepdims=True)
    out = keras.ops.concatenate(
        [out, keras.ops.expand_dims(h[:, 0], -1),
         keras.ops.matmul(h, keras.ops.transpose(h))[:, :1]], axis=-1)
    return keras.Model(inputs, out)


def test_keras_op_records_replay_as_lamina_ops():
    keras = pytest.importorskip("keras")
    reference = _keras_model(keras)
    model = lamina.models.model_from_json(reference.to_json())
    model.set_weights(reference.get_weights())
    x = np.random.default_rng(0).normal(size=(2, 3)).astype("float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), reference.predict(x, verbose=0),
                               rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("class_name", ["System", "__class__", "Eval"])
def test_unknown_keras_op_records_are_refused(class_name):
    keras = pytest.importorskip("keras")
    config = _keras_model(keras).get_config()
    op_entry = next(e for e in config["layers"] if e["class_name"] == "Tanh")
    op_entry["class_name"] = class_name
    with pytest.raises(SerializationError, match="no lamina.ops counterpart"):
        lamina.Model.from_config(config)
