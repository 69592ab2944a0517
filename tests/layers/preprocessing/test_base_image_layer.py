"""The augmentation contract shared by every random image layer (_base_image_layer.py)."""

import jax
import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_same_config_keys,
    assert_symbolic_matches_eager,
    random_inputs,
)

import lamina
from lamina import layers

RANDOM_LAYERS = {
    "RandomFlip": {},
    "RandomRotation": {"factor": 0.3},
    "RandomZoom": {"height_factor": 0.3, "width_factor": (-0.2, 0.4)},
    "RandomTranslation": {"height_factor": 0.3, "width_factor": 0.2},
    "RandomContrast": {"factor": (0.5, 0.5), "value_range": (-100, 100)},
    "RandomCrop": {"height": 4, "width": 5},
}
NAMES = sorted(RANDOM_LAYERS)


def _make(name, seed=7, **extra):
    return getattr(layers, name)(seed=seed, **RANDOM_LAYERS[name], **extra)


def _images(shape=(3, 6, 7, 2), seed=0):
    return random_inputs(shape, seed=seed) * 10


@pytest.mark.parametrize("name", NAMES)
def test_inactive_unless_training(name):
    x = _images()
    layer = _make(name)
    for training in (None, False):
        out = layer(x) if training is None else layer(x, training=training)
        if name == "RandomCrop":  # inference is a deterministic centred crop + resize
            expected = layers.Resizing(4, 5, crop_to_aspect_ratio=True)(x)
            np.testing.assert_allclose(np.asarray(out), np.asarray(expected), rtol=1e-6)
        else:
            np.testing.assert_array_equal(np.asarray(out), x)
    inputs = lamina.Input((6, 7, 2))
    model = lamina.Model(inputs, _make(name)(inputs))
    np.testing.assert_allclose(model.predict(x, verbose=0), np.asarray(layer(x)), rtol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_training_is_random_deterministic_per_seed_and_stateful(name):
    x = _images()
    first, twin, other = _make(name, seed=3), _make(name, seed=3), _make(name, seed=4)
    a = np.asarray(first(x, training=True))
    np.testing.assert_array_equal(a, np.asarray(twin(x, training=True)))
    draws = [a] + [np.asarray(first(x, training=True)) for _ in range(3)]
    assert any(not np.array_equal(draws[0], d) for d in draws[1:])
    assert any(not np.array_equal(a, np.asarray(other(x, training=True))) for _ in range(3))


@pytest.mark.parametrize("name", NAMES)
def test_jit_stateless_call_advances_the_seed(name):
    x = _images()
    assert_jit_matches_eager(_make(name), x, training=True)
    layer = _make(name)
    step = jax.jit(lambda frozen, x: layer.stateless_call([], frozen, x, training=True))
    frozen = [v.value for v in layer.non_trainable_variables]
    outs = []
    for _ in range(4):
        out, frozen = step(frozen, x)
        outs.append(np.asarray(out))
    assert any(not np.array_equal(outs[0], o) for o in outs[1:])


@pytest.mark.parametrize("name", NAMES)
def test_shapes_ranks_formats_and_dtypes(name):
    x = _images()
    eager, symbolic = assert_symbolic_matches_eager(lambda: _make(name), x, training=True)
    assert eager.shape == symbolic.shape[:0] + eager.shape
    single = _make(name)(x[0], training=True)
    assert single.shape == eager.shape[1:]
    first = _make(name, data_format="channels_first")(np.transpose(x, (0, 3, 1, 2)),
                                                      training=True)
    assert first.shape == tuple(np.transpose(np.asarray(eager), (0, 3, 1, 2)).shape)
    ints = (np.abs(x) * 3).astype("uint8")
    assert str(_make(name)(ints, training=True).dtype) == "float32"
    assert str(_make(name)(ints).dtype) == "float32"
    with pytest.raises(ValueError, match="rank 3"):
        _make(name)(np.ones((2, 3), "float32"), training=True)
    with pytest.raises(NotImplementedError, match="dict input"):
        _make(name)({"images": x}, training=True)


@pytest.mark.parametrize("name", NAMES)
def test_config_matches_keras(name):
    layer = _make(name, data_format="channels_first")
    rebuilt = assert_config_round_trip(layer)
    assert rebuilt.seed == 7
    keras = pytest.importorskip("keras")
    theirs = getattr(keras.layers, name)(seed=7, **RANDOM_LAYERS[name])
    assert_same_config_keys(_make(name), theirs)
    for key, value in theirs.get_config().items():
        if key not in ("name", "dtype"):
            assert _make(name).get_config()[key] == value, key


def test_fit_runs_augmentation_in_the_train_step():
    x = _images((4, 6, 7, 2))
    inputs = lamina.Input((6, 7, 2))
    flip = layers.RandomFlip(seed=1)
    hidden = layers.RandomRotation(0.1, seed=2)(flip(inputs))
    outputs = layers.Dense(1)(layers.Flatten()(hidden))
    model = lamina.Model(inputs, outputs)
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, np.zeros((4, 1), "float32"), epochs=2, batch_size=2, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    assert int(np.asarray(flip.generator.state.value)[0]) == 4  # one draw per train step
