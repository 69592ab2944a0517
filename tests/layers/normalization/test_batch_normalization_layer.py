import jax
import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_keras_parity,
    assert_same_config_keys,
    assert_symbolic_matches_eager,
    mask_of,
    random_inputs,
)

from lamina.core import context
from lamina.layers import BatchNormalization, Embedding, Input
from lamina.layers.input_spec import InputCompatibilityError

WEIGHT_NAMES = ["gamma", "beta", "moving_mean", "moving_variance"]


def _randomize(layer, seed=1):
    rng = np.random.default_rng(seed)
    weights = [rng.standard_normal(w.shape).astype("float32") for w in layer.weights]
    for i, w in enumerate(layer.weights):
        if "variance" in w.name or "stddev" in w.name:
            weights[i] = np.abs(weights[i]) + 0.5
    layer.set_weights(weights)


@pytest.mark.parametrize("training", [False, True])
def test_batchnorm_shapes_and_jit(training):
    x = random_inputs((4, 3, 5))
    assert_symbolic_matches_eager(BatchNormalization, x, training=training)
    layer = BatchNormalization(momentum=0.5)
    layer(x)
    _randomize(layer)
    frozen_before = [np.asarray(v.value) for v in layer.non_trainable_variables]
    trainable = [v.value for v in layer.trainable_variables]
    eager = layer(x, training=training)

    @jax.jit
    def step(trainable, frozen, x):
        return layer.stateless_call(trainable, frozen, x, training=training)

    jitted, new_frozen = step(trainable, frozen_before, x)
    np.testing.assert_allclose(np.asarray(jitted), np.asarray(eager), rtol=1e-5, atol=1e-6)
    for new, var in zip(new_frozen, layer.non_trainable_variables):
        np.testing.assert_allclose(np.asarray(new), var.numpy(), rtol=1e-6)
    if not training:
        for new, old in zip(new_frozen, frozen_before):
            np.testing.assert_array_equal(np.asarray(new), old)


def test_batchnorm_weights_config_and_errors():
    layer = BatchNormalization(axis=1, momentum=0.9, gamma_regularizer="l2", name="bn")
    layer(np.ones((2, 3, 4), "float32"))
    assert [w.name for w in layer.weights] == WEIGHT_NAMES
    assert [w.name for w in layer.trainable_weights] == ["gamma", "beta"]
    assert_config_round_trip(layer)
    with pytest.raises(InputCompatibilityError, match=r"'bn'.*axis 1.*value 3"):
        layer(np.ones((2, 4, 4), "float32"))
    with pytest.raises(InputCompatibilityError, match="'bn'.*ndim=3"):
        layer(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="synchronized=True is not supported"):
        BatchNormalization(synchronized=True)
    with pytest.raises(ValueError, match="renorm_clipping"):
        BatchNormalization(renorm=True, renorm_clipping={"rmax": 1, "bogus": 2})
    without = BatchNormalization(center=False, scale=False)
    without(np.ones((2, 3), "float32"))
    assert [w.name for w in without.weights] == ["moving_mean", "moving_variance"]


def test_batchnorm_trainable_false_uses_moving_statistics():
    layer = BatchNormalization(trainable=False)
    x = random_inputs((8, 3))
    out = layer(x, training=True)
    np.testing.assert_allclose(np.asarray(out), x / np.sqrt(1.001), rtol=1e-5)
    np.testing.assert_array_equal(layer.moving_mean.numpy(), np.zeros(3))


def test_batchnorm_mask_excludes_entries_and_passes_through():
    ids = np.array([[1, 2, 0, 0], [3, 0, 0, 0]])
    embedded = Embedding(4, 3, mask_zero=True)(ids)
    layer = BatchNormalization(momentum=0.0)
    out = layer(embedded, training=True)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), ids != 0)
    valid = np.asarray(embedded)[ids != 0]
    np.testing.assert_allclose(layer.moving_mean.numpy(), valid.mean(0), rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(layer.moving_variance.numpy(), valid.var(0), rtol=1e-4,
                               atol=1e-6)
    symbolic = Embedding(4, 3, mask_zero=True)(Input((4,), dtype="int32"))
    assert mask_of(BatchNormalization()(symbolic)).shape == (None, 4)
    with pytest.raises(ValueError, match="one dimension less"):
        BatchNormalization()(np.ones((2, 4, 3), "float32"), training=True,
                             mask=np.ones((2, 4, 3), bool))


def _with_validity(validity, fn, *args):
    token = context.set_batch_validity(validity)
    try:
        return fn(*args)
    finally:
        context.reset_batch_validity(token)


def test_batchnorm_batch_validity_excludes_padding_rows():
    # The trainer pads a ragged last batch with finite filler rows and marks them invalid:
    # outputs, statistics and gradients of the real rows must equal the unpadded batch's.
    real = random_inputs((5, 3))
    padded = np.concatenate([real, np.full((3, 3), 1e4, "float32")])
    validity = np.array([True] * 5 + [False] * 3)
    reference = BatchNormalization(momentum=0.5)
    layer = BatchNormalization(momentum=0.5)
    reference(real)
    layer(real)
    _randomize(reference)
    layer.set_weights(reference.get_weights())
    start = [v.value for v in layer.non_trainable_variables]
    expected = np.asarray(reference(real, training=True))
    out = _with_validity(validity, lambda: layer(padded, training=True))
    np.testing.assert_allclose(np.asarray(out)[:5], expected, rtol=1e-5, atol=1e-5)
    for ours, theirs in zip(layer.non_trainable_variables, reference.non_trainable_variables):
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-5)

    cotangent = random_inputs((5, 3), seed=11)

    def loss(model, x):
        out, _ = model.stateless_call([v.value for v in model.trainable_variables], start,
                                      x, training=True)
        return (out[:5] * cotangent).sum()

    grads = _with_validity(validity, jax.grad(loss, argnums=1), layer, padded)
    expected_grads = jax.grad(loss, argnums=1)(reference, real)
    np.testing.assert_allclose(np.asarray(grads)[:5], np.asarray(expected_grads), rtol=1e-4,
                               atol=1e-5)
    np.testing.assert_array_equal(np.asarray(grads)[5:], 0)
    with pytest.raises(ValueError, match="batch validity"):
        _with_validity(np.ones(4, bool), lambda: layer(padded, training=True))
    # Inference ignores the validity vector.
    _with_validity(validity, lambda: layer(padded, training=False))


@pytest.mark.parametrize("axis, shape", [(-1, (6, 4)), (1, (3, 2, 4, 4)), (-1, (3, 5, 2))])
@pytest.mark.parametrize("training", [True, False])
def test_batchnorm_keras_parity(axis, shape, training):
    keras = pytest.importorskip("keras")
    x = random_inputs(shape, seed=4) * 3 + 1
    layer = BatchNormalization(axis=axis, momentum=0.8)
    keras_layer = keras.layers.BatchNormalization(axis=axis, momentum=0.8)
    layer(x)
    keras_layer(x)
    _randomize(layer)
    assert_same_config_keys(layer, keras_layer)
    assert_keras_parity(layer, keras_layer, x, training=training)
    for ours, theirs in zip(layer.weights, keras_layer.weights):
        np.testing.assert_allclose(ours.numpy(), np.asarray(theirs.value), rtol=1e-5,
                                   atol=1e-6)


def test_batchnorm_keras_parity_with_mask():
    keras = pytest.importorskip("keras")
    x = random_inputs((3, 4, 2), seed=6)
    mask = np.array([[1, 1, 0, 0], [1, 0, 0, 0], [1, 1, 1, 1]], bool)
    layer, keras_layer = BatchNormalization(momentum=0.7), keras.layers.BatchNormalization(
        momentum=0.7)
    layer(x)
    keras_layer(x)
    keras_layer.set_weights(layer.get_weights())
    ours = layer(x, training=True, mask=mask)
    theirs = keras_layer(x, training=True, mask=mask)
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-5, atol=1e-6)
    for a, b in zip(layer.weights, keras_layer.weights):
        np.testing.assert_allclose(a.numpy(), np.asarray(b.value), rtol=1e-5, atol=1e-6)


def test_batchnorm_renorm_keras_parity():
    keras = pytest.importorskip("keras")
    x = random_inputs((8, 3), seed=9) * 2
    clipping = {"rmax": 1.5, "rmin": 0.7, "dmax": 0.3}
    layer = BatchNormalization(renorm=True, renorm_clipping=clipping, renorm_momentum=0.6)
    keras_layer = keras.layers.BatchNormalization(renorm=True, renorm_clipping=clipping,
                                                  renorm_momentum=0.6)
    layer(x)
    keras_layer(x)
    _randomize(layer)
    assert_keras_parity(layer, keras_layer, x, training=True)
    for ours, theirs in zip(layer.weights, keras_layer.weights):
        np.testing.assert_allclose(ours.numpy(), np.asarray(theirs.value), rtol=1e-5,
                                   atol=1e-6)
    assert_keras_parity(layer, keras_layer, x, training=False)
    assert assert_config_round_trip(layer).renorm_clipping == clipping
