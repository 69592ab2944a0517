import jax
import jax.numpy as jnp
import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_keras_parity,
    assert_same_config_keys,
    mask_of,
)

import lamina
from lamina import layers
from lamina.layers import Embedding, GlobalAveragePooling1D, GlobalMaxPooling1D, Input
from lamina.ops.operation import MaskNotSupportedError

RNG = np.random.default_rng(2)
SHAPES = {1: (2, 5, 3), 2: (2, 4, 3, 2), 3: (2, 3, 2, 4, 2)}
NAMES = [f"Global{kind}Pooling{d}D" for kind in ("Average", "Max") for d in (1, 2, 3)]
MASK = np.array([[1, 1, 1, 0, 0], [1, 0, 1, 1, 1]], bool)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kwargs", [{}, {"keepdims": True, "data_format": "channels_first"}])
def test_keras_parity(name, kwargs):
    keras = pytest.importorskip("keras")
    x = RNG.normal(size=SHAPES[int(name[-2])]).astype("float32")
    layer, keras_layer = getattr(layers, name)(**kwargs), getattr(keras.layers, name)(**kwargs)
    assert_same_config_keys(layer, keras_layer)
    out = assert_keras_parity(layer, keras_layer, x)
    assert out.shape == keras_layer.compute_output_shape(x.shape)
    assert layer.compute_output_shape(x.shape) == tuple(out.shape)
    assert_config_round_trip(layer)


@pytest.mark.parametrize("kwargs", [{}, {"keepdims": True}])
def test_average_1d_mask_matches_keras(kwargs):
    keras = pytest.importorskip("keras")
    x = RNG.normal(size=(2, 5, 3)).astype("float32")
    ours = GlobalAveragePooling1D(**kwargs)(x, mask=MASK)
    theirs = keras.layers.GlobalAveragePooling1D(**kwargs)(x, mask=MASK)
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_masked_1d_pooling_uses_valid_steps_only(data_format):
    x = RNG.normal(size=(2, 5, 3)).astype("float32")
    x[~MASK] = np.nan
    expected_avg = np.stack([np.mean(x[i][MASK[i]], axis=0) for i in range(2)])
    expected_max = np.stack([np.max(x[i][MASK[i]], axis=0) for i in range(2)])
    if data_format == "channels_first":
        x = np.swapaxes(x, 1, 2)
    avg = GlobalAveragePooling1D(data_format=data_format)(x, mask=MASK)
    best = GlobalMaxPooling1D(data_format=data_format)(x, mask=MASK)
    np.testing.assert_allclose(np.asarray(avg), expected_avg, rtol=1e-6)
    np.testing.assert_allclose(np.asarray(best), expected_max, rtol=1e-6)


@pytest.mark.parametrize("cls", [GlobalAveragePooling1D, GlobalMaxPooling1D])
def test_nan_padding_never_reaches_gradients_and_empty_sequences_give_zero(cls):
    x = RNG.normal(size=(2, 5, 3)).astype("float32")
    x[~MASK] = np.nan
    layer = cls()
    grads = jax.jit(jax.grad(lambda x: jnp.sum(layer(x, mask=MASK))))(x)
    assert np.all(np.isfinite(grads)) and np.all(np.asarray(grads)[~MASK] == 0)
    empty = np.zeros((2, 5), bool)
    assert np.all(np.asarray(layer(x, mask=empty)) == 0)


def test_mask_ends_and_attached_masks_are_used():
    ids = np.array([[1, 2, 0, 0], [3, 0, 0, 0]])
    embedded = Embedding(4, 2, mask_zero=True)(ids)
    for cls in (GlobalAveragePooling1D, GlobalMaxPooling1D):
        out = cls()(embedded)
        assert mask_of(out) is None
        np.testing.assert_allclose(np.asarray(out),
                                   np.asarray(cls()(np.asarray(embedded), mask=ids != 0)))
    symbolic = GlobalAveragePooling1D()(Embedding(4, 2, mask_zero=True)(Input((None,))))
    assert mask_of(symbolic) is None and symbolic.shape == (None, 2)


@pytest.mark.parametrize("name", [n for n in NAMES if not n.endswith("1D")])
def test_2d_and_3d_refuse_masks(name):
    x = np.ones(SHAPES[int(name[-2])], "float32")
    layer = getattr(layers, name)(name=f"pool_{name.lower()}")
    with pytest.raises(MaskNotSupportedError, match=layer.name):
        layer(x, mask=np.ones(x.shape[:2], bool))


def test_aliases_are_the_same_classes():
    assert layers.GlobalAvgPool1D is GlobalAveragePooling1D
    assert layers.GlobalMaxPool3D is layers.GlobalMaxPooling3D
    restored = lamina.saving.deserialize_keras_object(
        {"class_name": "GlobalAvgPool2D", "config": {"keepdims": True}, "module": "keras.layers"})
    assert isinstance(restored, layers.GlobalAveragePooling2D) and restored.keepdims


def test_errors_name_the_layer():
    with pytest.raises(ValueError, match="data_format must be"):
        GlobalAveragePooling1D(data_format="NHWC")
    layer = GlobalMaxPooling1D(name="gmp")
    with pytest.raises(ValueError, match=r"'gmp'.*\(batch, time\) = \(2, 5\)"):
        layer(np.ones((2, 5, 3)), mask=np.ones((2, 3), bool))
    with pytest.raises(ValueError, match="gmp"):
        layer(np.ones((2, 5)))
