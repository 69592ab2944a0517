import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_keras_parity,
    assert_same_config_keys,
    assert_symbolic_matches_eager,
    mask_of,
    random_inputs,
)

from lamina.layers import Embedding, Input
from lamina.layers.input_spec import InputCompatibilityError
from lamina.layers.reshaping import Permute, RepeatVector
from lamina.ops.operation import MaskNotSupportedError


@pytest.mark.parametrize(("dims", "shape"), [((2, 1), (2, 3, 4)), ((1, 3, 2), (2, 3, 4, 5)),
                                             ((3, 1, 2), (2, 3, 4, 5))])
def test_permute_keras_parity(dims, shape):
    keras = pytest.importorskip("keras")
    x = random_inputs(shape)
    layer, keras_layer = Permute(dims), keras.layers.Permute(dims)
    layer(x), keras_layer(x)
    assert_keras_parity(layer, keras_layer, x)
    assert_same_config_keys(layer, keras_layer)
    assert_symbolic_matches_eager(lambda: Permute(dims), x)
    assert_config_round_trip(layer)


def test_permute_masks():
    ids = np.array([[1, 2, 0]])
    embedded = Embedding(3, 4, mask_zero=True)(ids)
    reshaped = np.asarray(embedded).reshape(1, 3, 2, 2)
    # The time axis stays in place: the mask is kept.
    out = Permute((1, 3, 2))(reshaped, mask=np.array([[True, True, False]]))
    np.testing.assert_array_equal(np.asarray(mask_of(out)), [[True, True, False]])
    # A (batch, d1, d2) mask permuted among the axes it covers is transposed with them.
    mask = np.array([[[True, False], [False, False], [True, True]]])
    out = Permute((2, 1, 3))(reshaped, mask=mask)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), mask.transpose(0, 2, 1))
    # Moving the time axis away would make the mask meaningless: refused.
    with pytest.raises(MaskNotSupportedError, match="'swap'"):
        Permute((2, 1), name="swap")(embedded)
    symbolic = Embedding(3, 4, mask_zero=True)(Input((3,), dtype="int32"))
    with pytest.raises(MaskNotSupportedError, match="moves a masked axis"):
        Permute((2, 1))(symbolic)


def test_permute_errors():
    with pytest.raises(ValueError, match=r"dims must be a permutation of 1..n"):
        Permute((0, 1))
    with pytest.raises(ValueError, match="dims must be a permutation"):
        Permute((1, 1))
    with pytest.raises(InputCompatibilityError):
        Permute((2, 1))(np.ones((2, 3)))


def test_repeat_vector_keras_parity_and_errors():
    keras = pytest.importorskip("keras")
    x = random_inputs((2, 4))
    layer, keras_layer = RepeatVector(3), keras.layers.RepeatVector(3)
    layer(x), keras_layer(x)
    assert_keras_parity(layer, keras_layer, x)
    assert_same_config_keys(layer, keras_layer)
    assert_symbolic_matches_eager(lambda: RepeatVector(2), x)
    assert_config_round_trip(layer)
    assert layer.compute_output_shape((None, 4)) == (None, 3, 4)
    with pytest.raises(TypeError, match="n must be an int"):
        RepeatVector(2.0)
    with pytest.raises(ValueError, match="n must be positive"):
        RepeatVector(0)
    with pytest.raises(InputCompatibilityError):
        RepeatVector(2)(np.ones((2, 3, 4)))
    with pytest.raises(MaskNotSupportedError, match="'rv'"):
        RepeatVector(2, name="rv")(np.ones((2, 3)), mask=np.ones((2, 3), bool))
