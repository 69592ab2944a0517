import numpy as np
import pytest
from layer_harness import mask_of
from spatial_checks import check_keras_parity, check_symbolic_and_config

from lamina.layers import Embedding, Input
from lamina.layers.reshaping import ZeroPadding1D, ZeroPadding2D, ZeroPadding3D

CASES = [
    (ZeroPadding1D, {}, (2, 3, 4)),
    (ZeroPadding1D, {"padding": (0, 2)}, (2, 3, 4)),
    (ZeroPadding1D, {"padding": 2, "data_format": "channels_first"}, (2, 3, 4)),
    (ZeroPadding2D, {}, (2, 3, 4, 2)),
    (ZeroPadding2D, {"padding": ((1, 0), (2, 3))}, (2, 3, 4, 2)),
    (ZeroPadding2D, {"padding": 1, "data_format": "channels_first"}, (2, 2, 3, 4)),
    (ZeroPadding3D, {}, (2, 2, 3, 2, 2)),
    (ZeroPadding3D, {"padding": (1, 0, 2), "data_format": "channels_first"}, (2, 2, 2, 3, 2)),
]


@pytest.mark.parametrize(("cls", "kwargs", "shape"), CASES)
def test_zero_padding_keras_parity(cls, kwargs, shape):
    check_keras_parity(cls, kwargs, shape, "padding")


@pytest.mark.parametrize(("cls", "kwargs", "shape"), CASES[::2])
def test_zero_padding_symbolic_and_config(cls, kwargs, shape):
    check_symbolic_and_config(cls, kwargs, shape)


def test_zero_padding_pads_masks_with_false():
    ids = np.array([[1, 2, 0], [3, 0, 0]])
    out = ZeroPadding1D((1, 2))(Embedding(4, 2, mask_zero=True)(ids))
    np.testing.assert_array_equal(
        np.asarray(mask_of(out)),
        [[False, True, True, False, False, False], [False, True, False, False, False, False]])
    symbolic = ZeroPadding1D(1)(Embedding(4, 2, mask_zero=True)(Input((3,), dtype="int32")))
    assert mask_of(symbolic).shape == (None, 5)
    mask = np.array([[True, False]])
    out = ZeroPadding2D(((1, 0), (0, 0)))(np.ones((1, 2, 2, 1)), mask=mask)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), [[False, True, False]])


def test_zero_padding_errors():
    with pytest.raises(ValueError, match="padding must be an int or a tuple of 2 ints"):
        ZeroPadding1D((1, -1))
    with pytest.raises(ValueError, match="tuple of 2"):
        ZeroPadding2D((1, 2, 3))
    with pytest.raises(ValueError, match="data_format"):
        ZeroPadding3D(data_format="channels_middle")
