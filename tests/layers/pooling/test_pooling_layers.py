"""MaxPooling1D/2D/3D and AveragePooling1D/2D/3D: Keras 3 parity, aliases and errors."""

import numpy as np
import pytest
from layer_harness import assert_keras_parity, assert_same_config_keys, random_inputs

from lamina import layers

keras = pytest.importorskip("keras")

PARITY = []
for _mode in ("Max", "Average"):
    PARITY += [
        (f"{_mode}Pooling1D", {"pool_size": 2}, (2, 7, 3)),
        (f"{_mode}Pooling1D", {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 8, 3)),
        (f"{_mode}Pooling1D", {"pool_size": 2, "strides": 1,
                               "data_format": "channels_first"}, (2, 3, 6)),
        (f"{_mode}Pooling2D", {"pool_size": (2, 3)}, (2, 6, 7, 2)),
        (f"{_mode}Pooling2D", {"pool_size": 3, "strides": (2, 1), "padding": "same"},
         (2, 5, 6, 2)),
        (f"{_mode}Pooling2D", {"pool_size": 2, "padding": "same",
                               "data_format": "channels_first"}, (2, 2, 5, 5)),
        (f"{_mode}Pooling3D", {"pool_size": 2}, (2, 4, 5, 4, 2)),
        (f"{_mode}Pooling3D", {"pool_size": (2, 3, 2), "strides": 1, "padding": "same",
                               "data_format": "channels_first"}, (1, 2, 3, 4, 3)),
    ]


def _ids(case):
    name, init, _ = case
    return name + "-" + "-".join(f"{k}={v}" for k, v in init.items())


@pytest.mark.parametrize("case", PARITY, ids=[_ids(c) for c in PARITY])
def test_keras_parity(case):
    name, init, shape = case
    ours, theirs = getattr(layers, name)(**init), getattr(keras.layers, name)(**init)
    x = random_inputs(shape)
    assert_keras_parity(ours, theirs, x)
    assert_same_config_keys(ours, theirs)
    expected = (None, *ours(x).shape[1:])
    assert tuple(ours.compute_output_shape((None, *shape[1:]))) == expected


def test_aliases_and_defaults():
    assert layers.MaxPool2D is layers.MaxPooling2D
    assert layers.AvgPool3D is layers.AveragePooling3D
    assert layers.MaxPooling2D().pool_size == (2, 2)
    assert layers.MaxPooling3D().strides == (2, 2, 2)
    assert layers.AveragePooling1D(3, strides=1).strides == (1,)


def test_same_average_ignores_padding():
    x = np.arange(1.0, 5.0, dtype="float32").reshape(1, 4, 1)
    out = layers.AveragePooling1D(3, strides=1, padding="same")(x)
    np.testing.assert_allclose(np.asarray(out)[0, :, 0], [1.5, 2.0, 3.0, 3.5])


def test_max_pooling_of_integers():
    x = np.array([[[-3], [-5], [2], [7]]], "int32")
    out = layers.MaxPooling1D(2)(x)
    assert out.dtype == np.int32
    assert np.asarray(out)[0, :, 0].tolist() == [-3, 7]


def test_max_pool_gradient_inside_jit():
    import jax
    import jax.numpy as jnp

    layer = layers.MaxPooling2D()
    x = jnp.asarray(random_inputs((1, 4, 4, 1)))
    grad = jax.jit(jax.grad(lambda x: jnp.sum(layer(x))))(x)
    assert float(jnp.sum(grad)) == 4.0


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: layers.MaxPooling2D(padding="full"), "padding must be one of"),
        (lambda: layers.AveragePooling2D((2, 2, 2)), "pool_size"),
        (lambda: layers.MaxPooling1D(2, strides=0), "strides"),
        (lambda: layers.AveragePooling1D(2, data_format="NWC"), "data_format"),
    ],
)
def test_argument_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_keras_config_loads():
    config = keras.layers.MaxPooling2D((3, 2), strides=1, padding="same").get_config()
    layer = layers.MaxPooling2D.from_config(config)
    assert layer.pool_size == (3, 2) and layer.strides == (1, 1) and layer.padding == "same"
