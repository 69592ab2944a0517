"""``ProgbarLogger``: epoch headers and progress bars for ``fit``, ``evaluate``, ``predict``."""

from lamina._registry import register_builtin
from lamina.callbacks.callback import Callback
from lamina.callbacks.progbar import Progbar
from lamina.utils.io_utils import print_msg


@register_builtin
class ProgbarLogger(Callback):
    """Prints ``Epoch i/N`` headers and a progress bar with the current logs.

    ``fit`` appends it after every other callback, so values written into ``logs`` by
    user callbacks are displayed. It reads ``params``: ``verbose`` (0 silent, 1 bar,
    2 one line per epoch), ``epochs`` and ``steps`` (steps per epoch, ``None`` when the
    data has no known length: the bar then shows ``n/Unknown`` and learns the length
    from the first epoch).

    On a terminal, ``verbose=1`` redraws the bar in place, throttled, so batch values
    are converted to numbers (a device sync) only when a line is drawn. When stdout is
    not a terminal, it writes exactly one line per epoch with the epoch's final values.
    Validation inside ``fit`` is silent; its ``val_*`` values show on the epoch line.

    Keras 3 takes no argument here; ``count_mode="steps"`` is accepted for tf.keras
    code. ``"samples"`` is not supported: the loop reports progress in steps.

    >>> logger = ProgbarLogger()
    >>> logger.set_params({"verbose": 2, "epochs": 2, "steps": 3})
    >>> logger.on_epoch_begin(0)
    Epoch 1/2
    >>> for batch in range(3):
    ...     logger.on_train_batch_end(batch, {"loss": 0.5})
    >>> logger.on_epoch_end(0, {"loss": 0.25})  # doctest: +ELLIPSIS
    3/3 - 0s - ...s/step - loss: 0.2500
    """

    def __init__(self, count_mode="steps"):
        if count_mode != "steps":
            raise ValueError(
                f"ProgbarLogger: count_mode={count_mode!r} is not supported; lamina's "
                "training loop reports progress in steps. Use count_mode='steps' (the "
                "default)."
            )
        super().__init__()
        self.count_mode = count_mode
        self.seen = 0
        self.progbar = None
        self.target = None
        self.verbose = 1
        self.epochs = 1
        self._called_in_fit = False

    def set_params(self, params):
        super().set_params(params)
        params = params or {}
        verbose = params.get("verbose", 1)
        if verbose == "auto":
            verbose = 1
        if verbose not in (0, 1, 2):
            raise ValueError(
                f"ProgbarLogger: params['verbose'] must be 0, 1, 2 or 'auto', received {verbose!r}."
            )
        self.verbose = int(verbose)
        self.epochs = params.get("epochs") or 1
        self.target = params.get("steps")

    # fit
    def on_train_begin(self, logs=None):
        self._called_in_fit = True  # validation inside fit stays silent

    def on_train_end(self, logs=None):
        self._called_in_fit = False

    def on_epoch_begin(self, epoch, logs=None):
        self._start_bar()
        if self.verbose and self.epochs > 1:
            print_msg(f"Epoch {epoch + 1}/{self.epochs}")

    def on_train_batch_end(self, batch, logs=None):
        self._update(batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._finalize(logs)

    # evaluate
    def on_test_begin(self, logs=None):
        if not self._called_in_fit:
            self._start_bar()

    def on_test_batch_end(self, batch, logs=None):
        if not self._called_in_fit:
            self._update(batch, logs)

    def on_test_end(self, logs=None):
        if not self._called_in_fit:
            self._finalize(logs)

    # predict
    def on_predict_begin(self, logs=None):
        self._start_bar()

    def on_predict_batch_end(self, batch, logs=None):
        self._update(batch, None)  # predictions are not metrics: show none

    def on_predict_end(self, logs=None):
        self._finalize(logs)

    def _start_bar(self):
        self.seen = 0
        self.progbar = None
        if self.verbose:
            self.progbar = Progbar(
                target=self.target, verbose=self.verbose, stateless_metrics=(), unit_name="step"
            )

    def _update(self, batch, logs):
        if not self.verbose:
            return
        if self.progbar is None:
            self._start_bar()
        self.seen = batch + 1
        # Only a bar that redraws mid-epoch needs the batch values.
        redraws = self.verbose == 1 and self.progbar._dynamic_display
        values = sorted(logs.items()) if (redraws and logs) else None
        self.progbar.update(self.seen, values, finalize=False)

    def _finalize(self, logs):
        if not self.verbose:
            return
        if self.progbar is None:
            self._start_bar()
        if self.target is None:  # unknown length: learn it from this epoch
            self.target = self.seen
            self.progbar.target = self.seen
        current = self.seen or self.progbar.target or 0
        self.progbar.update(current, sorted((logs or {}).items()), finalize=True)
