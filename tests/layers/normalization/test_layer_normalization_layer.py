import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_keras_parity,
    assert_same_config_keys,
    assert_symbolic_matches_eager,
    mask_of,
    random_inputs,
)

from lamina.layers import Embedding, Input, LayerNormalization

VARIANTS = [
    {},
    {"axis": [1, 2]},
    {"axis": 1},
    {"center": False},
    {"scale": False, "epsilon": 0.1},
    {"rms_scaling": True},
]


@pytest.mark.parametrize("kwargs", VARIANTS)
def test_layernorm_shapes_jit_config(kwargs):
    x = random_inputs((2, 3, 4))
    assert_symbolic_matches_eager(lambda: LayerNormalization(**kwargs), x)
    layer = LayerNormalization(**kwargs)
    assert_jit_matches_eager(layer, x)
    assert_config_round_trip(layer)


def test_layernorm_weights_and_errors():
    layer = LayerNormalization(axis=[-1, 1])
    layer(np.ones((2, 3, 4), "float32"))
    assert [(w.name, w.shape) for w in layer.weights] == [("gamma", (3, 4)), ("beta", (3, 4))]
    rms = LayerNormalization(rms_scaling=True)
    rms(np.ones((2, 3), "float32"))
    assert [w.name for w in rms.weights] == ["gamma"]
    with pytest.raises(ValueError, match="'ln'.*out of range"):
        LayerNormalization(axis=3, name="ln")(np.ones((2, 3), "float32"))
    with pytest.raises(TypeError, match="axis must be an int"):
        LayerNormalization(axis="last")


def test_layernorm_normalizes_each_sample():
    x = random_inputs((3, 6)) * 5 + 2
    out = np.asarray(LayerNormalization(epsilon=1e-6)(x))
    np.testing.assert_allclose(out.mean(-1), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(-1), 1, rtol=1e-3)


def test_layernorm_passes_masks():
    ids = np.array([[1, 0]])
    out = LayerNormalization()(Embedding(3, 4, mask_zero=True)(ids))
    np.testing.assert_array_equal(np.asarray(mask_of(out)), ids != 0)
    symbolic = Embedding(3, 4, mask_zero=True)(Input((2,), dtype="int32"))
    assert mask_of(LayerNormalization()(symbolic)).shape == (None, 2)


@pytest.mark.filterwarnings("ignore:You passed `rms_scaling=True`")
@pytest.mark.parametrize("kwargs", VARIANTS)
def test_layernorm_keras_parity(kwargs):
    keras = pytest.importorskip("keras")
    x = random_inputs((2, 3, 4), seed=3) * 2 + 1
    layer = LayerNormalization(**kwargs)
    keras_layer = keras.layers.LayerNormalization(**kwargs)
    layer(x)
    keras_layer(x)
    rng = np.random.default_rng(0)
    layer.set_weights([rng.standard_normal(w.shape).astype("float32") for w in layer.weights])
    assert_same_config_keys(layer, keras_layer)
    assert_keras_parity(layer, keras_layer, x)

