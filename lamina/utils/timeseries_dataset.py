"""``timeseries_dataset_from_array``: sliding windows over an array, as batches for ``fit``.

Keras 3 returns a ``tf.data.Dataset`` (or a grain dataset). lamina has neither in its
core, so it returns a :class:`TimeseriesDataset`: a re-iterable sequence of numpy
batches with a length, which ``fit`` / ``evaluate`` / ``predict`` accept directly (and
which you can index, ``len()`` and iterate like a ``PyDataset``).
"""

import math

import numpy as np


class TimeseriesDataset:
    """Windows of ``data`` (and their targets), batched; built by
    :func:`timeseries_dataset_from_array`.

    ``len(ds)`` is the number of batches (of samples when ``batch_size`` is None), ``ds[i]``
    is batch ``i``, and iterating yields every batch. With ``shuffle=True`` the first pass
    uses the order Keras draws from ``seed`` and each later pass (each epoch of ``fit``) a
    new order from the same seeded generator, so runs repeat exactly.
    """

    def __init__(
        self,
        data,
        targets,
        positions,
        start_index,
        sequence_length,
        sampling_rate,
        batch_size,
        rng=None,
    ):
        self._data = data
        self._targets = targets
        self._positions = positions
        self._start = start_index
        self._offsets = np.arange(0, sequence_length * sampling_rate, sampling_rate)
        self.batch_size = batch_size
        self._rng = rng
        self._passes = 0

    def __len__(self):
        if self.batch_size is None:
            return len(self._positions)
        return math.ceil(len(self._positions) / self.batch_size)

    @property
    def num_batches(self):
        return len(self)

    def _samples(self, positions):
        windows = self._data[self._start + positions[:, None] + self._offsets[None, :]]
        if self._targets is None:
            return windows
        return windows, self._targets[self._start + positions]

    def __getitem__(self, index):
        if not -len(self) <= index < len(self):
            raise IndexError(
                f"TimeseriesDataset: batch index {index} is out of range for {len(self)} batches."
            )
        index %= len(self)
        if self.batch_size is None:
            sample = self._samples(self._positions[index : index + 1])
            return tuple(part[0] for part in sample) if isinstance(sample, tuple) else sample[0]
        chosen = self._positions[index * self.batch_size : (index + 1) * self.batch_size]
        return self._samples(chosen)

    def __iter__(self):
        if self._passes and self._rng is not None:
            self._rng.shuffle(self._positions)
        self._passes += 1
        for index in range(len(self)):
            yield self[index]

    def __repr__(self):
        return (
            f"<TimeseriesDataset: {len(self._positions)} sequences, batch_size="
            f"{self.batch_size}, {len(self)} batches>"
        )


def _check_index(name, value, length, lower=0):
    if value < lower or value >= length:
        raise ValueError(
            f"timeseries_dataset_from_array: `{name}` must be in [{lower}, {length}) for data "
            f"of length {length}; received {name}={value}."
        )


def timeseries_dataset_from_array(
    data,
    targets,
    sequence_length,
    sequence_stride=1,
    sampling_rate=1,
    batch_size=128,
    shuffle=False,
    seed=None,
    start_index=None,
    end_index=None,
    format="tf",
):
    """Windows of consecutive (or every ``sampling_rate``-th) steps of ``data``.

    Window ``i`` starts at step ``start_index + i * sequence_stride`` and holds
    ``sequence_length`` steps ``sampling_rate`` apart; its target is
    ``targets[start_index + i * sequence_stride]`` (the target at the window's first
    step: shift ``targets`` to predict a later step). Only steps in
    ``[start_index, end_index)`` are used.

    Args:
        data: array-like of shape ``(steps, ...)``.
        targets: array-like aligned with ``data``, or ``None`` for windows only.
        sequence_length: steps per window.
        sequence_stride: distance between the starts of consecutive windows.
        sampling_rate: distance between the steps within a window.
        batch_size: windows per batch (the last may be smaller); ``None`` yields single
            windows.
        shuffle: shuffle the windows (a new order each pass).
        seed: seed of the shuffle.
        start_index, end_index: the range of steps to use (``end_index`` excluded).
        format: ``"tf"`` or ``"grain"`` in Keras 3, where it picks the dataset library;
            lamina returns its own :class:`TimeseriesDataset` for both.

    Returns:
        A :class:`TimeseriesDataset` of numpy batches ``x`` or ``(x, y)``, which ``fit``,
        ``evaluate`` and ``predict`` accept as ``x``.

    >>> import numpy as np
    >>> ds = timeseries_dataset_from_array(np.arange(10), None, sequence_length=3,
    ...                                    sequence_stride=2, batch_size=2)
    >>> [batch.tolist() for batch in ds]
    [[[0, 1, 2], [2, 3, 4]], [[4, 5, 6], [6, 7, 8]]]
    """
    if format not in ("tf", "grain"):
        raise ValueError(
            f"timeseries_dataset_from_array: `format` must be 'tf' or 'grain', received {format!r}."
        )
    data = np.asarray(data)
    length = len(data)
    if start_index:
        _check_index("start_index", start_index, length)
    if end_index:
        if start_index and end_index <= start_index:
            raise ValueError(
                "timeseries_dataset_from_array: `end_index` must be greater than "
                f"`start_index`; received start_index={start_index}, end_index={end_index}."
            )
        _check_index("end_index", end_index, length, lower=1)
    for name, value in (
        ("sequence_length", sequence_length),
        ("sampling_rate", sampling_rate),
        ("sequence_stride", sequence_stride),
    ):
        if int(value) != value or value <= 0:
            raise ValueError(
                f"timeseries_dataset_from_array: `{name}` must be a positive integer, "
                f"received {name}={value!r}."
            )
    for name, value in (("sampling_rate", sampling_rate), ("sequence_stride", sequence_stride)):
        if value >= length:
            raise ValueError(
                f"timeseries_dataset_from_array: `{name}` must be smaller than the length of "
                f"the data ({length}); received {name}={value}."
            )
    if batch_size is not None and (int(batch_size) != batch_size or batch_size <= 0):
        raise ValueError(
            "timeseries_dataset_from_array: `batch_size` must be a positive integer or None, "
            f"received {batch_size!r}."
        )
    start = start_index or 0
    end = end_index or length
    count = end - start - (sequence_length - 1) * sampling_rate
    if targets is not None:
        targets = np.asarray(targets)
        count = min(count, len(targets) - start)
    positions = np.arange(0, max(count, 0), sequence_stride)
    rng = None
    if shuffle:
        rng = np.random.RandomState(np.random.randint(1e6) if seed is None else seed)
        rng.shuffle(positions)
    return TimeseriesDataset(
        data,
        targets,
        positions,
        start,
        int(sequence_length),
        int(sampling_rate),
        None if batch_size is None else int(batch_size),
        rng,
    )
