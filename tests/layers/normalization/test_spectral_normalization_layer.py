import json

import jax
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

from lamina.layers import Dense, Embedding, Flatten, Input, Layer
from lamina.layers.normalization import SpectralNormalization
from lamina.ops.operation import MaskNotSupportedError


def _pair(keras, make_lamina, make_keras, power_iterations, x):
    layer = SpectralNormalization(make_lamina(), power_iterations=power_iterations)
    keras_layer = keras.layers.SpectralNormalization(make_keras(),
                                                     power_iterations=power_iterations)
    layer(x), keras_layer(x)
    rng = np.random.default_rng(5)
    layer.set_weights([rng.standard_normal(w.shape).astype("float32") for w in layer.weights])
    return layer, keras_layer


@pytest.mark.parametrize("training", [False, True])
@pytest.mark.parametrize(("power_iterations", "shape"), [(1, (3, 4)), (3, (2, 3, 4))])
def test_spectral_normalization_dense_keras_parity(training, power_iterations, shape):
    keras = pytest.importorskip("keras")
    x = random_inputs(shape)
    layer, keras_layer = _pair(keras, lambda: Dense(5), lambda: keras.layers.Dense(5),
                               power_iterations, x)
    assert [w.name for w in layer.weights] == ["kernel", "vector_u", "bias"]
    assert_keras_parity(layer, keras_layer, x, training=training)
    for ours, theirs in zip(layer.get_weights(), keras_layer.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    assert_same_config_keys(layer, keras_layer)


def test_spectral_normalization_embedding_keras_parity():
    keras = pytest.importorskip("keras")
    ids = np.array([[1, 2, 3], [0, 4, 1]])
    layer, keras_layer = _pair(keras, lambda: Embedding(5, 3),
                               lambda: keras.layers.Embedding(5, 3), 2, ids)
    assert [w.name for w in layer.weights] == ["embeddings", "vector_u"]
    keras_layer.set_weights(layer.get_weights())
    ours = layer(ids, training=True)
    keras_layer(ids, training=True)
    # Same normalized table and vector_u as Keras ...
    for a, b in zip(layer.get_weights(), keras_layer.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    # ... and the float lookup of it (Keras casts the output to the int ids' dtype,
    # which zeroes it; lamina only casts float outputs to a float input's dtype).
    np.testing.assert_allclose(np.asarray(ours), keras_layer.get_weights()[0][ids], rtol=1e-6)


def test_spectral_normalization_normalizes_the_kernel():
    layer = SpectralNormalization(Dense(4, kernel_initializer="glorot_uniform"),
                                  power_iterations=20)
    x = random_inputs((2, 6))
    layer(x, training=True)
    layer(x, training=True)
    sigma = np.linalg.svd(layer.layer.kernel.numpy(), compute_uv=False)[0]
    np.testing.assert_allclose(sigma, 1.0, rtol=1e-3)
    before = layer.layer.kernel.numpy()
    layer(x)  # inference: untouched
    np.testing.assert_array_equal(layer.layer.kernel.numpy(), before)
    zero = SpectralNormalization(Dense(2, kernel_initializer="zeros"))
    out = zero(x, training=True)
    assert np.all(np.isfinite(np.asarray(out)))
    np.testing.assert_array_equal(zero.layer.kernel.numpy(), 0.0)


def test_spectral_normalization_jit_state_and_gradients():
    layer = SpectralNormalization(Dense(3))
    x = random_inputs((2, 4))
    layer(x)
    assert_jit_matches_eager(layer, x, training=True)
    trainable = [v.value for v in layer.trainable_variables]
    frozen = [v.value for v in layer.non_trainable_variables]
    out, new_frozen = jax.jit(
        lambda t, f: layer.stateless_call(t, f, x, training=True))(trainable, frozen)
    assert not np.allclose(np.asarray(new_frozen[0]), np.asarray(frozen[0]))  # u advanced

    def loss(t):
        return layer.stateless_call(t, frozen, x, training=True)[0].sum()

    grads = jax.grad(loss)(trainable)
    assert all(np.all(np.isfinite(np.asarray(g))) for g in grads)


def test_spectral_normalization_config_and_symbolic():
    make = lambda: SpectralNormalization(Dense(3, name="inner"), power_iterations=2)  # noqa: E731
    x = random_inputs((2, 4))
    assert_symbolic_matches_eager(make, x)
    layer = make()
    layer(x)
    rebuilt = assert_config_round_trip(layer)
    assert isinstance(rebuilt.layer, Dense) and rebuilt.layer.units == 3
    assert rebuilt.power_iterations == 2
    assert layer.compute_output_shape((None, 4)) == (None, 3)


def test_spectral_normalization_loads_a_keras_config():
    keras = pytest.importorskip("keras")
    keras_layer = keras.layers.SpectralNormalization(keras.layers.Dense(3), power_iterations=3)
    keras_layer(np.ones((1, 4), "float32"))
    config = json.loads(json.dumps(keras_layer.get_config()))
    layer = SpectralNormalization.from_config(config)
    assert layer.power_iterations == 3 and layer.layer.units == 3
    assert layer.layer.built  # the nested build_config was applied
    layer.build((None, 4))
    layer.set_weights(keras_layer.get_weights())
    np.testing.assert_allclose(np.asarray(layer(np.ones((1, 4)))),
                               np.asarray(keras_layer(np.ones((1, 4)))), rtol=1e-6)


class _NoMask(Layer):
    def call(self, inputs):
        return inputs


def test_spectral_normalization_masks():
    ids = np.array([[1, 0, 2]])
    embedded = Embedding(3, 4, mask_zero=True)(ids)
    out = SpectralNormalization(Dense(2))(embedded, training=True)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), [[True, False, True]])
    wrapped = SpectralNormalization(Embedding(3, 4, mask_zero=True))(ids)
    np.testing.assert_array_equal(np.asarray(mask_of(wrapped)), [[True, False, True]])
    symbolic = SpectralNormalization(Dense(2))(
        Embedding(3, 4, mask_zero=True)(Input((3,), dtype="int32")))
    assert mask_of(symbolic) is not None
    no_mask = _NoMask(name="plain")
    no_mask.kernel = no_mask.add_weight(shape=(4, 4), name="kernel")
    with pytest.raises(MaskNotSupportedError, match="'sn'.*'plain'"):
        SpectralNormalization(no_mask, name="sn")(embedded)


def test_spectral_normalization_errors():
    with pytest.raises(ValueError, match="layer must be a Layer instance"):
        SpectralNormalization("dense")
    with pytest.raises(ValueError, match="power_iterations must be a positive int"):
        SpectralNormalization(Dense(2), power_iterations=0)
    with pytest.raises(ValueError, match="neither a 'kernel' nor an 'embeddings'"):
        SpectralNormalization(Flatten())(np.ones((2, 3)))
