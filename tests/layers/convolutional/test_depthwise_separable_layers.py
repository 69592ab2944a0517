"""DepthwiseConv1D/2D and SeparableConv1D/2D: Keras 3 parity, weights and errors."""

import numpy as np
import pytest
from conv_parity_helpers import built_pair, case_id
from layer_harness import assert_keras_parity, assert_same_config_keys

from lamina import layers

keras = pytest.importorskip("keras")

PARITY = [
    ("DepthwiseConv1D", {"kernel_size": 3}, (2, 7, 3)),
    ("DepthwiseConv1D", {"kernel_size": 3, "depth_multiplier": 2, "strides": 2,
                         "padding": "same"}, (2, 7, 3)),
    ("DepthwiseConv1D", {"kernel_size": 2, "dilation_rate": 2,
                         "data_format": "channels_first", "activation": "relu"}, (2, 3, 7)),
    ("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 2}, (2, 6, 5, 3)),
    ("DepthwiseConv2D", {"kernel_size": (3, 2), "strides": (2, 1), "padding": "same",
                         "use_bias": False}, (2, 6, 5, 2)),
    ("DepthwiseConv2D", {"kernel_size": 3, "dilation_rate": 2, "padding": "same",
                         "depth_multiplier": 3, "data_format": "channels_first"},
     (2, 2, 6, 6)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3}, (2, 7, 3)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3, "depth_multiplier": 2,
                         "strides": 2, "padding": "same"}, (2, 7, 3)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 2, "dilation_rate": 2,
                         "data_format": "channels_first"}, (2, 3, 7)),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3}, (2, 6, 5, 3)),
    ("SeparableConv2D", {"filters": 5, "kernel_size": 3, "strides": 2, "padding": "same",
                         "depth_multiplier": 2, "activation": "relu"}, (2, 6, 5, 2)),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3, "dilation_rate": 2,
                         "padding": "same", "data_format": "channels_first",
                         "use_bias": False}, (2, 2, 6, 6)),
]


@pytest.mark.parametrize("case", PARITY, ids=[case_id(c) for c in PARITY])
def test_keras_parity(case):
    ours, theirs, x = built_pair(*case)
    assert_keras_parity(ours, theirs, x)
    assert_same_config_keys(ours, theirs)


def test_weight_shapes_and_names():
    depthwise = layers.DepthwiseConv2D(3, depth_multiplier=2)
    depthwise(np.zeros((1, 5, 5, 4), "float32"))
    assert [(w.name, tuple(w.shape)) for w in depthwise.weights] == [
        ("kernel", (3, 3, 4, 2)), ("bias", (8,))]
    separable = layers.SeparableConv1D(6, 3, depth_multiplier=2)
    separable(np.zeros((1, 5, 4), "float32"))
    assert [(w.name, tuple(w.shape)) for w in separable.weights] == [
        ("depthwise_kernel", (3, 4, 2)), ("pointwise_kernel", (1, 8, 6)), ("bias", (6,))]


def test_keras_config_loads():
    config = keras.layers.SeparableConv2D(4, 3, depth_multiplier=2,
                                          pointwise_regularizer="l2").get_config()
    layer = layers.SeparableConv2D.from_config(config)
    assert layer.depth_multiplier == 2 and layer.pointwise_regularizer is not None
    config = keras.layers.DepthwiseConv1D(3, depth_multiplier=3).get_config()
    assert layers.DepthwiseConv1D.from_config(config).depth_multiplier == 3


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: layers.DepthwiseConv2D(3, depth_multiplier=0), "depth_multiplier"),
        (lambda: layers.SeparableConv1D(0, 3), "filters"),
        (lambda: layers.DepthwiseConv1D(3, padding="causal"), "padding must be one of"),
    ],
)
def test_argument_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()
