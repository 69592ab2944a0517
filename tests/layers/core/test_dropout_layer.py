import jax
import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_same_config_keys,
    assert_symbolic_matches_eager,
    mask_of,
    random_inputs,
)

from lamina.layers import Dropout, Embedding, Input


def test_dropout_inference_is_identity():
    x = random_inputs((4, 5))
    eager, _ = assert_symbolic_matches_eager(lambda: Dropout(0.5, seed=1), x)
    np.testing.assert_array_equal(np.asarray(eager), x)
    np.testing.assert_array_equal(np.asarray(Dropout(0.5)(x, training=False)), x)


def test_dropout_training_statistics():
    x = np.ones((200, 50), "float32")
    out = np.asarray(Dropout(0.3, seed=3)(x, training=True))
    np.testing.assert_allclose(out[out != 0], 1 / 0.7, rtol=1e-6)
    assert abs((out == 0).mean() - 0.3) < 0.03
    assert np.all(np.asarray(Dropout(1.0)(x, training=True)) == 0)
    np.testing.assert_array_equal(np.asarray(Dropout(0.0)(x, training=True)), x)


def test_dropout_symbolic_training_shape():
    assert_symbolic_matches_eager(lambda: Dropout(0.5, seed=0), random_inputs((2, 3)),
                                  training=True)


def test_dropout_draws_new_masks_each_call_and_under_jit():
    x = np.ones((4, 8), "float32")
    layer = Dropout(0.5, seed=42)
    first, second = layer(x, training=True), layer(x, training=True)
    assert not np.array_equal(np.asarray(first), np.asarray(second))
    assert_jit_matches_eager(layer, x, training=True)

    step = jax.jit(lambda t, f, x: layer.stateless_call(t, f, x, training=True))
    frozen = [v.value for v in layer.non_trainable_variables]
    out1, frozen = step([], frozen, x)
    out2, frozen = step([], frozen, x)
    assert not np.array_equal(np.asarray(out1), np.asarray(out2))


def test_dropout_noise_shape_broadcasts():
    x = np.ones((3, 6, 4), "float32")
    out = np.asarray(Dropout(0.5, noise_shape=(None, 1, 4), seed=0)(x, training=True))
    assert np.all(out == out[:, :1, :])
    with pytest.raises(ValueError, match="noise_shape"):
        Dropout(0.5, noise_shape=(None, 2, 4))(x, training=True)
    with pytest.raises(ValueError, match="noise_shape"):
        Dropout(0.5, noise_shape="bad")


def test_dropout_invalid_rate():
    with pytest.raises(ValueError, match="rate must be a float in"):
        Dropout(1.5)


def test_dropout_config_and_mask():
    layer = Dropout(0.2, noise_shape=(None, 1), seed=5)
    rebuilt = assert_config_round_trip(layer)
    assert rebuilt.noise_shape == (None, 1) and rebuilt.seed == 5
    out = Dropout(0.5)(Embedding(3, 2, mask_zero=True)(np.array([[1, 0]])), training=True)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), [[True, False]])
    symbolic = Dropout(0.5)(Embedding(3, 2, mask_zero=True)(Input((2,), dtype="int32")))
    assert mask_of(symbolic) is not None


def test_dropout_keras_config_keys():
    keras = pytest.importorskip("keras")
    assert_same_config_keys(Dropout(0.5), keras.layers.Dropout(0.5))
