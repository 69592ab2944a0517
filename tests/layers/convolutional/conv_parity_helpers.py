"""Helpers shared by the convolution-layer tests: case ids and built Keras / lamina pairs.

A case is ``(layer class name, constructor kwargs, input shape)``.
"""

import pytest
from layer_harness import random_inputs

from lamina import layers


def case_id(case):
    name, init, _ = case
    return name + "-" + "-".join(f"{k}={v}" for k, v in init.items())


def built_pair(name, init, shape):
    """lamina's and Keras' ``name(**init)``, both called on the same random inputs."""
    keras = pytest.importorskip("keras")
    ours, theirs = getattr(layers, name)(**init), getattr(keras.layers, name)(**init)
    x = random_inputs(shape)
    ours(x)
    theirs(x)
    return ours, theirs, x
