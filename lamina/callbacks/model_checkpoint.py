"""``ModelCheckpoint``: save the model (or its weights) during training.

Files are written atomically by ``lamina.saving``: a crash during a save leaves the
previous checkpoint loadable.
"""

import os

from lamina._registry import register_builtin
from lamina.callbacks.callback import Callback
from lamina.callbacks.monitoring import improved, monitored_value, resolve_mode


@register_builtin
class ModelCheckpoint(Callback):
    """Save to ``filepath`` (formatted with ``epoch`` and the logs) every epoch or N batches.

    ``filepath`` ends in ``.keras`` (whole model) or, with ``save_weights_only=True``, in
    ``.weights.safetensors`` / ``.weights.h5``. ``save_best_only`` keeps only the best
    value of ``monitor``.

    >>> ModelCheckpoint("model.keras", monitor="val_accuracy").mode
    'max'
    """

    def __init__(
        self,
        filepath,
        monitor="val_loss",
        verbose=0,
        save_best_only=False,
        save_weights_only=False,
        mode="auto",
        save_freq="epoch",
        initial_value_threshold=None,
    ):
        super().__init__()
        self.filepath = os.fspath(filepath)
        if save_weights_only:
            if not self.filepath.endswith((".weights.safetensors", ".weights.h5")):
                raise ValueError(
                    "ModelCheckpoint: with save_weights_only=True the filepath must end in "
                    f"'.weights.safetensors' or '.weights.h5', received {self.filepath!r}."
                )
        elif not self.filepath.endswith(".keras"):
            raise ValueError(
                "ModelCheckpoint: the filepath must end in '.keras' (or pass "
                f"save_weights_only=True with a '.weights.safetensors' path), received "
                f"{self.filepath!r}."
            )
        if save_freq != "epoch" and not (isinstance(save_freq, int) and save_freq > 0):
            raise ValueError(
                f"ModelCheckpoint: save_freq must be 'epoch' or a positive int, received "
                f"{save_freq!r}."
            )
        self.monitor = monitor
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.mode = resolve_mode("ModelCheckpoint", monitor, mode)
        self.save_freq = save_freq
        self.best = initial_value_threshold
        self._batches_seen = 0
        self._current_epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        self._batches_seen += 1
        if self._batches_seen % self.save_freq == 0:
            self._save(
                self._current_epoch, {k: float(v) for k, v in (logs or {}).items()}, batch=batch
            )

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save(epoch, logs or {})

    def _save(self, epoch, logs, batch=None):
        if self.save_best_only:
            current = monitored_value("ModelCheckpoint", self.monitor, logs)
            if current is None or not improved(current, self.best, self.mode, 0):
                return
            if self.verbose > 0:
                print(
                    f"Epoch {epoch + 1}: {self.monitor} improved from {self.best} to "
                    f"{current}, saving model to {self.filepath}"
                )
            self.best = current
        path = self._format(epoch, logs, batch)
        directory = os.path.dirname(path)
        if directory:
            os.makedirs(directory, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(path, overwrite=True)
        else:
            self.model.save(path, overwrite=True)

    def _format(self, epoch, logs, batch):
        try:
            return self.filepath.format(epoch=epoch + 1, batch=batch, **logs)
        except KeyError as error:
            raise KeyError(
                f"ModelCheckpoint: the filepath {self.filepath!r} uses {error}, which is not in "
                f"the logs (available: epoch, batch, {sorted(logs)})."
            ) from None
