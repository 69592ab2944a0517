import numpy as np
import pytest
from layer_harness import mask_of
from spatial_checks import check_keras_parity, check_symbolic_and_config

from lamina.layers import Embedding, Input
from lamina.layers.reshaping import Cropping1D, Cropping2D, Cropping3D

CASES = [
    (Cropping1D, {}, (2, 5, 3)),
    (Cropping1D, {"cropping": (2, 0)}, (2, 5, 3)),  # end 0: open slice
    (Cropping1D, {"cropping": 1}, (2, 5, 3)),
    (Cropping2D, {"cropping": ((1, 0), (0, 0))}, (2, 4, 5, 3)),
    (Cropping2D, {"cropping": ((1, 1), (2, 1))}, (2, 4, 5, 3)),
    (Cropping2D, {"cropping": ((0, 1), (2, 0))}, (2, 4, 5, 3)),
    (Cropping2D, {"cropping": 1, "data_format": "channels_first"}, (2, 3, 4, 5)),
    (Cropping2D, {"cropping": (1, 2), "data_format": "channels_first"}, (2, 3, 4, 6)),
    (Cropping3D, {}, (2, 4, 3, 5, 2)),
    (Cropping3D, {"cropping": ((1, 0), 0, (0, 2))}, (2, 4, 3, 5, 2)),
    (Cropping3D, {"cropping": (1, 0, 1), "data_format": "channels_first"}, (2, 2, 4, 3, 5)),
]


@pytest.mark.parametrize(("cls", "kwargs", "shape"), CASES)
def test_cropping_keras_parity(cls, kwargs, shape):
    check_keras_parity(cls, kwargs, shape, "cropping")


@pytest.mark.parametrize(("cls", "kwargs", "shape"), CASES[::3])
def test_cropping_symbolic_and_config(cls, kwargs, shape):
    check_symbolic_and_config(cls, kwargs, shape)


def test_cropping_masks_follow_the_time_axis():
    ids = np.array([[1, 2, 3, 0, 0], [4, 5, 0, 0, 0]])
    embedded = Embedding(6, 2, mask_zero=True)(ids)
    out = Cropping1D((1, 2))(embedded)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), [[True, True], [True, False]])
    symbolic = Cropping1D((1, 2))(Embedding(6, 2, mask_zero=True)(Input((5,), dtype="int32")))
    assert mask_of(symbolic).shape == (None, 2)
    # An image mask covering (batch, height) is cropped along height only.
    mask = np.array([[True, False, True, True]])
    out = Cropping2D(((1, 0), (1, 1)))(np.ones((1, 4, 3, 2)), mask=mask)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), [[False, True, True]])
    # channels_first: the (batch, channels) mask is not on a cropped axis.
    out = Cropping2D(1, data_format="channels_first")(np.ones((1, 2, 4, 4)),
                                                       mask=np.array([[True, False]]))
    np.testing.assert_array_equal(np.asarray(mask_of(out)), [[True, False]])


def test_cropping_errors():
    with pytest.raises(ValueError, match=r"Cropping1D 'c1'.*removes all 3 entries"):
        Cropping1D((2, 1), name="c1")(np.ones((1, 3, 2)))
    with pytest.raises(ValueError, match="cropping must be an int or a tuple of 2 ints"):
        Cropping1D((1, 2, 3))
    with pytest.raises(ValueError, match=r"cropping\[1\]"):
        Cropping2D(((1, 1), (-1, 0)))
    with pytest.raises(ValueError, match="tuple of 3"):
        Cropping3D(((1, 1), (1, 1)))
    with pytest.raises(ValueError, match="data_format"):
        Cropping2D(data_format="NHWC")
    with pytest.raises(ValueError, match="mask must cover the leading axes"):
        Cropping1D()(np.ones((2, 5, 3)), mask=np.ones((2, 3), bool))
