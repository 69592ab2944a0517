import jax
import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_same_config_keys,
    assert_symbolic_matches_eager,
    random_inputs,
)

from lamina.layers import Resizing

SETTINGS = [
    {},
    {"interpolation": "nearest"},
    {"interpolation": "bicubic"},
    {"interpolation": "lanczos3"},
    {"antialias": True},
    {"crop_to_aspect_ratio": True},
    {"pad_to_aspect_ratio": True, "fill_value": 0.5},
]


def test_resizing_shapes_and_symbolic():
    x = random_inputs((2, 6, 9, 3))
    eager, _ = assert_symbolic_matches_eager(lambda: Resizing(4, 5), x)
    assert eager.shape == (2, 4, 5, 3)
    assert Resizing(4, 5)(x[0]).shape == (4, 5, 3)
    assert Resizing(4, 5, data_format="channels_first")(x).shape == (2, 6, 4, 5)
    assert Resizing(4, 5).compute_output_shape((None, 6, 9, 3)) == (None, 4, 5, 3)
    assert_jit_matches_eager(Resizing(4, 5, crop_to_aspect_ratio=True), x)


def test_resizing_integer_images_keep_their_dtype():
    x = (np.arange(2 * 6 * 8) % 256).astype("uint8").reshape(2, 6, 8, 1)
    out = Resizing(3, 4)(x)
    assert out.dtype == np.uint8


def test_resizing_errors_and_config():
    with pytest.raises(ValueError, match="only one of crop_to_aspect_ratio"):
        Resizing(2, 2, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True)
    with pytest.raises(ValueError, match="interpolation must be one of"):
        Resizing(2, 2, interpolation="area")
    with pytest.raises(ValueError, match="rank 3"):
        Resizing(2, 2)(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="positive int"):
        Resizing(0, 2)
    assert_config_round_trip(Resizing(3, 4, interpolation="nearest", antialias=True))


@pytest.mark.parametrize("index", range(len(SETTINGS)))
def test_resizing_keras_parity(index):
    keras = pytest.importorskip("keras")
    settings = SETTINGS[index]
    data_format = ("channels_last", "channels_first")[index % 2]
    x = random_inputs((2, 6, 9, 3), seed=3)
    if data_format == "channels_first":
        x = np.transpose(x, (0, 3, 1, 2))
    for size in ((4, 5), (8, 14))[: 2 if index < 3 else 1]:
        ours = Resizing(*size, data_format=data_format, **settings)
        theirs = keras.layers.Resizing(*size, data_format=data_format, **settings)
        np.testing.assert_allclose(np.asarray(ours(x)), np.asarray(theirs(x)), rtol=1e-5,
                                   atol=1e-5)
    np.testing.assert_allclose(np.asarray(ours(x[0])), np.asarray(theirs(x[0])), rtol=1e-5,
                               atol=1e-5)
    assert_same_config_keys(ours, theirs)


def test_resizing_keras_parity_gradients_and_integers():
    keras = pytest.importorskip("keras")
    x = random_inputs((2, 6, 9, 3), seed=4)
    ours, theirs = Resizing(4, 5), keras.layers.Resizing(4, 5)
    g_ours = jax.grad(lambda a: (ours(a) ** 2).sum())(x)
    g_theirs = jax.grad(lambda a: (theirs(a) ** 2).sum())(x)
    np.testing.assert_allclose(np.asarray(g_ours), np.asarray(g_theirs), rtol=1e-5, atol=1e-5)
    ints = (np.arange(2 * 6 * 8) * 7 % 256).astype("uint8").reshape(2, 6, 8, 1)
    np.testing.assert_array_equal(np.asarray(Resizing(3, 5)(ints)),
                                  np.asarray(keras.layers.Resizing(3, 5)(ints)))
