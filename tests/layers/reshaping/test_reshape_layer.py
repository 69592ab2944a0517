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

from lamina.layers import Embedding, Input, Reshape
from lamina.ops.operation import MaskNotSupportedError


@pytest.mark.parametrize("target, expected", [((3, 4), (2, 3, 4)), ((-1, 2), (2, 6, 2)),
                                              ((12,), (2, 12))])
def test_reshape_shapes_jit_config(target, expected):
    x = random_inputs((2, 12))
    eager, symbolic = assert_symbolic_matches_eager(lambda: Reshape(target), x)
    assert eager.shape == expected
    assert_jit_matches_eager(Reshape(target), x)
    rebuilt = assert_config_round_trip(Reshape(target))
    assert rebuilt.target_shape == target


def test_reshape_unknown_dims_and_dtype():
    assert Reshape((-1, 2))(Input(shape=(None, 4))).shape == (None, None, 2)
    assert Reshape((4, 2))(Input(shape=(None, 4))).shape == (None, 4, 2)
    _, symbolic = assert_symbolic_matches_eager(lambda: Reshape((2, 2)),
                                                np.ones((3, 4), "int32"))
    assert symbolic.dtype == "int32"


def test_reshape_errors():
    with pytest.raises(ValueError, match=r"'rs'.*shape \(None, 12\).*target_shape=\(5, 2\)"):
        Reshape((5, 2), name="rs")(Input(shape=(12,)))
    with pytest.raises(ValueError, match=r"'rs2'.*\(2, 12\)"):
        Reshape((-1, 5), name="rs2")(np.ones((2, 12)))
    with pytest.raises(ValueError, match="at most one -1"):
        Reshape((-1, -1))
    with pytest.raises(ValueError, match="positive ints"):
        Reshape((0, 3))
    embedded = Embedding(3, 2, mask_zero=True)(np.array([[1, 0]]))
    with pytest.raises(MaskNotSupportedError, match="Reshape"):
        Reshape((4,))(embedded)


def test_reshape_keras_parity():
    keras = pytest.importorskip("keras")
    layer, keras_layer = Reshape((2, -1)), keras.layers.Reshape((2, -1))
    assert_same_config_keys(layer, keras_layer)
    assert_keras_parity(layer, keras_layer, random_inputs((3, 2, 3)))
