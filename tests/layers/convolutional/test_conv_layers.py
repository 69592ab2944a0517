"""Conv1D / Conv2D / Conv3D: Keras 3 parity for every code-path-changing option, errors."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from conv_parity_helpers import built_pair, case_id
from layer_harness import assert_keras_parity, assert_same_config_keys, random_inputs

from lamina import layers
from lamina.layers.convolutional import fast_conv

keras = pytest.importorskip("keras")

# (class, constructor kwargs, input shape): each changes the code path somewhere.
PARITY = [
    ("Conv1D", {"filters": 4, "kernel_size": 3}, (2, 7, 3)),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "same", "strides": 2}, (2, 7, 3)),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "causal"}, (2, 7, 3)),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "causal", "dilation_rate": 2},
     (2, 9, 3)),
    ("Conv1D", {"filters": 4, "kernel_size": 2, "padding": "same", "dilation_rate": 3,
                "groups": 2, "activation": "relu"}, (2, 8, 4)),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "causal",
                "data_format": "channels_first"}, (2, 3, 8)),
    ("Conv1D", {"filters": 6, "kernel_size": 1, "use_bias": False}, (2, 5, 3)),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, (2, 6, 5, 3)),
    ("Conv2D", {"filters": 4, "kernel_size": (3, 2), "padding": "same", "strides": (2, 1)},
     (2, 7, 6, 3)),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "padding": "same", "dilation_rate": 2},
     (2, 7, 7, 2)),
    ("Conv2D", {"filters": 6, "kernel_size": 3, "groups": 3, "padding": "same"},
     (2, 5, 5, 3)),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same",
                "data_format": "channels_first", "activation": "tanh"}, (2, 3, 7, 6)),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "groups": 2, "dilation_rate": (1, 2),
                "data_format": "channels_first"}, (2, 4, 6, 7)),
    ("Conv3D", {"filters": 3, "kernel_size": 2}, (2, 4, 3, 4, 2)),
    ("Conv3D", {"filters": 4, "kernel_size": 3, "strides": (2, 1, 2), "padding": "same",
                "groups": 2}, (2, 5, 4, 5, 2)),
    ("Conv3D", {"filters": 3, "kernel_size": 2, "dilation_rate": 2, "padding": "same",
                "data_format": "channels_first"}, (2, 2, 4, 5, 4)),
]


@pytest.mark.parametrize("case", PARITY, ids=[case_id(c) for c in PARITY])
def test_keras_parity(case):
    ours, theirs, x = built_pair(*case)
    assert_keras_parity(ours, theirs, x)
    assert_same_config_keys(ours, theirs)


def _kernel_grads(layer, x, cotangent):
    def loss(trainable):
        out, _ = layer.stateless_call(trainable, [v.value for v in
                                                  layer.non_trainable_variables], x)
        return jnp.sum(out * cotangent)

    return jax.grad(loss)([v.value for v in layer.trainable_variables])


@pytest.mark.parametrize("case", PARITY[::2], ids=[case_id(c) for c in PARITY[::2]])
def test_weight_gradients_match_keras(case):
    """The matmul filter gradient gives Keras' (XLA's) kernel gradient."""
    ours, theirs, x = built_pair(*case)
    theirs.set_weights(ours.get_weights())
    x = jnp.asarray(x)
    cotangent = jnp.asarray(random_inputs(tuple(ours(x).shape), seed=3))
    with fast_conv.fast_backward_scope(True):
        got = _kernel_grads(ours, x, cotangent)
    want = _kernel_grads(theirs, x, cotangent)
    for a, b in zip(got, want):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-5)


def test_keras_config_loads_and_round_trips():
    original = keras.layers.Conv1D(5, 3, strides=2, padding="causal", groups=1,
                                   activation="relu", kernel_regularizer="l2",
                                   data_format="channels_first")
    layer = layers.Conv1D.from_config(original.get_config())
    assert layer.padding == "causal" and layer.strides == (2,)
    assert layer.data_format == "channels_first"
    assert layers.Conv1D.from_config(layer.get_config()).get_config() == layer.get_config()


def test_weights_layout_and_output_shape():
    layer = layers.Conv2D(6, (3, 2), groups=2)
    assert tuple(layer.compute_output_shape((None, 7, 5, 4))) == (None, 5, 4, 6)
    layer(np.zeros((1, 7, 5, 4), "float32"))
    assert [tuple(w.shape) for w in layer.weights] == [(3, 2, 2, 6), (6,)]
    assert [w.name for w in layer.weights] == ["kernel", "bias"]
    out = layers.Conv1D(2, 3, padding="causal")(np.zeros((1, 5, 1), "float32"))
    assert out.shape == (1, 5, 2)


def test_causal_padding_sees_only_the_past():
    layer = layers.Conv1D(1, 3, padding="causal", kernel_initializer="ones", use_bias=False)
    x = np.zeros((1, 6, 1), "float32")
    x[0, 3, 0] = 1.0
    np.testing.assert_array_equal(np.asarray(layer(x))[0, :, 0], [0, 0, 0, 1, 1, 1])


def test_integer_inputs_are_cast_to_the_kernel_dtype():
    out = layers.Conv1D(2, 2)(np.ones((1, 4, 1), "int32"))
    assert out.dtype == jnp.float32


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: layers.Conv2D(4, 3, padding="causal"), "padding must be one of"),
        (lambda: layers.Conv1D(4, 3, strides=2, dilation_rate=2), "strides > 1"),
        (lambda: layers.Conv2D(5, 3, groups=2), "divisible by groups"),
        (lambda: layers.Conv2D(0, 3), "filters must be a positive"),
        (lambda: layers.Conv2D(4, (3, 3, 3)), "kernel_size"),
        (lambda: layers.Conv2D(4, 3, data_format="NHWC"), "data_format"),
        (lambda: layers.Conv2D(4, 3, lora_rank=2), "LoRA"),
    ],
)
def test_argument_errors(make, match):
    with pytest.raises((ValueError, NotImplementedError), match=match):
        make()


def test_build_errors_name_the_layer():
    with pytest.raises(ValueError, match="conv_groups.*divisible by groups=2"):
        layers.Conv2D(4, 3, groups=2, name="conv_groups")(np.zeros((1, 5, 5, 3), "float32"))
    with pytest.raises(ValueError, match="no elements"):
        layers.Conv2D(4, 5)(np.zeros((1, 3, 3, 1), "float32"))
    with pytest.raises(ValueError, match="expected ndim=4"):
        layers.Conv2D(4, 3)(np.zeros((1, 5, 5), "float32"))
