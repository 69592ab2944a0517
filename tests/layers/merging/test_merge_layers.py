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

from lamina import layers
from lamina.layers import Embedding, Input

ELEMENTWISE = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"]
FUNCTIONAL = {"Add": layers.add, "Subtract": layers.subtract, "Multiply": layers.multiply,
              "Average": layers.average, "Maximum": layers.maximum, "Minimum": layers.minimum}
NUMPY = {"Add": lambda a, b: a + b, "Subtract": lambda a, b: a - b,
         "Multiply": lambda a, b: a * b, "Average": lambda a, b: (a + b) / 2,
         "Maximum": np.maximum, "Minimum": np.minimum}


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_merge_values_shapes_jit_config(name):
    cls = getattr(layers, name)
    a, b = random_inputs([(3, 4), (3, 4)])
    eager, _ = assert_symbolic_matches_eager(cls, [a, b])
    np.testing.assert_allclose(np.asarray(eager), NUMPY[name](a, b), rtol=1e-6)
    np.testing.assert_allclose(np.asarray(FUNCTIONAL[name]([a, b])), np.asarray(eager))
    assert_jit_matches_eager(cls(), [a, b])
    assert_config_round_trip(cls(name=f"my_{name.lower()}"))


@pytest.mark.parametrize("name", ["Add", "Multiply", "Average", "Maximum", "Minimum"])
def test_merge_three_inputs_and_rank_broadcast(name):
    cls = getattr(layers, name)
    xs = random_inputs([(2, 3, 4), (2, 3, 4), (2, 3, 4)])
    assert cls()(xs).shape == (2, 3, 4)
    low_rank = random_inputs([(2, 3, 4), (2, 4)])
    eager, _ = assert_symbolic_matches_eager(cls, low_rank)
    expected = NUMPY[name](low_rank[0], low_rank[1][:, None, :])
    np.testing.assert_allclose(np.asarray(eager), expected, rtol=1e-6)


def test_merge_shape_errors_at_graph_construction():
    with pytest.raises(ValueError, match=r"Add 'res'.*\(None, 3\) and \(None, 4\)"):
        layers.Add(name="res")([Input(shape=(3,)), Input(shape=(4,))])
    with pytest.raises(ValueError, match=r"Subtract 'sub'.*exactly 2 inputs.*received 3"):
        layers.Subtract(name="sub")([Input(shape=(3,))] * 3)
    with pytest.raises(ValueError, match="different batch sizes"):
        layers.Add()([np.ones((2, 3)), np.ones((3, 3))])
    with pytest.raises(ValueError, match=r"Add 'single'.*list of tensors"):
        layers.Add(name="single")(Input(shape=(3,)))
    assert layers.Add()([Input(shape=(3,)), Input(shape=(1,))]).shape == (None, 3)


def test_merge_masks_or_together():
    ids_a = np.array([[1, 2, 0, 0]])
    ids_b = np.array([[1, 0, 0, 3]])
    a = Embedding(4, 2, mask_zero=True)(ids_a)
    b = Embedding(4, 2, mask_zero=True)(ids_b)
    for name in ELEMENTWISE:
        out = getattr(layers, name)()([a, b])
        np.testing.assert_array_equal(np.asarray(mask_of(out)), (ids_a != 0) | (ids_b != 0))
    unmasked = np.ones((1, 4, 2), "float32")
    assert mask_of(layers.Add()([a, unmasked])) is None
    sa = Embedding(4, 2, mask_zero=True)(Input((4,), dtype="int32"))
    sb = Embedding(4, 2, mask_zero=True)(Input((4,), dtype="int32"))
    assert mask_of(layers.Maximum()([sa, sb])).shape == (None, 4)


def test_masked_maximum_and_multiply_ignore_masked_entries():
    a = np.array([[[5.0], [1.0]]], "float32")
    b = np.array([[[2.0], [7.0]]], "float32")
    mask_a = np.array([[False, True]])
    mask_b = np.array([[True, False]])
    out = layers.Maximum()([a, b], mask=[mask_a, mask_b])
    assert np.asarray(out).ravel().tolist() == [2.0, 1.0]
    out = layers.Minimum()([a, b], mask=[mask_a, mask_b])
    assert np.asarray(out).ravel().tolist() == [2.0, 1.0]
    out = layers.Multiply()([a, b], mask=[mask_a, np.array([[False, False]])])
    assert np.asarray(out).ravel().tolist() == [0.0, 1.0]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_merge_keras_parity(name):
    keras = pytest.importorskip("keras")
    xs = random_inputs([(3, 2, 4), (3, 2, 4)])
    layer, keras_layer = getattr(layers, name)(), getattr(keras.layers, name)()
    assert_same_config_keys(layer, keras_layer)
    assert_keras_parity(layer, keras_layer, xs)


@pytest.mark.parametrize("name", ["Add", "Multiply", "Maximum", "Minimum", "Average"])
def test_merge_keras_parity_with_masks(name):
    keras = pytest.importorskip("keras")
    ids = [np.array([[1, 2, 0, 0], [3, 0, 1, 0]]), np.array([[1, 0, 0, 3], [0, 2, 2, 0]])]
    tables = random_inputs([(4, 3), (4, 3)], seed=3)
    expected, expected_mask = keras_masked_merge(keras, name, ids, tables)
    embedded = [Embedding(4, 3, mask_zero=True, weights=t)(i) for i, t in zip(ids, tables)]
    out = getattr(layers, name)()(embedded)
    np.testing.assert_allclose(np.asarray(out), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), expected_mask)
