import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_keras_parity,
    assert_same_config_keys,
    assert_symbolic_matches_eager,
    random_inputs,
)

from lamina.layers import Embedding, Flatten, Input
from lamina.layers.input_spec import InputCompatibilityError
from lamina.ops.operation import MaskNotSupportedError


@pytest.mark.parametrize("shape, expected", [((2, 3, 4), (2, 12)), ((2,), (2, 1)),
                                             ((2, 3, 4, 5), (2, 60))])
def test_flatten_shapes_jit_config(shape, expected):
    x = random_inputs(shape)
    eager, _ = assert_symbolic_matches_eager(Flatten, x)
    assert eager.shape == expected
    assert_jit_matches_eager(Flatten(), x)
    assert_config_round_trip(Flatten(data_format="channels_first"))


def test_flatten_unknown_axis_and_int_dtype():
    out = Flatten()(Input(shape=(None, 3)))
    assert out.shape == (None, None)
    _, symbolic = assert_symbolic_matches_eager(Flatten, np.ones((2, 3, 2), "int32"))
    assert symbolic.dtype == "int32"


def test_flatten_channels_first_moves_channels_last():
    x = random_inputs((2, 3, 4, 5))
    out = Flatten(data_format="channels_first")(x)
    np.testing.assert_array_equal(np.asarray(out), np.transpose(x, (0, 2, 3, 1)).reshape(2, -1))
    with pytest.raises(ValueError, match="data_format"):
        Flatten(data_format="nhwc")


def test_flatten_errors_on_scalars_and_masks():
    with pytest.raises(InputCompatibilityError, match="'flat'.*min_ndim=1"):
        Flatten(name="flat")(np.float32(1.0))
    embedded = Embedding(3, 2, mask_zero=True)(np.array([[1, 0]]))
    with pytest.raises(MaskNotSupportedError, match="Flatten"):
        Flatten()(embedded)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_flatten_keras_parity(data_format):
    keras = pytest.importorskip("keras")
    layer = Flatten(data_format=data_format)
    keras_layer = keras.layers.Flatten(data_format=data_format)
    assert_same_config_keys(layer, keras_layer)
    assert_keras_parity(layer, keras_layer, random_inputs((2, 3, 4)))
