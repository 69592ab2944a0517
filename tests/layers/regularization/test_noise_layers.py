import jax
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

from lamina.layers import Embedding
from lamina.layers.regularization import AlphaDropout, GaussianDropout, GaussianNoise

ALPHA_P = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946


@pytest.mark.parametrize(("cls", "kwargs"), [
    (GaussianNoise, {"stddev": 0.5}), (GaussianDropout, {"rate": 0.4}),
    (AlphaDropout, {"rate": 0.3}), (AlphaDropout, {"rate": 0.3, "noise_shape": (None, 1, 5)}),
])
def test_noise_layers_inference_parity_and_config(cls, kwargs):
    keras = pytest.importorskip("keras")
    x = random_inputs((3, 4, 5))
    layer, keras_layer = cls(seed=1, **kwargs), getattr(keras.layers, cls.__name__)(
        seed=1, **kwargs)
    layer(x), keras_layer(x)
    assert_keras_parity(layer, keras_layer, x)  # inference: both are the identity
    assert_same_config_keys(layer, keras_layer)
    assert_config_round_trip(layer)
    assert_symbolic_matches_eager(lambda: cls(seed=1, **kwargs), x, training=True)
    assert_jit_matches_eager(cls(seed=2, **kwargs), x, training=True)


def test_gaussian_noise_statistics_and_determinism():
    x = np.zeros((200, 50), "float32")
    out = np.asarray(GaussianNoise(0.3, seed=4)(x, training=True))
    assert abs(out.mean()) < 0.01 and abs(out.std() - 0.3) < 0.01
    again = np.asarray(GaussianNoise(0.3, seed=4)(x, training=True))
    np.testing.assert_array_equal(out, again)
    np.testing.assert_array_equal(np.asarray(GaussianNoise(0.0)(x, training=True)), x)


def test_gaussian_dropout_statistics():
    x = np.full((200, 50), 2.0, "float32")
    out = np.asarray(GaussianDropout(0.2, seed=0)(x, training=True))
    expected_std = 2.0 * np.sqrt(0.2 / 0.8)
    assert abs(out.mean() - 2.0) < 0.02 and abs(out.std() - expected_std) < 0.02


def test_alpha_dropout_formula_and_statistics():
    rate = 0.25
    x = np.random.default_rng(0).standard_normal((400, 50)).astype("float32")
    out = np.asarray(AlphaDropout(rate, seed=0)(x, training=True))
    a = ((1 - rate) * (1 + rate * ALPHA_P**2)) ** -0.5
    b = -a * ALPHA_P * rate
    kept = np.isclose(out, a * x + b, atol=1e-6)
    dropped = np.isclose(out, a * ALPHA_P + b, atol=1e-6)
    assert np.all(kept | dropped)
    assert abs(dropped.mean() - rate) < 0.02
    assert abs(out.mean()) < 0.02 and abs(out.std() - 1.0) < 0.03
    shared = np.asarray(AlphaDropout(0.5, noise_shape=(None, 1), seed=0)(
        np.zeros((4, 6), "float32"), training=True))
    assert np.all(shared == shared[:, :1])


def test_noise_layers_advance_under_jit_and_pass_masks():
    layer = GaussianNoise(0.1, seed=3)
    step = jax.jit(lambda f, x: layer.stateless_call([], f, x, training=True))
    frozen = [v.value for v in layer.non_trainable_variables]
    x = np.zeros((2, 3), "float32")
    out1, frozen = step(frozen, x)
    out2, _ = step(frozen, x)
    assert not np.array_equal(np.asarray(out1), np.asarray(out2))
    embedded = Embedding(3, 4, mask_zero=True)(np.array([[2, 0]]))
    for noisy in (GaussianNoise(0.1), GaussianDropout(0.1), AlphaDropout(0.1)):
        out = noisy(embedded, training=True)
        np.testing.assert_array_equal(np.asarray(mask_of(out)), [[True, False]])


def test_noise_layer_errors():
    with pytest.raises(ValueError, match=r"stddev must be a float in \[0, 1\]"):
        GaussianNoise(1.5)
    with pytest.raises(ValueError, match=r"rate must be a float in \[0, 1\)"):
        GaussianDropout(1.0)
    with pytest.raises(ValueError, match=r"rate must be a float in \[0, 1\)"):
        AlphaDropout(-0.1)
    with pytest.raises(ValueError, match="noise_shape"):
        AlphaDropout(0.5, noise_shape=(None, 0))
    with pytest.raises(ValueError, match="cannot be broadcast"):
        AlphaDropout(0.5, noise_shape=(None, 3))(np.ones((2, 4)), training=True)
