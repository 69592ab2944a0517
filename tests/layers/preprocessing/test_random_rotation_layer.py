import numpy as np
import pytest
from image_parity_helpers import assert_augments_like_keras, images

from lamina.layers import RandomRotation


def test_random_rotation_quarter_turn_is_exact():
    x = np.arange(16.0, dtype="float32").reshape(1, 4, 4, 1)
    out = np.asarray(RandomRotation((0.25, 0.25), interpolation="nearest")(x, training=True))
    np.testing.assert_allclose(out[0, :, :, 0], np.rot90(x[0, :, :, 0]), atol=1e-4)


def test_random_rotation_angles_stay_in_range():
    x = np.zeros((64, 9, 9, 1), "float32")
    x[:, 4, 8] = 1.0  # a dot on the right edge of the centre row
    out = np.asarray(RandomRotation(0.05, seed=1, fill_mode="constant")(x, training=True))
    ys, xs = np.unravel_index(out[..., 0].reshape(64, -1).argmax(axis=1), (9, 9))
    angles = np.degrees(np.arctan2(4 - ys, xs - 4))
    assert np.all(np.abs(angles) <= 18 + 7)  # 0.05 turn = 18 degrees, plus a pixel
    assert len(set(zip(ys.tolist(), xs.tolist()))) > 1


def test_random_rotation_errors():
    with pytest.raises(ValueError, match="factor must be a number"):
        RandomRotation(1.5)
    with pytest.raises(ValueError, match="fill_mode must be one of"):
        RandomRotation(0.1, fill_mode="mirror")
    with pytest.raises(ValueError, match="interpolation must be one of"):
        RandomRotation(0.1, interpolation="bicubic")


@pytest.mark.parametrize("fill_mode, interpolation, data_format", [
    ("reflect", "bilinear", "channels_last"),
    ("wrap", "nearest", "channels_first"),
    ("constant", "bilinear", "channels_first"),
    ("nearest", "nearest", "channels_last"),
])
def test_random_rotation_keras_parity_at_fixed_angle(fill_mode, interpolation, data_format):
    x = images((2, 5, 7, 3), 3, data_format)
    for factor in ((0.1, 0.1), (-0.3, -0.3)):
        kwargs = dict(factor=factor, fill_mode=fill_mode, interpolation=interpolation,
                      fill_value=0.5, data_format=data_format)
        assert_augments_like_keras("RandomRotation", x, **kwargs)
    assert_augments_like_keras("RandomRotation", x[0], **kwargs)
