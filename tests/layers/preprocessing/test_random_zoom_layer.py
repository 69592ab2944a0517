import numpy as np
import pytest
from image_parity_helpers import MODES, assert_augments_like_keras, images

from lamina.layers import RandomZoom


def test_random_zoom_out_shrinks_the_content():
    x = np.ones((1, 8, 8, 1), "float32")
    out = np.asarray(RandomZoom((0.5, 0.5), fill_mode="constant")(x, training=True))
    assert out[0, 0, 0, 0] == 0.0 and out[0, 4, 4, 0] == 1.0  # zoom 1.5: borders filled


def test_random_zoom_errors():
    with pytest.raises(ValueError, match=r"height_factor must be .* in \(-1, 1\]"):
        RandomZoom(-1.0)
    with pytest.raises(ValueError, match="width_factor"):
        RandomZoom(0.1, width_factor=(0.1, 0.2, 0.3))


FACTORS = [((0.3, 0.3), None), ((-0.4, -0.4), (0.2, 0.2)),
           ((0.5, 0.5), (-0.25, -0.25))]


@pytest.mark.parametrize("index", range(len(MODES)))
def test_random_zoom_keras_parity_at_fixed_zoom(index):
    fill_mode, interpolation, data_format = MODES[index]
    height, width = FACTORS[index % len(FACTORS)]
    assert_augments_like_keras(
        "RandomZoom", images((2, 6, 5, 3), 4, data_format), height_factor=height,
        width_factor=width, fill_mode=fill_mode, interpolation=interpolation, fill_value=-1.0,
        data_format=data_format,
    )
