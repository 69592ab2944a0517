"""Weights-only files: native .weights.safetensors and Keras 3's .weights.h5 (both
directions with Keras), skip_mismatch, and errors naming the layer and both shapes."""

import numpy as np
import pytest

import lamina
from lamina import saving
from lamina.saving import object_state

X = np.random.default_rng(1).random((6, 5)).astype("float32")
FORMATS = ["safetensors", "h5"]


def _needs(fmt):
    if fmt == "h5":
        pytest.importorskip("h5py")


def _functional(lib, width=4):
    inputs = lib.Input((5,), name="x")
    left = lib.layers.Dense(width, activation="relu")(inputs)
    right = lib.layers.Dense(3)(inputs)
    merged = lib.layers.BatchNormalization()(lib.layers.Concatenate()([left, right]))
    return lib.Model(inputs, [lib.layers.Dense(2, name="o1")(merged),
                              lib.layers.Dense(1, name="o2")(left)])


def _sequential(lib):
    return lib.Sequential([lib.Input((5,)), lib.layers.Dense(3), lib.layers.Dropout(0.2),
                           lib.layers.Dense(2)])


def _subclassed(lib):
    class Towers(lib.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.first = lib.layers.Dense(3)
            self.out = lib.layers.Dense(2)
            self.blocks = [lib.layers.Dense(3), lib.layers.Dense(3)]
            self.table = {"a": lib.layers.Dense(3), "b": [lib.layers.Dense(3)]}
            self._hidden = lib.layers.Dense(3)

        def call(self, x):
            x = self.first(x)
            for block in self.blocks:
                x = block(x)
            x = self.table["b"][0](self.table["a"](x))
            return self.out(self._hidden(x))

    model = Towers()
    model(X[:2])
    return model


BUILDERS = {"functional": _functional, "sequential": _sequential, "subclassed": _subclassed}


def _flat(outputs):
    return [np.asarray(o) for o in (outputs if isinstance(outputs, list) else [outputs])]


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_with_optimizer_state(fmt, tmp_path):
    _needs(fmt)
    model = _functional(lamina)
    model.compile("adam", ["mse", "mse"])
    model.fit(X, [X[:, :2], X[:, :1]], epochs=2, verbose=0)
    path = tmp_path / f"w.weights.{fmt}"
    saving.save_weights(model, path)
    other = _functional(lamina)
    other.compile("adam", ["mse", "mse"])
    saving.load_weights(other, path)
    for a, b in zip(model.get_weights(), other.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert other.optimizer.built
    for a, b in zip(model.optimizer.variables, other.optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


@pytest.mark.parametrize("fmt", FORMATS)
def test_shape_mismatch_names_the_layer_and_both_shapes(fmt, tmp_path):
    _needs(fmt)
    path = tmp_path / f"w.weights.{fmt}"
    saving.save_weights(_functional(lamina, width=4), path)
    other = _functional(lamina, width=6)
    before = other.get_weights()
    with pytest.raises(saving.WeightsMismatchError, match=r"dense.*\(5, 6\).*\(5, 4\)"):
        saving.load_weights(other, path)
    for a, b in zip(before, other.get_weights()):  # nothing was assigned
        np.testing.assert_array_equal(a, b)
    with pytest.warns(UserWarning, match="skip_mismatch"):
        saving.load_weights(other, path, skip_mismatch=True)
    reference = _functional(lamina, width=4)
    saving.load_weights(reference, path)
    # The layer whose shapes match (Dense(3) on the input) was loaded.
    def right_branch(model):
        return next(layer for layer in model.layers if getattr(layer, "units", None) == 3)

    np.testing.assert_array_equal(right_branch(other).get_weights()[0],
                                  right_branch(reference).get_weights()[0])


def test_missing_layer_is_an_error_naming_it(tmp_path):
    path = tmp_path / "w.weights.safetensors"
    small = lamina.Sequential([lamina.Input((5,)), lamina.layers.Dense(3)])
    saving.save_weights(small, path)
    with pytest.raises(saving.WeightsMismatchError,
                       match="path 'layers/dense_1'.*expected 2 variables.*holds 0"):
        saving.load_weights(_sequential(lamina), path)


def test_unbuilt_models_and_bad_suffixes(tmp_path):
    model = lamina.Sequential([lamina.layers.Dense(2)])
    with pytest.raises(ValueError, match="not built"):
        saving.save_weights(model, tmp_path / "w.weights.safetensors")
    with pytest.raises(ValueError, match="not built"):
        saving.load_weights(model, tmp_path / "w.weights.safetensors")
    with pytest.raises(ValueError, match=".weights.h5"):
        saving.save_weights(_sequential(lamina), tmp_path / "w.npz")


def test_load_weights_from_a_keras_archive(tmp_path):
    model = _functional(lamina)
    path = tmp_path / "m.keras"
    saving.save_model(model, path)
    other = _functional(lamina)
    saving.load_weights(other, path)
    for a, b in zip(model.get_weights(), other.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_native_and_h5_files_use_keras_paths(tmp_path):
    model = _sequential(lamina)
    paths = [path for path, _, _ in object_state.keras_groups(model)]
    assert paths == ["", "layers/dense", "layers/dropout", "layers/dense_1", "_layers/input_layer"]
    tensors, names = object_state.flat_state(model)
    assert sorted(tensors) == ["layers/dense/vars/0", "layers/dense/vars/1",
                               "layers/dense_1/vars/0", "layers/dense_1/vars/1",
                               "layers/dropout/__seeds__/0"]
    assert names["layers/dense"] == model.layers[0].name


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_h5_weights_move_between_keras_and_lamina(kind, tmp_path):
    keras = pytest.importorskip("keras")
    pytest.importorskip("h5py")
    keras_model, lamina_model = BUILDERS[kind](keras), BUILDERS[kind](lamina)
    keras_model.compile("adam", "mse")
    keras_path = tmp_path / "keras.weights.h5"
    keras_model.save_weights(keras_path)
    saving.load_weights(lamina_model, keras_path)
    for a, b in zip(keras_model.get_weights(), lamina_model.get_weights()):
        np.testing.assert_array_equal(a, b)
    for got, want in zip(_flat(lamina_model.predict(X, verbose=0)),
                         _flat(keras_model.predict(X, verbose=0))):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    # ...and back: new lamina weights into a fresh Keras model.
    lamina_other, keras_other = BUILDERS[kind](lamina), BUILDERS[kind](keras)
    lamina_path = tmp_path / "lamina.weights.h5"
    saving.save_weights(lamina_other, lamina_path)
    keras_other.load_weights(lamina_path)
    for a, b in zip(lamina_other.get_weights(), keras_other.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_optimizer_state_moves_from_keras(tmp_path):
    keras = pytest.importorskip("keras")
    pytest.importorskip("h5py")
    keras_model, lamina_model = _sequential(keras), _sequential(lamina)
    for model in (keras_model, lamina_model):
        model.compile("adam", "mse")
    keras_model.fit(X, X[:, :2], epochs=2, verbose=0)
    path = tmp_path / "k.weights.h5"
    keras_model.save_weights(path)
    saving.load_weights(lamina_model, path)
    assert int(lamina_model.optimizer.iterations.numpy()) == int(keras_model.optimizer.iterations)
    for a, b in zip(keras_model.optimizer.variables, lamina_model.optimizer.variables):
        np.testing.assert_allclose(np.asarray(a), b.numpy())


def _composite(lib):
    """Layers that hold layers: Bidirectional (two LSTMs), TimeDistributed, MultiHeadAttention
    (four EinsumDense), GRU and a nested Sequential."""
    inputs = lib.Input((4, 5), name="seq")
    h = lib.layers.Bidirectional(lib.layers.LSTM(3, return_sequences=True))(inputs)
    h = lib.layers.TimeDistributed(lib.layers.Dense(4))(h)
    h = lib.layers.MultiHeadAttention(num_heads=2, key_dim=3)(h, h)
    h = lib.layers.GRU(2, return_sequences=True)(h)
    inner = lib.Sequential([lib.Input((4, 2)), lib.layers.Dense(3),
                            lib.layers.LayerNormalization()])
    h = lib.layers.GlobalAveragePooling1D()(inner(h))
    return lib.Model(inputs, lib.layers.Dense(1)(h))


def test_h5_weights_of_composite_layers_move_between_keras_and_lamina(tmp_path):
    keras = pytest.importorskip("keras")
    pytest.importorskip("h5py")
    seq = np.random.default_rng(2).random((3, 4, 5)).astype("float32")
    keras_model, lamina_model = _composite(keras), _composite(lamina)
    keras_path = tmp_path / "keras.weights.h5"
    keras_model.save_weights(keras_path)
    saving.load_weights(lamina_model, keras_path)
    for a, b in zip(keras_model.get_weights(), lamina_model.get_weights()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(lamina_model.predict(seq, verbose=0),
                               keras_model.predict(seq, verbose=0), rtol=1e-5, atol=1e-6)
    lamina_other, keras_other = _composite(lamina), _composite(keras)
    lamina_path = tmp_path / "lamina.weights.h5"
    saving.save_weights(lamina_other, lamina_path)
    keras_other.load_weights(lamina_path)
    for a, b in zip(lamina_other.get_weights(), keras_other.get_weights()):
        np.testing.assert_array_equal(a, b)
