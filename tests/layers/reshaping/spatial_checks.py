"""Checks shared by the cropping / zero-padding / up-sampling tests.

Each takes one parametrised case: a layer class, its constructor kwargs and an input
shape.
"""

import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_keras_parity,
    assert_same_config_keys,
    assert_symbolic_matches_eager,
    random_inputs,
)


def check_keras_parity(cls, kwargs, shape, argument=None):
    """Outputs, input gradients, config keys (and ``argument``'s value) and output shapes
    for an unknown batch size match the Keras layer of the same name."""
    keras = pytest.importorskip("keras")
    x = random_inputs(shape)
    layer, keras_layer = cls(**kwargs), getattr(keras.layers, cls.__name__)(**kwargs)
    layer(x), keras_layer(x)
    assert_keras_parity(layer, keras_layer, x)
    assert_same_config_keys(layer, keras_layer)
    if argument is not None:
        assert layer.get_config()[argument] == keras_layer.get_config()[argument]
    unknown = (None, *shape[1:])
    assert layer.compute_output_shape(unknown) == tuple(
        keras_layer.compute_output_shape(unknown))


def check_symbolic_and_config(cls, kwargs, shape):
    """Eager and symbolic calls agree, and the config round-trips."""
    assert_symbolic_matches_eager(lambda: cls(**kwargs), random_inputs(shape))
    layer = cls(**kwargs)
    layer(random_inputs(shape))
    assert_config_round_trip(layer)
