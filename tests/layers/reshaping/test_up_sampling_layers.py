import numpy as np
import pytest
from layer_harness import mask_of
from spatial_checks import check_keras_parity, check_symbolic_and_config

from lamina.layers import Embedding, Input
from lamina.layers.reshaping import UpSampling1D, UpSampling2D, UpSampling3D
from lamina.ops.operation import MaskNotSupportedError

CASES = [
    (UpSampling1D, {}, (2, 3, 4)),
    (UpSampling1D, {"size": 3}, (2, 3, 4)),
    (UpSampling2D, {}, (2, 3, 4, 2)),
    (UpSampling2D, {"size": (1, 3), "data_format": "channels_first"}, (2, 2, 3, 4)),
    (UpSampling2D, {"size": 2, "interpolation": "bilinear"}, (2, 3, 4, 2)),
    (UpSampling2D, {"size": (2, 3), "interpolation": "bilinear",
                    "data_format": "channels_first"}, (2, 2, 3, 4)),
    (UpSampling2D, {"size": (3, 2), "interpolation": "bicubic"}, (1, 3, 4, 2)),
    (UpSampling2D, {"interpolation": "lanczos3"}, (1, 3, 4, 2)),
    (UpSampling2D, {"interpolation": "LANCZOS5"}, (1, 3, 4, 2)),
    (UpSampling3D, {}, (2, 2, 3, 2, 2)),
    (UpSampling3D, {"size": (1, 2, 3), "data_format": "channels_first"}, (2, 2, 2, 3, 2)),
]


@pytest.mark.parametrize(("cls", "kwargs", "shape"), CASES)
def test_up_sampling_keras_parity(cls, kwargs, shape):
    check_keras_parity(cls, kwargs, shape)


@pytest.mark.parametrize(("cls", "kwargs", "shape"), CASES[::2])
def test_up_sampling_symbolic_and_config(cls, kwargs, shape):
    check_symbolic_and_config(cls, kwargs, shape)


def test_up_sampling_masks():
    ids = np.array([[1, 0], [2, 3]])
    out = UpSampling1D(2)(Embedding(4, 2, mask_zero=True)(ids))
    np.testing.assert_array_equal(
        np.asarray(mask_of(out)), [[True, True, False, False], [True, True, True, True]])
    symbolic = UpSampling1D(3)(Embedding(4, 2, mask_zero=True)(Input((2,), dtype="int32")))
    assert mask_of(symbolic).shape == (None, 6)
    out = UpSampling2D((2, 1))(np.ones((1, 2, 2, 1)), mask=np.array([[True, False]]))
    np.testing.assert_array_equal(np.asarray(mask_of(out)), [[True, True, False, False]])
    out = UpSampling3D(2)(np.ones((1, 2, 1, 1, 1)), mask=np.array([[False, True]]))
    np.testing.assert_array_equal(np.asarray(mask_of(out)), [[False, False, True, True]])
    # Interpolation mixes neighbours: a mask on a resized axis has no meaning.
    with pytest.raises(MaskNotSupportedError, match="'up'.*interpolation='bilinear'"):
        UpSampling2D(interpolation="bilinear", name="up")(
            np.ones((1, 2, 2, 1)), mask=np.array([[True, False]]))
    # ... unless it only covers the channel axis (channels_first).
    out = UpSampling2D(interpolation="bilinear", data_format="channels_first")(
        np.ones((1, 2, 2, 2)), mask=np.array([[True, False]]))
    np.testing.assert_array_equal(np.asarray(mask_of(out)), [[True, False]])


def test_up_sampling_errors():
    with pytest.raises(ValueError, match="size must be a positive int"):
        UpSampling1D(0)
    with pytest.raises(ValueError, match="size must be an int or a tuple of 2 ints"):
        UpSampling2D((2, 0))
    with pytest.raises(ValueError, match="interpolation must be one of"):
        UpSampling2D(interpolation="area")
