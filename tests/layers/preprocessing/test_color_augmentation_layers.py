"""Colour layers: RandomBrightness, RandomColorDegeneration, RandomGrayscale, RandomHue,
RandomSaturation, RandomSharpness, RandomInvert, RandomPosterization, RandomColorJitter,
Solarization -- Keras 3 parity where the factors leave no randomness, ranges otherwise."""

import numpy as np
import pytest

from lamina import layers
from lamina.layers.preprocessing._color_ops import hsv_to_rgb, rgb_to_grayscale, rgb_to_hsv
from lamina.layers.preprocessing.random_hue import adjust_hue


def _images(shape=(3, 6, 7, 3), seed=0, high=255.0):
    return (np.random.default_rng(seed).random(shape) * high).astype("float32")


def _first(x):
    return np.transpose(x, (0, 3, 1, 2))


PINNED = [  # (layer, kwargs, value scale, data_format): no randomness left
    ("RandomBrightness", {"factor": (0.1, 0.1)}, 255, "channels_last"),
    ("RandomBrightness", {"factor": (-0.3, -0.3), "value_range": (0, 1)}, 1, "channels_first"),
    ("RandomColorDegeneration", {"factor": (0.4, 0.4)}, 255, "channels_last"),
    ("RandomColorDegeneration", {"factor": (-0.5, -0.5)}, 255, "channels_first"),
    ("RandomGrayscale", {"factor": 1.0}, 255, "channels_last"),
    ("RandomGrayscale", {"factor": 1.0}, 255, "channels_first"),
    ("RandomGrayscale", {"factor": 0.0}, 255, "channels_last"),
    ("RandomHue", {"factor": 0.0}, 255, "channels_last"),
    ("RandomSaturation", {"factor": (0.5, 0.5)}, 255, "channels_last"),
    ("RandomSaturation", {"factor": (0.8, 0.8)}, 255, "channels_first"),
    ("RandomSaturation", {"factor": (0.2, 0.2), "value_range": (0, 1)}, 1, "channels_last"),
    ("RandomSaturation", {"factor": 0.0}, 255, "channels_last"),
    ("RandomSharpness", {"factor": (0.9, 0.9)}, 255, "channels_last"),
    ("RandomSharpness", {"factor": (0.1, 0.1)}, 255, "channels_first"),
    ("RandomInvert", {"factor": (1.0, 1.0)}, 255, "channels_last"),
    ("RandomInvert", {"factor": 0.0, "value_range": (0, 1)}, 1, "channels_first"),
    ("RandomPosterization", {"factor": (3, 3)}, 255, "channels_last"),
    ("RandomPosterization", {"factor": (5, 5), "value_range": (0, 1)}, 1, "channels_first"),
    ("Solarization", {}, 255, "channels_last"),
    ("Solarization", {"value_range": (0, 1)}, 1, "channels_first"),
    ("RandomColorJitter", {"brightness_factor": (0.1, 0.1), "contrast_factor": 0.0,
                           "saturation_factor": (0.6, 0.6), "hue_factor": 0.0}, 255,
     "channels_last"),
]


@pytest.mark.parametrize("name,kwargs,scale,data_format", PINNED)
def test_pinned_factors_match_keras(name, kwargs, scale, data_format):
    keras = pytest.importorskip("keras")
    x = _images(high=scale)
    if data_format == "channels_first":
        x = _first(x)
    kwargs = {**kwargs, "data_format": data_format}
    ours = np.asarray(getattr(layers, name)(seed=1, **kwargs)(x, training=True))
    theirs = np.asarray(getattr(keras.layers, name)(seed=1, **kwargs)(x, training=True))
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=2e-6 * scale)


def test_colour_ops_match_keras_ops():
    keras = pytest.importorskip("keras")
    x = _images(high=1.0)
    for data_format, images in (("channels_last", x), ("channels_first", _first(x))):
        ops = keras.ops.image
        for ours, theirs in ((rgb_to_hsv, ops.rgb_to_hsv), (hsv_to_rgb, ops.hsv_to_rgb),
                             (rgb_to_grayscale, ops.rgb_to_grayscale)):
            np.testing.assert_allclose(
                np.asarray(ours(images, data_format)),
                np.asarray(theirs(images, data_format=data_format)), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.asarray(hsv_to_rgb(rgb_to_hsv(x))), x, atol=1e-5)


def test_brightness_shifts_each_image_by_one_delta_within_range():
    x = _images((16, 5, 5, 3), high=100.0) + 50
    out = np.asarray(layers.RandomBrightness(0.1, seed=3)(x, training=True))
    deltas = (out - x).reshape(16, -1)
    np.testing.assert_allclose(deltas, deltas[:, :1].repeat(deltas.shape[1], 1), atol=1e-3)
    assert np.abs(deltas).max() <= 25.5 + 1e-3 and deltas[:, 0].std() > 1
    clipped = np.asarray(layers.RandomBrightness((1.0, 1.0), seed=0)(x, training=True))
    np.testing.assert_array_equal(clipped, np.full_like(x, 255.0))


def test_hue_pinned_factor_shifts_by_plus_or_minus_half_of_it():
    keras = pytest.importorskip("keras")
    x = _images((8, 4, 5, 3))
    out = np.asarray(layers.RandomHue((0.4, 0.4), seed=2)(x, training=True))

    def keras_shift(shift):  # reference built from keras.ops
        hsv = np.array(keras.ops.image.rgb_to_hsv(x / 255.0))
        hsv[..., 0] = np.mod(hsv[..., 0] + shift, 1.0)
        return np.clip(np.asarray(keras.ops.image.hsv_to_rgb(hsv)), 0, 1) * 255

    up, down = keras_shift(0.2), keras_shift(-0.2)
    signs = []
    for i in range(8):
        if np.allclose(out[i], up[i], atol=1e-3):
            signs.append(1)
        else:
            np.testing.assert_allclose(out[i], down[i], atol=1e-3)
            signs.append(-1)
    assert len(set(signs)) == 2  # both signs occur
    np.testing.assert_allclose(
        np.asarray(adjust_hue(x, np.full((8, 1, 1), 0.2, "float32"), (0, 255),
                              "channels_last")), up, atol=1e-3)


def test_saturation_half_is_identity_and_zero_is_grey():
    x = _images()
    same = layers.RandomSaturation((0.5, 0.5), seed=0)(x, training=True)
    np.testing.assert_allclose(np.asarray(same), x, rtol=1e-4, atol=1e-3)
    grey = np.asarray(layers.RandomSaturation((0.0, 0.0), seed=0)(x, training=True))
    np.testing.assert_allclose(grey, grey[..., :1].repeat(3, -1), atol=1e-4)
    np.testing.assert_allclose(grey[..., 0], x.max(-1), atol=1e-3)  # HSV value kept


def test_sharpness_half_is_identity_and_output_is_clipped():
    x = _images()
    same = layers.RandomSharpness((0.5, 0.5), seed=0)(x, training=True)
    np.testing.assert_allclose(np.asarray(same), x, atol=1e-3)
    sharp = np.asarray(layers.RandomSharpness((1.0, 1.0), seed=0)(x, training=True))
    assert sharp.min() >= 0 and sharp.max() <= 255 and not np.allclose(sharp, x)


def test_invert_and_grayscale_choose_per_image():
    x = _images((32, 3, 3, 3))
    out = np.asarray(layers.RandomInvert((0.5, 0.5), seed=5)(x, training=True))
    inverted = [np.allclose(o, 255 - i) for o, i in zip(out, x)]
    kept = [np.array_equal(o, i) for o, i in zip(out, x)]
    assert all(a != b for a, b in zip(inverted, kept)) and 4 < sum(inverted) < 28
    grey = np.asarray(layers.RandomGrayscale(0.5, seed=5)(x, training=True))
    flat = [np.allclose(g, g[..., :1]) for g in grey]
    assert 4 < sum(flat) < 28
    assert all(f or np.array_equal(g, i) for f, g, i in zip(flat, grey, x))


def test_posterization_keeps_drawn_bits():
    x = np.round(_images((64, 3, 3, 3)))
    out = np.asarray(layers.RandomPosterization((2, 5), seed=1)(x, training=True))
    bits = []
    for o, i in zip(out, x):
        for b in range(2, 5):  # upper bound excluded, as Keras draws it
            step = 2 ** (8 - b)
            if np.array_equal(o, np.floor(i / step) * step):
                bits.append(b)
                break
        else:
            raise AssertionError("not a posterization with 2, 3 or 4 bits")
    assert set(bits) == {2, 3, 4}


def test_solarization_inverts_values_above_the_threshold():
    x = _images((16, 4, 4, 1))
    out = np.asarray(layers.Solarization(threshold_factor=(0.5, 0.5), seed=3)(
        x, training=True))  # threshold drawn in [0.5, 127.5] (Keras's rule)
    for o, i in zip(out, x):
        inverted = ~np.isclose(o, i)
        np.testing.assert_allclose(o[inverted], 255 - i[inverted], atol=1e-4)
        if inverted.any() and (~inverted).any():
            assert i[inverted].min() >= i[~inverted].max()


@pytest.mark.parametrize("name,kwargs,match", [
    ("RandomBrightness", {"factor": 1.5}, r"factor must be .* \[-1, 1\]"),
    ("RandomHue", {"factor": -0.2}, r"factor must be .* \[0, 1\]"),
    ("RandomPosterization", {"factor": 9}, r"factor must be .* \[1, 8\]"),
    ("RandomGrayscale", {"factor": 2}, "probability"),
    ("RandomSharpness", {"factor": 0.2, "value_range": 255}, "value_range must be a pair"),
    ("Solarization", {"addition_factor": (0.1, 2)}, "addition_factor must be"),
    ("RandomErasing", {"scale": 3}, "scale must be"),
    ("RandomErasing", {"fill_value": (1, 2)}, "fill_value must be"),
    ("RandomGaussianBlur", {"kernel_size": 4}, "kernel_size must be an odd"),
    ("RandomGaussianBlur", {"sigma": 2.0}, "sigma must be"),
    ("RandomShear", {"x_factor": 1.5}, "x_factor must be"),
    ("RandomPerspective", {"scale": 2}, "scale must be"),
    ("RandomPerspective", {"interpolation": "bicubic"}, "interpolation must be"),
    ("MixUp", {"alpha": 0}, "alpha must be a positive"),
    ("CutMix", {"factor": 2}, "factor must be"),
    ("Equalization", {"bins": 1}, "bins must be"),
])
def test_argument_errors_name_the_argument(name, kwargs, match):
    with pytest.raises(ValueError, match=match):
        getattr(layers, name)(**kwargs)


def test_colour_layers_need_rgb_images():
    x = _images((2, 4, 4, 2))
    for layer in (layers.RandomHue(0.2), layers.RandomSaturation(0.2),
                  layers.RandomGrayscale(), layers.RandomColorDegeneration(0.2)):
        with pytest.raises(ValueError, match="channels"):
            layer(x, training=True)
