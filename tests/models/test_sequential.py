import numpy as np
import pytest

from lamina import Input, Sequential, layers


def test_with_leading_input_is_built_at_once():
    model = Sequential([Input(shape=(3,)), layers.Dense(4), layers.Dense(1)])
    assert model.built and model.output.shape == (None, 1)
    assert len(model.layers) == 2  # the InputLayer is not listed


def test_without_input_is_built_on_first_call():
    model = Sequential([layers.Dense(4), layers.Dense(2)])
    assert not model.built
    assert model(np.ones((5, 3), "float32")).shape == (5, 2)
    assert model.built and len(model.weights) == 4


def test_input_shape_argument_on_first_layer():
    model = Sequential([layers.Dense(4, input_shape=(6,)), layers.Dense(1)])
    assert model.built and model.inputs[0].shape == (None, 6)


def test_add_and_pop():
    model = Sequential()
    model.add(Input(shape=(2,)))
    model.add(layers.Dense(3))
    model.add(layers.Dense(1, name="last"))
    assert model.output.shape == (None, 1)
    popped = model.pop()
    assert popped.name == "last" and model.output.shape == (None, 3)
    with pytest.raises(TypeError, match="expected a Layer"):
        model.add("dense")


def test_config_round_trip():
    model = Sequential([Input(shape=(3,)), layers.Dense(2, name="d")], name="seq")
    rebuilt = Sequential.from_config(model.get_config())
    rebuilt.set_weights(model.get_weights())
    x = np.ones((2, 3), "float32")
    np.testing.assert_allclose(np.asarray(rebuilt(x)), np.asarray(model(x)))


def test_build_with_shape():
    model = Sequential([layers.Dense(2)])
    model.build((None, 7))
    assert model.weights[0].shape == (7, 2)
