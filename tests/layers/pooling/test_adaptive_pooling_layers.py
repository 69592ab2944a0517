import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_keras_parity,
    assert_same_config_keys,
)

from lamina import layers
from lamina.layers.pooling.base_adaptive_pooling import adaptive_bins
from lamina.ops.operation import MaskNotSupportedError

RNG = np.random.default_rng(0)
SHAPES = {1: (2, 10, 3), 2: (2, 7, 9, 3), 3: (2, 5, 6, 7, 3)}
# Output sizes below the input sizes: Keras' two-window method returns NaN in some
# bins when an output size reaches the input size (lamina handles any size, see below).
SIZES = {1: [4, 3, 7], 2: [(3, 4), 2, (5, 8)], 3: [2, (3, 4, 5)]}
# Each mode and rank: the first size channels_last, the last one channels_first (the
# other sizes are covered by the bin checks below, without Keras).
CASES = [(mode, dims, size, data_format)
         for mode in ("Average", "Max") for dims in (1, 2, 3)
         for size, data_format in ((SIZES[dims][0], "channels_last"),
                                   (SIZES[dims][-1], "channels_first"))]


@pytest.mark.parametrize("mode, dims, size, data_format", CASES)
def test_keras_parity(mode, dims, size, data_format):
    keras = pytest.importorskip("keras")
    name = f"Adaptive{mode}Pooling{dims}D"
    shape = SHAPES[dims]
    if data_format == "channels_first":
        shape = (shape[0], shape[-1], *shape[1:-1])
    x = RNG.normal(size=shape).astype("float32")
    layer = getattr(layers, name)(size, data_format=data_format)
    keras_layer = getattr(keras.layers, name)(size, data_format=data_format)
    out = assert_keras_parity(layer, keras_layer, x)
    assert out.shape == tuple(keras_layer.compute_output_shape(x.shape))
    assert_same_config_keys(layer, keras_layer)


def test_bins_cover_the_input_evenly():
    starts, ends = adaptive_bins(10, 4)
    assert starts.tolist() == [0, 2, 5, 7] and ends.tolist() == [3, 5, 8, 10]
    x = np.arange(10.0, dtype="float32").reshape(1, 10, 1)
    assert layers.AdaptiveAveragePooling1D(4)(x)[0, :, 0].tolist() == [1.0, 3.0, 6.0, 8.0]
    assert layers.AdaptiveMaxPooling1D(4)(x)[0, :, 0].tolist() == [2.0, 4.0, 7.0, 9.0]


def test_output_as_large_as_or_larger_than_the_input():
    x = RNG.normal(size=(2, 3, 4, 2)).astype("float32")
    np.testing.assert_allclose(layers.AdaptiveAveragePooling2D((3, 4))(x), x, rtol=1e-6)
    np.testing.assert_allclose(layers.AdaptiveMaxPooling2D((3, 4))(x), x)
    up = np.asarray(layers.AdaptiveMaxPooling2D((6, 4))(x))
    np.testing.assert_allclose(up[:, ::2], x)  # each row repeated
    assert np.isfinite(np.asarray(layers.AdaptiveAveragePooling2D(9)(x))).all()


def test_config_jit_masks_and_errors():
    x = RNG.normal(size=(2, 10, 3)).astype("float32")
    layer = layers.AdaptiveMaxPooling1D(4)
    assert layer.get_config()["output_size"] == (4,)
    assert_config_round_trip(layer)
    assert_jit_matches_eager(layers.AdaptiveAveragePooling1D(3), x)
    with pytest.raises(MaskNotSupportedError, match=layer.name):
        layer(x, mask=np.ones((2, 10), bool))
    with pytest.raises(ValueError, match="output_size"):
        layers.AdaptiveAveragePooling2D((2, 3, 4))
    with pytest.raises(ValueError, match="data_format"):
        layers.AdaptiveMaxPooling3D(2, data_format="channels_middle")
