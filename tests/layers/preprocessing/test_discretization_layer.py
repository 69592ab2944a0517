import json

import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_same_config_keys,
    assert_symbolic_matches_eager,
    random_inputs,
)

from lamina.layers import Discretization


def test_discretization_with_boundaries():
    layer = Discretization(bin_boundaries=[0.0, 1.0, 2.0])
    out = layer(np.array([[-1.5, 1.0, 3.4, 0.5], [0.0, 3.0, -10.0, 1.1]]))
    np.testing.assert_array_equal(np.asarray(out), [[0, 2, 3, 1], [1, 3, 0, 2]])
    assert str(out.dtype) == "int32"
    x = random_inputs((2, 3))
    assert_symbolic_matches_eager(lambda: Discretization([0.0, 0.5], output_mode="one_hot"), x)
    assert_jit_matches_eager(Discretization([0.0, 0.5], output_mode="count"), x)


def test_discretization_errors():
    with pytest.raises(ValueError, match="either bin_boundaries or num_bins"):
        Discretization(bin_boundaries=[1.0], num_bins=3)
    with pytest.raises(ValueError, match="set bin_boundaries"):
        Discretization()
    with pytest.raises(ValueError, match="sorted in increasing order"):
        Discretization(bin_boundaries=[2.0, 1.0])
    with pytest.raises(ValueError, match="call adapt"):
        Discretization(num_bins=3)(np.ones((2, 2)))
    with pytest.raises(ValueError, match="built with bin_boundaries"):
        Discretization(bin_boundaries=[1.0]).adapt(np.ones(4))


def test_discretization_adapt_config_round_trip():
    layer = Discretization(num_bins=4)
    layer.adapt(np.arange(40.0))
    config = layer.get_config()
    assert config["bin_boundaries"] == layer.bin_boundaries and config["num_bins"] == 4
    rebuilt = Discretization.from_config(json.loads(json.dumps(config)))
    x = np.linspace(-5, 45, 17).astype("float32")
    np.testing.assert_array_equal(np.asarray(rebuilt(x)), np.asarray(layer(x)))
    assert_config_round_trip(layer)


@pytest.mark.parametrize("mode", ["int", "one_hot", "multi_hot", "count"])
def test_discretization_keras_parity_with_boundaries(mode):
    keras = pytest.importorskip("keras")
    x = random_inputs((4, 3), seed=2)
    ours = Discretization(bin_boundaries=[-0.5, 0.0, 0.7], output_mode=mode)
    theirs = keras.layers.Discretization(bin_boundaries=[-0.5, 0.0, 0.7], output_mode=mode)
    np.testing.assert_array_equal(np.asarray(ours(x)), np.asarray(theirs(x)))
    assert str(ours(x).dtype) == str(theirs(x).dtype)
    assert_same_config_keys(ours, theirs)


def _keras_adapt(layer, data):
    """Keras's adapt() needs TensorFlow only to test for tf.data; its steps are these."""
    layer.reset_state()
    for batch in ([data] if isinstance(data, np.ndarray) else data):
        layer.update_state(batch)
    layer.finalize_state()


@pytest.mark.parametrize("num_bins, epsilon", [(2, 0.01), (5, 0.01), (7, 0.1), (3, 0.3)])
def test_discretization_adapt_keras_parity(num_bins, epsilon):
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(num_bins)
    batches = [rng.standard_normal(size).astype("float32") for size in (7, 150, 33)]
    for data in (np.concatenate(batches), batches, [1.0, 5.0, 2.0, 2.0, 9.0]):
        ours = Discretization(num_bins=num_bins, epsilon=epsilon)
        theirs = keras.layers.Discretization(num_bins=num_bins, epsilon=epsilon)
        ours.adapt(data)
        _keras_adapt(theirs, data)
        np.testing.assert_allclose(ours.bin_boundaries, theirs.bin_boundaries, rtol=1e-6)
        x = np.concatenate(batches)
        np.testing.assert_array_equal(np.asarray(ours(x)), np.asarray(theirs(x)))
    keras_config = json.loads(json.dumps(theirs.get_config()))
    np.testing.assert_array_equal(np.asarray(Discretization.from_config(keras_config)(x)),
                                  np.asarray(theirs(x)))
