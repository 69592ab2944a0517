import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_keras_parity,
    assert_same_config_keys,
    assert_symbolic_matches_eager,
    keras_masked_merge,
    mask_of,
    random_inputs,
)

from lamina.layers import Concatenate, Embedding, Input, concatenate


@pytest.mark.parametrize("axis, shapes, expected", [
    (-1, [(2, 3), (2, 5)], (2, 8)),
    (1, [(2, 3, 4), (2, 1, 4), (2, 2, 4)], (2, 6, 4)),
    (2, [(2, 3, 1), (2, 3, 2)], (2, 3, 3)),
])
def test_concatenate_shapes_jit_config(axis, shapes, expected):
    xs = random_inputs(shapes)
    eager, _ = assert_symbolic_matches_eager(lambda: Concatenate(axis=axis), xs)
    assert eager.shape == expected
    np.testing.assert_array_equal(np.asarray(eager), np.concatenate(xs, axis=axis))
    assert np.asarray(concatenate(xs, axis=axis)).shape == expected
    assert_jit_matches_eager(Concatenate(axis=axis), xs)
    assert assert_config_round_trip(Concatenate(axis=axis)).axis == axis


def test_concatenate_shape_errors():
    with pytest.raises(ValueError, match=r"Concatenate 'cat'.*\(None, 3, 4\), \(None, 2, 5\)"):
        Concatenate(name="cat")([Input((3, 4)), Input((2, 5))])
    with pytest.raises(ValueError, match="same rank"):
        Concatenate()([Input((3, 4)), Input((3,))])
    with pytest.raises(ValueError, match="out of range"):
        Concatenate(axis=3)([Input((3, 4)), Input((3, 4))])
    assert Concatenate(axis=1)([Input((None, 4)), Input((2, 4))]).shape == (None, None, 4)


def test_concatenate_masks():
    ids = np.array([[1, 0, 2]])
    masked = Embedding(3, 2, mask_zero=True)(ids)
    plain = np.ones((1, 3, 2), "float32")
    # Along time: masks are joined; an unmasked input counts as all-valid.
    out = Concatenate(axis=1)([masked, plain])
    assert np.asarray(mask_of(out)).tolist() == [[True, False, True, True, True, True]]
    # Along features: a step is valid if any input is valid there.
    other = Embedding(3, 2, mask_zero=True)(np.array([[0, 0, 1]]))
    out = Concatenate()([masked, other])
    assert np.asarray(mask_of(out)).tolist() == [[True, False, True]]
    assert mask_of(Concatenate()([plain, plain])) is None
    symbolic = Embedding(3, 2, mask_zero=True)(Input((3,), dtype="int32"))
    assert mask_of(Concatenate(axis=1)([symbolic, Input((4, 2))])).shape == (None, 7)


def test_concatenate_keras_parity():
    keras = pytest.importorskip("keras")
    xs = random_inputs([(2, 3, 4), (2, 2, 4)])
    layer, keras_layer = Concatenate(axis=1), keras.layers.Concatenate(axis=1)
    assert_same_config_keys(layer, keras_layer)
    assert_keras_parity(layer, keras_layer, xs)


@pytest.mark.parametrize("axis", [1, -1])
def test_concatenate_keras_parity_with_masks(axis):
    keras = pytest.importorskip("keras")
    ids = [np.array([[1, 2, 0], [3, 0, 0]]), np.array([[0, 1, 0], [2, 2, 1]])]
    tables = random_inputs([(4, 3), (4, 3)], seed=5)
    expected, expected_mask = keras_masked_merge(keras, "Concatenate", ids, tables, axis=axis)
    embedded = [Embedding(4, 3, mask_zero=True, weights=t)(i) for i, t in zip(ids, tables)]
    out = Concatenate(axis=axis)(embedded)
    np.testing.assert_allclose(np.asarray(out), expected, rtol=1e-6)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), expected_mask)
