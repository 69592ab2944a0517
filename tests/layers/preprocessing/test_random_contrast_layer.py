import numpy as np
import pytest
from layer_harness import random_inputs

from lamina.layers import RandomContrast


def _contrast_factors(x, out, axes=(1, 2)):
    mean = x.mean(axis=axes, keepdims=True)
    return ((out - mean) / (x - mean)).reshape(x.shape[0], -1)


def test_random_contrast_scales_deviation_from_the_mean():
    x = random_inputs((32, 5, 6, 3), seed=1) * 10
    out = np.asarray(RandomContrast((0.4, 0.4), value_range=(-1e3, 1e3), seed=2)(x,
                                                                                 training=True))
    factors = _contrast_factors(x, out)
    np.testing.assert_allclose(factors, factors[:, :1].repeat(factors.shape[1], 1), rtol=1e-3)
    assert factors.min() >= 0.6 - 1e-3 and factors.max() <= 1.4 + 1e-3
    assert factors[:, 0].std() > 0.05  # one factor per image
    clipped = np.asarray(RandomContrast(0.9, value_range=(0, 1), seed=0)(x, training=True))
    assert clipped.min() >= 0 and clipped.max() <= 1


def test_random_contrast_single_factor_follows_keras():
    layer = RandomContrast(0.5)
    assert layer.factor == (0, 0.5)  # Keras stores (0, f): contrast in [1, 1 + f]
    x = random_inputs((64, 4, 4, 1), seed=3) * 10
    out = np.asarray(RandomContrast(0.5, value_range=(-1e3, 1e3), seed=1)(x, training=True))
    factors = _contrast_factors(x, out)[:, 0]
    assert factors.min() >= 1 - 1e-3 and factors.max() <= 1.5 + 1e-3


def test_random_contrast_errors():
    with pytest.raises(ValueError, match=r"factor must be .* in \[0, 1\]"):
        RandomContrast(1.5)
    with pytest.raises(ValueError, match="value_range must be a pair"):
        RandomContrast(0.2, value_range=(1, 0))


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_random_contrast_keras_parity(data_format):
    keras = pytest.importorskip("keras")
    x = random_inputs((3, 5, 4, 2), seed=4) * 100
    if data_format == "channels_first":
        x = np.transpose(x, (0, 3, 1, 2))
    axes = (1, 2) if data_format == "channels_last" else (2, 3)
    # factor (0, 0): contrast 1 exactly, only the clipping to value_range is left
    kwargs = dict(factor=0.0, value_range=(-50, 50), data_format=data_format)
    np.testing.assert_allclose(
        np.asarray(RandomContrast(**kwargs)(x, training=True)),
        np.asarray(keras.layers.RandomContrast(**kwargs)(x, training=True)), rtol=1e-5,
        atol=1e-4)
    # random factors: both libraries keep each image's mean and scale deviations uniformly
    kwargs = dict(factor=(0.3, 0.3), value_range=(-1e4, 1e4), data_format=data_format)
    for out in (RandomContrast(seed=1, **kwargs)(x, training=True),
                keras.layers.RandomContrast(seed=1, **kwargs)(x, training=True)):
        out = np.asarray(out)
        np.testing.assert_allclose(out.mean(axis=axes), x.mean(axis=axes), rtol=1e-4,
                                   atol=1e-3)
        factors = _contrast_factors(x, out, axes)
        assert factors.min() >= 0.7 - 1e-3 and factors.max() <= 1.3 + 1e-3
