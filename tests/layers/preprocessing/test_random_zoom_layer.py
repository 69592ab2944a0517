import numpy as np
import pytest
from layer_harness import random_inputs

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
MODES = [("reflect", "bilinear", "channels_last"), ("wrap", "nearest", "channels_first"),
         ("constant", "bilinear", "channels_first"), ("nearest", "bilinear", "channels_last")]


@pytest.mark.parametrize("index", range(len(MODES)))
def test_random_zoom_keras_parity_at_fixed_zoom(index):
    keras = pytest.importorskip("keras")
    fill_mode, interpolation, data_format = MODES[index]
    factors = FACTORS[index % len(FACTORS)]
    x = random_inputs((2, 6, 5, 3), seed=4)
    if data_format == "channels_first":
        x = np.transpose(x, (0, 3, 1, 2))
    kwargs = dict(height_factor=factors[0], width_factor=factors[1], fill_mode=fill_mode,
                  interpolation=interpolation, fill_value=-1.0, data_format=data_format)
    ours = RandomZoom(**kwargs)(x, training=True)
    theirs = keras.layers.RandomZoom(**kwargs)(x, training=True)
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-5, atol=1e-5)
