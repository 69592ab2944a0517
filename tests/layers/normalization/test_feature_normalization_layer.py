"""The preprocessing ``Normalization`` layer (mean/variance from ``adapt`` or arguments)."""

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

from lamina.layers import Embedding
from lamina.layers.normalization import Normalization

DATA = (random_inputs((12, 3, 4)) * 3 + 2).astype("float32")


@pytest.mark.parametrize("invert", [False, True])
@pytest.mark.parametrize("axis", [-1, None, 1, (1, 2), (-2,)])
def test_normalization_adapt_keras_parity(axis, invert):
    keras = pytest.importorskip("keras")
    layer = Normalization(axis=axis, invert=invert)
    keras_layer = keras.layers.Normalization(axis=axis, invert=invert)
    layer.adapt(DATA)
    keras_layer.adapt(DATA)
    for ours, theirs in zip(layer.get_weights(), keras_layer.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    x = DATA[:2]
    assert_keras_parity(layer, keras_layer, x)
    assert_same_config_keys(layer, keras_layer)
    assert [w.name for w in layer.weights] == ["mean", "variance", "count"]
    assert layer.trainable_weights == []


def test_normalization_adapt_over_batches_matches_whole_array():
    # (Keras' adapt over a list of batches needs TensorFlow; numpy is the reference.)
    batches = [DATA[:5], DATA[5:7], DATA[7:]]
    layer = Normalization()
    layer.adapt(batches)
    np.testing.assert_allclose(layer.adapt_mean.numpy(), DATA.mean(axis=(0, 1)), rtol=1e-5)
    np.testing.assert_allclose(layer.adapt_variance.numpy(), DATA.var(axis=(0, 1)), rtol=1e-5)
    whole = Normalization()
    whole.adapt(DATA)
    np.testing.assert_allclose(layer.adapt_mean.numpy(), whole.adapt_mean.numpy(), rtol=1e-6)
    np.testing.assert_allclose(layer.adapt_variance.numpy(), whole.adapt_variance.numpy(),
                               rtol=1e-5)
    chunked = Normalization()
    chunked.adapt(DATA, batch_size=5)
    np.testing.assert_allclose(chunked.adapt_variance.numpy(), whole.adapt_variance.numpy(),
                               rtol=1e-5)
    first_two = Normalization()
    first_two.adapt(iter(batches), steps=1)  # a generator, only the first batch
    np.testing.assert_allclose(first_two.adapt_mean.numpy(), DATA[:5].mean(axis=(0, 1)),
                               rtol=1e-5)
    pairs = Normalization()
    pairs.adapt([(b, np.zeros(len(b))) for b in batches])  # (x, y) batches use x
    np.testing.assert_allclose(pairs.adapt_mean.numpy(), whole.adapt_mean.numpy(), rtol=1e-6)


@pytest.mark.parametrize(("axis", "mean", "variance"), [
    (-1, 2.0, 4.0),  # scalars broadcast
    (-1, [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0]),
    ((1, 2), [1.0, 2.0, 3.0, 4.0], [4.0, 3.0, 2.0, 1.0]),  # rank < number of kept axes
    ((1, 2), np.ones((3, 4)) * 2, np.ones((3, 4)) * 0.5),
    (None, 3.0, 9.0),
])
@pytest.mark.parametrize("invert", [False, True])
def test_normalization_fixed_statistics_keras_parity(axis, mean, variance, invert):
    keras = pytest.importorskip("keras")
    layer = Normalization(axis=axis, mean=mean, variance=variance, invert=invert)
    keras_layer = keras.layers.Normalization(axis=axis, mean=mean, variance=variance,
                                             invert=invert)
    x = DATA[:2]
    layer(x), keras_layer(x)
    assert layer.weights == []
    assert_keras_parity(layer, keras_layer, x)
    assert layer.get_config()["mean"] == keras_layer.get_config()["mean"]
    assert_same_config_keys(layer, keras_layer)
    rebuilt = assert_config_round_trip(layer)
    np.testing.assert_allclose(np.asarray(rebuilt(x)), np.asarray(layer(x)), rtol=1e-6)


def test_normalization_loads_keras_config_and_weights():
    keras = pytest.importorskip("keras")
    keras_layer = keras.layers.Normalization(axis=(1, 2))
    keras_layer.adapt(DATA)
    config = json.loads(json.dumps(keras_layer.get_config()))
    layer = Normalization.from_config(config)
    layer.build((None, 3, 4))
    layer.set_weights(keras_layer.get_weights())
    np.testing.assert_allclose(np.asarray(layer(DATA[:2])), np.asarray(keras_layer(DATA[:2])),
                               rtol=1e-5, atol=1e-6)


def test_normalization_harness_jit_masks_and_ints():
    layer = Normalization()
    layer.adapt(DATA)
    assert_jit_matches_eager(layer, DATA[:2])
    assert_symbolic_matches_eager(lambda: Normalization(mean=1.0, variance=2.0), DATA[:2])
    frozen = [v.value for v in layer.non_trainable_variables]
    out = jax.jit(lambda x: layer.stateless_call([], frozen, x)[0])(DATA[:2])
    expected = (DATA[:2] - DATA.mean((0, 1))) / DATA.std((0, 1))
    np.testing.assert_allclose(np.asarray(out), expected, rtol=1e-4, atol=1e-4)
    ints = Normalization(mean=1.0, variance=4.0)(np.array([[1, 3]]))
    assert np.asarray(ints).dtype == np.float32
    np.testing.assert_allclose(np.asarray(ints), [[0.0, 1.0]])
    embedded = Embedding(3, 4, mask_zero=True)(np.array([[1, 0]]))
    np.testing.assert_array_equal(np.asarray(mask_of(Normalization()(embedded))),
                                  [[True, False]])
    assert layer.mean.shape == (1, 1, 4) and layer.variance.shape == (1, 1, 4)
    zero_variance = Normalization(mean=0.0, variance=0.0)(np.ones((1, 2)))
    assert np.all(np.isfinite(np.asarray(zero_variance)))


def test_normalization_errors():
    with pytest.raises(ValueError, match="pass both mean and variance"):
        Normalization(mean=1.0)
    with pytest.raises(ValueError, match="same shape"):
        Normalization(mean=[1.0, 2.0], variance=1.0)
    with pytest.raises(ValueError, match="rank 2 but only 1 axes are kept"):
        Normalization(mean=np.ones((2, 2)), variance=np.ones((2, 2)))
    with pytest.raises(ValueError, match="out of range"):
        Normalization(axis=3)(np.ones((2, 3)))
    with pytest.raises(ValueError, match="kept axes"):
        Normalization(axis=1).build((None, None))
    with pytest.raises(ValueError, match="cannot change statistics"):
        Normalization(mean=1.0, variance=1.0).adapt(DATA)
    with pytest.raises(ValueError, match="received no data"):
        Normalization().adapt([])
    with pytest.raises(TypeError, match="adapt\\(\\) accepts"):
        Normalization().adapt(3.0)
    layer = Normalization()
    layer.adapt(DATA)
    with pytest.raises(ValueError, match="incompatible with the layer's input shape"):
        layer.adapt(np.ones((2, 3, 5)))
    with pytest.raises(ValueError, match="does not fit the kept axes"):
        Normalization(mean=[1.0, 2.0], variance=[1.0, 2.0])(np.ones((2, 3)))
