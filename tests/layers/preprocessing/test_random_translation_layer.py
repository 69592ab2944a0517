import numpy as np
import pytest
from image_parity_helpers import MODES, assert_augments_like_keras, images

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


@pytest.mark.parametrize("index", range(len(MODES)))
def test_random_translation_keras_parity_at_fixed_shift(index):
    fill_mode, interpolation, data_format = MODES[index]
    height, width = FACTORS[index % len(FACTORS)]
    assert_augments_like_keras(
        "RandomTranslation", images((2, 6, 5, 3), 5, data_format), height_factor=height,
        width_factor=width, fill_mode=fill_mode, interpolation=interpolation, fill_value=2.0,
        data_format=data_format,
    )
