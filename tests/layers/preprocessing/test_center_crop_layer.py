import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_same_config_keys,
    assert_symbolic_matches_eager,
    random_inputs,
)

from lamina.layers import CenterCrop


def test_center_crop_takes_the_middle():
    x = np.arange(36.0, dtype="float32").reshape(1, 6, 6, 1)
    out = np.asarray(CenterCrop(2, 4)(x))[0, :, :, 0]
    np.testing.assert_array_equal(out, x[0, 2:4, 1:5, 0])
    eager, _ = assert_symbolic_matches_eager(lambda: CenterCrop(3, 3), random_inputs((2, 5, 7, 2)))
    assert eager.shape == (2, 3, 3, 2)
    assert_jit_matches_eager(CenterCrop(3, 3), random_inputs((2, 5, 7, 2)))
    assert_config_round_trip(CenterCrop(3, 4, data_format="channels_first"))
    with pytest.raises(ValueError, match="positive int"):
        CenterCrop(-1, 2)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_center_crop_keras_parity(data_format):
    keras = pytest.importorskip("keras")
    x = random_inputs((2, 5, 6, 3), seed=1)
    if data_format == "channels_first":
        x = np.transpose(x, (0, 3, 1, 2))
    # smaller, equal, larger on one axis, larger on both (smart-resize path)
    for size in ((3, 4), (5, 6), (4, 8), (7, 9), (2, 6)):
        ours = CenterCrop(*size, data_format=data_format)
        theirs = keras.layers.CenterCrop(*size, data_format=data_format)
        np.testing.assert_allclose(np.asarray(ours(x)), np.asarray(theirs(x)), rtol=1e-5,
                                   atol=1e-5)
        np.testing.assert_allclose(np.asarray(ours(x[1])), np.asarray(theirs(x[1])),
                                   rtol=1e-5, atol=1e-5)
    assert_same_config_keys(ours, theirs)
    ints = np.arange(60, dtype="uint8").reshape(1, 5, 6, 2)
    out = CenterCrop(3, 3)(ints)
    assert str(out.dtype) == "float32"
    np.testing.assert_array_equal(np.asarray(out), np.asarray(keras.layers.CenterCrop(3, 3)(ints)))
