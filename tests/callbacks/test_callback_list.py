"""CallbackList: order, one shared logs dict, defaults appended last, batch-hook detection."""

import numpy as np
import pytest

from lamina.callbacks import Callback, CallbackList, History, LambdaCallback, ProgbarLogger


class FakeModel:
    def __init__(self):
        self.syncs = 0

    def _sync_variables(self):
        self.syncs += 1


class Recorder(Callback):
    def __init__(self, name, calls, write=None):
        super().__init__()
        self.name, self.calls, self.write = name, calls, write

    def on_epoch_end(self, epoch, logs=None):
        self.calls.append((self.name, "epoch_end", epoch, dict(logs)))
        if self.write:
            logs.update(self.write)

    def on_train_batch_end(self, batch, logs=None):
        self.calls.append((self.name, "batch_end", batch, id(logs)))
        if self.write:
            logs.update(self.write)


def test_callbacks_run_in_order_and_share_one_logs_dict():
    calls = []
    first = Recorder("first", calls, write={"x": 1.5})
    second = Recorder("second", calls)
    callbacks = CallbackList([first, second], add_history=True, epochs=1, steps=1, verbose=0)
    logs = {"loss": 0.5}
    callbacks.on_epoch_end(0, logs)
    assert calls == [
        ("first", "epoch_end", 0, {"loss": 0.5}),
        ("second", "epoch_end", 0, {"loss": 0.5, "x": 1.5}),
    ]
    assert logs == {"loss": 0.5, "x": 1.5}  # the caller's dict itself, not a copy
    history = callbacks.callbacks[-1]
    assert isinstance(history, History)
    assert history.history == {"loss": [0.5], "x": [1.5]}


def test_batch_logs_none_gives_one_fresh_dict_shared_by_all():
    calls = []
    callbacks = CallbackList([Recorder("a", calls, write={"y": 2.0}), Recorder("b", calls)])
    callbacks.on_train_batch_end(4)
    assert calls[0][3] == calls[1][3]
    assert calls[0][:3] == ("a", "batch_end", 4)


def test_defaults_are_appended_last_in_keras_order():
    user = Callback()
    callbacks = CallbackList([user], add_history=True, add_progbar=True, verbose=0, epochs=1)
    kinds = [type(cb) for cb in callbacks.callbacks]
    assert kinds == [Callback, History, ProgbarLogger]


def test_defaults_not_duplicated_when_given():
    history, progbar = History(), ProgbarLogger()
    callbacks = CallbackList([progbar, history], add_history=True, add_progbar=True)
    assert callbacks.callbacks == [progbar, history]


def test_nested_lists_are_flattened_and_params_model_propagate():
    model = FakeModel()
    a, b = Callback(), Callback()
    callbacks = CallbackList([a, [b]], add_history=True, model=model, epochs=2, steps=3, verbose=0)
    assert callbacks.callbacks[:2] == [a, b]
    for cb in callbacks.callbacks:
        assert cb._model is model
        assert cb.params == {"epochs": 2, "steps": 3, "verbose": 0}
    assert model.history is callbacks.callbacks[-1]
    assert model.syncs == 0  # wiring the model never syncs
    assert callbacks.model is model
    assert model.syncs == 1


def test_all_hooks_forwarded_in_order():
    seen = []

    class Spy(Callback):
        def __init__(self, tag):
            super().__init__()
            self.tag = tag

        def __getattribute__(self, name):
            attr = super().__getattribute__(name)
            if name.startswith("on_"):
                tag = super().__getattribute__("tag")

                def spy(*args, **kwargs):
                    seen.append((tag, name))
                    return attr(*args, **kwargs)

                return spy
            return attr

    callbacks = CallbackList([Spy(1), Spy(2)])
    callbacks.on_train_begin()
    callbacks.on_epoch_begin(0)
    callbacks.on_train_batch_begin(0)
    callbacks.on_train_batch_end(0, {"loss": 1.0})
    callbacks.on_test_begin()
    callbacks.on_test_batch_begin(0)
    callbacks.on_test_batch_end(0)
    callbacks.on_test_end({"loss": 1.0})
    callbacks.on_epoch_end(0, {"loss": 1.0})
    callbacks.on_train_end()
    callbacks.on_predict_begin()
    callbacks.on_predict_batch_begin(0)
    callbacks.on_predict_batch_end(0)
    callbacks.on_predict_end()
    # (the base train-batch hooks also forward to the legacy on_batch_* aliases)
    names = [name for tag, name in seen if tag == 1 and not name.startswith("on_batch")]
    assert names == [
        "on_train_begin",
        "on_epoch_begin",
        "on_train_batch_begin",
        "on_train_batch_end",
        "on_test_begin",
        "on_test_batch_begin",
        "on_test_batch_end",
        "on_test_end",
        "on_epoch_end",
        "on_train_end",
        "on_predict_begin",
        "on_predict_batch_begin",
        "on_predict_batch_end",
        "on_predict_end",
    ]
    assert [tag for tag, _ in seen[:2]] == [1, 2]


def test_has_batch_hooks_detection():
    class EpochOnly(Callback):
        def on_epoch_end(self, epoch, logs=None):
            pass

    class TestBatch(Callback):
        def on_test_batch_end(self, batch, logs=None):
            pass

    class LegacyAlias(Callback):
        def on_batch_end(self, batch, logs=None):
            pass

    plain = CallbackList([EpochOnly()], add_history=True)
    assert not any(plain.has_batch_hooks(m) for m in ("train", "test", "predict"))

    test_only = CallbackList([TestBatch()])
    assert test_only.has_batch_hooks("test")
    assert not test_only.has_batch_hooks("train")
    assert not test_only.has_batch_hooks("predict")

    assert CallbackList([LegacyAlias()]).has_batch_hooks("train")
    lam = CallbackList([LambdaCallback(on_train_batch_begin=lambda batch, logs: None)])
    assert lam.has_batch_hooks("train") and not lam.has_batch_hooks("test")
    assert not CallbackList([LambdaCallback(on_epoch_end=print)]).has_batch_hooks("train")

    progbar = CallbackList([], add_progbar=True, verbose=0, epochs=1)
    assert all(progbar.has_batch_hooks(m) for m in ("train", "test", "predict"))

    nested = CallbackList([CallbackList([TestBatch()])])
    assert nested.has_batch_hooks("test") and not nested.has_batch_hooks("train")


def test_has_batch_hooks_follows_list_changes_and_rejects_bad_mode():
    callbacks = CallbackList([Callback()])
    assert not callbacks.has_batch_hooks("predict")
    callbacks.append(LambdaCallback(on_predict_batch_end=lambda batch, logs: None))
    assert callbacks.has_batch_hooks("predict")
    with pytest.raises(ValueError, match="Unknown callback mode"):
        callbacks.has_batch_hooks("eval")


def test_rejects_classes_and_non_callbacks():
    with pytest.raises(TypeError, match=r"Pass History\(\) instead"):
        CallbackList([History])
    with pytest.raises(TypeError, match="not a callback"):
        CallbackList([lambda: None])


def test_batch_values_pass_through_unconverted():
    received = []
    value = np.float32(0.25)
    cb = LambdaCallback(on_train_batch_end=lambda batch, logs: received.append(logs["loss"]))
    CallbackList([cb]).on_train_batch_end(0, {"loss": value})
    assert received[0] is value
