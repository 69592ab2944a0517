"""``CallbackList``: calls a list of callbacks in order with one shared ``logs`` dict."""

import inspect

from lamina._registry import register_builtin
from lamina.callbacks.callback import Callback, batch_hook_names, overrides_hook
from lamina.callbacks.history import History
from lamina.callbacks.progbar_logger import ProgbarLogger

_REQUIRED = ("set_model", "set_params", "on_epoch_end", "on_train_batch_end")


def _flatten(callbacks):
    if callbacks is None:
        return []
    if isinstance(callbacks, (list, tuple)):
        return [cb for item in callbacks for cb in _flatten(item)]
    return [callbacks]


def _check(callback):
    if inspect.isclass(callback):
        raise TypeError(
            f"CallbackList: received the class {callback.__name__}, expected an instance. "
            f"Pass {callback.__name__}() instead."
        )
    missing = [name for name in _REQUIRED if not callable(getattr(callback, name, None))]
    if missing:
        raise TypeError(
            f"CallbackList: {callback!r} of type {type(callback).__name__} is not a callback "
            f"(it has no {', '.join(missing)}). Pass instances of lamina.callbacks.Callback "
            "subclasses."
        )
    return callback


@register_builtin
class CallbackList(Callback):
    """Holds callbacks and forwards every hook to each of them, in order.

    User callbacks run in the order given; ``History`` (``add_history=True``) and
    ``ProgbarLogger`` (``add_progbar=True``) are appended last unless already present,
    so whatever a user callback writes into ``logs`` is recorded and displayed. All
    callbacks receive the *same* ``logs`` dict for an event (a fresh one when the caller
    passes ``None``); it is not copied or converted, so batch values stay device scalars
    until a callback asks for ``float(v)``.

    ``has_batch_hooks(mode)`` says whether any callback overrides the batch hooks of
    ``"train"``, ``"test"`` or ``"predict"``; when none does, the trainer skips them.

    >>> from lamina.callbacks.lambda_callback import LambdaCallback
    >>> tag = LambdaCallback(on_epoch_end=lambda epoch, logs: logs.update(lr=0.1))
    >>> callbacks = CallbackList([tag], add_history=True, epochs=1, steps=2, verbose=0)
    >>> callbacks.has_batch_hooks("train")
    False
    >>> callbacks.on_train_begin()
    >>> callbacks.on_epoch_end(0, {"loss": 0.5})
    >>> callbacks.callbacks[-1].history
    {'loss': [0.5], 'lr': [0.1]}
    """

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None, **params):
        super().__init__()
        self.callbacks = [_check(cb) for cb in _flatten(callbacks)]
        self._history = next((cb for cb in self.callbacks if isinstance(cb, History)), None)
        self._progbar = next((cb for cb in self.callbacks if isinstance(cb, ProgbarLogger)), None)
        if add_history and self._history is None:
            self._history = History()
            self.callbacks.append(self._history)
        if add_progbar and self._progbar is None:
            self._progbar = ProgbarLogger()
            self.callbacks.append(self._progbar)
        self._hook_cache = {}
        self._hook_cache_key = None
        self.set_model(model)
        self.set_params(params)

    def append(self, callback):
        """Add a callback at the end of the list."""
        self.callbacks.append(_check(callback))
        if self._model is not None:
            callback.set_model(self._model)
        if self.params:
            callback.set_params(self.params)

    def set_params(self, params):
        self.params = params
        if params:
            for callback in self.callbacks:
                callback.set_params(params)

    def set_model(self, model):
        if model is None:
            return
        super().set_model(model)
        if self._history is not None:
            model.history = self._history
        for callback in self.callbacks:
            callback.set_model(model)

    def has_batch_hooks(self, mode):
        """Whether any callback overrides a batch hook of ``mode`` (train/test/predict).

        Computed once per set of callbacks (recomputed if the list changes).
        """
        names = batch_hook_names(mode)
        key = tuple(id(cb) for cb in self.callbacks)
        if key != self._hook_cache_key:
            self._hook_cache, self._hook_cache_key = {}, key
        if mode not in self._hook_cache:
            self._hook_cache[mode] = any(
                cb.has_batch_hooks(mode)
                if isinstance(cb, CallbackList)
                else any(overrides_hook(cb, name) for name in names)
                for cb in self.callbacks
            )
        return self._hook_cache[mode]

    def _each(self, hook, *args, **kwargs):
        for callback in self.callbacks:
            getattr(callback, hook)(*args, **kwargs)

    # Keras calls epoch/begin/end hooks with positional logs, batch hooks with logs=.
    def on_train_begin(self, logs=None):
        self._each("on_train_begin", {} if logs is None else logs)

    def on_train_end(self, logs=None):
        self._each("on_train_end", {} if logs is None else logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._each("on_epoch_begin", epoch, {} if logs is None else logs)

    def on_epoch_end(self, epoch, logs=None):
        self._each("on_epoch_end", epoch, {} if logs is None else logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._each("on_train_batch_begin", batch, logs={} if logs is None else logs)

    def on_train_batch_end(self, batch, logs=None):
        self._each("on_train_batch_end", batch, logs={} if logs is None else logs)

    def on_batch_begin(self, batch, logs=None):
        self._each("on_batch_begin", batch, logs={} if logs is None else logs)

    def on_batch_end(self, batch, logs=None):
        self._each("on_batch_end", batch, logs={} if logs is None else logs)

    def on_test_begin(self, logs=None):
        self._each("on_test_begin", {} if logs is None else logs)

    def on_test_end(self, logs=None):
        self._each("on_test_end", {} if logs is None else logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._each("on_test_batch_begin", batch, logs={} if logs is None else logs)

    def on_test_batch_end(self, batch, logs=None):
        self._each("on_test_batch_end", batch, logs={} if logs is None else logs)

    def on_predict_begin(self, logs=None):
        self._each("on_predict_begin", {} if logs is None else logs)

    def on_predict_end(self, logs=None):
        self._each("on_predict_end", {} if logs is None else logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._each("on_predict_batch_begin", batch, logs={} if logs is None else logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._each("on_predict_batch_end", batch, logs={} if logs is None else logs)
