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

from lamina.layers import Dot, Embedding, Input, dot
from lamina.ops.operation import MaskNotSupportedError

CASES = [
    (1, [(3, 4), (3, 4)], (3, 1)),
    (-1, [(3, 5, 4), (3, 4)], (3, 5)),
    ((1, 2), [(2, 5, 3), (2, 4, 5)], (2, 3, 4)),
    ((2, 2), [(2, 5, 3), (2, 4, 3)], (2, 5, 4)),
    ((1, 1), [(2, 4), (2, 4, 6)], (2, 6)),
    ((2, 1), [(2, 2, 3, 4), (2, 3, 5)], (2, 2, 4, 5)),
]
WITH_NORMALIZE = [(*case, False) for case in CASES] + [(*CASES[1], True), (*CASES[5], True)]


@pytest.mark.parametrize("axes, shapes, expected, normalize", WITH_NORMALIZE)
def test_dot_shapes_jit_config(axes, shapes, expected, normalize):
    xs = random_inputs(shapes)
    eager, _ = assert_symbolic_matches_eager(lambda: Dot(axes, normalize=normalize), xs)
    assert eager.shape == expected
    assert_jit_matches_eager(Dot(axes, normalize=normalize), xs)
    rebuilt = assert_config_round_trip(Dot(axes, normalize=normalize))
    assert rebuilt.normalize == normalize


def test_dot_values_and_functional_form():
    a, b = random_inputs([(3, 4), (3, 4)])
    np.testing.assert_allclose(np.asarray(dot([a, b], axes=1)), (a * b).sum(1, keepdims=True),
                               rtol=1e-5)
    cos = np.asarray(Dot(1, normalize=True)([a, b]))
    expected = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    np.testing.assert_allclose(cos.ravel(), expected, rtol=1e-5)


def test_dot_errors():
    with pytest.raises(ValueError, match=r"Dot 'd'.*axis 1 of \(None, 3\) has 3.*has 4"):
        Dot(1, name="d")([Input((3,)), Input((4,))])
    with pytest.raises(ValueError, match="batch axis 0"):
        Dot(0)([Input((3,)), Input((3,))])
    with pytest.raises(ValueError, match="exactly 2 inputs"):
        Dot(1)([Input((3,))] * 3)
    with pytest.raises(ValueError, match="pair of ints"):
        Dot((1, 2, 3))
    embedded = Embedding(3, 4, mask_zero=True)(np.array([[1, 0]]))
    with pytest.raises(MaskNotSupportedError, match="Dot 'masked'"):
        Dot(2, name="masked")([embedded, embedded])


@pytest.mark.parametrize("axes, shapes, expected, normalize", WITH_NORMALIZE)
def test_dot_keras_parity(axes, shapes, expected, normalize):
    keras = pytest.importorskip("keras")
    xs = random_inputs(shapes, seed=2)
    layer = Dot(axes, normalize=normalize)
    keras_layer = keras.layers.Dot(axes, normalize=normalize)
    assert_same_config_keys(layer, keras_layer)
    assert_keras_parity(layer, keras_layer, xs)
