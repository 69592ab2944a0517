"""ModelCheckpoint and BackupAndRestore: an interrupted fit resumes exactly."""

import numpy as np
import pytest

import lamina
from lamina import Input, Model, callbacks, layers


def _model():
    lamina.utils.set_random_seed(3)
    x = Input(shape=(4,))
    h = layers.Dense(8, activation="relu")(x)
    h = layers.Dropout(0.3)(h)
    model = Model(x, layers.Dense(1)(h))
    model.compile(optimizer=lamina.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    return model


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 4)).astype("float32")
    return x, x.sum(axis=1, keepdims=True)


class Crash(callbacks.Callback):
    def __init__(self, at_epoch):
        super().__init__()
        self.at_epoch = at_epoch

    def on_epoch_end(self, epoch, logs=None):
        if epoch == self.at_epoch:
            raise RuntimeError("simulated crash")


def test_resumed_training_ends_with_the_same_weights(tmp_path):
    x, y = _data()
    reference = _model()
    initial = reference.get_weights()
    reference.fit(x, y, epochs=4, batch_size=8, verbose=0, callbacks=[])
    np.random.seed(11)
    uninterrupted = _model()
    uninterrupted.set_weights(initial)
    history = uninterrupted.fit(
        x,
        y,
        epochs=4,
        batch_size=8,
        verbose=0,
        callbacks=[callbacks.BackupAndRestore(tmp_path / "b0")],
    )

    np.random.seed(11)
    crashed = _model()
    crashed.set_weights(initial)
    backup = callbacks.BackupAndRestore(tmp_path / "b1")
    with pytest.raises(RuntimeError, match="simulated crash"):
        crashed.fit(x, y, epochs=4, batch_size=8, verbose=0, callbacks=[backup, Crash(1)])
    resumed = _model()  # a fresh process would rebuild the model like this
    resumed_history = resumed.fit(
        x,
        y,
        epochs=4,
        batch_size=8,
        verbose=0,
        callbacks=[callbacks.BackupAndRestore(tmp_path / "b1")],
    )
    assert len(resumed_history.history["loss"]) == 2  # epochs 2 and 3 only
    for a, b in zip(uninterrupted.get_weights(), resumed.get_weights()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(
        resumed_history.history["loss"], history.history["loss"][2:], rtol=1e-6
    )
    assert not list((tmp_path / "b1").iterdir())  # deleted after completing


def test_model_checkpoint_save_best_only(tmp_path):
    x, y = _data()
    model = _model()
    path = tmp_path / "best.keras"
    checkpoint = callbacks.ModelCheckpoint(path, monitor="val_loss", save_best_only=True)
    model.fit(
        x, y, epochs=3, batch_size=8, validation_data=(x, y), verbose=0, callbacks=[checkpoint]
    )
    assert path.exists()
    restored = lamina.saving.load_model(path)
    assert restored.evaluate(x, y, verbose=0)[0] == pytest.approx(checkpoint.best, rel=1e-5)


def test_model_checkpoint_weights_only_with_epoch_in_the_name(tmp_path):
    x, y = _data()
    model = _model()
    pattern = tmp_path / "w-{epoch:02d}.weights.safetensors"
    model.fit(
        x,
        y,
        epochs=2,
        batch_size=8,
        verbose=0,
        callbacks=[callbacks.ModelCheckpoint(pattern, save_weights_only=True)],
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "w-01.weights.safetensors",
        "w-02.weights.safetensors",
    ]
    other = _model()
    other.load_weights(tmp_path / "w-02.weights.safetensors")
    for a, b in zip(model.get_weights(), other.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_model_checkpoint_checks_the_extension():
    with pytest.raises(ValueError, match=".keras"):
        callbacks.ModelCheckpoint("model.h5")
