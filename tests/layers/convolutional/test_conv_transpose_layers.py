"""Conv1DTranspose / Conv2DTranspose / Conv3DTranspose: Keras 3 parity and errors."""

import numpy as np
import pytest
from conv_parity_helpers import built_pair, case_id
from layer_harness import assert_keras_parity, assert_same_config_keys, random_inputs

from lamina import layers

keras = pytest.importorskip("keras")

PARITY = [
    ("Conv1DTranspose", {"filters": 3, "kernel_size": 3}, (2, 5, 2)),
    ("Conv1DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2}, (2, 5, 2)),
    ("Conv1DTranspose", {"filters": 3, "kernel_size": 2, "strides": 3}, (2, 4, 2)),
    ("Conv1DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same"},
     (2, 5, 2)),
    ("Conv1DTranspose", {"filters": 3, "kernel_size": 4, "strides": 3, "padding": "same",
                         "output_padding": 1}, (2, 4, 2)),
    ("Conv1DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2, "output_padding": 1,
                         "data_format": "channels_first"}, (2, 2, 5)),
    ("Conv1DTranspose", {"filters": 2, "kernel_size": 3, "dilation_rate": 2,
                         "padding": "same"}, (2, 6, 3)),
    ("Conv2DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2}, (2, 4, 5, 2)),
    ("Conv2DTranspose", {"filters": 3, "kernel_size": (3, 2), "strides": (2, 1),
                         "padding": "same", "activation": "relu"}, (2, 4, 5, 2)),
    ("Conv2DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same",
                         "output_padding": (1, 0), "data_format": "channels_first"},
     (2, 2, 4, 5)),
    ("Conv2DTranspose", {"filters": 2, "kernel_size": 2, "dilation_rate": 2,
                         "use_bias": False}, (2, 4, 4, 3)),
    ("Conv3DTranspose", {"filters": 2, "kernel_size": 2, "strides": 2}, (1, 2, 3, 2, 2)),
    ("Conv3DTranspose", {"filters": 2, "kernel_size": 3, "strides": (1, 2, 2),
                         "padding": "same", "output_padding": (0, 1, 0),
                         "data_format": "channels_first"}, (1, 2, 3, 2, 3)),
]


@pytest.mark.parametrize("case", PARITY, ids=[case_id(c) for c in PARITY])
def test_keras_parity(case):
    ours, theirs, x = built_pair(*case)
    shape = case[2]
    assert_keras_parity(ours, theirs, x)
    assert_same_config_keys(ours, theirs)
    assert tuple(ours.compute_output_shape((None, *shape[1:]))) == (
        None, *theirs.compute_output_shape((None, *shape[1:]))[1:])


def test_kernel_layout_is_spatial_out_in():
    layer = layers.Conv2DTranspose(5, 3)
    layer(np.zeros((1, 4, 4, 2), "float32"))
    assert [tuple(w.shape) for w in layer.weights] == [(3, 3, 5, 2), (5,)]


def test_transposed_conv_is_the_gradient_of_a_conv():
    """A stride-2 transposed conv equals the input-gradient of the matching Conv2D."""
    import jax
    import jax.numpy as jnp

    conv = layers.Conv2D(3, 3, strides=2, padding="same", use_bias=False)
    x = jnp.asarray(random_inputs((1, 6, 6, 2)))
    y = conv(x)
    transposed = layers.Conv2DTranspose(2, 3, strides=2, padding="same", use_bias=False)
    transposed(y)
    transposed.set_weights(conv.get_weights())  # (3, 3, 2, 3): same array, same layout
    grad = jax.vjp(lambda x: conv(x), x)[1](y)[0]
    np.testing.assert_allclose(np.asarray(transposed(y)), np.asarray(grad), atol=1e-5)


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: layers.Conv2DTranspose(3, 3, strides=2, output_padding=2), "output_padding"),
        (lambda: layers.Conv1DTranspose(3, 3, padding="causal"), "padding must be one of"),
        (lambda: layers.Conv2DTranspose(3, 3, strides=2, dilation_rate=2), "strides > 1"),
    ],
)
def test_argument_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()
