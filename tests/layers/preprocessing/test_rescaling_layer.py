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

from lamina import config
from lamina.layers import Rescaling


def test_rescaling_values_and_integer_inputs():
    out = Rescaling(1 / 255)(np.array([[0, 51, 255]], "uint8"))
    assert str(out.dtype) == "float32"
    np.testing.assert_allclose(np.asarray(out), [[0.0, 0.2, 1.0]], rtol=1e-6)
    np.testing.assert_allclose(np.asarray(Rescaling(2.0, offset=-1)(np.ones((2, 2)))), 1.0)


def test_rescaling_per_channel_scale_and_channels_first():
    x = np.ones((2, 3, 4, 4), "float32")
    layer = Rescaling([1.0, 2.0, 3.0])
    previous = config.image_data_format()
    config.set_image_data_format("channels_first")
    try:
        out = np.asarray(layer(x))
    finally:
        config.set_image_data_format(previous)
    np.testing.assert_allclose(out[:, :, 0, 0], [[1, 2, 3], [1, 2, 3]])
    out = np.asarray(Rescaling([1.0, 2.0, 3.0])(np.ones((2, 4, 3), "float32")))
    np.testing.assert_allclose(out[0, 0], [1, 2, 3])


def test_rescaling_harness_and_errors():
    x = random_inputs((2, 3, 4))
    assert_symbolic_matches_eager(lambda: Rescaling(0.5, 0.25), x)
    assert_jit_matches_eager(Rescaling(0.5), x)
    rebuilt = assert_config_round_trip(Rescaling(np.array([1.0, 2.0]), offset=0.5))
    np.testing.assert_allclose(rebuilt.scale, [1.0, 2.0])
    with pytest.raises(ValueError, match="scale must be a number"):
        Rescaling("big")


def test_rescaling_keras_parity():
    keras = pytest.importorskip("keras")
    x = random_inputs((2, 5, 5, 3))
    for scale, offset in ((1 / 255, 0.0), (1 / 127.5, -1.0), ([0.5, 1.0, 2.0], 0.1)):
        ours, theirs = Rescaling(scale, offset), keras.layers.Rescaling(scale, offset)
        assert_keras_parity(ours, theirs, x)
        assert_same_config_keys(ours, theirs)
    ints = np.arange(30, dtype="uint8").reshape(2, 5, 3)
    np.testing.assert_allclose(np.asarray(Rescaling(1 / 255)(ints)),
                               np.asarray(keras.layers.Rescaling(1 / 255)(ints)), rtol=1e-6)
