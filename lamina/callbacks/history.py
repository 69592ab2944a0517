"""``History``: records epoch-level logs; ``fit`` returns it."""

from lamina._registry import register_builtin
from lamina.callbacks.callback import Callback


def _to_python(value):
    """Epoch values as Python floats where they are numbers (0-d arrays included)."""
    if isinstance(value, (str, bytes)):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


@register_builtin
class History(Callback):
    """Records every epoch's logs into ``self.history`` (name -> list of values).

    ``fit`` adds one automatically (last, after the user's callbacks, so values that
    user callbacks write into ``logs`` are recorded too) and returns it. As in Keras,
    ``on_train_begin`` clears ``self.epoch`` but keeps ``self.history``: a ``History``
    passed explicitly to several ``fit`` calls accumulates values across them.

    >>> history = History()
    >>> history.on_train_begin()
    >>> history.on_epoch_end(0, {"loss": 0.5})
    >>> history.on_epoch_end(1, {"loss": 0.25})
    >>> history.epoch, history.history
    ([0, 1], {'loss': [0.5, 0.25]})
    """

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(_to_python(value))
        # Plain attribute access: reading ``self.model`` would sync the device state.
        if self._model is not None:
            self._model.history = self
