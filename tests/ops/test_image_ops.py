"""``lamina.ops.image`` against ``keras.ops.image``: values, shapes, dtypes, symbolic."""

import numpy as np
import pytest

from lamina import ops
from lamina.core.keras_tensor import KerasTensor

keras = pytest.importorskip("keras")

RNG = np.random.default_rng(2)


def img(*shape):
    return RNG.uniform(size=shape).astype("float32")


BATCH = img(2, 8, 10, 3)
SINGLE = img(7, 9, 3)
CF = img(2, 3, 8, 10)
SHIFT_ROTATE = np.array([[0.9, -0.2, 1.5, 0.3, 1.1, -0.5, 0.0, 0.0],
                         [1.0, 0.0, -2.0, 0.0, 1.0, 1.0, 0.0, 0.0]], "float32")
START = np.array([[0, 0], [9, 0], [9, 7], [0, 7]], "float32")
END = np.array([[1, 0.5], [8, 1], [9, 6], [0.5, 7]], "float32")

CASES = [
    ("rgb_to_grayscale", (BATCH,), {}),
    ("rgb_to_grayscale", (CF,), {"data_format": "channels_first"}),
    ("rgb_to_grayscale", ((SINGLE * 255).astype("uint8"),), {}),
    ("rgb_to_hsv", (BATCH,), {}),
    ("rgb_to_hsv", (CF,), {"data_format": "channels_first"}),
    ("hsv_to_rgb", (BATCH,), {}),
    ("hsv_to_rgb", (SINGLE,), {}),
    ("resize", (BATCH, (4, 5)), {}),
    ("resize", (SINGLE, (14, 5)), {"interpolation": "bicubic", "antialias": True}),
    ("resize", (BATCH, (6, 6)), {"interpolation": "nearest", "crop_to_aspect_ratio": True}),
    ("resize", (BATCH, (6, 4)), {"pad_to_aspect_ratio": True, "fill_value": 0.5}),
    ("resize", (CF, (5, 5)), {"data_format": "channels_first", "interpolation": "lanczos3"}),
    ("affine_transform", (BATCH, SHIFT_ROTATE), {}),
    ("affine_transform", (SINGLE, SHIFT_ROTATE[0]), {"interpolation": "nearest",
                                                     "fill_mode": "reflect"}),
    ("affine_transform", (CF, SHIFT_ROTATE), {"fill_mode": "wrap", "fill_value": 0.5,
                                              "data_format": "channels_first"}),
    ("affine_transform", (BATCH, SHIFT_ROTATE), {"fill_mode": "nearest"}),
    ("affine_transform", (BATCH, SHIFT_ROTATE), {"fill_mode": "mirror"}),
    ("perspective_transform", (BATCH, np.stack([START, END]), np.stack([END, END])), {}),
    ("perspective_transform", (SINGLE, START, END), {"interpolation": "nearest",
                                                     "fill_value": 1.0}),
    ("perspective_transform", (CF, np.stack([START, END]), np.stack([END, START])),
     {"data_format": "channels_first"}),
    ("map_coordinates", (img(5, 6), RNG.uniform(-1, 6, size=(2, 3, 4)).astype("float32"), 1),
     {}),
    ("map_coordinates", (img(5, 6, 2), RNG.uniform(-1, 6, size=(3, 7)).astype("float32"), 0),
     {"fill_mode": "wrap"}),
    ("map_coordinates", (img(5, 6), RNG.uniform(-2, 7, size=(2, 9)).astype("float32"), 1),
     {"fill_mode": "reflect", "fill_value": 0.3}),
    ("pad_images", (BATCH, 1, 2), {"target_height": 11, "target_width": 13}),
    ("pad_images", (SINGLE, None, 3), {"bottom_padding": 2, "target_height": 10,
                                       "right_padding": 1}),
    ("pad_images", (CF, 0, 0), {"bottom_padding": 1, "right_padding": 2,
                                "data_format": "channels_first"}),
    ("crop_images", (BATCH, 1, 2), {"target_height": 5, "target_width": 6}),
    ("crop_images", (SINGLE, None, 3), {"bottom_cropping": 2, "target_height": 4,
                                        "right_cropping": 1}),
    ("crop_images", (CF, 2, 1), {"bottom_cropping": 1, "right_cropping": 2,
                                 "data_format": "channels_first"}),
    ("extract_patches", (BATCH, 2), {}),
    ("extract_patches", (SINGLE, (3, 2)), {"strides": (2, 1), "padding": "same"}),
    ("extract_patches", (CF, 3), {"dilation_rate": 2, "strides": 1,
                                  "data_format": "channels_first"}),
    ("extract_patches", (img(1, 4, 6, 6, 2), (2, 3, 2)), {}),
    ("extract_patches_3d", (img(1, 4, 6, 6, 2), 2), {"strides": (1, 2, 3)}),
    ("extract_patches_3d", (img(4, 6, 6, 2), (2, 3, 3)), {"padding": "same"}),
    # Keras 3.15's eager gaussian_blur reads data_format=None as channels_first: be explicit.
    ("gaussian_blur", (BATCH,), {"data_format": "channels_last"}),
    ("gaussian_blur", (SINGLE,), {"kernel_size": (5, 3), "sigma": (2.0, 0.7),
                                  "data_format": "channels_last"}),
    ("gaussian_blur", (CF,), {"kernel_size": (3, 5), "sigma": (0.5, 1.5),
                              "data_format": "channels_first"}),
    ("sobel_edges", (BATCH,), {}),
    ("sobel_edges", (CF,), {"data_format": "channels_first"}),
    ("ssim", (img(2, 16, 16, 3), img(2, 16, 16, 3)), {}),
    ("ssim", (img(12, 12, 1), img(12, 12, 1)), {"filter_size": 5, "filter_sigma": 1.0,
                                                 "max_val": 2.0, "k1": 0.02}),
    ("ssim", (img(2, 3, 16, 16), img(2, 3, 16, 16)), {"data_format": "channels_first"}),
    ("scale_and_translate", (img(2, 6, 6, 3), (2, 9, 12, 3), np.array([1.5, 2.0]),
                             np.array([0.5, -1.0]), (1, 2), "linear"), {}),
    ("scale_and_translate", (img(6, 6), (4, 3), np.array([0.7, 0.5]), np.zeros(2),
                             (0, 1), "lanczos3"), {"antialias": False}),
]


def _ids():
    return [f"{i}-{name}" for i, (name, _, _) in enumerate(CASES)]


@pytest.mark.parametrize("name,args,kwargs", CASES, ids=_ids())
def test_matches_keras(name, args, kwargs):
    ours = np.asarray(getattr(ops.image, name)(*args, **kwargs))
    theirs = np.asarray(getattr(keras.ops.image, name)(*args, **kwargs))
    assert ours.shape == theirs.shape
    assert ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("name,args,kwargs", CASES, ids=_ids())
def test_symbolic_output_spec(name, args, kwargs):
    eager = getattr(ops.image, name)(*args, **kwargs)
    first = np.asarray(args[0])
    symbolic = getattr(ops.image, name)(KerasTensor(first.shape, str(first.dtype)),
                                        *args[1:], **kwargs)
    assert isinstance(symbolic, KerasTensor)
    assert tuple(symbolic.shape) == tuple(eager.shape)
    assert symbolic.dtype == str(eager.dtype)


def test_symbolic_batch_dim_stays_unknown():
    images = KerasTensor((None, 8, 10, 3))
    assert ops.image.resize(images, (4, 5)).shape == (None, 4, 5, 3)
    assert ops.image.rgb_to_grayscale(images).shape == (None, 8, 10, 1)
    assert ops.image.extract_patches(images, 2).shape == (None, 4, 5, 12)


def test_elastic_transform_is_seeded_and_bounded():
    images = img(2, 12, 12, 3)
    first = np.asarray(ops.image.elastic_transform(images, seed=3))
    again = np.asarray(ops.image.elastic_transform(images, seed=3))
    other = np.asarray(ops.image.elastic_transform(images, seed=4))
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)
    assert first.shape == images.shape and first.dtype == images.dtype
    assert first.min() >= images.min() - 1e-6 and first.max() <= images.max() + 1e-6
    still = ops.image.elastic_transform(images, alpha=0.0, seed=3)
    np.testing.assert_allclose(np.asarray(still), images, atol=1e-6)
    cf = ops.image.elastic_transform(np.moveaxis(images, -1, 1), seed=3,
                                     data_format="channels_first")
    assert cf.shape == (2, 3, 12, 12)


def test_perspective_points_broadcast_over_the_batch():
    ours = ops.image.perspective_transform(BATCH, START, END)
    one = ops.image.perspective_transform(BATCH[1], START, END)
    np.testing.assert_allclose(np.asarray(ours)[1], np.asarray(one), atol=1e-6)


def test_gaussian_blur_default_data_format_is_the_global_one():
    ours = ops.image.gaussian_blur(BATCH)
    theirs = keras.ops.image.gaussian_blur(BATCH, data_format="channels_last")
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), atol=1e-5)


def test_affine_transform_projective_terms_are_applied():
    # c1 != 0: the row y of the output reads the input at (x / (1 + c1 y), y / (...)).
    images = img(1, 6, 6, 1)
    transform = np.array([[1.0, 0, 0, 0, 1.0, 0, 0.0, 0.2]], "float32")
    out = np.asarray(ops.image.affine_transform(images, transform, interpolation="nearest"))
    np.testing.assert_allclose(out[0, 0], images[0, 0])  # row 0 is unchanged (k = 1)
    assert not np.allclose(out[0, 5], images[0, 5])


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: ops.image.resize(BATCH[0, 0], (2, 2)), "rank 3"),
        (lambda: ops.image.resize(BATCH, (2, 2), interpolation="area"), "interpolation"),
        (lambda: ops.image.resize(BATCH, (2, 2), crop_to_aspect_ratio=True,
                                  pad_to_aspect_ratio=True), "both"),
        (lambda: ops.image.rgb_to_hsv((BATCH * 255).astype("uint8")), "float"),
        (lambda: ops.image.rgb_to_grayscale(img(4, 4, 2)), "channels"),
        (lambda: ops.image.affine_transform(BATCH, np.zeros((2, 6))), "transform"),
        (lambda: ops.image.pad_images(BATCH, 1, 1), "exactly two"),
        (lambda: ops.image.crop_images(BATCH, 1, 1, target_height=9, target_width=2),
         "incompatible"),
        (lambda: ops.image.map_coordinates(img(4, 4), np.zeros((3, 2)), 1), "inputs.ndim"),
        (lambda: ops.image.perspective_transform(BATCH, START, END[:3]), "start_points"),
    ],
)
def test_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
