"""``LearningRateScheduler``: set the learning rate at each epoch from ``schedule(epoch, lr)``."""

from lamina._registry import register_builtin
from lamina.callbacks.callback import Callback


@register_builtin
class LearningRateScheduler(Callback):
    """Call ``schedule(epoch, current_lr)`` (or ``schedule(epoch)``) before each epoch.

    >>> LearningRateScheduler(lambda epoch, lr: lr * 0.9).verbose
    0
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        if not callable(schedule):
            raise TypeError(
                "LearningRateScheduler: schedule must be a function schedule(epoch, lr) -> "
                f"new_lr, received {type(schedule).__name__}."
            )
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        optimizer = self.model.optimizer
        current = float(optimizer.learning_rate)
        try:
            new_lr = self.schedule(epoch, current)
        except TypeError:  # schedule(epoch) form
            new_lr = self.schedule(epoch)
        try:
            new_lr = float(new_lr)
        except (TypeError, ValueError):
            raise ValueError(
                f"LearningRateScheduler: the schedule must return a number, returned {new_lr!r}."
            ) from None
        optimizer.learning_rate = new_lr
        if self.verbose > 0:
            print(f"Epoch {epoch + 1}: LearningRateScheduler setting learning rate to {new_lr}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = float(self.model.optimizer.learning_rate)
