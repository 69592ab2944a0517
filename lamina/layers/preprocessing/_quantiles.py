"""Approximate quantiles for ``Discretization.adapt`` (Keras's summary algorithm).

A *summary* is a ``(2, n)`` float array: sorted sample values and the weight (number of
samples) each one stands for. Each batch is summarized by keeping every ``step``-th
sorted value (``step = max(1, size * epsilon)``), summaries are merged by sorting and
then compressed by interpolating the cumulative-weight curve at ``1 / epsilon``
evenly spaced fractions. The bin boundaries are the curve read at ``1 / num_bins``
steps. Reproducing the same steps gives the same boundaries as Keras.

>>> import numpy as np
>>> s = summarize(np.arange(10.0), epsilon=0.01)
>>> bin_boundaries(merge(empty_summary(), s, 0.01), num_bins=2).tolist()
[4.0]
"""

import numpy as np


def empty_summary() -> np.ndarray:
    return np.zeros((2, 0), dtype="float32")


def summarize(values, epsilon: float) -> np.ndarray:
    """Summary of one batch of values (flattened)."""
    values = np.sort(np.reshape(values, -1))
    step = max(values.size / (1.0 / epsilon), 1)
    kept = values[int(step - 1)::int(step)]
    return np.stack([kept, np.full_like(kept, step)])


def compress(summary: np.ndarray, epsilon: float) -> np.ndarray:
    """Re-sample a summary at ``1 / epsilon`` cumulative-weight fractions."""
    if summary.shape[1] * epsilon < 1:
        return summary
    fractions = epsilon + np.arange(0.0, 1.0, epsilon)
    cumulative = np.cumsum(summary[1])
    cumulative_fraction = cumulative / cumulative[-1]
    values = np.interp(fractions, cumulative_fraction, summary[0])
    weights_cumulative = np.interp(fractions, cumulative_fraction, cumulative)
    weights = np.diff(weights_cumulative, prepend=0.0)
    return np.stack([values, weights]).astype("float32")


def merge(first: np.ndarray, second: np.ndarray, epsilon: float) -> np.ndarray:
    """Merge two summaries (ordered by value) and compress the result."""
    merged = np.concatenate([first, second], axis=1)
    merged = merged[:, np.argsort(merged[0])]
    return compress(merged, epsilon)


def bin_boundaries(summary: np.ndarray, num_bins: int) -> np.ndarray:
    """``num_bins - 1`` boundaries splitting the summarized data into equal-mass bins."""
    return compress(summary, 1.0 / num_bins)[0, :-1]
