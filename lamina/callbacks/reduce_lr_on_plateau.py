"""``ReduceLROnPlateau``: lower the learning rate when a monitored value plateaus.

The new rate is assigned to the optimizer's learning-rate Variable between steps, so
the jitted train step is not recompiled.
"""

from lamina._registry import register_builtin
from lamina.callbacks.callback import Callback
from lamina.callbacks.monitoring import improved, monitored_value, resolve_mode


@register_builtin
class ReduceLROnPlateau(Callback):
    """Multiply the learning rate by ``factor`` after ``patience`` epochs without progress.

    >>> ReduceLROnPlateau(factor=0.5, patience=2).factor
    0.5
    """

    def __init__(
        self,
        monitor="val_loss",
        factor=0.1,
        patience=10,
        verbose=0,
        mode="auto",
        min_delta=1e-4,
        cooldown=0,
        min_lr=0.0,
        **kwargs,
    ):
        super().__init__()
        if factor >= 1.0:
            raise ValueError(
                f"ReduceLROnPlateau: factor must be < 1 (it multiplies the learning rate), "
                f"received {factor}."
            )
        if kwargs:
            raise TypeError(f"ReduceLROnPlateau: unexpected argument(s) {sorted(kwargs)}.")
        self.monitor = monitor
        self.factor = float(factor)
        self.patience = int(patience)
        self.verbose = verbose
        self.mode = resolve_mode("ReduceLROnPlateau", monitor, mode)
        self.min_delta = min_delta
        self.cooldown = int(cooldown)
        self.min_lr = float(min_lr)
        self._reset()

    def _reset(self):
        self.best = None
        self.wait = 0
        self.cooldown_counter = 0

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        optimizer = self.model.optimizer
        logs["learning_rate"] = float(optimizer.learning_rate)
        current = monitored_value("ReduceLROnPlateau", self.monitor, logs)
        if current is None:
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if improved(current, self.best, self.mode, self.min_delta):
            self.best = current
            self.wait = 0
            return
        if self.cooldown_counter > 0:
            return
        self.wait += 1
        if self.wait >= self.patience:
            old_lr = float(optimizer.learning_rate)
            if old_lr > self.min_lr:
                new_lr = max(old_lr * self.factor, self.min_lr)
                optimizer.learning_rate = new_lr
                if self.verbose > 0:
                    print(
                        f"Epoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new_lr}."
                    )
                self.cooldown_counter = self.cooldown
                self.wait = 0
