"""History: per-epoch records, Keras reset semantics, no device sync."""

import numpy as np

from lamina.callbacks import CallbackList, History


class FakeModel:
    def __init__(self):
        self.syncs = 0

    def _sync_variables(self):
        self.syncs += 1


def test_history_records_epochs_and_values():
    model = FakeModel()
    history = History()
    history.set_model(model)
    history.on_train_begin()
    history.on_epoch_end(0, {"loss": 1.0, "val_loss": 2.0})
    history.on_epoch_end(1, {"loss": 0.5, "val_loss": 1.5})
    assert history.epoch == [0, 1]
    assert history.history == {"loss": [1.0, 0.5], "val_loss": [2.0, 1.5]}
    assert model.history is history
    assert model.syncs == 0


def test_on_train_begin_resets_epochs_but_keeps_history_like_keras():
    history = History()
    history.on_train_begin()
    history.on_epoch_end(0, {"loss": 1.0})
    history.on_train_begin()
    history.on_epoch_end(0, {"loss": 0.5})
    assert history.epoch == [0]
    assert history.history == {"loss": [1.0, 0.5]}


def test_history_converts_array_scalars_to_python_floats():
    history = History()
    history.on_train_begin()
    history.on_epoch_end(0, {"loss": np.float32(0.5), "acc": np.array(0.25), "note": "x"})
    assert history.history == {"loss": [0.5], "acc": [0.25], "note": ["x"]}
    assert type(history.history["loss"][0]) is float


def test_history_through_callback_list_without_logs():
    callbacks = CallbackList(add_history=True)
    callbacks.on_train_begin()
    callbacks.on_epoch_end(0)
    assert callbacks.callbacks[0].epoch == [0]
    assert callbacks.callbacks[0].history == {}
