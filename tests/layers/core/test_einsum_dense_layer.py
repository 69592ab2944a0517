import jax
import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_keras_parity,
    assert_same_config_keys,
)

import lamina
from lamina.layers import EinsumDense, Input, MultiHeadAttention
from lamina.layers.core.einsum_shapes import einsum_shapes

RNG = np.random.default_rng(0)

# (equation, output_shape, bias_axes, input shape): the three equation forms, several
# bias layouts, and the multi-head projections MultiHeadAttention builds.
EQUATIONS = [
    ("ab,bc->ac", 4, "c", (3, 5)),
    ("abc,cd->abd", (None, 8), "d", (2, 5, 4)),
    ("...x,xy->...y", 3, "y", (2, 4, 5)),
    ("ab...,bc->ac...", (5,), "c", (2, 3, 6)),
    ("abc,cde->abde", (None, 2, 3), "de", (2, 5, 4)),
    ("abcd,cde->abe", (None, 7), "e", (2, 5, 2, 3)),
    ("abc,cd->abd", (None, 8), None, (2, 5, 4)),
    ("abc,dce->abde", (5, 2, 8), "bd", (2, 5, 4)),
]


@pytest.mark.parametrize("equation, output_shape, bias_axes, shape", EQUATIONS)
def test_keras_parity(equation, output_shape, bias_axes, shape):
    keras = pytest.importorskip("keras")
    x = RNG.normal(size=shape).astype("float32")
    layer = EinsumDense(equation, output_shape, bias_axes=bias_axes, activation="tanh")
    keras_layer = keras.layers.EinsumDense(equation, output_shape, bias_axes=bias_axes,
                                           activation="tanh")
    layer(x)
    keras_layer.build(shape)
    assert [w.shape for w in layer.weights] == [tuple(w.shape) for w in keras_layer.weights]
    assert_keras_parity(layer, keras_layer, x)
    assert_same_config_keys(layer, keras_layer)
    # Keras leaves output_shape's None entries unknown; lamina fills them from the input.
    assert layer.compute_output_shape(shape) == layer(x).shape


def test_lora_matches_keras_and_freezes_the_kernel():
    keras = pytest.importorskip("keras")
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    layer = EinsumDense("abc,cd->abd", (None, 5), bias_axes="d", lora_rank=2, lora_alpha=4)
    keras_layer = keras.layers.EinsumDense("abc,cd->abd", (None, 5), bias_axes="d",
                                           lora_rank=2, lora_alpha=4)
    layer(x)
    keras_layer.build(x.shape)
    assert [w.name for w in layer.trainable_weights] == ["bias", "lora_kernel_a",
                                                          "lora_kernel_b"]
    layer.set_weights([RNG.normal(size=w.shape).astype("float32") for w in layer.weights])
    assert_keras_parity(layer, keras_layer, x)
    assert_same_config_keys(layer, keras_layer)
    assert layer.get_config()["lora_alpha"] == 4


def test_fans_follow_the_einsum_axes():
    """Glorot's limit uses fan_in = contracted size and fan_out = output size."""
    layer = EinsumDense("abc,cde->abde", (None, 16, 64), kernel_initializer="glorot_uniform")
    layer.build((None, None, 8))
    limit = np.sqrt(6.0 / (8 + 16 * 64))
    kernel = np.asarray(layer.kernel.value)
    assert np.abs(kernel).max() <= limit and np.abs(kernel).max() > 0.8 * limit


def test_symbolic_jit_config_and_masks():
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    out = EinsumDense("abc,cd->abd", (None, 6), bias_axes="d")(Input((None, 4)))
    assert out.shape == (None, None, 6)
    layer = EinsumDense("...x,xy->...y", 6, bias_axes="y", kernel_regularizer="l2")
    assert_jit_matches_eager(layer, x)
    assert_config_round_trip(layer)
    mask = np.array([[True, True, False]] * 2)
    assert np.array_equal(lamina.core.masking.get_mask(layer(x, mask=mask)), mask)
    with pytest.raises(ValueError, match="does not keep the input's first 2 axes"):
        EinsumDense("abc,bd->acd", (4, 6))(x, mask=mask)


@pytest.mark.parametrize("equation, output_shape, bias_axes, message", [
    ("ab,bc", 4, None, "not a supported einsum equation"),
    ("abc,cd->abd", 8, None, "must give 2 sizes"),
    ("abc,cd->abd", (4, 8), None, "shared by the input and the output"),
    ("ab,bc->ad", 4, None, "appears in neither"),
    ("ab,bc->ac", 4, "z", "bias_axes='z'"),
])
def test_errors_name_the_layer_and_the_fix(equation, output_shape, bias_axes, message):
    with pytest.raises(ValueError, match=message):
        einsum_shapes("EinsumDense 'd'", equation, bias_axes, (2, 3, 4)
                      if equation.startswith("abc") else (2, 3), output_shape)
    with pytest.raises(ValueError, match="quantization"):
        EinsumDense("ab,bc->ac", 4, quantization_config={"mode": "int8"})


def test_multi_head_attention_projections_are_einsum_dense():
    layer = MultiHeadAttention(2, 3)
    x = RNG.normal(size=(2, 4, 6)).astype("float32")
    layer(x, x)
    for sub in (layer.query_dense, layer.key_dense, layer.value_dense, layer.output_dense):
        assert isinstance(sub, EinsumDense)
    assert layer.query_dense.equation == "abc,cde->abde"
    assert layer.output_dense.equation == "abcd,cde->abe"
    np.testing.assert_allclose(
        layer.query_dense(x), jax.numpy.einsum("abc,cde->abde", x, layer.query_dense.kernel.value)
        + layer.query_dense.bias.value, rtol=1e-5, atol=1e-5)
