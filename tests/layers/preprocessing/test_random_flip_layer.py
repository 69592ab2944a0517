import numpy as np
import pytest
from layer_harness import random_inputs

from lamina.layers import RandomFlip


def _flipped(x, mode, data_format="channels_last"):
    h, w = (1, 2) if data_format == "channels_last" else (2, 3)
    if mode == "horizontal":
        return x[..., ::-1, :] if data_format == "channels_last" else x[..., ::-1]
    out = np.flip(x, axis=h)
    return np.flip(out, axis=w) if mode == "horizontal_and_vertical" else out


@pytest.mark.parametrize("mode", ["horizontal", "vertical", "horizontal_and_vertical"])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_random_flip_outputs_are_the_image_or_its_flip(mode, data_format):
    x = random_inputs((16, 3, 4, 2), seed=1)
    if data_format == "channels_first":
        x = np.transpose(x, (0, 3, 1, 2))
    out = np.asarray(RandomFlip(mode, seed=5, data_format=data_format)(x, training=True))
    flipped = _flipped(x, mode, data_format)
    same = np.all(out == x, axis=(1, 2, 3))
    flip = np.all(out == flipped, axis=(1, 2, 3))
    assert np.all(same | flip)
    assert same.any() and flip.any()  # 16 coins: both outcomes occur for this seed


def test_random_flip_probability_is_one_half():
    x = np.arange(2 * 3, dtype="float32").reshape(1, 2, 3, 1).repeat(2000, axis=0)
    out = np.asarray(RandomFlip("horizontal", seed=0)(x, training=True))
    assert abs(np.mean(np.any(out != x, axis=(1, 2, 3))) - 0.5) < 0.05


def test_random_flip_errors():
    with pytest.raises(ValueError, match="mode must be one of"):
        RandomFlip("diagonal")


def test_random_flip_keras_parity_of_the_possible_outputs():
    keras = pytest.importorskip("keras")
    x = random_inputs((8, 3, 4, 2), seed=2)
    for mode in ("horizontal", "vertical", "horizontal_and_vertical"):
        theirs = np.asarray(keras.layers.RandomFlip(mode, seed=1)(x, training=True))
        ours = np.asarray(RandomFlip(mode, seed=1)(x, training=True))
        flipped = _flipped(x, mode)
        for out in (ours, theirs):
            assert np.all(np.all(out == x, axis=(1, 2, 3)) | np.all(out == flipped,
                                                                     axis=(1, 2, 3)))
        np.testing.assert_array_equal(np.asarray(RandomFlip(mode)(x, training=False)),
                                      np.asarray(keras.layers.RandomFlip(mode)(x,
                                                                               training=False)))
