"""``TensorBoard``: scalar logs as TensorBoard event files.

The event writer comes from the optional ``tensorboard`` package (``pip install
"lamina[tensorboard]"``); no TensorFlow is needed. Epoch scalars are written as
``epoch_<name>`` under ``log_dir/train`` and ``log_dir/validation`` (``val_`` values),
and with ``update_freq="batch"`` or an int, batch scalars as ``batch_<name>``.
"""

import os
import time

from lamina._registry import register_builtin
from lamina.callbacks.callback import Callback

_UNSUPPORTED = {
    "histogram_freq": 0,
    "write_images": False,
    "profile_batch": 0,
    "embeddings_freq": 0,
    "embeddings_metadata": None,
}


def _writer(directory):
    try:
        from tensorboard.summary.writer.event_file_writer import EventFileWriter
    except ImportError:
        raise ImportError(
            "The TensorBoard callback needs the optional 'tensorboard' package: "
            "pip install tensorboard (or lamina[tensorboard])."
        ) from None
    os.makedirs(directory, exist_ok=True)
    return EventFileWriter(directory)


def _scalar_event(tag, value, step):
    from tensorboard.compat.proto.event_pb2 import Event
    from tensorboard.compat.proto.summary_pb2 import Summary

    summary = Summary(value=[Summary.Value(tag=tag, simple_value=float(value))])
    return Event(wall_time=time.time(), step=int(step), summary=summary)


@register_builtin
class TensorBoard(Callback):
    """Write loss and metric scalars for TensorBoard (scalars only)."""

    def __init__(
        self,
        log_dir="logs",
        histogram_freq=0,
        write_graph=True,
        write_images=False,
        write_steps_per_second=False,
        update_freq="epoch",
        profile_batch=0,
        embeddings_freq=0,
        embeddings_metadata=None,
    ):
        super().__init__()
        given = {
            "histogram_freq": histogram_freq,
            "write_images": write_images,
            "profile_batch": profile_batch,
            "embeddings_freq": embeddings_freq,
            "embeddings_metadata": embeddings_metadata,
        }
        unsupported = [k for k, v in given.items() if v != _UNSUPPORTED[k]]
        if unsupported:
            raise ValueError(
                f"TensorBoard: {unsupported} are not supported by lamina (scalars only); leave "
                "them at their defaults."
            )
        if update_freq not in ("epoch", "batch") and not isinstance(update_freq, int):
            raise ValueError(
                f"TensorBoard: update_freq must be 'epoch', 'batch' or an int, received "
                f"{update_freq!r}."
            )
        self.log_dir = os.fspath(log_dir)
        self.write_graph = write_graph
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self._writers = {}
        self._global_step = 0
        self._epoch_start = None

    def _write(self, which, tag, value, step):
        writer = self._writers.get(which)
        if writer is None:
            writer = self._writers[which] = _writer(os.path.join(self.log_dir, which))
        writer.add_event(_scalar_event(tag, value, step))

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = time.time()

    def on_train_batch_end(self, batch, logs=None):
        self._global_step += 1
        if self.update_freq == "epoch" or self._global_step % self.update_freq:
            return
        for name, value in (logs or {}).items():
            self._write("train", f"batch_{name}", value, self._global_step)

    def on_epoch_end(self, epoch, logs=None):
        for name, value in (logs or {}).items():
            if name.startswith("val_"):
                self._write("validation", f"epoch_{name[4:]}", value, epoch)
            else:
                self._write("train", f"epoch_{name}", value, epoch)
        if self.write_steps_per_second and self._epoch_start is not None:
            steps = (self.params or {}).get("steps") or 0
            elapsed = max(time.time() - self._epoch_start, 1e-9)
            self._write("train", "epoch_steps_per_second", steps / elapsed, epoch)
        for writer in self._writers.values():
            writer.flush()

    def on_train_end(self, logs=None):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}
