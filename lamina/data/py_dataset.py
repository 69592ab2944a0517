"""``PyDataset``: a Python sequence of batches, optionally loaded by worker threads/processes.

Subclass it, implement ``__len__`` (number of batches) and ``__getitem__(index)`` (one
batch: ``x``, ``(x, y)`` or ``(x, y, sample_weight)``), and pass it to ``fit``.

>>> import numpy as np
>>> class Squares(PyDataset):
...     def __len__(self):
...         return 3
...     def __getitem__(self, index):
...         x = np.full((2, 1), float(index), "float32")
...         return x, x ** 2
>>> [float(x[0, 0]) for x, _ in Squares(workers=2).iterate()]
[0.0, 1.0, 2.0]
"""

import concurrent.futures
import multiprocessing
import pickle


class PyDataset:
    """Base class for batch sequences (Keras 3 ``PyDataset`` semantics).

    Args:
        workers: how many threads (or processes) load batches ahead of use.
        use_multiprocessing: load batches in processes instead of threads (the batches
            and the dataset must then be picklable).
        max_queue_size: how many batches may be loaded ahead.
    """

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self._workers = max(1, int(workers))
        self._use_multiprocessing = bool(use_multiprocessing)
        self._max_queue_size = max(1, int(max_queue_size))

    @property
    def workers(self) -> int:
        return self._workers

    @property
    def use_multiprocessing(self) -> bool:
        return self._use_multiprocessing

    @property
    def max_queue_size(self) -> int:
        return self._max_queue_size

    def __len__(self):
        raise NotImplementedError(f"{type(self).__name__} must implement __len__().")

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__(index).")

    @property
    def num_batches(self):
        return len(self)

    def on_epoch_begin(self):
        """Called before each epoch (override to reshuffle, for example)."""

    def on_epoch_end(self):
        """Called after each epoch."""

    def iterate(self):
        """Yield the batches in order, loading up to ``max_queue_size`` ahead."""
        count = len(self)
        if self._workers == 1 and not self._use_multiprocessing:
            for index in range(count):
                yield self[index]
            return
        if self._use_multiprocessing:
            self._check_picklable()
            executor = concurrent.futures.ProcessPoolExecutor(
                self._workers, mp_context=multiprocessing.get_context("spawn")
            )
        else:
            executor = concurrent.futures.ThreadPoolExecutor(self._workers)
        with executor:
            pending = {}
            next_to_submit = 0
            for index in range(count):
                while next_to_submit < count and len(pending) < self._max_queue_size:
                    pending[next_to_submit] = executor.submit(_get_item, self, next_to_submit)
                    next_to_submit += 1
                yield pending.pop(index).result()

    def _check_picklable(self):
        """Worker processes receive the dataset pickled: say so clearly when it is not."""
        try:
            pickle.dumps(self)
        except (pickle.PicklingError, AttributeError, TypeError) as error:
            raise TypeError(
                f"{type(self).__name__} is a PyDataset with use_multiprocessing=True, so it "
                f"is sent to worker processes with pickle, which failed: {error}. Define the "
                "class at the top level of an importable module (not inside a function) and "
                "keep only picklable attributes (arrays, paths, numbers), or pass "
                "use_multiprocessing=False to load batches in threads."
            ) from error


def _get_item(dataset, index):
    return dataset[index]
