"""Callback base class: params, the syncing ``model`` property, hook defaults."""

import pytest

from lamina.callbacks import Callback
from lamina.callbacks.callback import HOOK_NAMES, batch_hook_names, overrides_hook


class FakeModel:
    def __init__(self):
        self.syncs = 0

    def _sync_variables(self):
        self.syncs += 1


def test_model_property_syncs_variables_on_read():
    model, cb = FakeModel(), Callback()
    cb.set_model(model)
    assert model.syncs == 0  # attaching does not sync
    assert cb.model is model
    assert model.syncs == 1
    cb.model  # noqa: B018 - each read syncs
    assert model.syncs == 2


def test_model_property_without_sync_method_and_without_model():
    cb = Callback()
    assert cb.model is None
    plain = object()
    cb.set_model(plain)
    assert cb.model is plain


def test_model_setter_and_params():
    cb, model = Callback(), FakeModel()
    cb.model = model
    assert cb._model is model
    cb.set_params({"epochs": 3, "steps": 2, "verbose": 0})
    assert cb.params == {"epochs": 3, "steps": 2, "verbose": 0}


def test_all_hooks_are_noops_by_default():
    cb = Callback()
    for name in HOOK_NAMES:
        hook = getattr(cb, name)
        if "batch" in name or "epoch" in name:
            assert hook(0, logs={}) is None
        else:
            assert hook(logs={}) is None


def test_train_batch_hooks_forward_to_legacy_aliases():
    calls = []

    class Legacy(Callback):
        def on_batch_begin(self, batch, logs=None):
            calls.append(("begin", batch))

        def on_batch_end(self, batch, logs=None):
            calls.append(("end", batch, logs["loss"]))

    cb = Legacy()
    cb.on_train_batch_begin(3)
    cb.on_train_batch_end(3, {"loss": 1.0})
    assert calls == [("begin", 3), ("end", 3, 1.0)]


def test_overrides_hook_class_and_instance_level():
    class OnEpoch(Callback):
        def on_epoch_end(self, epoch, logs=None):
            pass

    cb = OnEpoch()
    assert overrides_hook(cb, "on_epoch_end")
    assert not overrides_hook(cb, "on_train_batch_end")
    cb.on_train_batch_end = lambda batch, logs=None: None
    assert overrides_hook(cb, "on_train_batch_end")


def test_batch_hook_names_rejects_unknown_mode():
    assert "on_batch_end" in batch_hook_names("train")
    with pytest.raises(ValueError, match="'train', 'test', 'predict'"):
        batch_hook_names("validate")


def test_an_assignment_survives_reading_model_again_and_training_continues_from_it():
    import numpy as np

    import lamina

    class ZeroKernelThenRead(Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 0:
                kernel = self.model.layers[0].kernel
                kernel.assign(np.zeros(kernel.shape, "float32"))
                self.seen = self.model.layers[0].kernel.numpy().copy()  # a second read

    model = lamina.Sequential([lamina.Input((2,)), lamina.layers.Dense(1)])
    model.compile(optimizer=lamina.optimizers.SGD(0.0), loss="mse")  # lr 0: weights frozen
    callback = ZeroKernelThenRead()
    x, y = np.ones((4, 2), "float32"), np.ones((4, 1), "float32")
    model.fit(x, y, epochs=2, verbose=0, callbacks=[callback])
    np.testing.assert_array_equal(callback.seen, 0.0)
    np.testing.assert_array_equal(model.layers[0].kernel.numpy(), 0.0)
