"""AutoContrast, Equalization, RandomErasing, RandomGaussianBlur, RandomShear,
RandomPerspective, MixUp and CutMix: Keras 3 parity for the deterministic cases, and
the properties of the random ones."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from lamina import layers
from lamina.layers.preprocessing._image_ops import affine_transform
from lamina.layers.preprocessing.random_perspective import homography


def _images(shape=(3, 8, 9, 3), seed=0, high=255.0, low=0.0):
    rng = np.random.default_rng(seed)
    return (rng.random(shape) * (high - low) + low).astype("float32")


def _first(x):
    return np.transpose(x, (0, 3, 1, 2))


@pytest.mark.parametrize("value_range,scale", [((0, 255), 255.0), ((0, 1), 1.0)])
def test_auto_contrast_matches_keras(value_range, scale):
    keras = pytest.importorskip("keras")
    x = _images(low=0.2 * scale, high=0.7 * scale)
    x[0, ..., 1] = 0.5 * scale  # a constant channel stays as it is
    ours = np.asarray(layers.AutoContrast(value_range=value_range)(x))
    theirs = np.asarray(keras.layers.AutoContrast(value_range=value_range)(x))
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-4 * scale)
    np.testing.assert_allclose(ours.min(axis=(1, 2))[1:], 0, atol=1e-4 * scale)
    np.testing.assert_allclose(ours.max(axis=(1, 2))[1:], scale, rtol=1e-5)
    np.testing.assert_array_equal(ours[0, ..., 1], x[0, ..., 1])
    first = layers.AutoContrast(value_range=value_range, data_format="channels_first")
    np.testing.assert_allclose(np.asarray(first(_first(x))), _first(ours), rtol=1e-6)


@pytest.mark.parametrize("kwargs,scale", [({}, 255.0), ({"bins": 64}, 255.0),
                                          ({"value_range": (0, 1)}, 1.0)])
def test_equalization_matches_keras_image_by_image(kwargs, scale):
    keras = pytest.importorskip("keras")
    x = _images((3, 16, 17, 3), high=0.6 * scale)
    x[1] = np.round(x[1] / scale * 255) / 255 * scale
    x[2, ..., 0] = 0.25 * scale  # a constant channel (one occupied bin) is kept
    ours = np.asarray(layers.Equalization(**kwargs)(x))
    # Keras pools the batch into one histogram: compare one image at a time
    for i in range(3):
        theirs = np.asarray(keras.layers.Equalization(**kwargs)(x[i:i + 1]))
        np.testing.assert_allclose(ours[i:i + 1], theirs, rtol=1e-6, atol=1e-6 * scale)
    np.testing.assert_allclose(ours[2, ..., 0], x[2, ..., 0], rtol=1e-6)
    assert ours[0].max() == pytest.approx(scale)  # stretched to the whole range
    alone = np.asarray(layers.Equalization(**kwargs)(x[:1]))
    np.testing.assert_array_equal(alone[0], ours[0])  # independent of the batch
    first = np.asarray(layers.Equalization(data_format="channels_first", **kwargs)(
        _first(x)))
    np.testing.assert_allclose(first, _first(ours), rtol=1e-6)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_erasing_whole_image_matches_keras(data_format):
    keras = pytest.importorskip("keras")
    x = _images()
    if data_format == "channels_first":
        x = _first(x)
    kwargs = dict(factor=(1.0, 1.0), scale=(1.0, 1.0), fill_value=300.0,
                  data_format=data_format)
    ours = np.asarray(layers.RandomErasing(seed=1, **kwargs)(x, training=True))
    theirs = np.asarray(keras.layers.RandomErasing(seed=1, **kwargs)(x, training=True))
    np.testing.assert_allclose(ours, theirs)
    # one value per channel (Keras 3's own layer fails on a tuple here)
    kwargs["fill_value"] = (10.0, 20.0, 30.0)
    ours = np.asarray(layers.RandomErasing(seed=1, **kwargs)(x, training=True))
    axis = -1 if data_format == "channels_last" else 1
    np.testing.assert_array_equal(np.moveaxis(ours, axis, -1),
                                  np.broadcast_to([10.0, 20.0, 30.0], (3, 8, 9, 3)))


def test_erasing_fills_one_box_of_the_drawn_size():
    x = _images((8, 20, 20, 3))
    out = np.asarray(layers.RandomErasing((1.0, 1.0), scale=(0.25, 0.25), fill_value=-1.0,
                                          value_range=(-1, 255), seed=2)(x, training=True))
    for o in out:
        rows, cols = np.nonzero((o == -1.0).all(-1))
        assert rows.size and (rows.max() - rows.min() + 1) in (10, 11)
        assert (cols.max() - cols.min() + 1) in (10, 11)
        assert rows.size == (rows.max() - rows.min() + 1) * (cols.max() - cols.min() + 1)
    noise = np.asarray(layers.RandomErasing((1.0, 1.0), seed=2)(x, training=True))
    assert noise.min() >= 0 and noise.max() <= 255 and not np.array_equal(noise, x)
    none = layers.RandomErasing(0.0, seed=2)(x, training=True)
    np.testing.assert_array_equal(np.asarray(none), x)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_gaussian_blur_matches_keras(data_format):
    keras = pytest.importorskip("keras")
    x = _images()
    if data_format == "channels_first":
        x = _first(x)
    kwargs = dict(factor=(1.0, 1.0), kernel_size=(3, 5), sigma=(0.6, 0.6),
                  data_format=data_format)
    ours = np.asarray(layers.RandomGaussianBlur(seed=1, **kwargs)(x, training=True))
    theirs = np.asarray(keras.layers.RandomGaussianBlur(seed=1, **kwargs)(x, training=True))
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-3)
    none = layers.RandomGaussianBlur(0.0, seed=1, data_format=data_format)(x, training=True)
    np.testing.assert_array_equal(np.asarray(none), x)


def test_shear_is_one_of_the_two_signs_of_the_keras_transform():
    keras = pytest.importorskip("keras")
    x = _images((8, 8, 9, 2))
    out = np.asarray(layers.RandomShear(x_factor=(0.3, 0.3), seed=4)(x, training=True))

    def keras_shear(s):
        matrix = np.tile(np.array([[1.0, s, 0, 0, 1, 0, 0, 0]], "float32"), (8, 1))
        return np.asarray(keras.ops.image.affine_transform(x, matrix, fill_mode="reflect"))

    plus, minus = keras_shear(0.3), keras_shear(-0.3)
    signs = [1 if np.allclose(o, p, atol=1e-3) else -1 for o, p in zip(out, plus)]
    for o, m, s in zip(out, minus, signs):
        if s == -1:
            np.testing.assert_allclose(o, m, atol=1e-3)
    assert set(signs) == {1, -1}
    none = layers.RandomShear(seed=1)(x, training=True)  # factors 0: identity
    np.testing.assert_allclose(np.asarray(none), x, atol=1e-4)


def test_homography_maps_the_moved_corners_back():
    rng = np.random.default_rng(0)
    source = jnp.asarray([[[0.0, 0.0], [9.0, 0.0], [0.0, 7.0], [9.0, 7.0]]] * 2)
    target = source + jnp.asarray(rng.uniform(-2, 2, (2, 4, 2)), "float32")
    t = homography(source, target)
    k = t[:, None, 6] * target[..., 0] + t[:, None, 7] * target[..., 1] + 1
    x = (t[:, None, 0] * target[..., 0] + t[:, None, 1] * target[..., 1] + t[:, None, 2]) / k
    y = (t[:, None, 3] * target[..., 0] + t[:, None, 4] * target[..., 1] + t[:, None, 5]) / k
    np.testing.assert_allclose(np.stack([x, y], -1), source, atol=1e-3)


def test_perspective_warp_matches_keras_op():
    keras = pytest.importorskip("keras")
    x = _images((2, 8, 9, 3))
    start = np.array([[[0.0, 0.0], [8.0, 0.0], [0.0, 7.0], [8.0, 7.0]]] * 2, "float32")
    end = start + start * np.random.default_rng(1).uniform(-0.2, 0.2, (2, 4, 2))
    end = end.astype("float32")
    theirs = keras.ops.image.perspective_transform(x, start, end, fill_value=3.0)
    ours = affine_transform(jnp.asarray(x), homography(jnp.asarray(start), jnp.asarray(end)),
                            "bilinear", "constant", 3.0)
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-4, atol=1e-2)
    layer = layers.RandomPerspective((1.0, 1.0), scale=0.5, seed=0)
    warped = np.asarray(layer(x, training=True))
    assert not np.allclose(warped, x)
    np.testing.assert_allclose(warped[:, 0, 0], x[:, 0, 0], atol=1e-3)  # corner fixed
    none = layers.RandomPerspective(0.0, seed=0)(x, training=True)
    np.testing.assert_array_equal(np.asarray(none), x)


def _constant_images(batch=6, size=5):
    values = np.arange(1, batch + 1, dtype="float32") * 10
    return np.broadcast_to(values[:, None, None, None], (batch, size, size, 1)).copy(), values


def test_mix_up_blends_each_image_with_another():
    x, values = _constant_images()
    out = np.asarray(layers.MixUp(alpha=1.0, seed=3)(x, training=True))
    mixed = out[:, 0, 0, 0]
    np.testing.assert_allclose(out, mixed[:, None, None, None] + 0 * out)
    assert mixed.min() >= values.min() - 1e-4 and mixed.max() <= values.max() + 1e-4
    assert not np.allclose(mixed, values)
    weights = jax.random.beta(jax.random.key(0), 0.05, 0.05, (2000,))
    assert float(jnp.mean((weights < 0.05) | (weights > 0.95))) > 0.7  # small alpha: ends


def test_cut_mix_pastes_a_box_from_another_image():
    x, values = _constant_images(batch=6, size=12)
    out = np.asarray(layers.CutMix(seed=1)(x, training=True))
    pasted = 0
    for o, own in zip(out[..., 0], values):
        others = o != own
        if others.any():
            pasted += 1
            assert len(np.unique(o[others])) == 1 and np.unique(o[others])[0] in values
            rows, cols = np.nonzero(others)
            assert rows.size == (np.ptp(rows) + 1) * (np.ptp(cols) + 1)  # a rectangle
    assert pasted > 0
    np.testing.assert_array_equal(np.asarray(layers.CutMix(seed=1)(x[0], training=True)),
                                  x[0])  # a single image has nothing to mix with
