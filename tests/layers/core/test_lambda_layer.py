import jax.numpy as jnp
import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_keras_parity,
    assert_same_config_keys,
    assert_symbolic_matches_eager,
    mask_of,
    random_inputs,
)

from lamina import activations
from lamina._registry import (
    SerializationError,
    deserialize_keras_object,
    register_keras_serializable,
    serialize_keras_object,
)
from lamina.layers import Embedding, Input, Lambda
from lamina.ops.operation import MaskNotSupportedError


@register_keras_serializable(package="test_lambda")
def scale_by(x, factor=2.0):
    return x * factor


@register_keras_serializable(package="test_lambda")
def keep_mask(inputs, mask):
    return mask


def pool_with_mask(x, mask=None):
    weights = jnp.ones(x.shape[:2]) if mask is None else mask.astype(x.dtype)
    return jnp.sum(x * weights[..., None], axis=1)


def test_lambda_shapes_jit_and_arguments():
    x = random_inputs((3, 4))
    eager, _ = assert_symbolic_matches_eager(lambda: Lambda(scale_by, arguments={"factor": 3.0}),
                                             x)
    np.testing.assert_allclose(np.asarray(eager), x * 3.0, rtol=1e-6)
    assert_jit_matches_eager(Lambda(lambda v: jnp.sin(v) + v), x)
    _, symbolic = assert_symbolic_matches_eager(lambda: Lambda(lambda v: v[:, :2]), x)
    assert symbolic.shape == (None, 2)


def test_lambda_config_round_trip_with_registered_function():
    layer = Lambda(scale_by, output_shape=(4,), mask=keep_mask, arguments={"factor": 0.5})
    config = layer.get_config()
    assert config["function"] == "test_lambda>scale_by"
    assert config["mask"] == "test_lambda>keep_mask"
    rebuilt = assert_config_round_trip(layer)
    assert rebuilt.function is scale_by and rebuilt.arguments == {"factor": 0.5}
    assert Lambda(activations.relu).get_config()["function"] == "relu"


def test_lambda_refuses_to_serialize_python_code():
    with pytest.raises(SerializationError, match="cannot be saved.*register_keras_serializable"):
        Lambda(lambda v: v + 1, name="adder").get_config()

    def local_fn(v):
        return v

    with pytest.raises(SerializationError, match="'adder2'.*local_fn"):
        serialize_keras_object(Lambda(local_fn, name="adder2"))


def test_lambda_never_deserializes_code_and_resolves_custom_objects():
    keras_saved = {"class_name": "Lambda", "config": {
        "name": "l", "function": {"class_name": "__lambda__", "config": {"code": "abc"}},
        "arguments": {}}}
    with pytest.raises(SerializationError, match="never deserializes code"):
        deserialize_keras_object(keras_saved)

    def shift(v):
        return v + 1.0

    config = {"class_name": "Lambda", "config": {"name": "l2", "function": "shift",
                                                 "arguments": {}}}
    with pytest.raises(SerializationError, match="custom_objects"):
        deserialize_keras_object(config)
    layer = deserialize_keras_object(config, custom_objects={"shift": shift})
    assert layer.function is shift


def test_lambda_mask_rules():
    ids = np.array([[2, 1, 0]])
    embedded = Embedding(3, 2, mask_zero=True)(ids)
    with pytest.raises(MaskNotSupportedError, match="Lambda 'plain'.*mask=lambda inputs, mask"):
        Lambda(lambda v: v * 2, name="plain")(embedded)
    symbolic = Embedding(3, 2, mask_zero=True)(Input((3,), dtype="int32"))
    with pytest.raises(MaskNotSupportedError, match="Lambda 'plain2'"):
        Lambda(lambda v: v * 2, name="plain2")(symbolic)

    kept = Lambda(lambda v: v * 2, mask=keep_mask)(embedded)
    np.testing.assert_array_equal(np.asarray(mask_of(kept)), ids != 0)
    assert mask_of(Lambda(lambda v: v * 2, mask=keep_mask)(symbolic)).shape == (None, 3)

    pooled = Lambda(pool_with_mask)(embedded)  # consumes the mask
    assert mask_of(pooled) is None
    expected = np.asarray(embedded)[:, :2].sum(axis=1)
    np.testing.assert_allclose(np.asarray(pooled), expected, rtol=1e-6)
    assert Lambda(pool_with_mask)(symbolic).shape == (None, 2)


def test_lambda_passes_training():
    layer = Lambda(lambda v, training=None: v * (2.0 if training else 1.0))
    x = np.ones((1, 2), "float32")
    assert np.asarray(layer(x, training=True)).tolist() == [[2.0, 2.0]]
    assert np.asarray(layer(x)).tolist() == [[1.0, 1.0]]


def test_lambda_keras_parity():
    keras = pytest.importorskip("keras")
    layer = Lambda(activations.tanh)
    keras_layer = keras.layers.Lambda(keras.activations.tanh)
    assert_same_config_keys(layer, keras_layer)
    assert_keras_parity(layer, keras_layer, random_inputs((2, 3)))


@register_keras_serializable(package="test_lambda")
class Shift:
    def __init__(self, amount=1.0):
        self.amount = amount

    def __call__(self, x):
        return x + self.amount

    def get_config(self):
        return {"amount": self.amount}


def test_lambda_serializes_callable_objects_with_config():
    layer = Lambda(Shift(2.5))
    rebuilt = assert_config_round_trip(layer)
    assert isinstance(rebuilt.function, Shift) and rebuilt.function.amount == 2.5
    np.testing.assert_allclose(np.asarray(rebuilt(np.zeros((1, 2), "float32"))), [[2.5, 2.5]])
