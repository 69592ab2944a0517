import numpy as np
import pytest
from layer_harness import random_inputs

from lamina.layers import RandomTranslation


def test_random_translation_shifts_by_whole_pixels():
    x = np.arange(20.0, dtype="float32").reshape(1, 4, 5, 1)
    out = np.asarray(RandomTranslation((0.25, 0.25), (-0.2, -0.2), fill_mode="constant",
                                       interpolation="nearest")(x, training=True))
    np.testing.assert_array_equal(out[0, 1:, :4, 0], x[0, :3, 1:, 0])  # down 1, left 1
    assert np.all(out[0, 0, :, 0] == 0) and np.all(out[0, :, 4, 0] == 0)


def test_random_translation_errors():
    with pytest.raises(ValueError, match="height_factor must be"):
        RandomTranslation(1.5, 0.1)
    with pytest.raises(TypeError):
        RandomTranslation(0.1)


FACTORS = [((0.2, 0.2), (0.3, 0.3)), ((-0.5, -0.5), (0.1, 0.1)),
           ((0.37, 0.37), (-0.23, -0.23))]
MODES = [("reflect", "bilinear", "channels_last"), ("wrap", "nearest", "channels_first"),
         ("constant", "bilinear", "channels_first"), ("nearest", "bilinear", "channels_last")]


@pytest.mark.parametrize("index", range(len(MODES)))
def test_random_translation_keras_parity_at_fixed_shift(index):
    keras = pytest.importorskip("keras")
    fill_mode, interpolation, data_format = MODES[index]
    factors = FACTORS[index % len(FACTORS)]
    x = random_inputs((2, 6, 5, 3), seed=5)
    if data_format == "channels_first":
        x = np.transpose(x, (0, 3, 1, 2))
    kwargs = dict(height_factor=factors[0], width_factor=factors[1], fill_mode=fill_mode,
                  interpolation=interpolation, fill_value=2.0, data_format=data_format)
    ours = RandomTranslation(**kwargs)(x, training=True)
    theirs = keras.layers.RandomTranslation(**kwargs)(x, training=True)
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-5, atol=1e-5)
