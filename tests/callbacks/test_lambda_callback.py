"""LambdaCallback: functions become hooks, typos are errors."""

import pytest

from lamina.callbacks import CallbackList, LambdaCallback


def test_lambda_callback_calls_given_functions_with_keras_signatures():
    calls = []
    cb = LambdaCallback(
        on_train_begin=lambda logs: calls.append("train_begin"),
        on_epoch_begin=lambda epoch, logs: calls.append(("epoch_begin", epoch)),
        on_train_batch_end=lambda batch, logs: calls.append(("batch_end", batch, logs["loss"])),
        on_epoch_end=lambda epoch, logs: calls.append(("epoch_end", epoch, logs["loss"])),
        on_train_end=lambda logs: calls.append("train_end"),
        on_test_end=lambda logs: calls.append(("test_end", logs["loss"])),
    )
    callbacks = CallbackList([cb])
    callbacks.on_train_begin()
    callbacks.on_epoch_begin(0)
    callbacks.on_train_batch_begin(0)
    callbacks.on_train_batch_end(0, {"loss": 2.0})
    callbacks.on_test_end({"loss": 3.0})
    callbacks.on_epoch_end(0, {"loss": 1.0})
    callbacks.on_train_end()
    assert calls == [
        "train_begin",
        ("epoch_begin", 0),
        ("batch_end", 0, 2.0),
        ("test_end", 3.0),
        ("epoch_end", 0, 1.0),
        "train_end",
    ]


def test_unset_hooks_stay_default():
    cb = LambdaCallback(on_epoch_end=lambda epoch, logs: None)
    assert not CallbackList([cb]).has_batch_hooks("train")
    assert cb.on_train_begin() is None


def test_lambda_callback_rejects_unknown_hooks_and_non_callables():
    with pytest.raises(TypeError, match="unknown hook 'on_epoch_ends'"):
        LambdaCallback(on_epoch_ends=lambda epoch, logs: None)
    with pytest.raises(TypeError, match="on_epoch_end must be a function"):
        LambdaCallback(on_epoch_end=3)
