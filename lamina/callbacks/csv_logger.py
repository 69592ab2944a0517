"""``CSVLogger``: one CSV row of epoch logs per epoch."""

import csv
import os

from lamina._registry import register_builtin
from lamina.callbacks.callback import Callback


@register_builtin
class CSVLogger(Callback):
    """Write ``epoch`` and every log value to ``filename`` after each epoch.

    ``append=True`` continues an existing file (for resumed training).
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = append
        self.keys = None
        self._file = None
        self._writer = None

    def on_train_begin(self, logs=None):
        existing = (
            self.append and os.path.exists(self.filename) and os.path.getsize(self.filename) > 0
        )
        self._file = open(self.filename, "a" if self.append else "w", newline="")  # noqa: SIM115
        self._header_written = existing
        if existing:
            with open(self.filename, newline="") as handle:
                header = next(csv.reader(handle, delimiter=self.sep), None)
            self.keys = header[1:] if header else None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
        if self._writer is None:
            self._writer = csv.DictWriter(
                self._file,
                fieldnames=["epoch", *self.keys],
                delimiter=self.sep,
                extrasaction="ignore",
            )
            if not self._header_written:
                self._writer.writeheader()
        row = {"epoch": epoch}
        row.update({key: logs.get(key, "NA") for key in self.keys})
        self._writer.writerow(row)
        self._file.flush()

    def on_train_end(self, logs=None):
        if self._file is not None:
            self._file.close()
        self._file = None
        self._writer = None
