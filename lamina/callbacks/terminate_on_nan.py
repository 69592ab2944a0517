"""``TerminateOnNaN``: stop training as soon as the loss is NaN or infinite.

Reading the loss after every batch forces a device sync each step; that is the price
of stopping at the first bad batch.
"""

import math

from lamina._registry import register_builtin
from lamina.callbacks.callback import Callback


@register_builtin
class TerminateOnNaN(Callback):
    """Set ``model.stop_training`` when a batch's loss is NaN or Inf."""

    def on_train_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        loss = float(loss)
        if math.isnan(loss) or math.isinf(loss):
            print(f"Batch {batch}: invalid loss {loss}, terminating training")
            self.model.stop_training = True
