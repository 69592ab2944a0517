"""Built-in callbacks: early stopping, LR control, CSV and TensorBoard logs, NaN stop."""

import csv
import math

import numpy as np
import pytest

import lamina
from lamina import Input, Model, callbacks, layers


def _model(lr=0.1):
    x = Input(shape=(2,))
    model = Model(x, layers.Dense(1)(x))
    model.compile(optimizer=lamina.optimizers.SGD(lr), loss="mse")
    return model


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 2)).astype("float32")
    return x, x.sum(axis=1, keepdims=True)


class ScriptedLoss(callbacks.Callback):
    """Overwrites the monitored value with a scripted sequence (runs before the others)."""

    def __init__(self, values, key="val_loss"):
        super().__init__()
        self.values, self.key = values, key

    def on_epoch_end(self, epoch, logs=None):
        logs[self.key] = self.values[epoch]


def test_early_stopping_patience_and_restore_best_weights():
    model = _model()
    x, y = _data()
    seen = []
    recorder = callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: seen.append(model.get_weights()[0].copy())
    )
    stopper = callbacks.EarlyStopping(patience=2, restore_best_weights=True)
    history = model.fit(
        x,
        y,
        epochs=10,
        verbose=0,
        callbacks=[ScriptedLoss([1.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1, 1, 1]), recorder, stopper],
    )
    assert len(history.history["loss"]) == 4  # best at epoch 1, stops after 2 more
    assert stopper.stopped_epoch == 3 and stopper.best_epoch == 1
    np.testing.assert_allclose(model.get_weights()[0], seen[1])


def test_early_stopping_start_from_epoch_and_baseline():
    model = _model()
    x, y = _data()
    stopper = callbacks.EarlyStopping(patience=0, start_from_epoch=2)
    history = model.fit(
        x, y, epochs=6, verbose=0, callbacks=[ScriptedLoss([5, 6, 1.0, 2.0, 3.0, 4.0]), stopper]
    )
    assert len(history.history["loss"]) == 4
    baseline = callbacks.EarlyStopping(patience=1, baseline=0.1)
    history = _model().fit(x, y, epochs=6, verbose=0, callbacks=[ScriptedLoss([1.0] * 6), baseline])
    assert len(history.history["loss"]) == 2


def test_early_stopping_mode_auto():
    assert callbacks.EarlyStopping(monitor="val_accuracy").mode == "max"
    assert callbacks.EarlyStopping(monitor="val_loss").mode == "min"
    with pytest.raises(ValueError, match="mode"):
        callbacks.EarlyStopping(mode="sideways")


def test_reduce_lr_on_plateau_lowers_the_rate_without_recompiling():
    model = _model(lr=0.1)
    x, y = _data()
    reducer = callbacks.ReduceLROnPlateau(factor=0.5, patience=1, min_lr=0.02)
    history = model.fit(
        x, y, epochs=5, verbose=0, callbacks=[ScriptedLoss([1.0, 1.0, 1.0, 1.0, 1.0]), reducer]
    )
    np.testing.assert_allclose(
        history.history["learning_rate"], [0.1, 0.1, 0.05, 0.025, 0.02], rtol=1e-6
    )
    assert float(model.optimizer.learning_rate) == pytest.approx(0.02)


def test_learning_rate_scheduler_takes_effect_in_the_jitted_step():
    model = _model(lr=0.1)
    x, y = _data()
    scheduler = callbacks.LearningRateScheduler(lambda epoch, lr: 0.0 if epoch >= 1 else lr)
    weights = []
    model.fit(
        x,
        y,
        epochs=3,
        verbose=0,
        callbacks=[
            scheduler,
            callbacks.LambdaCallback(
                on_epoch_end=lambda e, logs: weights.append(model.get_weights()[0].copy())
            ),
        ],
    )
    np.testing.assert_allclose(weights[1], weights[2])
    history = model.history.history
    np.testing.assert_allclose(history["learning_rate"], [0.1, 0.0, 0.0], rtol=1e-6)


def test_csv_logger_writes_a_row_per_epoch_and_appends(tmp_path):
    path = tmp_path / "log.csv"
    model = _model()
    x, y = _data()
    model.fit(
        x, y, epochs=2, verbose=0, validation_data=(x, y), callbacks=[callbacks.CSVLogger(path)]
    )
    model.fit(
        x,
        y,
        epochs=1,
        verbose=0,
        validation_data=(x, y),
        callbacks=[callbacks.CSVLogger(path, append=True)],
    )
    rows = list(csv.DictReader(path.open()))
    assert [r["epoch"] for r in rows] == ["0", "1", "0"]
    assert set(rows[0]) == {"epoch", "loss", "val_loss"}
    assert math.isfinite(float(rows[2]["val_loss"]))


def test_terminate_on_nan_stops_at_the_first_bad_batch():
    model = _model(lr=1e6)
    x, y = _data()
    x = x * 1e6
    terminator = callbacks.TerminateOnNaN()
    seen = []
    history = model.fit(
        x,
        y,
        epochs=5,
        batch_size=4,
        verbose=0,
        callbacks=[
            callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: seen.append(b)),
            terminator,
        ],
    )
    assert len(history.history["loss"]) == 1
    assert len(seen) < 4


def test_tensorboard_writes_scalar_events(tmp_path):
    pytest.importorskip("tensorboard")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    model = _model()
    x, y = _data()
    model.fit(
        x,
        y,
        epochs=2,
        verbose=0,
        validation_data=(x, y),
        callbacks=[callbacks.TensorBoard(log_dir=tmp_path, update_freq="batch")],
    )
    train = EventAccumulator(str(tmp_path / "train"))
    train.Reload()
    assert {"epoch_loss", "batch_loss"} <= set(train.Tags()["scalars"])
    assert [e.step for e in train.Scalars("epoch_loss")] == [0, 1]
    validation = EventAccumulator(str(tmp_path / "validation"))
    validation.Reload()
    assert "epoch_loss" in validation.Tags()["scalars"]


def test_tensorboard_refuses_unsupported_options(tmp_path):
    with pytest.raises(ValueError, match="histogram_freq"):
        callbacks.TensorBoard(log_dir=tmp_path, histogram_freq=1)
