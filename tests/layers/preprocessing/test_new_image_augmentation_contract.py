"""The augmentation contract for the colour / mixing / warping image layers: inactive
unless training, seeded and stateful randomness, jit, ranks, data formats, dtypes and
Keras 3 configs (the per-layer maths is tested in the sibling test files)."""

import jax
import numpy as np
import pytest
from layer_harness import assert_config_round_trip

import lamina
from lamina import layers

RANDOM_LAYERS = {
    "RandomBrightness": {"factor": 0.3},
    "RandomColorDegeneration": {"factor": 0.8},
    "RandomGrayscale": {"factor": 0.5},
    "RandomHue": {"factor": 0.6},
    "RandomSaturation": {"factor": (0.1, 0.9)},
    "RandomSharpness": {"factor": 0.9},
    "RandomInvert": {"factor": 0.7},
    "RandomPosterization": {"factor": (2, 7)},
    "RandomColorJitter": {"brightness_factor": 0.2, "contrast_factor": 0.5,
                          "saturation_factor": (0.3, 0.7), "hue_factor": 0.3},
    "Solarization": {"addition_factor": 0.3, "threshold_factor": (0.2, 0.8)},
    "RandomErasing": {"factor": 0.9, "scale": (0.1, 0.5), "fill_value": 7.0},
    "RandomGaussianBlur": {"factor": 0.8, "kernel_size": (3, 5), "sigma": (0.3, 1.0)},
    "RandomShear": {"x_factor": 0.4, "y_factor": (0.1, 0.3)},
    "RandomPerspective": {"factor": 0.9, "scale": 0.6},
    "MixUp": {"alpha": 0.5},
    "CutMix": {"factor": 0.8},
}
NAMES = sorted(RANDOM_LAYERS)


def _make(name, seed=7, **extra):
    return getattr(layers, name)(seed=seed, **RANDOM_LAYERS[name], **extra)


def _images(shape=(4, 6, 7, 3), seed=0):
    return (np.random.default_rng(seed).random(shape) * 255).astype("float32")


@pytest.mark.parametrize("name", NAMES)
def test_inactive_unless_training(name):
    x = _images()
    layer = _make(name)
    for out in (layer(x), layer(x, training=False)):
        np.testing.assert_array_equal(np.asarray(out), x)
    inputs = lamina.Input((6, 7, 3))
    model = lamina.Model(inputs, _make(name)(inputs))
    np.testing.assert_array_equal(model.predict(x, verbose=0), x)


@pytest.mark.parametrize("name", NAMES)
def test_training_is_random_deterministic_per_seed_and_stateful(name):
    x = _images()
    first, twin, other = _make(name, seed=3), _make(name, seed=3), _make(name, seed=4)
    a = np.asarray(first(x, training=True))
    assert not np.array_equal(a, x)
    np.testing.assert_array_equal(a, np.asarray(twin(x, training=True)))
    draws = [np.asarray(first(x, training=True)) for _ in range(3)]
    assert any(not np.array_equal(a, d) for d in draws)
    assert any(not np.array_equal(a, np.asarray(other(x, training=True))) for _ in range(3))


@pytest.mark.parametrize("name", NAMES)
def test_jit_stateless_call_advances_the_seed(name):
    x = _images()
    layer = _make(name)
    step = jax.jit(lambda frozen, x: layer.stateless_call([], frozen, x, training=True))
    frozen = [v.value for v in layer.non_trainable_variables]
    # same draws as an eager call from the same state (the HSV maths may differ by an
    # ulp-level amount once XLA fuses it)
    np.testing.assert_allclose(np.asarray(step(frozen, x)[0]),
                               np.asarray(_make(name)(x, training=True)), rtol=1e-4, atol=1e-3)
    outs = []
    for _ in range(3):
        out, frozen = step(frozen, x)
        outs.append(np.asarray(out))
    assert any(not np.array_equal(outs[0], o) for o in outs[1:])


@pytest.mark.parametrize("name", NAMES)
def test_data_formats_ranks_and_dtypes(name):
    x = _images()
    last = np.asarray(_make(name)(x, training=True))
    assert last.shape == x.shape and last.dtype == np.float32
    first = _make(name, data_format="channels_first")(np.transpose(x, (0, 3, 1, 2)),
                                                       training=True)
    np.testing.assert_allclose(np.transpose(np.asarray(first), (0, 2, 3, 1)), last,
                               rtol=1e-4, atol=1e-3)
    single = _make(name)(x[0], training=True)
    assert single.shape == x.shape[1:]
    ints = x.astype("uint8")
    assert str(_make(name)(ints, training=True).dtype) == "float32"
    assert str(_make(name)(ints).dtype) == "float32"
    with pytest.raises(ValueError, match="rank 3"):
        _make(name)(np.ones((2, 3), "float32"), training=True)


@pytest.mark.parametrize("name", NAMES)
def test_config_matches_keras(name):
    rebuilt = assert_config_round_trip(_make(name, data_format="channels_first"))
    assert rebuilt.seed == 7
    keras = pytest.importorskip("keras")
    ours = _make(name).get_config()
    theirs = getattr(keras.layers, name)(seed=7, **RANDOM_LAYERS[name]).get_config()
    extra = {"seed"} if name == "RandomGrayscale" else set()  # Keras drops its seed
    assert set(ours) == set(theirs) | extra
    for key, value in theirs.items():
        if key not in ("name", "dtype"):
            assert ours[key] == value, key
    loaded = getattr(layers, name).from_config(
        {k: v for k, v in theirs.items() if k not in ("name", "dtype")})
    dropped = {"name": None} | {key: None for key in extra}
    assert loaded.get_config() | dropped == ours | dropped


@pytest.mark.parametrize("name", ["AutoContrast", "Equalization"])
def test_deterministic_layers_apply_at_inference_too(name):
    x = _images()
    layer = getattr(layers, name)()
    expected = np.asarray(layer(x, training=True))
    assert not np.array_equal(expected, x)
    np.testing.assert_array_equal(np.asarray(layer(x)), expected)
    inputs = lamina.Input((6, 7, 3))
    model = lamina.Model(inputs, layer(inputs))
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-6, atol=1e-4)
    keras = pytest.importorskip("keras")
    theirs = getattr(keras.layers, name)().get_config()
    assert set(layer.get_config()) == set(theirs)
    assert all(layer.get_config()[k] == v for k, v in theirs.items() if k != "name")


def test_fit_runs_colour_augmentation_in_the_train_step():
    x = _images((4, 6, 7, 3)) / 255
    inputs = lamina.Input((6, 7, 3))
    jitter = layers.RandomColorJitter(value_range=(0, 1), brightness_factor=0.2,
                                      hue_factor=0.2, seed=1)
    hidden = layers.RandomErasing(value_range=(0, 1), seed=2)(jitter(inputs))
    outputs = layers.Dense(1)(layers.Flatten()(hidden))
    model = lamina.Model(inputs, outputs)
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, np.zeros((4, 1), "float32"), epochs=2, batch_size=2, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    assert int(np.asarray(jitter.generator.state.value)[0]) == 4  # one draw per step
