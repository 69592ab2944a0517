"""``BackupAndRestore``: resume an interrupted ``fit`` exactly where it stopped.

At the end of each epoch (or every ``save_freq`` batches) the model's weights,
optimizer state (slots, iteration count, learning rate) and the trainer's position
(epoch, shuffle seed) are written atomically to ``backup_dir``. A new ``fit`` with the
same callback restores them and continues with the next epoch: each epoch's shuffle
order derives from the saved seed, so the resumed run sees the same batches and ends
with the same weights as an uninterrupted one. The backup is deleted when training
completes (``delete_checkpoint=True``).
"""

import json
import os

from lamina._registry import register_builtin
from lamina.callbacks.callback import Callback

_STATE = "backup_state.json"  # the commit point: names the weights file of the last epoch


@register_builtin
class BackupAndRestore(Callback):
    """Back up training state to ``backup_dir``; restore it when ``fit`` starts again.

    >>> BackupAndRestore("/tmp/backup").save_freq
    'epoch'
    """

    def __init__(
        self, backup_dir, save_freq="epoch", double_checkpoint=False, delete_checkpoint=True
    ):
        super().__init__()
        if not backup_dir:
            raise ValueError("BackupAndRestore: backup_dir must be a directory path.")
        if save_freq != "epoch":
            raise ValueError(
                "BackupAndRestore: lamina backs up at epoch boundaries only (save_freq='epoch'), "
                "where the resumed run can replay the remaining epochs exactly; received "
                f"save_freq={save_freq!r}."
            )
        if double_checkpoint:
            raise ValueError(
                "BackupAndRestore: double_checkpoint is not needed in lamina: every backup is "
                "written atomically (temporary file, fsync, rename), so the previous one "
                "survives a crash. Leave it False."
            )
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.delete_checkpoint = delete_checkpoint
        self._completed = False

    def _weights_path(self, epoch):
        return os.path.join(self.backup_dir, f"epoch-{epoch}.weights.safetensors")

    @property
    def _state_path(self):
        return os.path.join(self.backup_dir, _STATE)

    def on_train_begin(self, logs=None):
        self._completed = False
        if not os.path.exists(self._state_path):
            return
        with open(self._state_path) as handle:
            state = json.load(handle)
        model = self.model
        model.load_weights(os.path.join(self.backup_dir, state["weights"]))
        model._resume = {
            "epoch": int(state["epoch"]) + 1,
            "shuffle_seed": int(state["shuffle_seed"]),
        }

    def on_epoch_end(self, epoch, logs=None):
        model = self.model
        os.makedirs(self.backup_dir, exist_ok=True)
        weights = self._weights_path(epoch)
        model.save_weights(weights, overwrite=True)
        state = {
            "epoch": epoch,
            "shuffle_seed": model.shuffle_seed,
            "weights": os.path.basename(weights),
        }
        temporary = self._state_path + ".tmp"
        with open(temporary, "w") as handle:
            json.dump(state, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self._state_path)  # weights and position switch together
        self._remove_stale(keep=os.path.basename(weights))
        if epoch + 1 >= (self.params or {}).get("epochs", float("inf")):
            self._completed = True

    def _remove_stale(self, keep=None):
        for name in os.listdir(self.backup_dir):
            if name.endswith(".weights.safetensors") and name != keep:
                os.remove(os.path.join(self.backup_dir, name))

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and self._completed:
            self._remove_stale()
            if os.path.exists(self._state_path):
                os.remove(self._state_path)
